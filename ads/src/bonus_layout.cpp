#include "swarmtv/ads/bonus_layout.h"

#include <cstring>

namespace swarmtv::ads {
namespace {

constexpr char kMagic[8] = {'S', 'W', 'T', 'V', 'B', 'O', 'N', '1'};
constexpr std::uint32_t kMinChunk = 1024;
constexpr std::uint32_t kMaxChunk = 16u << 20;
// Far beyond any bonus video; keeps every offset computation clear of overflow.
constexpr std::uint64_t kMaxPlaintext = std::uint64_t(1) << 50;

void put_le(unsigned char* p, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

std::uint64_t get_le(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

Result<BonusLayout> BonusLayout::create(std::uint32_t chunk_size, std::uint64_t plaintext_size,
                                        const std::array<unsigned char, 16>& nonce_prefix) {
  if (chunk_size < kMinChunk || chunk_size > kMaxChunk) {
    return make_error(Errc::invalid_argument, "bonus chunk size must be between 1 KiB and 16 MiB");
  }
  if (plaintext_size > kMaxPlaintext) {
    return make_error(Errc::invalid_argument, "bonus file is too large");
  }
  BonusLayout l;
  l.chunk_size_ = chunk_size;
  l.plaintext_size_ = plaintext_size;
  l.nonce_prefix_ = nonce_prefix;
  return l;
}

Result<BonusLayout> BonusLayout::parse_header(std::span<const unsigned char> header) {
  if (header.size() < kBonusHeaderBytes || std::memcmp(header.data(), kMagic, 8) != 0) {
    return make_error(Errc::parse_error, "not an encrypted swarmtv bonus file");
  }
  if (get_le(header.data() + 12, 4) != 0) {
    return make_error(Errc::parse_error, "unsupported bonus file header");
  }
  std::array<unsigned char, 16> prefix{};
  std::memcpy(prefix.data(), header.data() + 24, 16);
  auto l = create(static_cast<std::uint32_t>(get_le(header.data() + 8, 4)),
                  get_le(header.data() + 16, 8), prefix);
  if (!l) return make_error(Errc::parse_error, "bad bonus file header: " + l.error().message);
  return l;
}

std::array<unsigned char, kBonusHeaderBytes> BonusLayout::header() const {
  std::array<unsigned char, kBonusHeaderBytes> h{};
  std::memcpy(h.data(), kMagic, 8);
  put_le(h.data() + 8, chunk_size_, 4);
  put_le(h.data() + 16, plaintext_size_, 8);
  std::memcpy(h.data() + 24, nonce_prefix_.data(), 16);
  return h;
}

std::uint64_t BonusLayout::chunk_count() const {
  return (plaintext_size_ + chunk_size_ - 1) / chunk_size_;
}

std::uint64_t BonusLayout::encrypted_size() const {
  return kBonusHeaderBytes + plaintext_size_ + chunk_count() * kBonusTagBytes;
}

std::uint64_t BonusLayout::plaintext_chunk_size(std::uint64_t index) const {
  if (index >= chunk_count()) return 0;
  const std::uint64_t begin = index * chunk_size_;
  return std::min<std::uint64_t>(chunk_size_, plaintext_size_ - begin);
}

FileRange BonusLayout::ciphertext_range(std::uint64_t index) const {
  return FileRange{kBonusHeaderBytes + index * (std::uint64_t(chunk_size_) + kBonusTagBytes),
                   plaintext_chunk_size(index) + kBonusTagBytes};
}

std::array<unsigned char, 24> BonusLayout::nonce(std::uint64_t index) const {
  std::array<unsigned char, 24> n{};
  std::memcpy(n.data(), nonce_prefix_.data(), 16);
  put_le(n.data() + 16, index, 8);
  return n;
}

}  // namespace swarmtv::ads

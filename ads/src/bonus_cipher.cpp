#include "swarmtv/ads/bonus_cipher.h"

#include <sodium.h>

#include <cstring>
#include <fstream>
#include <system_error>

#include "file_util.h"

namespace swarmtv::ads {
namespace {

constexpr std::string_view kNonceContext = "swarmtv-bonus-v1";

// Keyed BLAKE2b-128 of (context, path, plaintext digest): unique per key, path and content.
std::array<unsigned char, 16> nonce_prefix(const ContentKey& key, std::string_view torrent_path,
                                           const unsigned char (&digest)[32]) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, key.data(), key.size(), 16);
  auto feed = [&](const void* p, std::size_t n) {
    crypto_generichash_update(&st, static_cast<const unsigned char*>(p), n);
  };
  const unsigned char zero = 0;
  feed(kNonceContext.data(), kNonceContext.size());
  feed(&zero, 1);
  feed(torrent_path.data(), torrent_path.size());
  feed(&zero, 1);
  feed(digest, 32);
  std::array<unsigned char, 16> out{};
  crypto_generichash_final(&st, out.data(), out.size());
  return out;
}

void seal_chunk(const BonusLayout& layout, const std::array<unsigned char, kBonusHeaderBytes>& h,
                const ContentKey& key, std::uint64_t index, const unsigned char* plain,
                std::size_t n, unsigned char* out) {
  const auto nonce = layout.nonce(index);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out, &written, plain, n, h.data(), h.size(), nullptr,
                                             nonce.data(), key.data());
}

}  // namespace

Result<std::vector<unsigned char>> encrypt_bonus(std::span<const unsigned char> plaintext,
                                                 const ContentKey& key,
                                                 std::string_view torrent_path,
                                                 std::uint32_t chunk_size) {
  if (auto s = internal::ensure_sodium(); !s) return s.error();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, plaintext.data(), plaintext.size(), nullptr, 0);
  auto layout =
      BonusLayout::create(chunk_size, plaintext.size(), nonce_prefix(key, torrent_path, digest));
  if (!layout) return layout.error();
  const auto header = layout->header();
  std::vector<unsigned char> out(layout->encrypted_size());
  std::memcpy(out.data(), header.data(), header.size());
  for (std::uint64_t i = 0; i < layout->chunk_count(); ++i) {
    const FileRange r = layout->ciphertext_range(i);
    seal_chunk(*layout, header, key, i, plaintext.data() + i * chunk_size,
               layout->plaintext_chunk_size(i), out.data() + r.offset);
  }
  return out;
}

Status encrypt_bonus_file(const std::filesystem::path& in, const std::filesystem::path& out,
                          const ContentKey& key, std::string_view torrent_path,
                          std::uint32_t chunk_size) {
  if (auto s = internal::ensure_sodium(); !s) return s.error();
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(in, ec);
  if (ec) return make_error(Errc::io_error, "cannot read " + in.string() + ": " + ec.message());
  auto fail_read = [&] {
    return make_error(Errc::io_error, "cannot read " + in.string() + " (changed while read?)");
  };

  // Pass 1: the plaintext digest, for the deterministic nonce prefix.
  std::ifstream src(in, std::ios::binary);
  if (!src) return fail_read();
  std::vector<unsigned char> buf(chunk_size < 1024 ? 1024 : chunk_size);
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  std::uint64_t seen = 0;
  while (src.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size())) ||
         src.gcount() > 0) {
    crypto_generichash_update(&st, buf.data(), static_cast<std::size_t>(src.gcount()));
    seen += static_cast<std::uint64_t>(src.gcount());
  }
  if (seen != size) return fail_read();
  unsigned char digest[32];
  crypto_generichash_final(&st, digest, sizeof digest);
  auto layout = BonusLayout::create(chunk_size, size, nonce_prefix(key, torrent_path, digest));
  if (!layout) return layout.error();
  const auto header = layout->header();

  // Pass 2: seal chunk by chunk into a temporary file, renamed into place at the end.
  std::filesystem::path tmp = out;
  tmp += ".partial";
  {
    std::ofstream dst(tmp, std::ios::binary | std::ios::trunc);
    if (!dst) return make_error(Errc::io_error, "cannot create " + tmp.string());
    dst.write(reinterpret_cast<const char*>(header.data()), header.size());
    src.clear();
    src.seekg(0);
    std::vector<unsigned char> sealed(std::size_t(chunk_size) + kBonusTagBytes);
    for (std::uint64_t i = 0; i < layout->chunk_count(); ++i) {
      const auto n = static_cast<std::size_t>(layout->plaintext_chunk_size(i));
      if (!src.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(n))) {
        std::filesystem::remove(tmp, ec);
        return fail_read();
      }
      seal_chunk(*layout, header, key, i, buf.data(), n, sealed.data());
      dst.write(reinterpret_cast<const char*>(sealed.data()),
                static_cast<std::streamsize>(n + kBonusTagBytes));
    }
    dst.flush();
    if (!dst) {
      std::filesystem::remove(tmp, ec);
      return make_error(Errc::io_error, "cannot write " + tmp.string());
    }
  }
  std::filesystem::rename(tmp, out, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return make_error(Errc::io_error, "cannot write " + out.string());
  }
  return {};
}

Result<BonusDecryptor> BonusDecryptor::create(std::span<const unsigned char> header,
                                              const ContentKey& key) {
  if (auto s = internal::ensure_sodium(); !s) return s.error();
  auto layout = BonusLayout::parse_header(header);
  if (!layout) return layout.error();
  BonusDecryptor d(*layout, key);
  d.header_ = layout->header();
  return d;
}

Status BonusDecryptor::decrypt_chunk(std::uint64_t index, std::span<const unsigned char> ciphertext,
                                     std::span<unsigned char> out) const {
  if (index >= layout_.chunk_count()) {
    return make_error(Errc::invalid_argument, "no chunk " + std::to_string(index));
  }
  const FileRange r = layout_.ciphertext_range(index);
  const std::uint64_t plain = layout_.plaintext_chunk_size(index);
  if (ciphertext.size() != r.length || out.size() < plain) {
    return make_error(Errc::invalid_argument,
                      "wrong buffer size for chunk " + std::to_string(index));
  }
  const auto nonce = layout_.nonce(index);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &written, nullptr, ciphertext.data(),
                                                 ciphertext.size(), header_.data(), header_.size(),
                                                 nonce.data(), key_.data()) != 0) {
    sodium_memzero(out.data(), out.size());
    return make_error(Errc::crypto_error,
                      "bonus chunk " + std::to_string(index) +
                          " failed authentication (tampered, corrupted or wrong key)");
  }
  return {};
}

}  // namespace swarmtv::ads

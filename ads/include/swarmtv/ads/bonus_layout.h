// Geometry of an encrypted bonus file: a 40-byte header, then the plaintext cut into
// fixed-size chunks, each sealed on its own with XChaCha20-Poly1305 (16-byte tag), so any byte
// range can be decrypted without the rest of the file — bonus files stream and seek like any
// other file while they download.
//
//   header   "SWTVBON1" | chunk_size u32le | 0 u32 | plaintext_size u64le | nonce_prefix[16]
//   chunk i  ciphertext(min(chunk_size, remaining)) | tag[16]
//
// Chunk i's nonce is nonce_prefix || u64le(i), so chunks cannot be reordered; the header is the
// associated data of every chunk, so the sizes cannot be changed and a truncated file fails.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "swarmtv/base/result.h"

namespace swarmtv::ads {

inline constexpr std::size_t kBonusHeaderBytes = 40;
inline constexpr std::size_t kBonusTagBytes = 16;

struct FileRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  friend bool operator==(const FileRange&, const FileRange&) = default;
};

class BonusLayout {
 public:
  // Validates magic, chunk size (1 KiB..16 MiB) and sizes.
  static Result<BonusLayout> parse_header(std::span<const unsigned char> header);
  static Result<BonusLayout> create(std::uint32_t chunk_size, std::uint64_t plaintext_size,
                                    const std::array<unsigned char, 16>& nonce_prefix);

  std::array<unsigned char, kBonusHeaderBytes> header() const;

  std::uint32_t chunk_size() const { return chunk_size_; }
  std::uint64_t plaintext_size() const { return plaintext_size_; }
  std::uint64_t encrypted_size() const;
  std::uint64_t chunk_count() const;
  // The chunk holding plaintext byte `offset` (precondition: offset < plaintext_size()).
  std::uint64_t chunk_for_offset(std::uint64_t offset) const { return offset / chunk_size_; }
  // Plaintext bytes in chunk `index` (the last one may be short).
  std::uint64_t plaintext_chunk_size(std::uint64_t index) const;
  // Where chunk `index` (ciphertext + tag) sits in the encrypted file.
  FileRange ciphertext_range(std::uint64_t index) const;
  // The 24-byte nonce of chunk `index`.
  std::array<unsigned char, 24> nonce(std::uint64_t index) const;

 private:
  std::uint32_t chunk_size_ = 0;
  std::uint64_t plaintext_size_ = 0;
  std::array<unsigned char, 16> nonce_prefix_{};
};

}  // namespace swarmtv::ads

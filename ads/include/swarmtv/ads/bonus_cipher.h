// Encryption of bonus files for the premium tier, chunk by chunk (layout in
// bonus_layout.h) with libsodium's XChaCha20-Poly1305 under the season's ContentKey, which only
// premium licences carry. A tampered chunk or a wrong key is an error for that read, never
// garbage on screen. DecryptingByteSource (decrypting_byte_source.h) is the ByteSource that
// decrypts torrent reads on the fly with BonusDecryptor.
//
// Encryption is deterministic — the nonce prefix is a keyed hash of the file's torrent path and
// plaintext — so re-creating an unchanged bundle gives the same bytes and the same info-hash,
// while a changed file or another path never reuses a nonce.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "swarmtv/ads/bonus_layout.h"
#include "swarmtv/ads/licence.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

// Encrypts `plaintext` in memory (tests, small files).
Result<std::vector<unsigned char>> encrypt_bonus(std::span<const unsigned char> plaintext,
                                                 const ContentKey& key,
                                                 std::string_view torrent_path,
                                                 std::uint32_t chunk_size);

// Encrypts file `in` to `out` (streaming; `out` appears complete or not at all).
Status encrypt_bonus_file(const std::filesystem::path& in, const std::filesystem::path& out,
                          const ContentKey& key, std::string_view torrent_path,
                          std::uint32_t chunk_size);

class BonusDecryptor {
 public:
  // `header` is the first kBonusHeaderBytes of the encrypted file.
  static Result<BonusDecryptor> create(std::span<const unsigned char> header,
                                       const ContentKey& key);

  const BonusLayout& layout() const { return layout_; }

  // Decrypts chunk `index` from exactly layout().ciphertext_range(index).length bytes into
  // `out` (at least plaintext_chunk_size(index) bytes). crypto_error when the chunk was
  // tampered with or the key is wrong; `out` is then zeroed.
  Status decrypt_chunk(std::uint64_t index, std::span<const unsigned char> ciphertext,
                       std::span<unsigned char> out) const;

 private:
  BonusDecryptor(BonusLayout layout, const ContentKey& key) : layout_(layout), key_(key) {}
  BonusLayout layout_;
  ContentKey key_;
  std::array<unsigned char, kBonusHeaderBytes> header_{};
};

}  // namespace swarmtv::ads

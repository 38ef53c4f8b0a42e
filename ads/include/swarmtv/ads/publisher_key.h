// Ed25519 publisher keys (libsodium). The publisher signs manifests and licences with a
// PublisherKeyPair; players verify with PublicKeys they were configured to trust (TrustStore).
//
// File formats (one line of text, so they can be pasted into mail or configuration):
//   public key:  "swarmtv-ed25519-public <64 hex digits>\n"
//   private key: "swarmtv-ed25519-secret <128 hex digits>\n"   (libsodium's seed || public key;
//                written with mode 0600 and never overwritten)
#pragma once

#include <array>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "swarmtv/base/result.h"

namespace swarmtv::ads {

inline constexpr std::size_t kPublicKeyBytes = 32;
inline constexpr std::size_t kSecretKeyBytes = 64;
inline constexpr std::size_t kSignatureBytes = 64;

using Signature = std::array<unsigned char, kSignatureBytes>;

std::string signature_to_hex(const Signature& signature);
// Fails unless `hex` is exactly 128 hex digits.
Result<Signature> signature_from_hex(std::string_view hex);

// True for what key_id() makes: 16 lowercase hexadecimal digits. Key ids read from files are
// checked with it before they are used or printed (a file could hold terminal escapes).
bool is_key_id(std::string_view text);

class PublicKey {
 public:
  static Result<PublicKey> from_bytes(std::span<const unsigned char> bytes);
  static Result<PublicKey> from_hex(std::string_view hex);
  // Parses the one-line public key file format (surrounding whitespace is ignored).
  static Result<PublicKey> parse(std::string_view text);
  static Result<PublicKey> load(const std::filesystem::path& path);

  // Short fingerprint: the first 8 bytes of BLAKE2b-256(key), as 16 hex digits. Licences and
  // signature files name their key by it; the trust store maps it back to the key.
  std::string key_id() const;
  std::string to_hex() const;
  std::string to_file_text() const;
  // Writes the public key file (mode 0644), replacing an existing one atomically.
  Status save(const std::filesystem::path& path) const;

  // Strict RFC 8032 verification (crypto_sign_verify_detached) of `message`.
  bool verify(std::string_view message, const Signature& signature) const;

  const std::array<unsigned char, kPublicKeyBytes>& bytes() const { return bytes_; }
  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  PublicKey() = default;
  std::array<unsigned char, kPublicKeyBytes> bytes_{};
};

// Owns a secret key; wipes it from memory on destruction. Move-only.
class PublisherKeyPair {
 public:
  static Result<PublisherKeyPair> generate();
  // Deterministic key pair from a 32-byte seed (tests, and reproducible demo bundles).
  static Result<PublisherKeyPair> from_seed(std::span<const unsigned char> seed);
  static Result<PublisherKeyPair> parse_secret(std::string_view text);
  static Result<PublisherKeyPair> load_secret(const std::filesystem::path& path);

  ~PublisherKeyPair();
  PublisherKeyPair(PublisherKeyPair&& other) noexcept;
  PublisherKeyPair& operator=(PublisherKeyPair&& other) noexcept;
  PublisherKeyPair(const PublisherKeyPair&) = delete;
  PublisherKeyPair& operator=(const PublisherKeyPair&) = delete;

  const PublicKey& public_key() const { return public_key_; }
  Signature sign(std::string_view message) const;

  // Writes the private key file with mode 0600. Refuses to overwrite an existing file: losing a
  // publisher key would orphan every licence already sold.
  Status save_secret(const std::filesystem::path& path) const;

 private:
  explicit PublisherKeyPair(PublicKey pk) : public_key_(std::move(pk)) {}
  PublicKey public_key_;
  std::array<unsigned char, kSecretKeyBytes> secret_{};
};

}  // namespace swarmtv::ads

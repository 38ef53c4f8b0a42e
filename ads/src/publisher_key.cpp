#include "swarmtv/ads/publisher_key.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "file_util.h"
#include "swarmtv/base/file_writer.h"

namespace swarmtv::ads {
namespace {

constexpr std::string_view kPublicTag = "swarmtv-ed25519-public";
constexpr std::string_view kSecretTag = "swarmtv-ed25519-secret";

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Splits "<tag> <hex>" and checks the tag.
Result<std::string_view> payload_of(std::string_view text, std::string_view tag,
                                    std::string_view what) {
  text = trim(text);
  if (text.substr(0, tag.size()) != tag || text.size() <= tag.size() || text[tag.size()] != ' ') {
    return make_error(Errc::crypto_error, std::string("not a swarmtv ") + std::string(what) +
                                              " key (expected \"" + std::string(tag) + " <hex>\")");
  }
  return trim(text.substr(tag.size() + 1));
}

}  // namespace

std::string signature_to_hex(const Signature& signature) {
  return internal::to_hex(signature);
}

Result<Signature> signature_from_hex(std::string_view hex) {
  Signature sig{};
  if (!internal::from_hex(hex, sig)) {
    return make_error(Errc::crypto_error, "signature is not 128 hex digits");
  }
  return sig;
}

Result<PublicKey> PublicKey::from_bytes(std::span<const unsigned char> bytes) {
  if (bytes.size() != kPublicKeyBytes) {
    return make_error(Errc::crypto_error, "an Ed25519 public key is 32 bytes");
  }
  PublicKey key;
  std::memcpy(key.bytes_.data(), bytes.data(), kPublicKeyBytes);
  return key;
}

Result<PublicKey> PublicKey::from_hex(std::string_view hex) {
  PublicKey key;
  if (!internal::from_hex(hex, key.bytes_)) {
    return make_error(Errc::crypto_error, "public key is not 64 hex digits");
  }
  return key;
}

Result<PublicKey> PublicKey::parse(std::string_view text) {
  auto hex = payload_of(text, kPublicTag, "public");
  if (!hex) return hex.error();
  return from_hex(*hex);
}

Result<PublicKey> PublicKey::load(const std::filesystem::path& path) {
  auto text = internal::read_file(path, 4096);
  if (!text) return text.error();
  auto key = parse(*text);
  if (!key) return make_error(key.error().code, path.string() + ": " + key.error().message);
  return key;
}

bool is_key_id(std::string_view text) {
  return text.size() == 16 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string PublicKey::key_id() const {
  std::string_view raw(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
  return internal::digest_hex(raw).substr(0, 16);
}

std::string PublicKey::to_hex() const {
  return internal::to_hex(bytes_);
}

std::string PublicKey::to_file_text() const {
  return std::string(kPublicTag) + " " + to_hex() + "\n";
}

Status PublicKey::save(const std::filesystem::path& path) const {
  return write_file_atomically(path, to_file_text(), 0644);
}

bool PublicKey::verify(std::string_view message, const Signature& signature) const {
  if (!internal::ensure_sodium()) return false;
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), bytes_.data()) == 0;
}

Result<PublisherKeyPair> PublisherKeyPair::generate() {
  if (auto s = internal::ensure_sodium(); !s) return s.error();
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  randombytes_buf(seed.data(), seed.size());
  auto pair = from_seed(seed);
  sodium_memzero(seed.data(), seed.size());
  return pair;
}

Result<PublisherKeyPair> PublisherKeyPair::from_seed(std::span<const unsigned char> seed) {
  if (auto s = internal::ensure_sodium(); !s) return s.error();
  if (seed.size() != crypto_sign_SEEDBYTES) {
    return make_error(Errc::crypto_error, "an Ed25519 seed is 32 bytes");
  }
  std::array<unsigned char, kPublicKeyBytes> pk{};
  PublisherKeyPair pair(*PublicKey::from_bytes(pk));
  crypto_sign_seed_keypair(pk.data(), pair.secret_.data(), seed.data());
  pair.public_key_ = *PublicKey::from_bytes(pk);
  return pair;
}

Result<PublisherKeyPair> PublisherKeyPair::parse_secret(std::string_view text) {
  if (auto s = internal::ensure_sodium(); !s) return s.error();
  auto hex = payload_of(text, kSecretTag, "private");
  if (!hex) return hex.error();
  std::array<unsigned char, kSecretKeyBytes> sk{};
  if (!internal::from_hex(*hex, sk)) {
    return make_error(Errc::crypto_error, "private key is not 128 hex digits");
  }
  // Re-derive from the seed half and compare: a corrupted file must not sign with a public key
  // that does not match it.
  auto pair = from_seed(std::span<const unsigned char>(sk.data(), crypto_sign_SEEDBYTES));
  bool matches = pair && sodium_memcmp(pair->secret_.data(), sk.data(), sk.size()) == 0;
  sodium_memzero(sk.data(), sk.size());
  if (!matches) {
    return make_error(Errc::crypto_error, "private key is corrupted (halves do not match)");
  }
  return pair;
}

Result<PublisherKeyPair> PublisherKeyPair::load_secret(const std::filesystem::path& path) {
  auto text = internal::read_file(path, 4096);
  if (!text) return text.error();
  auto pair = parse_secret(*text);
  sodium_memzero(text->data(), text->size());
  if (!pair) return make_error(pair.error().code, path.string() + ": " + pair.error().message);
  return pair;
}

PublisherKeyPair::~PublisherKeyPair() {
  sodium_memzero(secret_.data(), secret_.size());
}

PublisherKeyPair::PublisherKeyPair(PublisherKeyPair&& other) noexcept
    : public_key_(other.public_key_), secret_(other.secret_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

PublisherKeyPair& PublisherKeyPair::operator=(PublisherKeyPair&& other) noexcept {
  if (this != &other) {
    public_key_ = other.public_key_;
    secret_ = other.secret_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

Signature PublisherKeyPair::sign(std::string_view message) const {
  Signature sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return sig;
}

Status PublisherKeyPair::save_secret(const std::filesystem::path& path) const {
  std::string text = std::string(kSecretTag) + " " + internal::to_hex(secret_) + "\n";
  Status s = write_new_file(path, text, 0600);
  sodium_memzero(text.data(), text.size());
  return s;
}

}  // namespace swarmtv::ads

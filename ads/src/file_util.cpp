#include "file_util.h"

#include <sodium.h>

#include "swarmtv/base/file_reader.h"

namespace swarmtv::ads::internal {

Status ensure_sodium() {
  static const int rc = sodium_init();  // 0: initialised now, 1: already; -1: failure
  if (rc < 0) return make_error(Errc::crypto_error, "libsodium could not be initialised");
  return {};
}

std::string to_hex(std::span<const unsigned char> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

bool from_hex(std::string_view hex, std::span<unsigned char> out) {
  if (hex.size() != out.size() * 2) return false;
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, &end) != 0) {
    return false;
  }
  return len == out.size() && end == hex.data() + hex.size();
}

std::string digest_hex(std::string_view data) {
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return to_hex(hash);
}

Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  return read_small_file(path, max_bytes);
}

}  // namespace swarmtv::ads::internal

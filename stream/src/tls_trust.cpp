#include "swarmtv/stream/tls_trust.h"

#include <openssl/x509.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace swarmtv::stream {

namespace {

// OpenSSL names hashed entries <8 hex digits>.<n>.
bool looks_hashed(const std::string& name) {
  if (name.size() < 10 || name[8] != '.') return false;
  for (int i = 0; i < 8; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(name[static_cast<std::size_t>(i)]))) return false;
  return true;
}

}  // namespace

bool prefer_lazy_ca_lookup() {
  if (std::getenv(X509_get_default_cert_file_env()) != nullptr) return false;
  const char* dir = std::getenv(X509_get_default_cert_dir_env());
  if (dir == nullptr) dir = X509_get_default_cert_dir();
  std::error_code ec;
  // SSL_CERT_DIR may list several directories; the default is one. Only the plain case is taken.
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (looks_hashed(it->path().filename().string()))
      return ::setenv(X509_get_default_cert_file_env(), "/dev/null", 0) == 0;
  }
  return false;
}

}  // namespace swarmtv::stream

#include "swarmtv/stream/tls_trust.h"

#include <openssl/x509.h>

#include <cctype>
#include <cstdlib>
#include <string>

namespace swarmtv::stream {

namespace fs = std::filesystem;

namespace {

// OpenSSL names hashed entries <8 hex digits>.<n>.
bool looks_hashed(const std::string& name) {
  if (name.size() < 10 || name[8] != '.') return false;
  for (std::size_t i = 0; i < 8; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(name[i]))) return false;
  return true;
}

bool has_hashed_entries(const fs::path& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (looks_hashed(it->path().filename().string())) return true;
  return false;
}

// The variable unset, or naming the system's own path.
bool names_system_path(const char* variable, const fs::path& system_path) {
  const char* value = std::getenv(variable);
  if (value == nullptr) return true;
  std::error_code ec;
  return fs::equivalent(value, system_path, ec) && !ec;
}

}  // namespace

bool prefer_lazy_ca_lookup(const fs::path& system_bundle, const fs::path& system_dir) {
  if (!names_system_path(X509_get_default_cert_file_env(), system_bundle)) return false;
  if (!names_system_path(X509_get_default_cert_dir_env(), system_dir)) return false;
  if (!has_hashed_entries(system_dir)) return false;
  return ::setenv(X509_get_default_cert_file_env(), "/dev/null", 1) == 0;
}

bool prefer_lazy_ca_lookup() {
  return prefer_lazy_ca_lookup(X509_get_default_cert_file(), X509_get_default_cert_dir());
}

}  // namespace swarmtv::stream

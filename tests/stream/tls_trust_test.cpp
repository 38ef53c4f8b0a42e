#include <catch2/catch.hpp>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "swarmtv/stream/tls_trust.h"
#include "test_support.h"

namespace fs = std::filesystem;
using swarmtv::stream::prefer_lazy_ca_lookup;

namespace {

// A CA certificate from the system's hashed directory, and its file name there.
std::pair<fs::path, std::string> some_system_ca() {
  const fs::path dir = X509_get_default_cert_dir();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() == 10 && name.substr(8) == ".0") return {e.path(), name};
  }
  return {};
}

}  // namespace

TEST_CASE("Without a populated hashed directory the CA bundle stays as it is", "[tls]") {
  swarmtv::test::TempDir empty("certs-empty");
  ::unsetenv("SSL_CERT_FILE");
  ::setenv("SSL_CERT_DIR", empty.path().c_str(), 1);
  CHECK_FALSE(prefer_lazy_ca_lookup());
  CHECK(std::getenv("SSL_CERT_FILE") == nullptr);
}

TEST_CASE("A bundle the user chose is kept", "[tls]") {
  ::setenv("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt", 1);
  ::unsetenv("SSL_CERT_DIR");
  CHECK_FALSE(prefer_lazy_ca_lookup());
  CHECK(std::string(std::getenv("SSL_CERT_FILE")) == "/etc/ssl/certs/ca-certificates.crt");
}

TEST_CASE("With a hashed directory the bundle is skipped and CAs are still found", "[tls]") {
  const auto [ca_file, hashed_name] = some_system_ca();
  REQUIRE_FALSE(ca_file.empty());  // ca-certificates (scripts/install-deps.sh)
  swarmtv::test::TempDir dir("certs-hashed");
  fs::copy_file(ca_file, dir / hashed_name);
  ::unsetenv("SSL_CERT_FILE");
  ::setenv("SSL_CERT_DIR", dir.path().c_str(), 1);
  REQUIRE(prefer_lazy_ca_lookup());
  CHECK(std::string(std::getenv("SSL_CERT_FILE")) == "/dev/null");

  // OpenSSL's default paths, as libtorrent's TLS context loads them, find the CA by its subject.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(ca_file.c_str(), "r"),
                                                     &std::fclose);
  REQUIRE(in);
  std::unique_ptr<X509, void (*)(X509*)> ca(PEM_read_X509(in.get(), nullptr, nullptr, nullptr),
                                            &X509_free);
  REQUIRE(ca);
  std::unique_ptr<X509_STORE, void (*)(X509_STORE*)> store(X509_STORE_new(), &X509_STORE_free);
  REQUIRE(X509_STORE_set_default_paths(store.get()) == 1);
  std::unique_ptr<X509_STORE_CTX, void (*)(X509_STORE_CTX*)> ctx(X509_STORE_CTX_new(),
                                                                 &X509_STORE_CTX_free);
  REQUIRE(X509_STORE_CTX_init(ctx.get(), store.get(), nullptr, nullptr) == 1);
  std::unique_ptr<X509_OBJECT, void (*)(X509_OBJECT*)> found(
      X509_STORE_CTX_get_obj_by_subject(ctx.get(), X509_LU_X509, X509_get_subject_name(ca.get())),
      &X509_OBJECT_free);
  CHECK(found != nullptr);
}

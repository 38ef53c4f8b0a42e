#include <catch2/catch.hpp>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "swarmtv/stream/tls_trust.h"
#include "test_support.h"

namespace fs = std::filesystem;
using swarmtv::stream::prefer_lazy_ca_lookup;

namespace {

// A CA certificate from the machine's hashed directory, and its file name there.
std::pair<fs::path, std::string> some_system_ca() {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(X509_get_default_cert_dir(), ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() == 10 && name.substr(8) == ".0") return {e.path(), name};
  }
  return {};
}

// A stand-in for the system's trust store: a bundle and a hashed directory with one CA.
struct TrustStore {
  TrustStore() : root("trust") {
    std::tie(ca, hashed_name) = some_system_ca();
    REQUIRE_FALSE(ca.empty());  // ca-certificates (scripts/install-deps.sh)
    fs::create_directories(dir);
    fs::copy_file(ca, dir / hashed_name);
    fs::copy_file(ca, bundle);
  }
  swarmtv::test::TempDir root;
  fs::path bundle = root / "bundle.pem";
  fs::path dir = root / "certs";
  fs::path ca;
  std::string hashed_name;
};

}  // namespace

TEST_CASE("The system bundle is skipped when the hashed directory has the CAs", "[tls]") {
  TrustStore store;
  ::unsetenv("SSL_CERT_FILE");
  ::setenv("SSL_CERT_DIR", store.dir.c_str(), 1);  // names the system directory: still ours
  REQUIRE(prefer_lazy_ca_lookup(store.bundle, store.dir));
  CHECK(std::string(std::getenv("SSL_CERT_FILE")) == "/dev/null");

  // OpenSSL's default paths, as libtorrent's TLS context loads them, still find the CA.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(store.ca.c_str(), "r"),
                                                     &std::fclose);
  REQUIRE(in);
  std::unique_ptr<X509, void (*)(X509*)> ca(PEM_read_X509(in.get(), nullptr, nullptr, nullptr),
                                            &X509_free);
  REQUIRE(ca);
  std::unique_ptr<X509_STORE, void (*)(X509_STORE*)> x509_store(X509_STORE_new(), &X509_STORE_free);
  REQUIRE(X509_STORE_set_default_paths(x509_store.get()) == 1);
  std::unique_ptr<X509_STORE_CTX, void (*)(X509_STORE_CTX*)> ctx(X509_STORE_CTX_new(),
                                                                 &X509_STORE_CTX_free);
  REQUIRE(X509_STORE_CTX_init(ctx.get(), x509_store.get(), nullptr, nullptr) == 1);
  std::unique_ptr<X509_OBJECT, void (*)(X509_OBJECT*)> found(
      X509_STORE_CTX_get_obj_by_subject(ctx.get(), X509_LU_X509, X509_get_subject_name(ca.get())),
      &X509_OBJECT_free);
  CHECK(found != nullptr);
}

TEST_CASE("SSL_CERT_FILE naming the system bundle counts as the system's", "[tls]") {
  TrustStore store;
  fs::create_symlink(store.bundle, store.root / "link.pem");
  ::setenv("SSL_CERT_FILE", (store.root / "link.pem").c_str(), 1);
  ::unsetenv("SSL_CERT_DIR");
  CHECK(prefer_lazy_ca_lookup(store.bundle, store.dir));
  CHECK(std::string(std::getenv("SSL_CERT_FILE")) == "/dev/null");
}

TEST_CASE("A bundle or directory of the user's own is kept", "[tls]") {
  TrustStore store;
  swarmtv::test::TempDir own("own-trust");
  std::ofstream(own / "mine.pem") << "";
  ::setenv("SSL_CERT_FILE", (own / "mine.pem").c_str(), 1);
  ::unsetenv("SSL_CERT_DIR");
  CHECK_FALSE(prefer_lazy_ca_lookup(store.bundle, store.dir));
  CHECK(std::string(std::getenv("SSL_CERT_FILE")) == (own / "mine.pem").string());

  ::unsetenv("SSL_CERT_FILE");
  ::setenv("SSL_CERT_DIR", own.path().c_str(), 1);
  CHECK_FALSE(prefer_lazy_ca_lookup(store.bundle, store.dir));
  CHECK(std::getenv("SSL_CERT_FILE") == nullptr);
}

TEST_CASE("Without hashed entries in the directory the bundle is kept", "[tls]") {
  TrustStore store;
  fs::remove(store.dir / store.hashed_name);
  ::unsetenv("SSL_CERT_FILE");
  ::unsetenv("SSL_CERT_DIR");
  CHECK_FALSE(prefer_lazy_ca_lookup(store.bundle, store.dir));
  CHECK(std::getenv("SSL_CERT_FILE") == nullptr);
}

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <fstream>

#include "ads_test_util.h"
#include "swarmtv/ads/manifest_signature.h"
#include "swarmtv/ads/publisher_key.h"
#include "swarmtv/ads/trust_store.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using namespace swarmtv::ads::test;
using swarmtv::test::TempDir;

namespace {
void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST_CASE("keys: generate, save with mode 0600, load back, sign and verify", "[ads][keys]") {
  TempDir dir("ads-keys");
  auto pair = PublisherKeyPair::generate();
  REQUIRE(pair.ok());
  REQUIRE(pair->save_secret(dir / "publisher.key").ok());
  REQUIRE(pair->public_key().save(dir / "publisher.pub").ok());

  struct stat st {};
  REQUIRE(::stat((dir / "publisher.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  auto loaded = PublisherKeyPair::load_secret(dir / "publisher.key");
  REQUIRE(loaded.ok());
  CHECK(loaded->public_key() == pair->public_key());
  auto pub = PublicKey::load(dir / "publisher.pub");
  REQUIRE(pub.ok());
  CHECK(*pub == pair->public_key());
  CHECK(pub->key_id().size() == 16);

  Signature sig = loaded->sign("hello");
  CHECK(pub->verify("hello", sig));
  CHECK_FALSE(pub->verify("hellO", sig));
  sig[10] ^= 1;
  CHECK_FALSE(pub->verify("hello", sig));
}

TEST_CASE("keys: an existing private key is never overwritten", "[ads][keys]") {
  TempDir dir("ads-keys-overwrite");
  auto first = key_from_byte(1);
  REQUIRE(first.save_secret(dir / "k").ok());
  const std::string before = slurp(dir / "k");
  auto second = key_from_byte(2);
  Status s = second.save_secret(dir / "k");
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == Errc::io_error);
  CHECK(slurp(dir / "k") == before);
}

TEST_CASE("keys: malformed key files are refused", "[ads][keys]") {
  TempDir dir("ads-keys-bad");
  write(dir / "a", "swarmtv-ed25519-public 1234\n");
  write(dir / "b", "ssh-ed25519 AAAA\n");
  CHECK_FALSE(PublicKey::load(dir / "a").ok());
  CHECK_FALSE(PublicKey::load(dir / "b").ok());
  CHECK_FALSE(PublicKey::load(dir / "missing").ok());
  // A private key whose public half does not match its seed.
  auto k = key_from_byte(3);
  REQUIRE(k.save_secret(dir / "k").ok());
  std::string text = slurp(dir / "k");
  text[text.size() - 2] = text[text.size() - 2] == '0' ? '1' : '0';
  write(dir / "k2", text);
  auto bad = PublisherKeyPair::load_secret(dir / "k2");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Matchers::Contains("corrupted"));
}

TEST_CASE("trust store: parse, save, load, find", "[ads][keys]") {
  TempDir dir("ads-trust");
  auto a = key_from_byte(1), b = key_from_byte(2);
  TrustStore store;
  store.add(a.public_key());
  store.add(b.public_key());
  store.add(a.public_key());  // twice is harmless
  CHECK(store.keys().size() == 2);
  REQUIRE(store.save(dir / "trusted").ok());
  auto loaded = TrustStore::load(dir / "trusted");
  REQUIRE(loaded.ok());
  CHECK(loaded->trusts(a.public_key()));
  CHECK(loaded->find(b.public_key().key_id()) != nullptr);
  CHECK(loaded->remove(b.public_key().key_id()));
  CHECK_FALSE(loaded->trusts(b.public_key()));
  // Missing file: nothing trusted. Garbage line: error naming the line.
  CHECK(TrustStore::load(dir / "none")->empty());
  auto bad = TrustStore::parse("# comment\n\nswarmtv-ed25519-public zz\n");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Matchers::Contains("line 3"));
}

TEST_CASE("manifest signatures: valid, unsigned, tampered, untrusted, malformed",
          "[ads][signature]") {
  auto publisher = key_from_byte(7);
  auto stranger = key_from_byte(8);
  TrustStore trust;
  trust.add(publisher.public_key());
  const std::string bytes = sample_manifest().to_canonical_string();
  const std::string sig = ManifestSignature::sign(bytes, publisher).to_text();

  SECTION("valid") {
    auto v = verify_manifest(bytes, sig, trust);
    CHECK(v.trust == ManifestTrust::valid);
    CHECK(v.ok());
    CHECK(v.key_id == publisher.public_key().key_id());
  }
  SECTION("unsigned") {
    auto v = verify_manifest(bytes, std::nullopt, trust);
    CHECK(v.trust == ManifestTrust::unsigned_manifest);
    CHECK_FALSE(v.ok());
    CHECK_THAT(v.message, Catch::Matchers::Contains("not signed"));
  }
  SECTION("tampered: one byte changed after signing") {
    std::string edited = bytes;
    edited[edited.find("Demo Series")] = 'X';
    auto v = verify_manifest(edited, sig, trust);
    CHECK(v.trust == ManifestTrust::bad_signature);
    CHECK_THAT(v.message, Catch::Matchers::Contains("tampered"));
  }
  SECTION("untrusted key: a bundle cannot vouch for itself") {
    const std::string own = ManifestSignature::sign(bytes, stranger).to_text();
    auto v = verify_manifest(bytes, own, trust);
    CHECK(v.trust == ManifestTrust::untrusted_key);
    CHECK_THAT(v.message, Catch::Matchers::Contains("not among your trusted"));
    // With an empty trust store nothing is valid.
    CHECK(verify_manifest(bytes, sig, TrustStore()).trust == ManifestTrust::untrusted_key);
  }
  SECTION("a trusted key id with someone else's signature") {
    ManifestSignature forged = ManifestSignature::sign(bytes, stranger);
    forged.key_id = publisher.public_key().key_id();
    CHECK(verify_manifest(bytes, forged.to_text(), trust).trust == ManifestTrust::bad_signature);
  }
  SECTION("malformed signature file") {
    CHECK(verify_manifest(bytes, "not json", trust).trust == ManifestTrust::bad_signature);
    CHECK(verify_manifest(bytes, R"({"algorithm":"rsa","key_id":"x","signature":"00"})", trust)
              .trust == ManifestTrust::bad_signature);
  }
  SECTION("a key id holding terminal escapes is refused, and never printed") {
    nlohmann::json doc = nlohmann::json::parse(sig);
    doc["key_id"] = "\x1b[31mred\x1b[0m12345";
    auto v = verify_manifest(bytes, doc.dump(), trust);
    CHECK(v.trust == ManifestTrust::bad_signature);
    CHECK(v.message.find('\x1b') == std::string::npos);
    CHECK(v.key_id.empty());
  }
}

TEST_CASE("load_trusted_manifest: reads, verifies and parses from disk", "[ads][signature]") {
  TempDir dir("ads-load-manifest");
  auto publisher = key_from_byte(7);
  TrustStore trust;
  trust.add(publisher.public_key());
  const std::string bytes = sample_manifest().to_canonical_string();
  const auto path = dir / std::string(kManifestFileName);
  write(path, bytes);
  auto unsigned_result = load_trusted_manifest(path, trust);
  REQUIRE_FALSE(unsigned_result.ok());
  CHECK_THAT(unsigned_result.error().message, Catch::Matchers::Contains("not signed"));

  write(dir / std::string(kManifestSignatureFileName),
        ManifestSignature::sign(bytes, publisher).to_text());
  auto m = load_trusted_manifest(path, trust);
  REQUIRE(m.ok());
  CHECK(*m == sample_manifest());

  write(path, bytes + " ");  // edited after signing
  CHECK_FALSE(load_trusted_manifest(path, trust).ok());
}

TEST_CASE("trust store: default path follows XDG", "[ads][keys]") {
  const char* old = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old ? old : "";
  ::setenv("XDG_CONFIG_HOME", "/tmp/cfg", 1);
  CHECK(*TrustStore::default_path() == "/tmp/cfg/swarmtv/trusted-keys");
  if (old) {
    ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_CONFIG_HOME");
  }
}

// Found by manifest_signature_fuzz: nlohmann's parse error quotes the bytes it read (escaping
// control characters but not DEL), and a duplicate key was quoted raw.
TEST_CASE("a malformed signature file's message quotes no control character or DEL",
          "[ads][signature]") {
  TrustStore trust;
  trust.add(key_from_byte(7).public_key());
  const auto printable = [](const std::string& s) {
    for (unsigned char c : s)
      if (c < 0x20 || c == 0x7f) return false;
    return true;
  };
  for (const std::string& sig : {std::string("{\"ab.mk\x7f\"algori, \".))))"),
                                 std::string("{\"k\x1b[31m\": 1, \"k\x1b[31m\": 2}")}) {
    const auto v = verify_manifest("{\"format\":1}", sig, trust);
    CHECK(v.trust == ManifestTrust::bad_signature);
    CHECK_THAT(v.message, Catch::Contains("malformed"));
    CHECK(printable(v.message));
  }
}

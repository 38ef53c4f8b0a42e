#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "season_fixture.h"
#include "swarmtv/ads/content_key_file.h"
#include "swarmtv/ads/decrypting_byte_source.h"
#include "swarmtv/ads/entitlement.h"
#include "swarmtv/ads/licence_store.h"
#include "swarmtv/ads/manifest_signature.h"
#include "swarmtv/decoder/file_byte_source.h"

using namespace swarmtv;
namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) {
  return test::shell_quote(p.string());
}

// Reads a whole ByteSource through read_at, as the demuxer would.
std::string read_all(ByteSource& source) {
  std::string out;
  std::vector<std::byte> buf(10000);
  for (;;) {
    auto r = source.read_at(static_cast<std::int64_t>(out.size()), buf, {});
    if (r.status == ReadStatus::end_of_file) return out;
    REQUIRE(r.status == ReadStatus::ok);
    out.append(reinterpret_cast<const char*>(buf.data()), r.bytes);
  }
}

}  // namespace

TEST_CASE("keygen -> bundle create -> licence issue -> trust add -> licence add, via swarmtv",
          "[publisher][licence]") {
  test::TempDir home("workflow");
  const std::string swarmtv = test::swarmtv_in(home.path());
  const fs::path keys = home / "keys";
  const fs::path season = test::make_season(home / "season");
  const fs::path out = home / "out";

  // keygen: 0600 secret, never overwritten.
  auto r = test::run(swarmtv + " keygen --out " + q(keys));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  struct stat st {};
  REQUIRE(::stat((keys / "publisher.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string secret = test::read_file(keys / "publisher.key");
  r = test::run(swarmtv + " keygen --out " + q(keys));
  CHECK(r.exit_code != 0);
  CHECK(r.output.find("exists; not overwriting") != std::string::npos);
  CHECK(test::read_file(keys / "publisher.key") == secret);
  r = test::run(swarmtv + " keygen --secret " + q(home / "a.key") + " --public " +
                q(home / "a.pub"));
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(home / "a.key"));

  r = test::run(swarmtv + " bundle create " + q(season) + " --key " + q(keys / "publisher.key") +
                    " --out " + q(out),
                300);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);

  // licence issue: ad-free, and premium with the bundle's bonus key.
  const std::string issue =
      swarmtv + " licence issue --key " + q(keys / "publisher.key") + " --series demo --season 1 ";
  r = test::run(issue + "--grant ad-free --id L-adfree --out " + q(home / "adfree.json"));
  REQUIRE(r.exit_code == 0);
  r = test::run(issue + "--grant premium --out " + q(home / "nokey.json"));
  CHECK(r.exit_code != 0);
  CHECK(r.output.find("--bonus-key") != std::string::npos);
  CHECK_FALSE(fs::exists(home / "nokey.json"));
  r = test::run(issue + "--grant premium --id L-premium --expires 2099-01-01 --bonus-key " +
                q(out / "bonus.key") + " --out " + q(home / "premium.json"));
  REQUIRE(r.exit_code == 0);
  r = test::run(issue + "--grant gold --out " + q(home / "gold.json"));
  CHECK(r.exit_code == 2);
  CHECK(r.output.rfind("swarmtv: --grant gold", 0) == 0);
  r = test::run(issue + "--grant ad-free --expires 2001-01-01 --out " + q(home / "old.json"));
  CHECK(r.exit_code != 0);
  r = test::run(issue + "--grant ad-free --id L-adfree --out " + q(home / "adfree.json"));
  CHECK(r.exit_code != 0);  // never overwrites

  // licence add: refused until the publisher's key is trusted.
  r = test::run(swarmtv + " licence add " + q(home / "adfree.json"));
  CHECK(r.exit_code != 0);
  CHECK(r.output.find("trust add") != std::string::npos);
  r = test::run(swarmtv + " trust add " + q(keys / "publisher.key"));  // a secret is not a key
  CHECK(r.exit_code != 0);
  r = test::run(swarmtv + " trust add " + q(keys / "publisher.pub"));
  REQUIRE(r.exit_code == 0);
  r = test::run(swarmtv + " trust list");
  CHECK(r.output == ads::PublicKey::load(keys / "publisher.pub")->key_id() + "\n");
  r = test::run(swarmtv + " licence add " + q(home / "adfree.json"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  r = test::run(swarmtv + " licence add " + q(home / "premium.json"));
  REQUIRE(r.exit_code == 0);

  // A tampered licence is refused and not stored.
  std::string forged = test::read_file(home / "adfree.json");
  forged.replace(forged.find("\"L-adfree\""), 10, "\"L-forged\"");
  test::write_file(home / "forged.json", forged);
  r = test::run(swarmtv + " licence add " + q(home / "forged.json"));
  CHECK(r.exit_code != 0);
  CHECK(r.output.rfind("swarmtv: ", 0) == 0);
  // An expired licence (made with the library: `licence issue` refuses a past expiry).
  ads::Licence old;
  old.licence_id = "L-old";
  old.series = "demo";
  old.seasons = {1};
  old.grants = {ads::Grant::ad_free};
  old.issued_at = 1'600'000'000;
  old.expires_at = 1'600'086'400;
  auto old_token =
      ads::LicenceToken::issue(old, *ads::PublisherKeyPair::load_secret(keys / "publisher.key"));
  REQUIRE(old_token);
  test::write_file(home / "old.json", old_token->to_text());
  r = test::run(swarmtv + " licence add " + q(home / "old.json"));
  CHECK(r.exit_code != 0);
  CHECK(r.output.find("expired") != std::string::npos);
  r = test::run(swarmtv + " licence add " + q(season / "season.json"));
  CHECK(r.exit_code != 0);
  CHECK(r.output.find("not a licence") != std::string::npos);

  // What the player will find: the premium tier with the bundle's key, which opens the bonus.
  ads::LicenceStore store(home / "data" / "swarmtv" / "licences");
  const auto tokens = store.tokens();
  REQUIRE(tokens.size() == 2);
  auto trust = ads::TrustStore::load(home / "config" / "swarmtv" / "trusted-keys");
  REQUIRE(trust);
  const auto ent =
      ads::resolve_entitlement("demo", 1, tokens, *trust, std::chrono::system_clock::now());
  CHECK(ent.tier == ads::Tier::premium);
  REQUIRE(ent.bonus_key);
  CHECK(*ent.bonus_key == *ads::load_content_key(out / "bonus.key"));
  CHECK(
      ads::resolve_entitlement("demo", 2, tokens, *trust, std::chrono::system_clock::now()).tier ==
      ads::Tier::free);

  auto file = decoder::FileByteSource::open(out / "demo-s01" / "bonus" / "making-of.mp4.enc");
  REQUIRE(file);
  auto bonus = ads::DecryptingByteSource::open(std::move(*file), ent.bonus_key);
  REQUIRE(bonus);
  CHECK(read_all(**bonus) == test::read_file(season / "bonus" / "making-of.mp4"));
}

TEST_CASE("publisher commands: usage errors and unknown commands", "[publisher]") {
  test::TempDir home("usage");
  const std::string swarmtv = test::swarmtv_in(home.path());
  auto r = test::run(swarmtv + " bundle");
  CHECK(r.exit_code == 2);
  r = test::run(swarmtv + " bundle create");
  CHECK(r.exit_code == 2);
  r = test::run(swarmtv + " bundle create x --key");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("--key needs a value") != std::string::npos);
  r = test::run(swarmtv + " bundle create x --key k --colour red");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("unknown option --colour") != std::string::npos);
  r = test::run(swarmtv + " bundle create x --key k --piece-size 1000");
  CHECK(r.exit_code == 2);
  r = test::run(swarmtv + " licence frobnicate");
  CHECK(r.exit_code == 2);
  r = test::run(swarmtv + " trust add " + q(home / "missing.pub"));
  CHECK(r.exit_code == 1);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  r = test::run(swarmtv + " help");
  CHECK(r.output.find("bundle create <folder>") != std::string::npos);
}

TEST_CASE("licence add of a directory, a device or a huge file is a one-line error",
          "[publisher][licence]") {
  test::TempDir home("licence-input");
  const std::string swarmtv = test::swarmtv_in(home.path());
  fs::create_directory(home / "dir");
  test::write_file(home / "big.json", std::string(2 << 20, ' '));
  for (const auto& [input, message] : {std::pair{home / "dir", "not a regular file"},
                                       {fs::path("/dev/zero"), "not a regular file"},
                                       {home / "big.json", "too large"},
                                       {home / "missing.json", "No such file"}}) {
    INFO(input);
    auto r = test::run(swarmtv + " licence add " + q(input), 30);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find(message) != std::string::npos);
    CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  }
}

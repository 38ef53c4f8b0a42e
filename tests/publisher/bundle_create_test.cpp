#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <functional>

#include "season_fixture.h"
#include "swarmtv/ads/bonus_cipher.h"
#include "swarmtv/ads/content_key_file.h"
#include "swarmtv/ads/manifest_signature.h"

using namespace swarmtv;
namespace fs = std::filesystem;
using test::shell_quote;

namespace {

std::string q(const fs::path& p) {
  return shell_quote(p.string());
}

struct Publisher {
  test::TempDir dir{"publisher"};
  fs::path season = test::make_season(dir / "season");
  fs::path keys = dir / "keys";

  Publisher() {
    auto r = test::run(test::swarmtv_in(dir.path()) + " keygen --out " + q(keys));
    REQUIRE(r.exit_code == 0);
  }
  test::CommandResult bundle(const fs::path& out, const std::string& extra = "") const {
    return test::run(test::swarmtv_in(dir.path()) + " bundle create " + q(season) + " --key " +
                         q(keys / "publisher.key") + " --out " + q(out) + " " + extra,
                     300);
  }
  ads::TrustStore trust() const {
    ads::TrustStore t;
    t.add(*ads::PublicKey::load(keys / "publisher.pub"));
    return t;
  }
};

std::string last_line(const std::string& output) {
  std::string s = output;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s.substr(s.rfind('\n') == std::string::npos ? 0 : s.rfind('\n') + 1);
}

std::string line_starting(const std::string& output, const std::string& prefix) {
  const auto at = output.find(prefix);
  if (at == std::string::npos) return "";
  return output.substr(at + prefix.size(), output.find('\n', at) - at - prefix.size());
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("bundle create: measures, signs, encrypts and prints the magnet link",
          "[publisher][bundle]") {
  Publisher pub;
  const fs::path out = pub.dir / "out";
  auto r = pub.bundle(out);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(last_line(r.output).rfind("magnet:?xt=urn:btih:", 0) == 0);
  const fs::path content = out / "demo-s01";
  CHECK(fs::exists(out / "demo-s01.torrent"));
  CHECK(fs::exists(content / "s01e00.mp4"));
  CHECK(fs::exists(content / "ads" / "acme.mp4"));
  CHECK(fs::exists(content / "bonus" / "making-of.mp4.enc"));
  CHECK_FALSE(fs::exists(content / "bonus" / "making-of.mp4"));  // never the plaintext
  CHECK_FALSE(fs::exists(content / "season.json"));
  CHECK(mode_of(out / "bonus.key") == 0600);

  auto manifest = ads::load_trusted_manifest(content / ads::kManifestFileName, pub.trust());
  REQUIRE(manifest);
  CHECK(manifest->series.id == "demo");
  REQUIRE(manifest->episodes.size() == 2);
  const ads::Episode& e1 = manifest->episodes[1];
  REQUIRE(e1.duration);
  CHECK(std::abs(media_time_to_seconds(*e1.duration) - 6.0) < 0.2);
  // The chapters became the mid-rolls.
  REQUIRE(e1.ad_breaks);
  REQUIRE(e1.ad_breaks->size() == 2);
  CHECK(*(*e1.ad_breaks)[0].resolve(e1.duration) == MediaTime(2'000'000));
  CHECK(*(*e1.ad_breaks)[1].resolve(e1.duration) == MediaTime(4'000'000));
  // Loudness measured per clip: the quiet clip measures lower.
  const ads::SponsorClip* acme = manifest->find_clip("acme-1");
  const ads::SponsorClip* bolt = manifest->find_clip("bolt-1");
  REQUIRE(acme);
  REQUIRE(bolt);
  REQUIRE(acme->loudness_lufs);
  REQUIRE(bolt->loudness_lufs);
  CHECK(*acme->loudness_lufs > *bolt->loudness_lufs + 10);
  CHECK(std::abs(media_time_to_seconds(acme->duration) - 2.0) < 0.2);
  REQUIRE(manifest->bonus.size() == 1);
  CHECK(manifest->bonus[0].file == "bonus/making-of.mp4.enc");
  CHECK(manifest->bonus[0].chunk_size == 4096);
  CHECK(manifest->products.size() == 2);  // the defaults: ad-free and premium

  // The encrypted bonus file decrypts to the original with the bundle's key.
  auto key = ads::load_content_key(out / "bonus.key");
  REQUIRE(key);
  const std::string plain = test::read_file(pub.season / "bonus" / "making-of.mp4");
  auto expected = ads::encrypt_bonus(
      std::span(reinterpret_cast<const unsigned char*>(plain.data()), plain.size()), *key,
      "bonus/making-of.mp4.enc", 4096);
  REQUIRE(expected);
  const std::string enc = test::read_file(content / "bonus" / "making-of.mp4.enc");
  CHECK(std::vector<unsigned char>(enc.begin(), enc.end()) == *expected);
}

TEST_CASE("bundle create is deterministic: an unchanged folder gives the same info-hash",
          "[publisher][bundle]") {
  Publisher pub;
  const fs::path out = pub.dir / "out";
  auto first = pub.bundle(out);
  REQUIRE(first.exit_code == 0);
  const std::string torrent = test::read_file(out / "demo-s01.torrent");
  auto second = pub.bundle(out);  // replaces the first, reusing its bonus key
  REQUIRE(second.exit_code == 0);
  CHECK(line_starting(first.output, "info-hash: ").size() == 40);
  CHECK(line_starting(first.output, "info-hash: ") == line_starting(second.output, "info-hash: "));
  CHECK(test::read_file(out / "demo-s01.torrent") == torrent);

  // Elsewhere, with the same bonus key: the same bytes again.
  const fs::path other = pub.dir / "other";
  fs::create_directories(other);
  fs::copy_file(out / "bonus.key", other / "bonus.key");
  auto third = pub.bundle(other, "--piece-size 256K");
  REQUIRE(third.exit_code == 0);
  CHECK(line_starting(third.output, "info-hash: ") == line_starting(first.output, "info-hash: "));

  // A changed folder gives another info-hash.
  std::string season = test::read_file(pub.season / "season.json");
  season.replace(season.find("\"One\""), 5, "\"Uno\"");
  test::write_file(pub.season / "season.json", season);
  auto changed = pub.bundle(out);
  REQUIRE(changed.exit_code == 0);
  CHECK(line_starting(changed.output, "info-hash: ") != line_starting(first.output, "info-hash: "));
}

TEST_CASE("a manifest edited after signing is refused", "[publisher][bundle]") {
  Publisher pub;
  const fs::path out = pub.dir / "out";
  REQUIRE(pub.bundle(out).exit_code == 0);
  const fs::path manifest = out / "demo-s01" / ads::kManifestFileName;
  REQUIRE(ads::load_trusted_manifest(manifest, pub.trust()));

  // Another publisher's key is not trusted, even for an intact bundle.
  test::TempDir other("other-key");
  REQUIRE(test::run(test::swarmtv_binary() + " keygen --out " + q(other.path())).exit_code == 0);
  ads::TrustStore stranger;
  stranger.add(*ads::PublicKey::load(other / "publisher.pub"));
  const std::string bytes = test::read_file(manifest);
  const std::string sig = test::read_file(manifest.string() + ".sig");
  CHECK(ads::verify_manifest(bytes, sig, stranger).trust == ads::ManifestTrust::untrusted_key);

  std::string edited = bytes;
  edited.replace(edited.find("\"Pilot\""), 7, "\"Pilo7\"");
  test::write_file(manifest, edited);
  auto loaded = ads::load_trusted_manifest(manifest, pub.trust());
  REQUIRE_FALSE(loaded);
  CHECK(ads::verify_manifest(edited, sig, pub.trust()).trust == ads::ManifestTrust::bad_signature);
  // Even re-serialised "cleanly" by an editor, the bytes differ from what was signed.
  fs::remove(manifest.string() + ".sig");
  CHECK(ads::verify_manifest(bytes, std::nullopt, pub.trust()).trust ==
        ads::ManifestTrust::unsigned_manifest);
}

TEST_CASE("bundle create: bad input is a one-line error and writes nothing",
          "[publisher][bundle]") {
  struct Case {
    std::string name;
    std::function<void(const fs::path& season, const fs::path& keys)> setup;
    std::string key_file = "publisher.key";
    std::string expected;  // part of the message
  };
  const std::vector<Case> cases = {
      {"missing episode", [](auto& s, auto&) { fs::remove(s / "s01e01.mp4"); }, "publisher.key",
       "s01e01.mp4 not found"},
      {"unreadable video",
       [](auto& s, auto&) { test::write_file(s / "s01e01.mp4", std::string(5000, 'x')); },
       "publisher.key", "not a readable media file"},
      {"missing bonus", [](auto& s, auto&) { fs::remove(s / "bonus" / "making-of.mp4"); },
       "publisher.key", "making-of.mp4 not found"},
      {"missing subtitle file",
       [](auto& s, auto&) {
         std::string j = test::season_json();
         j.replace(j.find("\"title\": \"One\""), 14,
                   "\"title\": \"One\", \"subtitles\": [{\"file\": \"subs/one.en.srt\"}]");
         test::write_file(s / "season.json", j);
       },
       "publisher.key", "subs/one.en.srt not found"},
      {"broken subtitle file",
       [](auto& s, auto&) {
         std::string j = test::season_json();
         j.replace(j.find("\"title\": \"One\""), 14,
                   "\"title\": \"One\", \"subtitles\": [{\"file\": \"one.srt\"}]");
         test::write_file(s / "season.json", j);
         test::write_file(s / "one.srt", "this is not\na subtitle file\n");
       },
       "publisher.key", "episodes[1].subtitles[0]"},
      {"public key as --key", [](auto&, auto&) {}, "publisher.pub", "--key"},
      {"garbage key", [](auto&, auto& k) { test::write_file(k / "junk.key", "hello\n"); },
       "junk.key", "--key"},
      {"no season.json", [](auto& s, auto&) { fs::remove(s / "season.json"); }, "publisher.key",
       "no season.json"},
      {"not JSON", [](auto& s, auto&) { test::write_file(s / "season.json", "{episodes"); },
       "publisher.key", "not a JSON object"},
      {"episode a symlink out of the folder",
       [](auto& s, auto&) {
         fs::rename(s / "s01e01.mp4", s.parent_path() / "outside.mp4");
         fs::create_symlink(s.parent_path() / "outside.mp4", s / "s01e01.mp4");
       },
       "publisher.key", "is a symbolic link"},
      {"season.json a directory",
       [](auto& s, auto&) {
         fs::remove(s / "season.json");
         fs::create_directory(s / "season.json");
       },
       "publisher.key", "not a regular file"},
      {"duplicate episode number",
       [](auto& s, auto&) {
         std::string j = test::season_json();
         j.replace(j.find("\"number\": 1"), 11, "\"number\": 0");
         test::write_file(s / "season.json", j);
       },
       "publisher.key", "episodes[1].number"},
      {"skip offset after the clip",
       [](auto& s, auto&) {
         std::string j = test::season_json();
         j.replace(j.find("\"skip_offset\": 1"), 16, "\"skip_offset\": 30");
         test::write_file(s / "season.json", j);
       },
       "publisher.key", "skip_offset"},
      {"path outside the folder",
       [](auto& s, auto&) {
         std::string j = test::season_json();
         j.replace(j.find("\"s01e00.mp4\""), 12, "\"../x.mp4\"");
         test::write_file(s / "season.json", j);
       },
       "publisher.key", "not a relative path"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      Publisher pub;
      c.setup(pub.season, pub.keys);
      const fs::path parent = pub.dir / "outputs";
      fs::create_directories(parent);
      auto r = test::run(test::swarmtv_in(pub.dir.path()) + " bundle create " + q(pub.season) +
                             " --key " + q(pub.keys / c.key_file) + " --out " + q(parent / "out"),
                         300);
      INFO(r.output);
      CHECK(r.exit_code != 0);
      CHECK(r.output.rfind("swarmtv: ", 0) == 0);
      CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
      CHECK(r.output.find(c.expected) != std::string::npos);
      CHECK(fs::is_empty(parent));  // no bundle, no temporary folder
    }
  }
}

TEST_CASE("bundle create does not replace a folder that is not a bundle", "[publisher][bundle]") {
  Publisher pub;
  const fs::path out = pub.dir / "precious";
  fs::create_directories(out);
  test::write_file(out / "notes.txt", "mine");
  auto r = pub.bundle(out);
  CHECK(r.exit_code != 0);
  CHECK(r.output.find("not replacing it") != std::string::npos);
  CHECK(test::read_file(out / "notes.txt") == "mine");
}

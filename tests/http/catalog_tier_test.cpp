// Tier rules over HTTP with a real signed bundle (made with the ads library, as `bundle create`
// does): pilots and licensed content are served, ad-supported episodes and locked bonus files
// are refused with 403, an unlocked bonus file is served decrypted.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "server_fixture.h"
#include "swarmtv/ads/bonus_cipher.h"
#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/licence_store.h"
#include "swarmtv/ads/manifest_signature.h"
#include "swarmtv/ads/trust_store.h"
#include "swarmtv/stream/torrent_creator.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::http::test;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

struct Bundle {
  explicit Bundle(const std::string& tag) : dir(tag) {
    auto k = ads::PublisherKeyPair::generate();
    REQUIRE(k);
    key = std::make_unique<ads::PublisherKeyPair>(std::move(*k));
    auto ck = ads::generate_content_key();
    REQUIRE(ck);
    content_key = *ck;
    const fs::path season = dir / "Season";
    fs::create_directories(season);
    fs::copy_file(swarmtv::test::media("short_av.mp4"), season / "ep0.mp4");
    fs::copy_file(swarmtv::test::media("h264_aac_front.mp4"), season / "ep1.mp4");
    fs::create_directories(season / "ads");
    fs::copy_file(swarmtv::test::media("short_av.mp4"), season / "ads/acme.mp4");
    bonus_plain = stream::test::file_bytes(swarmtv::test::media("vp9_opus.mkv"));
    fs::create_directories(season / "bonus");
    REQUIRE(ads::encrypt_bonus_file(swarmtv::test::media("vp9_opus.mkv"),
                                    season / "bonus/making-of.mkv.enc", content_key,
                                    "bonus/making-of.mkv.enc", 65536));
    ads::BundleManifest m;
    m.series = {"demo", "Demo Series"};
    m.season = 1;
    ads::Episode pilot;
    pilot.file = "ep0.mp4";
    pilot.number = 0;
    pilot.title = "Pilot";
    pilot.pilot = true;
    ads::Episode one;
    one.file = "ep1.mp4";
    one.number = 1;
    one.title = "One";
    one.ad_breaks = std::vector<ads::TimeOffset>{};
    m.episodes = {one, pilot};  // listed out of order: the index sorts them
    m.bonus = {{"bonus/making-of.mkv.enc", "Making of", 65536}};
    ads::SponsorClip clip;
    clip.id = "acme-1";
    clip.file = "ads/acme.mp4";
    clip.advertiser = "Acme Rockets";
    clip.category = "tools";
    clip.duration = swarmtv::seconds_to_media_time(6);
    m.sponsor_clips = {clip};
    const std::string text = m.to_canonical_string();
    write(season / "swarmtv.bundle.json", text);
    write(season / "swarmtv.bundle.json.sig", ads::ManifestSignature::sign(text, *key).to_text());
    stream::CreateOptions options;
    options.piece_size = 16 * 1024;
    auto c = stream::create_torrent(season, options);
    REQUIRE(c);
    created = std::move(*c);
    ads::TrustStore trust;
    trust.add(key->public_key());
    REQUIRE(trust.save(dir / "trusted-keys"));
  }

  void add_licence(std::vector<ads::Grant> grants, bool with_key) {
    ads::Licence l;
    l.licence_id = "L-" + std::to_string(++licences);
    l.series = "demo";
    l.seasons = {1};
    l.grants = std::move(grants);
    l.issued_at = 1'700'000'000;
    if (with_key) l.bonus_key = content_key;
    auto token = ads::LicenceToken::issue(l, *key);
    REQUIRE(token);
    REQUIRE(ads::LicenceStore(dir / "licences").add_text(token->to_text()));
  }

  http::CatalogOptions catalog_options() const {
    http::CatalogOptions o;
    o.trust_file = dir / "trusted-keys";
    o.licence_dir = dir / "licences";
    return o;
  }

  swarmtv::test::TempDir dir;
  std::unique_ptr<ads::PublisherKeyPair> key;
  ads::ContentKey content_key{};
  std::vector<std::byte> bonus_plain;
  stream::CreatedTorrent created;
  int licences = 0;
};

// The URL of the entry whose path ends with `name`.
std::string url_of(const ServedTorrent& served, const std::string& name) {
  const auto files = served.torrent->files();
  for (const auto& f : files)
    if (f.path.size() >= name.size() &&
        f.path.compare(f.path.size() - name.size(), name.size(), name) == 0)
      return served.url("/files/" + std::to_string(int(f.index)) + "/x");
  FAIL("no file " << name);
  return {};
}

}  // namespace

TEST_CASE("free tier: pilot served, ad-supported episode and locked bonus refused",
          "[http][tiers][swarm]") {
  Bundle bundle("http-tier-free");
  ServedTorrent served(bundle.created, bundle.dir.path(), 2'000'000, {}, bundle.catalog_options());
  CHECK(curl(url_of(served, "ep0.mp4"), "-r 0-99").status == 206);
  auto r = curl(url_of(served, "ep1.mp4"), "-r 0-99");
  CHECK(r.status == 403);
  CHECK(r.body.find("ad-supported") != std::string::npos);
  CHECK(r.body.find("native player") != std::string::npos);
  r = curl(url_of(served, "making-of.mkv.enc"), "-r 0-99");
  CHECK(r.status == 403);
  CHECK(r.body.find("locked") != std::string::npos);
  // The index lists episodes in order, the refused ones without a player.
  r = curl(served.url("/"));
  const auto pilot = r.body.find("Episode 0: Pilot");
  const auto one = r.body.find("Episode 1: One");
  REQUIRE(pilot != std::string::npos);
  REQUIRE(one != std::string::npos);
  CHECK(pilot < one);
  CHECK(r.body.find("Tier: free") != std::string::npos);
  // Sponsor clips are part of the ad breaks, not items to watch.
  CHECK(r.body.find("Acme Rockets") == std::string::npos);
  CHECK(r.body.find("acme.mp4") == std::string::npos);
  r = curl(served.url("/playlist.m3u"));
  CHECK(r.body.find("Pilot") != std::string::npos);
  CHECK(r.body.find("One") == std::string::npos);
  CHECK(r.body.find("acme.mp4") == std::string::npos);
  // A locked bonus file is never downloaded (403 before any open): only the pieces it shares
  // with its neighbours in the torrent are here.
  const auto status = nlohmann::json::parse(curl(served.url("/status.json")).body);
  for (const auto& f : status["files"])
    if (f["path"].get<std::string>().find(".enc") != std::string::npos) {
      CHECK(f["served"] == false);
      CHECK(f["progress"].get<double>() < 0.1);
    }
}

TEST_CASE("ad-free and premium licences: episodes served, bonus decrypted",
          "[http][tiers][swarm]") {
  Bundle bundle("http-tier-premium");
  bundle.add_licence({ads::Grant::ad_free, ads::Grant::bonus}, true);
  ServedTorrent served(bundle.created, bundle.dir.path(), 2'000'000, {}, bundle.catalog_options());
  CHECK(curl(url_of(served, "ep1.mp4"), "-r 0-99").status == 206);
  const std::string index = curl(served.url("/")).body;
  CHECK(index.find("Episode 1: One") != std::string::npos);
  CHECK(index.find("acme.mp4") == std::string::npos);
  CHECK(index.find("Acme Rockets") == std::string::npos);
  auto r = curl(url_of(served, "making-of.mkv.enc"));
  CHECK(r.status == 200);
  CHECK(r.headers["content-type"] == "video/x-matroska");
  CHECK(r.headers["content-length"] == std::to_string(bundle.bonus_plain.size()));
  CHECK(r.body == bytes_as_string(bundle.bonus_plain, 0, std::int64_t(bundle.bonus_plain.size())));
  const auto tail = curl(url_of(served, "making-of.mkv.enc"), "-r 100000-100099");
  CHECK(tail.status == 206);
  CHECK(tail.body == bytes_as_string(bundle.bonus_plain, 100000, 100100));
}

TEST_CASE("an untrusted bundle is refused as a whole", "[http][tiers][swarm]") {
  Bundle bundle("http-tier-untrusted");
  stream::test::TestSeeder seeder(bundle.created, bundle.dir / "seed", 0);
  stream::Session session(stream::test::loopback(bundle.dir / "dl"));
  stream::AddOptions add;
  add.peers = {seeder.endpoint()};
  auto torrent = session.add(stream::test::params_of(bundle.created), add);
  REQUIRE(torrent);
  auto options = bundle.catalog_options();
  options.trust_file = bundle.dir / "empty-trust";
  auto catalog = http::build_catalog(*torrent, options);
  REQUIRE_FALSE(catalog);
  CHECK(catalog.error().message.find("bundle refused") != std::string::npos);
}

TEST_CASE("an ad-free licence serves every episode but not the bonus", "[http][tiers][swarm]") {
  Bundle bundle("http-tier-ad-free");
  bundle.add_licence({ads::Grant::ad_free}, false);
  ServedTorrent served(bundle.created, bundle.dir.path(), 2'000'000, {}, bundle.catalog_options());
  CHECK(curl(url_of(served, "ep0.mp4"), "-r 0-99").status == 206);
  CHECK(curl(url_of(served, "ep1.mp4"), "-r 0-99").status == 206);
  CHECK(curl(url_of(served, "making-of.mkv.enc"), "-r 0-99").status == 403);
  const auto playlist = curl(served.url("/playlist.m3u")).body;
  const auto pilot = playlist.find("Pilot");
  const auto one = playlist.find("One");
  REQUIRE(pilot != std::string::npos);
  REQUIRE(one != std::string::npos);
  CHECK(pilot < one);
}

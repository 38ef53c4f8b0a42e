// season::Season::open against real torrents on disk (a seeding libtorrent session, no peers).
#include <catch2/catch.hpp>

#include <fstream>

#include "swarm.h"
#include "swarmtv/season/season.h"
#include "test_support.h"

using namespace swarmtv;

namespace {

// A season folder whose manifest is `manifest_bytes` long (its content does not matter here).
stream::CreatedTorrent season_torrent(const std::filesystem::path& dir,
                                      std::size_t manifest_bytes) {
  const auto content = dir / "show-s01";
  std::filesystem::create_directories(content);
  std::ofstream(content / "swarmtv.bundle.json", std::ios::binary)
      << std::string(manifest_bytes, ' ');
  std::ofstream(content / "ep1.mp4", std::ios::binary) << std::string(1000, 'x');
  auto created = stream::create_torrent(content);
  REQUIRE(created);
  return *created;
}

}  // namespace

TEST_CASE("a manifest larger than a bundle file may be is refused before it is read", "[season]") {
  test::TempDir dir("season-huge-manifest");
  const auto created = season_torrent(dir.path(), std::size_t(season::kMaxManifestBytes) + 1);
  stream::test::TestSeeder seeder(created, dir / "state", 0);
  const auto manifest = season::find_manifest(*seeder.torrent);
  REQUIRE(manifest);
  season::SeasonOptions options;
  options.trust_file = dir / "no-trust";
  auto season = season::Season::open(seeder.torrent, *manifest, options);
  REQUIRE_FALSE(season);
  CHECK(season.error().message.find("more than a bundle file may hold") != std::string::npos);
}

TEST_CASE("a manifest that is not JSON and not signed is refused as a bundle", "[season]") {
  test::TempDir dir("season-bad-manifest");
  const auto created = season_torrent(dir.path(), 100);
  stream::test::TestSeeder seeder(created, dir / "state", 0);
  season::SeasonOptions options;
  options.trust_file = dir / "no-trust";
  auto season =
      season::Season::open(seeder.torrent, *season::find_manifest(*seeder.torrent), options);
  REQUIRE_FALSE(season);
  CHECK(season.error().message.rfind("bundle refused: ", 0) == 0);
}

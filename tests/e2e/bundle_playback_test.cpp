// A season bundle end to end through the real CLI: keygen, bundle create, seed on loopback,
// then play an episode in the free tier (sponsor clips at its chapters) and with an ad-free
// licence (none).
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "season_fixture.h"
#include "test_support.h"

using namespace swarmtv;
namespace fs = std::filesystem;

namespace {

struct BackgroundSeeder {
  BackgroundSeeder(const std::string& command, const fs::path& log) {
    auto r = test::run(command + " > " + test::shell_quote(log.string()) + " 2>&1 & echo $!");
    REQUIRE(r.exit_code == 0);
    pid = std::stoi(r.output);
    for (int i = 0; i < 600 && magnet.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream in(log);
      std::string word;
      while (in >> word)
        if (word.rfind("magnet:?", 0) == 0) magnet = word;
    }
    REQUIRE_FALSE(magnet.empty());
  }
  ~BackgroundSeeder() { ::kill(pid, SIGTERM); }
  int pid = 0;
  std::string magnet;
};

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("A free-tier episode plays its sponsor clips at the chapters, ad-free plays none",
          "[e2e][ads]") {
  test::TempDir home("bundle-home");
  const std::string swarmtv = test::swarmtv_in(home.path());
  const fs::path season = test::make_season(home / "season");
  // Two mid-rolls (chapters at 2 s and 4 s), no pre- or post-roll.
  std::string json = test::season_json();
  json.replace(json.find("\"pre_roll\": true"), 16, "\"pre_roll\": false");
  test::write_file(season / "season.json", json);

  REQUIRE(test::run(swarmtv + " keygen --out " + (home / "keys").string()).exit_code == 0);
  REQUIRE(test::run(swarmtv + " trust add " + (home / "keys/publisher.pub").string()).exit_code ==
          0);
  auto created =
      test::run(swarmtv + " bundle create " + season.string() + " --key " +
                (home / "keys/publisher.key").string() + " --out " + (home / "out").string());
  INFO(created.output);
  REQUIRE(created.exit_code == 0);
  fs::path torrent;
  for (const auto& e : fs::directory_iterator(home / "out"))
    if (e.path().extension() == ".torrent") torrent = e.path();
  REQUIRE_FALSE(torrent.empty());

  BackgroundSeeder seeder(swarmtv + " seed " + test::shell_quote(torrent.string()) +
                              " --loopback --upload-limit=400000 --state-dir " +
                              (home / "seed-state").string(),
                          home / "seed.log");
  auto play = [&](const std::string& tag) {
    const fs::path stats = home / (tag + ".json");
    auto r = test::run("SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + swarmtv + " play " +
                           test::shell_quote(seeder.magnet) +
                           " --loopback --episode=1 --vo=null --ao=null --download-dir " +
                           (home / ("dl-" + tag)).string() + " --stats-json " + stats.string(),
                       240);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return read_json(stats);
  };

  SECTION("free tier") {
    auto stats = play("free");
    std::vector<std::string> kinds;
    for (const auto& s : stats["segments"]) {
      const std::string kind = s["kind"];
      if (kinds.empty() || kinds.back() != kind) kinds.push_back(kind);
    }
    CHECK(kinds == std::vector<std::string>{"content", "ad", "content", "ad", "content"});
    // Content resumes exactly where it left: the frame covering the break position.
    std::vector<nlohmann::json> content;
    for (const auto& s : stats["segments"])
      if (s["kind"] == "content") content.push_back(s);
    REQUIRE(content.size() == 3);
    CHECK(content[0]["last_position"].get<double>() == Approx(1.96).margin(0.05));
    CHECK(content[1]["first_position"].get<double>() == Approx(2.0).margin(0.001));
    CHECK(content[2]["first_position"].get<double>() == Approx(4.0).margin(0.001));
    // The tracking log: every clip shown has its impression, start and complete, once.
    std::ifstream log(home / "data/swarmtv/tracking.jsonl");
    std::map<std::string, int> events;
    std::string line;
    while (std::getline(log, line)) events[nlohmann::json::parse(line).value("event", "")]++;
    CHECK(events["impression"] >= 2);
    CHECK(events["start"] == events["complete"]);
  }

  SECTION("ad-free licence") {
    REQUIRE(test::run(swarmtv + " licence issue --key " + (home / "keys/publisher.key").string() +
                      " --series demo --season 1 --grant ad-free --out " +
                      (home / "buyer.licence").string())
                .exit_code == 0);
    REQUIRE(test::run(swarmtv + " licence add " + (home / "buyer.licence").string()).exit_code ==
            0);
    auto stats = play("adfree");
    for (const auto& s : stats["segments"]) CHECK(s["kind"] == "content");
    CHECK(stats["segments"].size() == 1);
    CHECK(stats["end_reason"] == "eof");
  }
}

TEST_CASE("With --keep-seeding a viewer seeds on after the end, until SIGTERM",
          "[e2e][cli][premiere]") {
  test::TempDir home("keep-seeding");
  const std::string swarmtv = test::swarmtv_in(home.path());
  fs::create_directories(home / "content");
  fs::copy_file(test::media("h264_aac_front.mp4"), home / "content" / "episode.mp4");
  BackgroundSeeder seeder(swarmtv + " seed " + (home / "content" / "episode.mp4").string() +
                              " --loopback=127.0.0.10 --upload-limit=2000000 --state-dir " +
                              (home / "seed-state").string(),
                          home / "seed.log");
  const fs::path stats = home / "viewer.json";
  const fs::path log = home / "viewer.log";
  const int pid = test::start_background(
      "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + swarmtv + " play " +
          test::shell_quote(seeder.magnet) + " --loopback=127.0.0.20 --vo=null --ao=null --end=1" +
          " --keep-seeding --download-dir " + (home / "dl").string() + " --stats-json " +
          stats.string(),
      log);
  REQUIRE(pid > 0);
  for (int i = 0; i < 1200 && !fs::exists(stats); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(fs::exists(stats));  // written at the end of playback
  std::this_thread::sleep_for(std::chrono::seconds(2));
  CHECK(test::process_alive(pid));  // the episode ended; the program seeds on
  const auto s = read_json(stats);
  CHECK(s["end_reason"] == "end");
  CHECK(s["network"]["downloaded"].get<long>() > 0);
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 20 && test::process_alive(pid); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK_FALSE(test::process_alive(pid));  // within 2 s of the signal
  // The file had played to its end: the signal ended the seeding, not the play.
  CHECK(test::exit_status_of(log) == 0);
}

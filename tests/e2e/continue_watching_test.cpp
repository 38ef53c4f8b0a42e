// Continue watching and the next episode, end to end: a season bundle from a loopback swarm,
// played by the real CLI headless. Resuming follows the ad rule (docs/ad-rules.md: the last
// break before the position plays unless this viewing played it); the end of an episode is
// followed by the next one's first frame in the same run, its head fetched before; --list and
// a play without --episode read the same watch-later entries.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <thread>

#include "season_fixture.h"
#include "season_swarm.h"

using namespace swarmtv;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// `swarmtv seed` of `content` on loopback until destroyed; its magnet link.
class PlainSeeder {
 public:
  PlainSeeder(const std::string& swarmtv, const fs::path& content, const fs::path& home)
      : log_(home / "seed.log") {
    pid_ = test::start_background(swarmtv + " seed " + test::shell_quote(content.string()) +
                                      " --loopback --upload-limit=400000 --state-dir " +
                                      test::shell_quote((home / "seed-state").string()),
                                  log_);
    for (int i = 0; i < 600 && magnet.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream in(log_);
      for (std::string word; in >> word;)
        if (word.rfind("magnet:?", 0) == 0) magnet = word;
    }
  }
  ~PlainSeeder() { ::kill(pid_, SIGTERM); }
  std::string magnet;

 private:
  fs::path log_;
  int pid_ = 0;
};

}  // namespace

TEST_CASE("Resume in the free tier: the break before the position plays once per viewing",
          "[e2e][ads][resume]") {
  // Pre-roll, mid-rolls at the chapters (2 and 4 s of the 6 s episode), one clip each.
  test::SeasonSwarm swarm("resume-ads", test::one_clip_breaks_with_pre_roll());
  // Run 1: pre-roll, content, the break at 2 s, content; the viewer stops at 3 s.
  test::play_past_first_break(swarm, "first");
  // Run 2 resumes at 3 s: the break at 2 s was played in this viewing, nothing plays first.
  auto r = swarm.play("second", "--end=3.5");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  json stats = swarm.stats_of("second");
  CHECK(test::segment_kinds(stats) == std::vector<std::string>{"content"});
  CHECK(stats["segments"][0]["first_position"].get<double>() == Approx(3.0).margin(0.05));
  // Run 3, a viewing that played nothing yet (its own ad state, as another day would be): at
  // 3.5 s the break at 2 s is the last before the position and plays, the pre-roll does not;
  // then content exactly at 3.5 s, the break at 4 s when crossed, content to the end.
  r = swarm.play("other", "--ads-state=" + (swarm.home() / "other-ads").string());
  REQUIRE(r.exit_code == 0);
  stats = swarm.stats_of("other");
  CHECK(test::segment_kinds(stats) == std::vector<std::string>{"ad", "content", "ad", "content"});
  auto content = test::content_segments(stats);
  REQUIRE(content.size() == 2);
  CHECK(content[0]["first_position"].get<double>() == Approx(3.5).margin(0.05));
  CHECK(stats["end_reason"] == "eof");
  // Run 4: the episode was watched to its end, so it starts at 0; the first viewing already
  // played the pre-roll and the break at 2 s, only the one at 4 s is left.
  r = swarm.play("again", "");
  REQUIRE(r.exit_code == 0);
  stats = swarm.stats_of("again");
  CHECK(test::segment_kinds(stats) == std::vector<std::string>{"content", "ad", "content"});
  CHECK(stats["segments"][0]["first_position"].get<double>() == Approx(0.0).margin(0.001));
  CHECK(r.output.find("resuming") == std::string::npos);
}

TEST_CASE(
    "The next episode: episode 1's end is followed by episode 2's first frame, its head "
    "already on disk",
    "[e2e][next-episode]") {
  // No sponsor clips anywhere; a 4 s episode 2.
  test::SeasonSwarm swarm(
      "next-episode",
      {test::season_with([](json& s) {
         s["ad_policy"] = {{"clips_per_break", 1}, {"pre_roll", false}, {"post_roll", false}};
         s["episodes"][1]["ad_breaks"] = json::array();
         s["episodes"].push_back({{"file", "s01e02.mp4"},
                                  {"number", 2},
                                  {"title", "Two"},
                                  {"ad_breaks", json::array()}});
       }),
       [](const fs::path& season) { test::make_clip(season / "s01e02.mp4", 4, 0.5); },
       {}});
  auto r = swarm.play("advance", "--status-line --next-episode-countdown=1");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json stats = swarm.stats_of("advance");
  const auto content = test::content_segments(stats);
  REQUIRE(content.size() == 2);
  CHECK(content[0]["title"].get<std::string>().find("S01E01") != std::string::npos);
  CHECK(content[0]["end_reason"] == "eof");
  CHECK(content[1]["title"].get<std::string>().find("S01E02 \u00b7 Two") != std::string::npos);
  CHECK(content[1]["first_position"].get<double>() == Approx(0.0).margin(0.001));
  CHECK(content[1]["first_frame_at"].get<double>() > content[0]["last_frame_at"].get<double>());
  // Nothing episode 2's first frame read arrived after episode 1 ended: it was prefetched.
  CHECK(content[1]["bytes_fetched_before_first_frame"].get<long>() == 0);
  CHECK(stats["end_reason"] == "eof");
  // The countdown was on the status line.
  CHECK(r.output.find("Next: Demo Series S01E02 \u00b7 Two in 1") != std::string::npos);

  // --next-episode=no ends with episode 1.
  r = swarm.play("alone", "--start=5 --next-episode=no");
  REQUIRE(r.exit_code == 0);
  CHECK(test::content_segments(swarm.stats_of("alone")).size() == 1);
}

TEST_CASE(
    "The season list shows duration, tier and progress, and a play without an episode takes "
    "the next unwatched one",
    "[e2e][resume][list]") {
  test::SeasonSwarm swarm("season-list", {test::season_json(), {}, {}});
  auto r = swarm.list();
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("episode 0  Pilot  (pilot)  00:00:03  pilot  new") != std::string::npos);
  CHECK(r.output.find("episode 1  One  00:00:06  free with sponsor clips  new") !=
        std::string::npos);
  CHECK(r.output.find("bonus 0    Making of  [locked") != std::string::npos);

  // Nothing watched: the pilot plays (and, with --next-episode=no, only it).
  r = swarm.play_season("pilot", "--next-episode=no");
  REQUIRE(r.exit_code == 0);
  json stats = swarm.stats_of("pilot");
  REQUIRE(stats["segments"].size() == 1);
  CHECK(stats["segments"][0]["title"].get<std::string>().find("S01E00 \u00b7 Pilot") !=
        std::string::npos);
  // Then episode 1; the viewer stops at 3 s of its 6 s.
  r = swarm.play_season("one", "--next-episode=no --end=3");
  REQUIRE(r.exit_code == 0);
  stats = swarm.stats_of("one");
  CHECK(stats["segments"].back()["title"].get<std::string>().find("S01E01") != std::string::npos);
  r = swarm.list();
  CHECK(r.output.find("episode 0  Pilot  (pilot)  00:00:03  pilot  watched") != std::string::npos);
  CHECK(r.output.find("episode 1  One  00:00:06  free with sponsor clips  at 00:00:03 (50%)") !=
        std::string::npos);
  // An ad-free licence changes what the tier plays.
  swarm.add_ad_free_licence();
  r = swarm.list();
  CHECK(r.output.find("episode 1  One  00:00:06  ad-free  at 00:00:03 (50%)") != std::string::npos);
}

TEST_CASE("A plain torrent's next video file by name follows the one that ended",
          "[e2e][next-episode]") {
  test::TempDir home("next-plain");
  // Played from ep02: ep03 is next by name (ep01 comes before it; a non-video file is skipped).
  const fs::path show = home / "show";
  test::make_clip(show / "ep02.mp4", 2, 0.5);
  test::make_clip(show / "ep01.mp4", 3, 0.5);
  test::write_file(show / "ep01.nfo", "notes");
  test::write_file(show / "ep02.nfo", "notes");
  test::make_clip(show / "ep03.mp4", 2, 0.5);
  const std::string swarmtv = test::swarmtv_in(home.path());
  PlainSeeder seeder(swarmtv, show, home.path());
  REQUIRE_FALSE(seeder.magnet.empty());
  const fs::path stats_file = home / "stats.json";
  auto r = test::run("SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + swarmtv + " play " +
                         test::shell_quote(seeder.magnet) +
                         " --loopback --vo=null --ao=null --file=show/ep02.mp4 "
                         "--next-episode-countdown=0 --download-dir " +
                         (home / "dl").string() + " --stats-json " + stats_file.string(),
                     240);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json stats = json::parse(test::read_file(stats_file));
  const auto content = test::content_segments(stats);
  REQUIRE(content.size() == 2);  // ep02, then ep03; nothing after the last
  CHECK(content[0]["title"].get<std::string>().find("ep02.mp4") != std::string::npos);
  CHECK(content[1]["title"].get<std::string>().find("ep03.mp4") != std::string::npos);
  CHECK(content[1]["first_position"].get<double>() == Approx(0.0).margin(0.001));
  CHECK(content[1]["bytes_fetched_before_first_frame"].get<long>() == 0);
  CHECK(stats["end_reason"] == "eof");
}

// The ad rules end to end: a season bundle from a loopback swarm, played by the real CLI, with
// what the viewer sees (segments), hears (captured output audio) and what the tracking log says.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "media_probe.h"
#include "season_fixture.h"
#include "season_swarm.h"

using namespace swarmtv;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// One break, at 2 s, of up to `clips_per_break` clips; no pre- or post-roll.
void one_break_at_2s(json& s, int clips_per_break) {
  s["ad_policy"] = {
      {"clips_per_break", clips_per_break}, {"pre_roll", false}, {"post_roll", false}};
  s["episodes"][1]["ad_breaks"] = {2};
}

// One break at 2 s holding the only sponsor clip, `id` of `advertiser`: a tone of `seconds`
// made as `file` of the season.
test::SeasonSwarmOptions only_clip(const std::string& id, const std::string& advertiser,
                                   const std::string& file, double seconds) {
  return {test::season_with([&](json& s) {
            one_break_at_2s(s, 1);
            s["sponsor_clips"] = {
                {{"id", id}, {"file", file}, {"advertiser", advertiser}, {"category", "tools"}}};
          }),
          [file, seconds](const fs::path& season) { test::make_clip(season / file, seconds, 0.5); },
          {}};
}

// The tracking lines of clip `clip_id` in break `b`, by event.
std::map<std::string, json> events_of(const std::vector<json>& log, std::size_t b,
                                      const std::string& clip_id) {
  std::map<std::string, json> out;
  for (const json& line : log)
    if (line["break"] == b && line["clip_id"] == clip_id) out[line["event"]] = line;
  return out;
}

// Every (instance, event) of the log is there once.
void check_no_duplicates(const std::vector<json>& log) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const json& line : log) {
    INFO(line.dump());
    CHECK(seen.emplace(line["instance"], line["event"]).second);
  }
}

// Writes "skip" into the FIFO `path` every 100 ms until stopped: a viewer pressing Skip.
class SkipPresser {
 public:
  explicit SkipPresser(fs::path path) : path_(std::move(path)) {
    REQUIRE(::mkfifo(path_.c_str(), 0600) == 0);
    thread_ = std::thread([this] {
      while (!stop_) {
        const int fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) {
          (void)!::write(fd, "skip\n", 5);
          ::close(fd);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  ~SkipPresser() {
    stop_ = true;
    thread_.join();
  }

 private:
  fs::path path_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

TEST_CASE("Loudness: the clips are heard as loud as the episode they interrupt",
          "[e2e][ads][loudness]") {
  // Content at tone volume 0.5; acme louder (0.9), a quiet clip (0.15): neither at -23 LUFS.
  test::SeasonSwarm swarm("ads-loudness", {test::season_with([](json& s) {
                                             one_break_at_2s(s, 2);
                                             s["sponsor_clips"][1]["file"] = "ads/quiet.mp4";
                                           }),
                                           [](const fs::path& season) {
                                             test::make_clip(season / "ads/quiet.mp4", 2, 0.15);
                                           },
                                           {}});
  const json manifest = swarm.manifest();
  REQUIRE(manifest["episodes"][1].contains("loudness_lufs"));
  const double episode_lufs = manifest["episodes"][1]["loudness_lufs"];
  const fs::path capture = swarm.home() / "capture";
  auto r = swarm.play("loud", "--audio-capture=" + capture.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  REQUIRE(test::segment_kinds(swarm.stats_of("loud")) ==
          std::vector<std::string>{"content", "ad", "content"});

  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(capture)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 4);  // content, acme, quiet clip, content
  std::vector<double> lufs;
  for (const fs::path& f : files) {
    auto l = publisher::measure_loudness_lufs(f);
    INFO(f.string());
    REQUIRE(l.ok());
    lufs.push_back(*l);
  }
  CHECK(files[1].filename().string().find("-ad.wav") != std::string::npos);
  CHECK(lufs[0] == Approx(episode_lufs).margin(1.0));  // the capture measures like bundle create
  for (std::size_t i = 1; i <= 2; ++i) {
    INFO("clip " << i << ": " << lufs[i] << " LUFS, content " << lufs[0] << " LUFS");
    CHECK(std::abs(lufs[i] - lufs[0]) <= 1.0);
  }
  // Each clip as published is more than 1 LU away, so only the gain made them agree.
  for (const json& clip : manifest["sponsor_clips"])
    CHECK(std::abs(clip["loudness_lufs"].get<double>() - episode_lufs) > 3.0);
}

TEST_CASE("Skip, then the next clip: its own countdown and its own quartiles", "[e2e][ads][skip]") {
  // One break at 2 s: acme (2 s, skippable after 1 s), then bolt (2 s, not skippable).
  test::SeasonSwarm swarm("ads-skip-next", {test::season_with([](json& s) {
                                              one_break_at_2s(s, 2);
                                              s["sponsor_clips"][1]["advertiser"] = "Bolt Drinks";
                                            }),
                                            {},
                                            {}});
  const fs::path fifo = swarm.home() / "input";
  test::CommandResult r;
  {
    SkipPresser presser(fifo);
    r = swarm.play("skip", "--status-line --input-file=" + fifo.string());
  }
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto log = swarm.tracking();
  check_no_duplicates(log);
  auto acme = events_of(log, 0, "acme-1");
  auto bolt = events_of(log, 0, "bolt-1");
  REQUIRE(acme.count("skip"));
  CHECK(acme["skip"].value("media_time", -1.0) == Approx(1.0).margin(0.3));
  CHECK_FALSE(acme.count("complete"));
  // bolt's events follow its own clock: 25/50/75 % of its 2 s, at their times.
  for (const char* e :
       {"impression", "start", "firstQuartile", "midpoint", "thirdQuartile", "complete"})
    REQUIRE(bolt.count(e));
  CHECK(bolt["start"]["media_time"].get<double>() < 0.2);
  CHECK(bolt["firstQuartile"]["media_time"].get<double>() == Approx(0.5).margin(0.15));
  CHECK(bolt["midpoint"]["media_time"].get<double>() == Approx(1.0).margin(0.15));
  CHECK(bolt["thirdQuartile"]["media_time"].get<double>() == Approx(1.5).margin(0.15));
  // Not stamped in one millisecond: a second of real playback lies between start and the
  // third quartile (1.5 s of media).
  CHECK(bolt["thirdQuartile"]["time"].get<long>() - bolt["start"]["time"].get<long>() >= 1000);
  // The countdown on screen (the status line repeats the OSD's corner) ran down from 0:02.
  CHECK(r.output.find("Ad 2 of 2 \u00b7 0:01 \u00b7 Bolt Drinks") != std::string::npos);
  CHECK(r.output.find("Ad 1 of 2 \u00b7 0:01 \u00b7 Acme") != std::string::npos);
}

TEST_CASE(
    "A restart after a break and mid-episode replays nothing, the log holds each "
    "impression once",
    "[e2e][ads][restart]") {
  // Pre-roll and the mid-rolls at 2 and 4 s, one clip each.
  test::SeasonSwarm swarm("ads-restart", test::one_clip_breaks_with_pre_roll());
  // Run 1: the pre-roll, content, the break at 2 s, content to 3 s; the viewer stops there.
  test::play_past_first_break(swarm, "first");
  const auto after_first = swarm.tracking();
  // Run 2, the same day, from 1 s (before the break at 2 s): neither the pre-roll nor that
  // break plays again; the break at 4 s, never reached, does.
  auto r = swarm.play("second", "--start=1");
  REQUIRE(r.exit_code == 0);
  const json second = swarm.stats_of("second");
  CHECK(test::segment_kinds(second) == std::vector<std::string>{"content", "ad", "content"});
  const auto content = test::content_segments(second);
  REQUIRE(content.size() == 2);
  CHECK(content[0]["last_position"].get<double>() == Approx(3.96).margin(0.05));
  CHECK(content[1]["first_position"].get<double>() == Approx(4.0).margin(0.001));
  // Run 3: a seek back to the start after everything was played: nothing plays but content.
  r = swarm.play("third", "--start=0.5");
  REQUIRE(r.exit_code == 0);
  CHECK(test::segment_kinds(swarm.stats_of("third")) == std::vector<std::string>{"content"});

  const auto log = swarm.tracking();
  check_no_duplicates(log);
  std::map<std::size_t, int> impressions;  // per break
  for (const json& line : log)
    if (line["event"] == "impression") impressions[line["break"].get<std::size_t>()]++;
  CHECK(impressions == std::map<std::size_t, int>{{0, 1}, {1, 1}, {2, 1}});
  CHECK(log.size() > after_first.size());
}

TEST_CASE("A licence added mid-break ends the break, content resumes at the break's frame",
          "[e2e][ads][licence]") {
  // One break at 2 s holding a long clip, so the licence surely arrives while it plays.
  test::SeasonSwarm swarm("ads-licence", only_clip("long-1", "Long", "ads/long.mp4", 30));
  const int pid =
      test::start_background(swarm.play_command("licence", ""), swarm.home() / "licence.log");
  // Wait for the clip to be on screen (its impression), then buy the ad-free tier.
  bool shown = false;
  for (int i = 0; i < 1200 && !shown; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (const json& line : swarm.tracking()) shown = shown || line["event"] == "start";
  }
  REQUIRE(shown);
  swarm.add_ad_free_licence();
  for (int i = 0; i < 1200 && test::process_alive(pid); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE_FALSE(test::process_alive(pid));
  INFO(test::read_file(swarm.home() / "licence.log"));
  const json stats = swarm.stats_of("licence");
  CHECK(test::segment_kinds(stats) == std::vector<std::string>{"content", "ad", "content"});
  CHECK(stats["end_reason"] == "eof");
  const json& resumed = stats["segments"].back();
  CHECK(resumed["first_position"].get<double>() == Approx(2.0).margin(0.001));
  const auto log = swarm.tracking();
  auto clip = events_of(log, 0, "long-1");
  CHECK(clip.count("start"));
  CHECK_FALSE(clip.count("complete"));  // 30 s of clip were not sat through
  CHECK_FALSE(clip.count("midpoint"));
}

TEST_CASE("A clip whose data never arrives is marked error within its timeout, content resumes",
          "[e2e][ads][timeout]") {
  // One break at 2 s: the seeder never has the middle of the clip.
  test::SeasonSwarmOptions options = only_clip("gone-1", "Gone", "ads/gone.mp4", 10);
  options.damage = [](const fs::path& content) {
    // Overwrite all but the first and last 48 KiB: whole pieces of the clip fail their
    // check at the seeder, its neighbours' pieces stay whole.
    const fs::path clip = content / "ads/gone.mp4";
    const auto size = std::int64_t(fs::file_size(clip));
    REQUIRE(size > 4 * 49152);
    std::fstream f(clip, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(49152);
    const std::string zeros(std::size_t(size - 2 * 49152), '\0');
    f.write(zeros.data(), std::streamsize(zeros.size()));
  };
  test::SeasonSwarm swarm("ads-no-data", options);
  const auto started = std::chrono::steady_clock::now();
  auto r = swarm.play("nodata", "");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json stats = swarm.stats_of("nodata");
  CHECK(test::segment_kinds(stats) == std::vector<std::string>{"content", "ad", "content"});
  CHECK(stats["end_reason"] == "eof");
  CHECK(stats["segments"].back()["first_position"].get<double>() == Approx(2.0).margin(0.001));
  auto clip = events_of(swarm.tracking(), 0, "gone-1");
  REQUIRE(clip.count("error"));
  CHECK_FALSE(clip.count("complete"));
  // The whole viewing: 6 s of content and the 10 s timeout, not a hang.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(60));
}

TEST_CASE(
    "A viewer paused at the pre-roll's first picture: the clip waits, neither times out nor "
    "tracks, and plays whole after the resume",
    "[e2e][ads][pause]") {
  // The pre-roll holds acme-1 alone (then the chapter breaks, with one clip each).
  test::SeasonSwarm swarm(
      "ads-paused-start",
      {test::season_with([](json& s) { s["ad_policy"]["clips_per_break"] = 1; }), {}, {}});
  const fs::path fifo = swarm.home() / "input";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const fs::path out = swarm.home() / "paused.log";
  const int pid = test::start_background(
      swarm.play_command("paused", "--pause --status-line --input-file=" + fifo.string()), out);
  // The pre-roll is on screen, paused.
  bool on_screen = false;
  for (int i = 0; i < 1200 && !on_screen && test::process_alive(pid); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    on_screen = test::read_file(out).find("Ad 1 of 1") != std::string::npos;
  }
  REQUIRE(on_screen);
  // Paused longer than the 10 s a clip may go without data.
  std::this_thread::sleep_for(std::chrono::seconds(12));
  CHECK(swarm.tracking().empty());
  REQUIRE(test::process_alive(pid));
  const auto resumed_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  bool sent = false;
  for (int i = 0; i < 100 && !sent; ++i) {
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) {
      sent = ::write(fd, "cycle pause\n", 12) == 12;
      ::close(fd);
    }
    if (!sent) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(sent);
  // One resume is enough for the whole episode: the pause does not come back at each play.
  for (int i = 0; i < 1200 && test::process_alive(pid); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE_FALSE(test::process_alive(pid));
  INFO(test::read_file(out));
  const json stats = swarm.stats_of("paused");
  CHECK(stats["end_reason"] == "eof");
  const auto kinds = test::segment_kinds(stats);
  REQUIRE_FALSE(kinds.empty());
  CHECK(kinds.front() == "ad");
  CHECK(kinds.back() == "content");
  const auto log = swarm.tracking();
  check_no_duplicates(log);
  auto pre_roll = events_of(log, 0, "acme-1");
  CHECK_FALSE(pre_roll.count("error"));
  CHECK_FALSE(pre_roll.count("pause"));  // paused before it was on screen: no ad was paused
  for (const char* e :
       {"impression", "start", "firstQuartile", "midpoint", "thirdQuartile", "complete"})
    CHECK(pre_roll.count(e));
  // Its clock ran from the resume on, not during the pause.
  REQUIRE(pre_roll.count("start"));
  CHECK(pre_roll["start"]["time"].get<long>() >= resumed_at);
  CHECK(pre_roll["start"]["media_time"].get<double>() < 0.2);
}

TEST_CASE(
    "SIGINT and SIGTERM while a sponsor clip plays end the program within a second, its "
    "record written",
    "[e2e][ads][signals]") {
  // The pre-roll first: a clip plays as soon as the episode starts.
  test::SeasonSwarm swarm("ads-signals", test::one_clip_breaks_with_pre_roll());
  for (const int signal : {SIGINT, SIGTERM}) {
    const std::string tag = signal == SIGINT ? "int" : "term";
    INFO(tag);
    const fs::path log = swarm.home() / (tag + ".log");
    const int pid = test::start_background(swarm.play_command(tag, "--status-line"), log);
    REQUIRE(pid > 0);
    bool in_clip = false;
    for (int i = 0; i < 1200 && !in_clip && test::process_alive(pid); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      in_clip = test::read_file(log).find("Ad 1 of 1") != std::string::npos;
    }
    REQUIRE(in_clip);
    const auto sent = std::chrono::steady_clock::now();
    ::kill(pid, signal);
    while (test::process_alive(pid) &&
           std::chrono::steady_clock::now() - sent < std::chrono::seconds(3))
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
    if (test::process_alive(pid)) ::kill(pid, SIGKILL);
    INFO(test::read_file(log));
    CHECK(took < 1.0);
    CHECK(test::exit_status_of(log) == 4);  // mpv's status for a quit by a signal
    const json stats = swarm.stats_of(tag);
    REQUIRE_FALSE(stats["segments"].empty());
    CHECK(stats["segments"][0]["kind"] == "ad");
  }
}

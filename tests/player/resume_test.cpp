// Continue watching with a local file, through the real CLI headless: where a play stops is
// where the next one starts (the first frame's position in --stats-json), unless --start or
// --resume-playback=no say otherwise; a file played to its end starts again at 0; a broken
// watch-later entry is a one-line warning. The bundle's side (ad breaks) is in tests/e2e.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace swarmtv;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A 12 s H.264/AAC episode, a keyframe a second, and the folder the test keeps its state in.
struct Episode {
  explicit Episode(const std::string& tag) : dir(tag), file(dir / "episode.mp4") {
    auto r = test::run(
        "ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "
        "testsrc2=size=160x120:rate=25:duration=12 -f lavfi -i "
        "sine=frequency=440:sample_rate=48000:duration=12 -c:v libx264 -preset ultrafast "
        "-pix_fmt yuv420p -g 25 -c:a aac -b:a 64k " +
            test::shell_quote(file.string()),
        120);
    REQUIRE(r.exit_code == 0);
  }
  // `swarmtv play` of the episode headless and untimed, with `extra` options.
  test::CommandResult play(const std::string& tag, const std::string& extra) const {
    return test::run(
        "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + test::swarmtv_binary() + " play " +
            test::shell_quote(file.string()) +
            " --vo=null --ao=null --untimed --watch-later-dir=" + (dir / "wl").string() +
            " --stats-json=" + (dir / (tag + ".json")).string() + " " + extra,
        120);
  }
  // The media time of the first picture the run `tag` showed.
  double first_position(const std::string& tag) const {
    std::ifstream in(dir / (tag + ".json"));
    const json stats = json::parse(in);
    REQUIRE(!stats["segments"].empty());
    return stats["segments"][0]["first_position"].get<double>();
  }
  // The one entry of the watch-later folder.
  json entry() const {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir / "wl")) files.push_back(e.path());
    REQUIRE(files.size() == 1);
    std::ifstream in(files[0]);
    return json::parse(in);
  }

  test::TempDir dir;
  fs::path file;
};

}  // namespace

TEST_CASE("Continue watching: a stopped file resumes there, --start and --resume-playback=no win",
          "[cli][resume]") {
  Episode ep("resume-local");
  // Run 1: the viewer stops at 4 s.
  auto r = ep.play("first", "--end=4");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(ep.first_position("first") == Approx(0.0).margin(0.001));
  CHECK(ep.entry()["position"].get<double>() == Approx(4.0).margin(0.05));
  CHECK_FALSE(ep.entry()["watched"].get<bool>());
  // Run 2: the first frame is where run 1 stopped, and the terminal says so.
  r = ep.play("second", "--frames=5");
  REQUIRE(r.exit_code == 0);
  CHECK(ep.first_position("second") == Approx(4.0).margin(0.05));
  CHECK(r.output.find("resuming at") != std::string::npos);
  // --start overrides the saved position (and its stop is saved in turn).
  r = ep.play("start", "--start=2 --end=6");
  REQUIRE(r.exit_code == 0);
  CHECK(ep.first_position("start") == Approx(2.0).margin(0.001));
  CHECK(ep.entry()["position"].get<double>() == Approx(6.0).margin(0.05));
  // --resume-playback=no starts at 0.
  r = ep.play("no", "--resume-playback=no --frames=5");
  REQUIRE(r.exit_code == 0);
  CHECK(ep.first_position("no") == Approx(0.0).margin(0.001));
}

TEST_CASE("Continue watching: a file played to its end is watched and restarts at 0",
          "[cli][resume]") {
  Episode ep("resume-watched");
  auto r = ep.play("first", "--start=5");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(ep.entry()["watched"].get<bool>());
  r = ep.play("again", "--frames=5");
  REQUIRE(r.exit_code == 0);
  CHECK(ep.first_position("again") == Approx(0.0).margin(0.001));
  CHECK(r.output.find("resuming") == std::string::npos);
  // Stopping within the last 5 % (at most 10 s) is watched too.
  r = ep.play("credits", "--start=11.6 --end=11.8");
  REQUIRE(r.exit_code == 0);
  CHECK(ep.entry()["watched"].get<bool>());
}

TEST_CASE("Continue watching: a broken watch-later entry is a one-line warning and a start at 0",
          "[cli][resume]") {
  Episode ep("resume-broken");
  REQUIRE(ep.play("first", "--end=4").exit_code == 0);
  for (const auto& e : fs::directory_iterator(ep.dir / "wl"))
    std::ofstream(e.path(), std::ios::trunc) << "{\"format\":1,\"key\":\x01 not json";
  auto r = ep.play("after", "--frames=5");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(ep.first_position("after") == Approx(0.0).margin(0.001));
  const auto warning = r.output.find("swarmtv: warning: watch-later entry ");
  REQUIRE(warning != std::string::npos);
  const std::string line = r.output.substr(warning, r.output.find('\n', warning) - warning);
  CHECK(line.find("; playing from the start") != std::string::npos);
  // The run saved a good entry over it.
  CHECK(ep.entry()["position"].get<double>() > 0.0);
}

TEST_CASE("Continue watching: a SIGTERM while playing saves the position, the next play resumes",
          "[cli][resume][signal]") {
  Episode ep("resume-signal");
  // Timed playback; the status line (to the log) says how far it got.
  const fs::path log = ep.dir / "play.log";
  const int pid = test::start_background(
      "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + test::swarmtv_binary() + " play " +
          test::shell_quote(ep.file.string()) + " --vo=null --ao=null --status-line " +
          "--watch-later-dir=" + (ep.dir / "wl").string(),
      log);
  bool past_3s = false;
  for (int i = 0; i < 600 && !past_3s; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    past_3s = text.find("AV: 00:00:03") != std::string::npos;
  }
  REQUIRE(past_3s);
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 100 && test::process_alive(pid); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE_FALSE(test::process_alive(pid));
  CHECK(test::exit_status_of(log) == 4);  // mpv's status for a quit by a signal
  const double saved = ep.entry()["position"].get<double>();
  CHECK(saved >= 3.0);
  CHECK(saved < 11.0);
  auto r = ep.play("resumed", "--frames=5");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(ep.first_position("resumed") == Approx(saved).margin(0.05));
}

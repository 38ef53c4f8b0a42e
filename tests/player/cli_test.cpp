#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace swarmtv;

namespace {

test::CommandResult play(const std::string& args) {
  return test::run(
      "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + test::swarmtv_binary() + " play " + args,
      120);
}

// Sends `signal` to `pid` and returns how long it took to end, in ms (at most about 3000: then
// the process is killed, and the test fails on the time).
int ms_to_end_after(int pid, int signal) {
  ::kill(pid, signal);
  int waited_ms = 0;
  while (test::process_alive(pid) && waited_ms < 3000) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    waited_ms += 50;
  }
  if (test::process_alive(pid)) {
    ::kill(pid, SIGKILL);
    return waited_ms + 1;
  }
  return waited_ms;
}

int count_lines(const std::string& s) {
  return int(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST_CASE("Bad input gets a one-line error and a non-zero exit", "[cli]") {
  const auto [file, message] =
      GENERATE(std::pair{"truncated_no_index.mp4", "not a media file"},
               std::pair{"random.bin", "not a media file"}, std::pair{"empty.mp4", "empty"},
               std::pair{"no_av_stream.mp4", "no audio or video stream"},
               // Its sample table asks FFmpeg for 1 GiB; with FFmpeg's allocations capped
               // (decoder::limit_ffmpeg_allocations) the open fails at once, allocating nothing.
               std::pair{"gigabyte_table.mp4", "(Cannot allocate memory)"});
  INFO(file);
  auto r = play(test::shell_quote(test::media(file).string()) + " --vo=null --ao=null");
  CHECK(r.exit_code == 1);
  CHECK(r.output.find(message) != std::string::npos);
  CHECK(r.output.rfind("swarmtv: ", 0) == 0);
  CHECK(count_lines(r.output) == 1);
}

TEST_CASE("A missing file and bad options are reported, not crashed on", "[cli]") {
  auto r = play("/nonexistent/episode.mp4 --vo=null --ao=null");
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("No such file") != std::string::npos);
  r = play("");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("no input") != std::string::npos);
  r = play("x.mp4 --frames=abc");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("--frames") != std::string::npos);
  r = play("x.mp4 --framedrop=sometimes");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("--framedrop") != std::string::npos);
  r = play("x.mp4 --bogus");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("unknown option --bogus") != std::string::npos);
}

TEST_CASE("A truncated file plays what it has and warns", "[cli]") {
  test::TempDir dir("cli");
  auto r = play(test::shell_quote(test::media("truncated_half.mp4").string()) +
                " --vo=null --ao=null --untimed --stats-json=" + (dir / "s.json").string());
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("truncated") != std::string::npos);
  std::ifstream in(dir / "s.json");
  auto stats = nlohmann::json::parse(in);
  CHECK(stats["frames"]["shown"].get<long>() > 100);
  CHECK(stats["frames"]["shown"].get<long>() < 500);
}

TEST_CASE("The stats JSON records the run, and --start, --end and --frames bound it", "[cli]") {
  test::TempDir dir("cli");
  const auto stats_file = dir / "s.json";
  auto r = play(
      test::shell_quote(test::media("h264_aac_front.mp4").string()) +
      " --vo=null --ao=null --untimed --start=5 --frames=20 --stats-json=" + stats_file.string());
  REQUIRE(r.exit_code == 0);
  std::ifstream in(stats_file);
  auto stats = nlohmann::json::parse(in);
  CHECK(stats["frames"]["shown"] == 20);
  CHECK(stats["end_reason"] == "frames");
  CHECK(stats["segments"][0]["first_position"].get<double>() == Approx(5.0));
  CHECK(stats["time_to_first_frame"].get<double>() > 0.0);
  CHECK(stats["bytes_before_first_frame"].get<long>() > 0);
  CHECK(stats["bytes_fetched_before_first_frame"] == 0);  // a local file fetches nothing
  CHECK(stats["stalls"].is_array());
  CHECK(stats.contains("max_av_drift"));

  r = play(test::shell_quote(test::media("h264_aac_front.mp4").string()) +
           " --vo=null --ao=null --untimed --end=2 --no-audio --stats-json=" + stats_file.string());
  REQUIRE(r.exit_code == 0);
  std::ifstream in2(stats_file);
  stats = nlohmann::json::parse(in2);
  CHECK(stats["end_reason"] == "end");
  CHECK(stats["segments"][0]["last_position"].get<double>() == Approx(2.0).margin(0.05));
}

TEST_CASE("swarmtv seed --loopback=ADDR takes only an address in 127.0.0.0/8", "[cli]") {
  for (const char* bad : {"10.0.0.1", "localhost", "127.0.0", "::1"}) {
    INFO(bad);
    const auto r = test::run(test::swarmtv_binary() + " seed " +
                             test::shell_quote(test::media("short_av.mp4").string()) +
                             " --loopback=" + test::shell_quote(bad));
    CHECK(r.exit_code == 2);
    CHECK(count_lines(r.output) == 1);
    CHECK(r.output.find("127.0.0.0/8") != std::string::npos);
  }
}

TEST_CASE("A start that is not a time, or at or past the end, is refused at once", "[cli]") {
  for (const char* bad : {"inf", "1e400", "99:99:99", "nan", "0x10", "1:60", "-5", "1::2"}) {
    INFO(bad);
    auto r = play(std::string("x.mp4 --start=") + bad);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("is not a time") != std::string::npos);
  }
  // A position past the end used to buffer at "200%" for ever.
  auto r = play(test::shell_quote(test::media("h264_aac_front.mp4").string()) +
                " --vo=null --ao=null --start=1:00:00");
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("past the end") != std::string::npos);
  CHECK(count_lines(r.output) == 1);
  r = play(test::shell_quote(test::media("h264_aac_front.mp4").string()) +
           " --vo=null --ao=null --untimed --start=0:01.5 --frames=1");
  CHECK(r.exit_code == 0);
}

TEST_CASE(
    "Ctrl+C and SIGTERM end play, play --list and serve while a magnet link's metadata "
    "never comes",
    "[cli][signals]") {
  test::TempDir dir("metadata-signal");
  // A magnet link nobody seeds: the wait for its metadata never ends by itself (60 s timeout).
  const std::string magnet = "'magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567'";
  const std::string common = " --loopback --download-dir " + (dir / "dl").string();
  const std::string play = "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + test::swarmtv_binary() +
                           " play " + magnet + " --vo=null --ao=null";
  // As mpv, play ends with 4 after a signal; serve, a daemon, with 0.
  for (const auto& [command, status] :
       {std::pair{play + common, 4},
        {play + " --list" + common, 4},
        {test::swarmtv_binary() + " serve " + magnet + " --port=0" + common, 0}})
    for (const int signal : {SIGINT, SIGTERM}) {
      INFO(command << " / signal " << signal);
      const int pid = test::start_background(command, dir / "log");
      REQUIRE(pid > 0);
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      REQUIRE(test::process_alive(pid));            // still waiting for the metadata
      CHECK(ms_to_end_after(pid, signal) <= 1000);  // within a second of the signal
      CHECK(test::exit_status_of(dir / "log") == status);
    }
}

TEST_CASE("Ctrl+C and SIGTERM end play while a read waits for a piece that never comes",
          "[cli][signals]") {
  test::TempDir dir("blocked-read-signal");
  // A .torrent whose only seeder is gone: the demuxer's first read waits for the head forever.
  const std::string torrent = (dir / "episode.torrent").string();
  // The seeder writes the .torrent, then is stopped.
  test::run(test::swarmtv_binary() + " seed " +
                test::shell_quote(test::media("h264_aac_front.mp4").string()) +
                " --loopback --torrent-out " + torrent + " --state-dir " + (dir / "seed").string() +
                " & pid=$!; for i in $(seq 100); do " + "[ -s " + torrent +
                " ] && break; sleep 0.1; done; kill $pid; " + "wait $pid",
            30);
  REQUIRE(std::filesystem::file_size(torrent) > 0);
  for (const int signal : {SIGINT, SIGTERM}) {
    INFO("signal " << signal);
    const std::filesystem::path log = dir / ("play-" + std::to_string(signal) + ".log");
    const int pid = test::start_background("SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " +
                                               test::swarmtv_binary() + " play " + torrent +
                                               " --vo=null --ao=null --loopback --download-dir " +
                                               (dir / ("dl" + std::to_string(signal))).string(),
                                           log);
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    REQUIRE(test::process_alive(pid));            // still waiting for the head's piece
    CHECK(ms_to_end_after(pid, signal) <= 1000);  // within a second of the signal
    CHECK(test::exit_status_of(log) == 4);
    std::ifstream in(log);
    const std::string output((std::istreambuf_iterator<char>(in)), {});
    CHECK(output.find("Sanitizer") == std::string::npos);
    CHECK(output.find("runtime error") == std::string::npos);
  }
}

TEST_CASE("swarmtv seed --port of a port in use is an error, not another port", "[cli]") {
  test::TempDir dir("seed-port");
  const std::string media = test::shell_quote(test::media("short_av.mp4").string());
  const int pid = test::start_background(
      test::swarmtv_binary() + " seed " + media + " --loopback --state-dir " + (dir / "a").string(),
      dir / "a.log");
  REQUIRE(pid > 0);
  std::string port;
  for (int i = 0; i < 300 && port.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream in(dir / "a.log");
    const std::string log((std::istreambuf_iterator<char>(in)), {});
    if (auto at = log.find(" on port "); at != std::string::npos)
      port = log.substr(at + 9, log.find_first_not_of("0123456789", at + 9) - at - 9);
  }
  REQUIRE_FALSE(port.empty());
  const auto r = test::run(test::swarmtv_binary() + " seed " + media +
                           " --loopback --port=" + port + " --state-dir " + (dir / "b").string());
  ::kill(pid, SIGTERM);
  CHECK(r.exit_code == 1);
  CHECK(count_lines(r.output) == 1);
  CHECK(r.output.find("cannot listen on port " + port) != std::string::npos);
}

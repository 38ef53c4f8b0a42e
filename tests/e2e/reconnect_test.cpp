// Seeders that go away and come back, and seeders that never come: the swarmtv executable as a
// user runs it (`seed`, `play`, `serve`), every process on 127.0.0.1 with --loopback.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace swarmtv;
using namespace std::chrono_literals;
using test::shell_quote;

namespace {

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A `swarmtv seed` process of `media` at `upload_limit` bytes/s, on `port` (0: any free one).
struct SeedProcess {
  int pid = -1;
  int port = 0;
};

SeedProcess start_seeder(const std::filesystem::path& media, const test::TempDir& dir, int port,
                         int upload_limit, const std::string& tag) {
  const auto log = dir / (tag + ".log");
  SeedProcess out;
  out.pid = test::start_background(
      test::swarmtv_binary() + " seed " + shell_quote(media.string()) +
          " --loopback --upload-limit " + std::to_string(upload_limit) + " --port " +
          std::to_string(port) + " --state-dir " + shell_quote((dir / "seed-state").string()) +
          " --torrent-out " + shell_quote((dir / "episode.torrent").string()),
      log);
  REQUIRE(out.pid > 0);
  for (int i = 0; i < 300 && out.port == 0; ++i) {
    const std::string text = read_text(log);
    if (auto at = text.find(" on port "); at != std::string::npos)
      out.port = std::stoi(text.substr(at + 9));
    else
      std::this_thread::sleep_for(100ms);
  }
  INFO(read_text(log));
  REQUIRE(out.port > 0);
  return out;
}

void stop(SeedProcess& seeder, int signal) {
  if (seeder.pid <= 0) return;
  ::kill(seeder.pid, signal);
  for (int i = 0; i < 50 && test::process_alive(seeder.pid); ++i)
    std::this_thread::sleep_for(100ms);
  seeder.pid = -1;
}

std::string play_command(const test::TempDir& dir, int peer_port, const std::string& extra) {
  return "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + test::swarmtv_binary() + " play " +
         shell_quote((dir / "episode.torrent").string()) +
         " --vo=null --ao=null --no-status-line --loopback --peer 127.0.0.1:" +
         std::to_string(peer_port) + " --download-dir " + shell_quote((dir / "dl").string()) + " " +
         extra;
}

}  // namespace

TEST_CASE("play: the only seeder killed mid-play and back on the same port 7 s later: it ends",
          "[e2e][reconnect]") {
  test::TempDir dir("reconnect-play");
  const auto media = test::media("h264_aac_front.mp4");  // 20 s, about 50 kB/s
  // 1.5x the bitrate: 4 s in, about a third of the file is here.
  SeedProcess seeder = start_seeder(media, dir, 0, 75'000, "seed-1");
  const int port = seeder.port;
  std::thread outage([&] {
    std::this_thread::sleep_for(4s);
    stop(seeder, SIGKILL);  // no goodbye to its peers
    // Longer than libtorrent keeps trying (3 failures, 1 + 2 + 3 s apart).
    std::this_thread::sleep_for(7s);
    seeder = start_seeder(media, dir, port, 75'000, "seed-2");
  });
  const auto stats_file = dir / "stats.json";
  const auto r = test::run(play_command(dir, port, "--stats-json " + stats_file.string()), 150);
  outage.join();
  stop(seeder, SIGTERM);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("Sanitizer") == std::string::npos);
  CHECK(r.output.find("runtime error") == std::string::npos);
  const auto stats = nlohmann::json::parse(read_text(stats_file));
  CHECK(stats["end_reason"] == "eof");
  CHECK(stats["frames"]["shown"].get<long>() + stats["frames"]["dropped"].get<long>() ==
        test::ffprobe_frame_count(media, "v:0"));
  CHECK(stats["stalls"].size() >= 1);  // the outage did hit playback
}

TEST_CASE("serve: started while its --peer seeder is down, it serves the file once it is up",
          "[e2e][reconnect][http]") {
  test::TempDir dir("reconnect-serve");
  const auto media = test::media("short_av.mp4");
  // The seeder writes the .torrent and says its port, then goes away.
  SeedProcess seeder = start_seeder(media, dir, 0, 0, "seed-1");
  const int port = seeder.port;
  stop(seeder, SIGTERM);
  const auto out = dir / "serve.log";
  const auto body = dir / "body";
  const int serve = test::start_background(
      test::swarmtv_binary() + " serve " + shell_quote((dir / "episode.torrent").string()) +
          " --loopback --port 0 --peer 127.0.0.1:" + std::to_string(port) + " --download-dir " +
          shell_quote((dir / "dl").string()),
      out);
  REQUIRE(serve > 0);
  std::string url;
  for (int i = 0; i < 300 && url.empty(); ++i) {
    const std::string text = read_text(out);
    if (auto at = text.find("http://"); at != std::string::npos)
      url = text.substr(at, text.find_first_of(" \n", at) - at);
    else
      std::this_thread::sleep_for(100ms);
  }
  REQUIRE_FALSE(url.empty());
  // The request starts the download; libtorrent tries the peer 3 times in about 6 s and gives
  // up. The seeder comes back after that.
  std::thread comeback([&] {
    std::this_thread::sleep_for(9s);
    seeder = start_seeder(media, dir, port, 0, "seed-2");
  });
  const auto r = test::run("curl -sS --noproxy '*' --max-time 60 -o " + shell_quote(body.string()) +
                               " -w '%{http_code}' " + shell_quote(url + "files/0/short_av.mp4"),
                           90);
  comeback.join();
  ::kill(serve, SIGTERM);
  stop(seeder, SIGTERM);
  INFO(read_text(out));
  CHECK(r.output == "200");
  CHECK(read_text(body) == read_text(media));
}

TEST_CASE("play with a network timeout ends when the swarm sends nothing, bad values are refused",
          "[e2e][reconnect][cli]") {
  test::TempDir dir("network-timeout");
  SeedProcess seeder = start_seeder(test::media("short_av.mp4"), dir, 0, 0, "seed");
  const int port = seeder.port;
  stop(seeder, SIGTERM);  // and it never comes back
  const auto r = test::run(play_command(dir, port, "--network-timeout=2"), 60);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.rfind("swarmtv: ", 0) == 0);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  CHECK(r.output.find("no data from the swarm for 2 s") != std::string::npos);

  for (const std::string bad :
       {"--network-timeout=-1", "--network-timeout=1e9", "--network-timeout=soon",
        "--metadata-timeout=0", "--metadata-timeout=9223372036854775807"}) {
    INFO(bad);
    const auto b = test::run(play_command(dir, port, bad), 30);
    CHECK(b.exit_code == 2);
    CHECK(std::count(b.output.begin(), b.output.end(), '\n') == 1);
    CHECK_THAT(b.output, Catch::Contains("option --") && !Catch::Contains("-9223372036854775"));
  }
}

TEST_CASE("play onto a full disk ends with 'no space left on the device' and the directory",
          "[e2e][cli]") {
  test::TempDir dir("disk-full");
  const auto media = test::media("short_av.mp4");
  SeedProcess seeder = start_seeder(media, dir, 0, 0, "seed");
  // Without root no small file system can be mounted: the download's file is /dev/full, where
  // every write fails with ENOSPC, as on a full disk (libtorrent opens it through the link).
  std::filesystem::create_directories(dir / "dl");
  std::filesystem::create_symlink("/dev/full", dir / "dl" / "short_av.mp4");
  const auto r = test::run(play_command(dir, seeder.port, ""), 60);
  stop(seeder, SIGTERM);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  CHECK(r.output.find("no space left on the device for " + (dir / "dl").string()) !=
        std::string::npos);
  CHECK(r.output.find("Input/output error") == std::string::npos);
}

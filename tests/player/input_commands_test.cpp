#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "swarmtv/player/input_commands.h"
#include "test_support.h"

using namespace swarmtv;
using player::Command;
using player::parse_input_command;

namespace {

// The command `line` parses to; fails the test if it is malformed or blank.
Command parse_ok(std::string_view line) {
  auto c = parse_input_command(line);
  REQUIRE(c);
  REQUIRE(*c);
  return **c;
}

}  // namespace

TEST_CASE("input commands parse as mpv's do", "[input]") {
  auto c = parse_ok("seek 10");
  CHECK((c.type == Command::Type::seek_relative && c.value == 10.0 && !c.exact));
  c = parse_ok("  seek -5.5 relative exact\r");
  CHECK((c.type == Command::Type::seek_relative && c.value == -5.5 && c.exact));
  c = parse_ok("seek 90 absolute");
  CHECK((c.type == Command::Type::seek_absolute && c.value == 90.0));
  c = parse_ok("seek 50 absolute-percent");
  CHECK((c.type == Command::Type::seek_fraction && c.value == 0.5));
  CHECK(parse_ok("cycle pause").type == Command::Type::toggle_pause);
  CHECK(parse_ok("quit").type == Command::Type::quit);
  CHECK(parse_ok("frame-step").type == Command::Type::frame_step);
  CHECK(parse_ok("skip").type == Command::Type::skip);
  c = parse_ok("cycle sub");
  CHECK((c.type == Command::Type::cycle_subtitles && c.value == 1.0));
  c = parse_ok("cycle sub down");
  CHECK((c.type == Command::Type::cycle_subtitles && c.value == -1.0));
  CHECK(parse_ok("cycle sub-visibility").type == Command::Type::toggle_subtitles);

  // Blank lines and comments: nothing, and no error.
  for (const char* blank : {"", "   # a comment"}) {
    INFO(blank);
    auto none = parse_input_command(blank);
    REQUIRE(none);
    CHECK_FALSE(*none);
  }
  // Malformed: an error with a one-line reason.
  for (const char* bad : {"seek", "seek abc", "seek 5 sideways", "seek 150 absolute-percent",
                          "jump 5", "quit now", "cycle volume", "cycle sub sideways"}) {
    INFO(bad);
    auto parsed = parse_input_command(bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == Errc::invalid_argument);
    CHECK_FALSE(parsed.error().message.empty());
    CHECK(parsed.error().message.find('\n') == std::string::npos);
  }
}

TEST_CASE("commands from --input-file drive a headless player: a seek to 50 % lands there",
          "[input][cli]") {
  test::TempDir dir("input-file");
  const auto commands = dir / "commands";
  std::ofstream(commands) << "# seek, then play on to the end\nseek 50 absolute-percent\n";
  const auto stats_file = dir / "s.json";
  const auto r =
      test::run("SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + test::swarmtv_binary() + " play " +
                    test::shell_quote(test::media("h264_aac_front.mp4").string()) +
                    " --vo=null --ao=null --untimed --input-file=" + commands.string() +
                    " --stats-json=" + stats_file.string(),
                120);
  REQUIRE(r.exit_code == 0);
  std::ifstream in(stats_file);
  const auto stats = nlohmann::json::parse(in);
  REQUIRE(stats["seeks"].size() == 1);
  const auto probe = test::run("ffprobe -v error -show_entries format=duration -of csv=p=0 " +
                               test::shell_quote(test::media("h264_aac_front.mp4").string()));
  const double duration = std::stod(probe.output);
  CHECK(stats["seeks"][0]["target"].get<double>() == Approx(duration / 2).margin(0.1));
  CHECK(stats["seeks"][0]["latency"].get<double>() >= 0.0);
  CHECK(stats["seeks"][0]["bytes_read"].get<long>() > 0);
  CHECK(stats["end_reason"] == "eof");
  // Played on from there: the frames shown after the seek run to the end.
  CHECK(stats["segments"][0]["last_position"].get<double>() > duration / 2 + 1.0);
}

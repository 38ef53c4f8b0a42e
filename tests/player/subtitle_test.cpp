// Subtitles through the real `swarmtv play`: which text shows, when, after seeks, and what a
// broken file does. The cues come from tests/support/make-test-media.sh (subs.srt): "First line"
// 1.0–2.5 s, "Second cue\nwith two lines" 3.0–4.0 s, "Third cue" 5.2–6.8 s.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/player/player.h"
#include "test_support.h"

using namespace swarmtv;
using nlohmann::json;

namespace {

struct Run {
  test::CommandResult result;
  json stats;
};

Run play(const std::string& file, const std::string& args) {
  test::TempDir dir("subtitles");
  const auto stats_file = dir / "s.json";
  Run run;
  run.result = test::run(
      "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + test::swarmtv_binary() + " play " +
          test::shell_quote(test::media(file).string()) +
          " --vo=null --ao=null --no-status-line --stats-json=" + stats_file.string() + " " + args,
      120);
  std::ifstream in(stats_file);
  if (in) run.stats = json::parse(in, nullptr, /*allow_exceptions=*/false);
  return run;
}

std::vector<std::string> texts(const json& stats) {
  std::vector<std::string> out;
  for (const auto& s : stats["subtitles"]) out.push_back(s["text"]);
  return out;
}

// Where each cue came on screen relative to the first picture, in media time: the player's
// clock ran in real time, so a cue shown on time appears `start - first_position` seconds after
// the first frame.
void check_shown_on_time(const json& stats) {
  const double first_frame = stats["time_to_first_frame"];
  const double first_position = stats["segments"][0]["first_position"];
  for (const auto& s : stats["subtitles"]) {
    INFO(s.dump());
    const double expected = std::max(0.0, s["start"].get<double>() - first_position);
    CHECK(s["shown"].get<double>() - first_frame == Approx(expected).margin(0.25));
  }
}

const std::vector<std::string> kAllCues = {"First line", "Second cue\nwith two lines", "Third cue"};

}  // namespace

TEST_CASE("An MKV's SubRip track shows each cue at its time, with its markup removed",
          "[subtitles][cli]") {
  const Run run = play("subs_srt_ass.mkv", "");
  REQUIRE(run.result.exit_code == 0);
  CHECK(texts(run.stats) == kAllCues);
  const auto& subs = run.stats["subtitles"];
  REQUIRE(subs.size() == 3);
  // The MKV's timeline starts where its first picture is (21 ms in: the AAC encoder's delay).
  const double zero = run.stats["segments"][0]["first_position"];
  CHECK(subs[0]["start"].get<double>() == Approx(zero + 1.0).margin(0.002));
  CHECK(subs[0]["end"].get<double>() == Approx(zero + 2.5).margin(0.002));
  CHECK(subs[2]["start"].get<double>() == Approx(zero + 5.2).margin(0.002));
  CHECK(subs[2]["end"].get<double>() == Approx(zero + 6.8).margin(0.002));
  check_shown_on_time(run.stats);
  CHECK(run.stats["warnings"].empty());
}

TEST_CASE("An ASS track shows its Text field as plain text (--sid=2)", "[subtitles][cli]") {
  const Run run = play("subs_srt_ass.mkv", "--sid=2 --untimed");
  REQUIRE(run.result.exit_code == 0);
  CHECK(texts(run.stats) == std::vector<std::string>{"Styled, with commas\nsecond line"});
  const double zero = run.stats["segments"][0]["first_position"];
  CHECK(run.stats["subtitles"][0]["start"].get<double>() == Approx(zero + 1.5).margin(0.002));
  CHECK(run.stats["subtitles"][0]["end"].get<double>() == Approx(zero + 3.0).margin(0.002));
}

TEST_CASE("Subtitles: --sid=no shows nothing, and a track that does not exist warns",
          "[subtitles][cli]") {
  Run run = play("subs_srt_ass.mkv", "--sid=no --untimed");
  REQUIRE(run.result.exit_code == 0);
  CHECK(run.stats["subtitles"].empty());
  CHECK(run.stats["frames"]["shown"].get<long>() == 200);
  run = play("subs_srt_ass.mkv", "--sid=3 --untimed");
  REQUIRE(run.result.exit_code == 0);
  CHECK(run.stats["subtitles"].empty());
  CHECK(run.result.output.find("swarmtv: warning: there is no subtitle track 3") !=
        std::string::npos);
  run = play("subs_srt_ass.mkv", "--sid=abc");
  CHECK(run.result.exit_code == 2);
}

TEST_CASE("mov_text in an MP4 and a .srt beside an MP4 show the same cues at their times",
          "[subtitles][cli]") {
  for (const char* file : {"subs_mov_text.mp4", "beside.mp4"}) {
    INFO(file);
    const Run run = play(file, "");
    REQUIRE(run.result.exit_code == 0);
    CHECK(texts(run.stats) == kAllCues);
    check_shown_on_time(run.stats);
    CHECK(run.stats["warnings"].empty());
  }
}

TEST_CASE("After a seek the cue at the new position shows, and nothing from before",
          "[subtitles][cli]") {
  // A start inside the third cue, in an MKV: the seek lands on the keyframe at 5 s, before the
  // cue's packet.
  Run run = play("subs_srt_ass.mkv", "--start=5.5");
  REQUIRE(run.result.exit_code == 0);
  CHECK(texts(run.stats) == std::vector<std::string>{"Third cue"});
  check_shown_on_time(run.stats);

  // Inside the third cue, after the keyframe at 6 s: the cue's packet lies before the keyframe
  // the seek lands on, and a preroll reads it.
  for (const char* file : {"subs_srt_ass.mkv", "subs_mov_text.mp4"}) {
    INFO(file);
    run = play(file, "--start=6.3 --untimed");
    REQUIRE(run.result.exit_code == 0);
    CHECK(texts(run.stats) == std::vector<std::string>{"Third cue"});
    CHECK(run.stats["segments"][0]["first_position"].get<double>() == Approx(6.3).margin(0.045));
    CHECK(run.stats["frames"]["shown"].get<long>() == Approx(8 * 25 - 6.3 * 25).margin(2));
  }

  // A seek command into the middle of the second cue of the file beside the video.
  test::TempDir dir("subtitle-seek");
  std::ofstream(dir / "commands") << "seek 3.5 absolute exact\n";
  run = play("beside.mp4", "--input-file=" + (dir / "commands").string());
  REQUIRE(run.result.exit_code == 0);
  REQUIRE(run.stats["seeks"].size() == 1);
  CHECK(texts(run.stats) == std::vector<std::string>{"Second cue\nwith two lines", "Third cue"});
  // On time from the seek's first picture (at 3.5 s) on.
  const auto& seek = run.stats["seeks"][0];
  const double landed = seek["requested"].get<double>() + seek["latency"].get<double>();
  REQUIRE(run.stats["subtitles"].size() == 2);
  CHECK(run.stats["subtitles"][0]["shown"].get<double>() == Approx(landed).margin(0.25));
  CHECK(run.stats["subtitles"][1]["shown"].get<double>() ==
        Approx(landed + (5.2 - 3.5)).margin(0.25));
}

TEST_CASE("Subtitle files given with --sub-file come after the embedded tracks and show first",
          "[subtitles][cli]") {
  const std::string vtt = test::shell_quote(test::media("subs.vtt").string());
  Run run = play("subs_srt_ass.mkv", "--untimed --sub-file=" + vtt);
  REQUIRE(run.result.exit_code == 0);
  CHECK(texts(run.stats) == std::vector<std::string>{"From WebVTT"});
  CHECK(run.stats["subtitles"][0]["start"].get<double>() == Approx(2.0));
  CHECK(run.stats["subtitles"][0]["end"].get<double>() == Approx(3.5));
  // Tracks 1 and 2 are the MKV's, 3 the WebVTT file, 4 the ASS file.
  run = play("subs_srt_ass.mkv", "--untimed --sid=4 --sub-file=" + vtt + " --sub-file=" +
                                     test::shell_quote(test::media("subs.ass").string()));
  REQUIRE(run.result.exit_code == 0);
  CHECK(texts(run.stats) == std::vector<std::string>{"Styled, with commas\nsecond line"});
}

TEST_CASE("A broken .srt gives a one-line warning and the video plays", "[subtitles][cli]") {
  Run run = play("broken_beside.mp4", "--untimed");
  REQUIRE(run.result.exit_code == 0);
  CHECK(run.stats["frames"]["shown"].get<long>() == 200);
  CHECK(run.stats["subtitles"].empty());
  CHECK(run.result.output ==
        "swarmtv: warning: broken_beside.srt: no subtitle could be read from the file\n");
  // Not text at all, and not a subtitle format.
  run = play("beside.mp4",
             "--untimed --sub-file=" + test::shell_quote(test::media("random.bin").string()) +
                 " --sub-file=" + test::shell_quote(test::media("h264_aac_front.mp4").string()));
  REQUIRE(run.result.exit_code == 0);
  CHECK(run.stats["frames"]["shown"].get<long>() == 200);
  CHECK(run.stats["warnings"].size() == 2);
  CHECK(texts(run.stats) == kAllCues);  // the good file beside the video still shows
}

TEST_CASE("A seek back shows the cue of the new position at once, never the one left",
          "[subtitles]") {
  auto source = decoder::FileByteSource::open(test::media("subs_srt_ass.mkv"));
  REQUIRE(source);
  std::atomic<double> pts{0.0};
  player::PlayerOptions options;
  options.video_output = "null";
  options.audio_output = "null";
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime t_time) {
    const double t = swarmtv::test::seconds_of(t_time);
    pts = t;
  };
  player::Player player(options);
  std::thread script([&] {
    auto wait_pts = [&](auto done) {
      const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (!done() && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    };
    wait_pts([&] { return pts >= 5.6; });  // "Third cue" on screen
    player.post({player::Command::Type::seek_absolute, 1.6, true});
    wait_pts([&] { return pts < 2.0; });
    wait_pts([&] { return pts >= 2.0; });
    player.post({player::Command::Type::quit});
  });
  player.play(**source, {});
  script.join();
  const auto& stats = player.stats();
  REQUIRE(stats.seeks.size() == 1);
  const double landed = stats.seeks[0].requested + stats.seeks[0].latency;
  std::vector<std::string> after;
  for (const auto& s : stats.subtitles)
    if (s.shown >= landed - 0.001) after.push_back(s.text);
  // The first picture after the seek (1.6 s) comes with the first cue, decoded before the seek.
  CHECK(after == std::vector<std::string>{"First line"});
  REQUIRE(stats.subtitles.size() == 4);
  CHECK(stats.subtitles[3].shown == Approx(landed).margin(0.001));
}

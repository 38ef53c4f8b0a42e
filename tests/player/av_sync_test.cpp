#include <catch2/catch.hpp>

#include <thread>

#include "null_outputs.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/player/clock.h"
#include "swarmtv/player/player.h"
#include "test_support.h"

using namespace swarmtv;
using namespace std::chrono_literals;

TEST_CASE("Timed headless playback of 20 s keeps audio and video within 40 ms", "[sync]") {
  const auto path = test::media("h264_aac_front.mp4");
  auto source = decoder::FileByteSource::open(path);
  REQUIRE(source);
  player::PlayerOptions options = test::null_outputs();
  player::Player player(options);
  const double started = player::now_seconds();
  auto result = player.play(**source, {});
  const double elapsed = player::now_seconds() - started;
  CHECK(result.reason == player::EndReason::end_of_file);
  const auto& stats = player.stats();
  // A picture is shown until it is one frame late (40 ms here), and dropped after that; what
  // a loaded machine adds is the thread's wake-up delay. Lost sync would drift without bound.
  CHECK(stats.max_av_drift < 80ms);
  // Real time: the 20 s took about 20 s, and every picture was decoded and accounted for.
  CHECK(elapsed > 19.0);
  CHECK(elapsed < 30.0);
  CHECK(stats.frames_shown + stats.frames_dropped == test::ffprobe_frame_count(path, "v:0"));
  CHECK(stats.frames_dropped < 10);
  CHECK(stats.stalls.empty());
}

TEST_CASE("Pause and resume keep sync and lose no time", "[sync]") {
  const auto path = test::media("short_av.mp4");
  auto source = decoder::FileByteSource::open(path);
  REQUIRE(source);
  player::PlayerOptions options = test::null_outputs();
  // Every picture is shown, however loaded the machine: the steps below can be exact.
  options.framedrop = false;
  std::vector<double> pts;
  player::Player* self = nullptr;
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime t_time) {
    const double t = swarmtv::test::seconds_of(t_time);
    pts.push_back(t);
    if (pts.size() == 50) {
      self->post({player::Command::Type::toggle_pause});
      std::thread([self] {
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        self->post({player::Command::Type::toggle_pause});
      }).detach();
    }
  };
  player::Player player(options);
  self = &player;
  const double started = player::now_seconds();
  player.play(**source, {});
  const double elapsed = player::now_seconds() - started;
  const auto& stats = player.stats();
  // A clock that kept running through the pause would be 0.7 s off.
  CHECK(stats.max_av_drift < 80ms);
  CHECK(stats.frames_dropped == 0);
  CHECK(stats.frames_shown == test::ffprobe_frame_count(path, "v:0"));
  CHECK(elapsed > 6.0 + 0.6);  // the pause added its time
  for (std::size_t i = 1; i < pts.size(); ++i) CHECK(pts[i] - pts[i - 1] == Approx(0.04));
}

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "frame_reference.h"
#include "null_outputs.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/player/player.h"
#include "test_support.h"

using namespace swarmtv;
using namespace std::chrono_literals;

namespace {

struct Shown {
  double pts;
  std::vector<std::uint8_t> yuv;
};

player::PlayerOptions headless() {
  return test::null_outputs(/*untimed=*/true);
}

// Plays h264_aac_front.mp4 untimed for `frames` pictures; after each one is recorded,
// `on_frame(player, count)` may post commands. What the pictures' times were, and the stats.
struct Recorded {
  std::vector<double> pts;
  player::PlaybackStats stats;
};
Recorded play_front_mp4(int frames,
                        const std::function<void(player::Player&, std::size_t)>& on_frame) {
  auto source = decoder::FileByteSource::open(test::media("h264_aac_front.mp4"));
  REQUIRE(source);
  Recorded out;
  auto options = headless();
  options.max_frames = frames;
  player::Player* self = nullptr;
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime t_time) {
    const double t = swarmtv::test::seconds_of(t_time);
    out.pts.push_back(t);
    on_frame(*self, out.pts.size());
  };
  player::Player player(options);
  self = &player;
  player.play(**source, {});
  out.stats = player.stats();
  return out;
}

}  // namespace

TEST_CASE("Starting at a time shows the frame covering it, identical to ffmpeg's", "[seek]") {
  const auto [name, fps] =
      GENERATE(std::pair{"h264_aac_end.mp4", 25.0}, std::pair{"vp9_opus.mkv", 25.0});
  const double target = GENERATE(0.5, 3.3, 4.98);
  INFO(name << " at " << target);
  const auto path = test::media(name);
  auto source = decoder::FileByteSource::open(path);
  REQUIRE(source);
  std::vector<Shown> shown;
  auto options = headless();
  options.max_frames = 1;
  options.frame_observer = [&](const AVFrame& f, swarmtv::MediaTime pts_time) {
    const double pts = swarmtv::test::seconds_of(pts_time);
    shown.push_back({pts, test::packed_yuv420p(f)});
  };
  player::Player player(options);
  player::PlayItem item;
  item.start = seconds_to_media_time(target);
  auto result = player.play(**source, item);
  REQUIRE(result.reason == player::EndReason::frame_limit);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].pts <= target + 1e-6);
  CHECK(target < shown[0].pts + 1.0 / fps);
  const long index = std::lround(shown[0].pts * fps);
  CHECK(shown[0].yuv == test::ffmpeg_frame_yuv(path, index));
}

TEST_CASE("An exact seek during playback lands on the frame covering the target", "[seek]") {
  const auto path = test::media("h264_aac_front.mp4");
  auto source = decoder::FileByteSource::open(path);
  REQUIRE(source);
  std::vector<Shown> shown;
  auto options = headless();
  options.max_frames = 15;
  player::Player* self = nullptr;
  options.frame_observer = [&](const AVFrame& f, swarmtv::MediaTime pts_time) {
    const double pts = swarmtv::test::seconds_of(pts_time);
    shown.push_back({pts, test::packed_yuv420p(f)});
    if (shown.size() == 10) self->post({player::Command::Type::seek_absolute, 13.97, true});
  };
  player::Player player(options);
  self = &player;
  player.play(**source, {});
  REQUIRE(shown.size() == 15);
  CHECK(shown[9].pts == Approx(9 * 0.04));
  CHECK(shown[10].pts == Approx(13.96));
  CHECK(shown[10].yuv == test::ffmpeg_frame_yuv(path, 349));
  CHECK(shown[11].pts == Approx(14.0));
  REQUIRE(player.stats().seeks.size() == 1);
  CHECK(player.stats().seeks[0].latency >= 0.0);
}

TEST_CASE("Rapid relative seeks add up into one seek", "[seek]") {
  const Recorded run = play_front_mp4(8, [](player::Player& p, std::size_t shown) {
    if (shown == 5)
      for (int i = 0; i < 3; ++i) p.post({player::Command::Type::seek_relative, 2.0, true});
  });
  REQUIRE(run.pts.size() == 8);
  // From 0.16 s, three +2 s seeks: one seek to 6.16 s.
  CHECK(run.pts[5] == Approx(6.16));
  REQUIRE(run.stats.seeks.size() == 1);
  CHECK(test::seconds_of(run.stats.seeks[0].target) == Approx(6.16));
}

TEST_CASE("Absolute seeks replace a pending one", "[seek]") {
  const Recorded run = play_front_mp4(6, [](player::Player& p, std::size_t shown) {
    if (shown == 3) {
      p.post({player::Command::Type::seek_absolute, 15.0, true});
      p.post({player::Command::Type::seek_absolute, 4.0, true});
    }
  });
  REQUIRE(run.pts.size() == 6);
  CHECK(run.pts[3] == Approx(4.0));
  CHECK(run.stats.seeks.size() == 1);
}

#include <catch2/catch.hpp>

#include <SDL2/SDL.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "frame_reference.h"
#include "sdl_events.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/player/player.h"
#include "test_support.h"

using namespace swarmtv;
using namespace std::chrono_literals;

namespace {

// Runs `script` on another thread once the first picture is on screen; play() stays on this
// thread, as SDL wants.
struct Scripted {
  std::atomic<long> shown{0};
  std::thread thread;
  ~Scripted() {
    if (thread.joinable()) thread.join();
  }
  // Waits for `n` pictures; gives up after a minute (playback failed: the checks then fail).
  void wait_frames(long n) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (shown < n && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(5ms);
  }
};

}  // namespace

TEST_CASE("The SDL window shows a known frame as ffmpeg decodes it (screenshot PSNR)", "[sdl]") {
  const auto path = test::media("h264_aac_front.mp4");
  auto source = decoder::FileByteSource::open(path);
  REQUIRE(source);
  test::TempDir dir("sdl");
  Scripted script;
  player::PlayerOptions options;  // sdl video and audio, with SDL's dummy drivers
  options.start_paused = true;
  options.screenshot_dir = dir.path();
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime) { ++script.shown; };
  script.thread = std::thread([&] {
    script.wait_frames(1);
    std::this_thread::sleep_for(200ms);
    test::push_key(SDLK_s);
    std::this_thread::sleep_for(300ms);
    test::push_key(SDLK_q);
  });
  player::Player player(options);
  player::PlayItem item;
  item.start = 5s;
  auto result = player.play(**source, item);
  script.thread.join();
  CHECK(result.reason == player::EndReason::quit);
  const auto shot = dir / "swarmtv-shot0001.png";
  REQUIRE(std::filesystem::exists(shot));
  const auto ref = dir / "ref.png";
  auto r = test::run("ffmpeg -nostdin -v error -i " + test::shell_quote(path.string()) +
                     " -vf 'select=eq(n\\,125)' -fps_mode passthrough -frames:v 1 " +
                     test::shell_quote(ref.string()));
  REQUIRE(r.exit_code == 0);
  CHECK(test::ffmpeg_psnr(shot, ref) > 30.0);
}

TEST_CASE("Keys: arrows seek (Shift exact), space pauses, '.' steps, 9/0 volume, q quits",
          "[sdl]") {
  const auto path = test::media("h264_aac_front.mp4");
  auto source = decoder::FileByteSource::open(path);
  REQUIRE(source);
  Scripted script;
  std::vector<double> pts;
  player::PlayerOptions options;
  options.audio_output = "null";
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime t_time) {
    const double t = swarmtv::test::seconds_of(t_time);
    pts.push_back(t);
    ++script.shown;
  };
  script.thread = std::thread([&] {
    script.wait_frames(3);
    test::push_key(SDLK_RIGHT, KMOD_LSHIFT);  // exact +5 s
    script.wait_frames(6);
    test::push_key(SDLK_SPACE);  // pause
    std::this_thread::sleep_for(300ms);
    const long paused_at = script.shown;
    test::push_key(SDLK_PERIOD);  // one frame
    std::this_thread::sleep_for(300ms);
    if (script.shown != paused_at + 1) test::push_key(SDLK_ESCAPE);  // the check below fails
    test::push_key(SDLK_0);
    test::push_key(SDLK_q);
  });
  player::Player player(options);
  auto result = player.play(**source, {});
  script.thread.join();
  CHECK(result.reason == player::EndReason::quit);
  const auto& seeks = player.stats().seeks;
  REQUIRE(seeks.size() == 1);
  CHECK(seeks[0].exact);
  CHECK(test::seconds_of(seeks[0].target) == Approx(pts[2] + 5.0).margin(0.05));
  REQUIRE(pts.size() >= 4);
  CHECK(pts[3] == Approx(pts[2] + 5.0).margin(0.041));
  // Paused with one frame step: the last two pictures are consecutive.
  CHECK(pts.back() - pts[pts.size() - 2] == Approx(0.04));
}

TEST_CASE("A click on the seek bar seeks to that point of the episode", "[sdl]") {
  const auto path = test::media("h264_aac_front.mp4");
  auto source = decoder::FileByteSource::open(path);
  REQUIRE(source);
  Scripted script;
  player::PlayerOptions options;
  options.audio_output = "null";
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime) { ++script.shown; };
  script.thread = std::thread([&] {
    script.wait_frames(2);
    SDL_Event move{};
    move.type = SDL_MOUSEMOTION;
    move.motion.x = 160;
    move.motion.y = 200;
    SDL_PushEvent(&move);
    std::this_thread::sleep_for(300ms);  // the bar appears
    // A 320x240 window: the bar spans x 8..312 at y 222..232; x=160 is half way.
    SDL_Event click{};
    click.type = SDL_MOUSEBUTTONDOWN;
    click.button.button = SDL_BUTTON_LEFT;
    click.button.x = 160;
    click.button.y = 227;
    SDL_PushEvent(&click);
    std::this_thread::sleep_for(500ms);
    test::push_key(SDLK_q);
  });
  player::Player player(options);
  player.play(**source, {});
  script.thread.join();
  const auto& seeks = player.stats().seeks;
  REQUIRE(seeks.size() == 1);
  CHECK(test::seconds_of(seeks[0].target) == Approx(10.0).margin(0.1));
}

namespace {

// A clip's controller: skippable from 1 s on, like a planner with a 1 s skip offset.
struct SkippableAfterOneSecond final : player::PlaybackController {
  std::atomic<double> position{0.0};
  std::atomic<int> requests{0};
  bool on_progress(MediaTime p) override {
    position = test::seconds_of(p);
    return false;
  }
  std::string request_skip() override {
    ++requests;
    return position >= 1.0 ? std::string() : "skip is available in 0:01";
  }
};

}  // namespace

TEST_CASE("A click on the Skip button skips the clip once its offset has passed", "[sdl]") {
  const auto path = test::media("short_av.mp4");
  auto source = decoder::FileByteSource::open(path);
  REQUIRE(source);
  Scripted script;
  SkippableAfterOneSecond controller;
  player::PlayerOptions options;
  options.audio_output = "null";
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime) { ++script.shown; };
  std::atomic<int> requests_before_offset{-1}, requests_off_button{-1};
  script.thread = std::thread([&] {
    script.wait_frames(2);
    std::this_thread::sleep_for(100ms);
    // A 320x240 window: the button spans x 192..311, y 144..175 (above the bar's label).
    test::push_click(20, 60);  // not on the button: nothing asked
    std::this_thread::sleep_for(200ms);
    requests_off_button = controller.requests.load();
    test::push_click(250, 160);  // before the offset: refused, the clip plays on
    std::this_thread::sleep_for(200ms);
    requests_before_offset = controller.requests.load();
    const auto give_up = std::chrono::steady_clock::now() + 60s;
    while (controller.position < 1.2 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(10ms);
    test::push_click(250, 160);
  });
  player::PlayItem item;
  item.kind = "ad";
  item.allow_seek = false;
  item.controller = &controller;
  item.skip_button = [&]() -> std::optional<player::SkipButton> {
    if (controller.position >= 1.0) return player::SkipButton{"Skip", true};
    return player::SkipButton{"Skip in 1", false};
  };
  player::Player player(options);
  const player::PlayResult result = player.play(**source, item);
  script.thread.join();
  CHECK(requests_off_button == 0);
  CHECK(requests_before_offset == 1);
  CHECK(result.reason == player::EndReason::skipped);
  CHECK(test::seconds_of(result.position) ==
        Approx(1.2).margin(0.5));  // well before the clip's 6 s end
  CHECK(controller.requests == 2);
}

TEST_CASE("Subtitles draw in the SDL window: j cycles to off and back, v hides them", "[sdl]") {
  auto source = decoder::FileByteSource::open(test::media("beside.mp4"));
  REQUIRE(source);
  std::atomic<double> pts{0.0};
  Scripted script;
  player::PlayerOptions options;
  options.audio_output = "null";
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime t_time) {
    const double t = swarmtv::test::seconds_of(t_time);
    pts = t;
    ++script.shown;
  };
  auto wait_pts = [&](double t) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (pts < t && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(5ms);
  };
  script.thread = std::thread([&] {
    wait_pts(1.3);           // "First line" on screen
    test::push_key(SDLK_j);  // the only track, then off
    wait_pts(3.3);           // "Second cue" would be on screen
    test::push_key(SDLK_j);  // back on: it shows
    wait_pts(3.6);
    test::push_key(SDLK_v);  // hidden
    wait_pts(5.5);           // "Third cue" would be on screen
    test::push_key(SDLK_q);
  });
  player::Player player(options);
  player::PlayItem item;
  item.subtitle_files = {test::media("beside.srt")};
  const auto result = player.play(**source, item);
  script.thread.join();
  CHECK(result.reason == player::EndReason::quit);
  std::vector<std::string> shown;
  for (const auto& s : player.stats().subtitles) shown.push_back(s.text);
  CHECK(shown == std::vector<std::string>{"First line", "Second cue\nwith two lines"});
  CHECK(player.stats().warnings.empty());
}

// The window before the first picture (Player::show_startup) and the season screen's menu
// (Player::choose), in a real SDL window of the dummy video driver, driven by pushed events.
#include <catch2/catch.hpp>

#include <SDL2/SDL.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sdl_events.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/player/player.h"
#include "test_support.h"

using namespace swarmtv;
using namespace std::chrono_literals;
using test::push_click;
using test::push_key;
using Clock = std::chrono::steady_clock;

namespace {

player::PlayerOptions windowed() {
  player::PlayerOptions o;
  o.audio_output = "null";
  return o;
}

// An SDL session for the test, as main() starts one.
struct Sdl {
  Sdl() { REQUIRE(SDL_Init(0) == 0); }
  ~Sdl() { SDL_Quit(); }
};

player::Menu season() {
  player::Menu m;
  m.title = "Demo Series, season 1";
  m.rows = {{"Episode 0 \u00b7 Pilot", "00:03 \u00b7 pilot \u00b7 new", 0.0, true},
            {"Episode 1 \u00b7 One", "00:06 \u00b7 ad-free \u00b7 new", 0.5, true},
            {"Bonus \u00b7 Making of", "locked: premium licence needed", std::nullopt, false},
            {"Episode 2 \u00b7 Two", "00:04 \u00b7 ad-free \u00b7 new", 0.0, true}};
  return m;
}

}  // namespace

TEST_CASE("The start-up window shows each phase as it comes, and Esc there quits within a second",
          "[player][sdl][startup]") {
  Sdl sdl;
  std::vector<std::string> seen;
  std::atomic<int> phase{0};
  const std::vector<player::StartupPhase> phases = {
      {"Fetching metadata \u00b7 0 peers \u00b7 0 s", "", std::nullopt},
      {"Checking the season's signature \u00b7 1 peer", "", std::nullopt},
      {"No peers yet \u00b7 12 s", "check the torrent's trackers or --peer", std::nullopt}};
  player::PlayerOptions o = windowed();
  Clock::time_point pushed{};
  o.osd_observer = [&](const player::OsdState& osd) {
    seen.push_back(osd.phase + (osd.phase_hint.empty() ? "" : " / " + osd.phase_hint));
    if (phase < 2) {
      ++phase;  // the next phase on the next poll
    } else if (pushed == Clock::time_point{}) {
      pushed = Clock::now();
      push_key(SDLK_ESCAPE);
    }
  };
  player::Player p(o);
  const auto end = p.show_startup([] { return false; }, [&] { return phases[phase]; });
  const double took = std::chrono::duration<double>(Clock::now() - pushed).count();
  CHECK(end == player::StartupEnd::quit);
  CHECK(p.has_window());  // the window was there before any input
  CHECK(took < 1.0);
  REQUIRE(seen.size() == 3);
  CHECK(seen[0] == phases[0].text);
  CHECK(seen[1] == phases[1].text);
  CHECK(seen[2] == phases[2].text + " / " + phases[2].hint);
}

TEST_CASE("Closing the start-up window or q quits, and it ends by itself once the input is ready",
          "[player][sdl][startup]") {
  Sdl sdl;
  // Events are pushed once the window is there (SDL's event queue comes with it).
  auto push_once = [](std::function<void()> push) {
    return [push, done = false]() mutable {
      if (!std::exchange(done, true)) push();
      return player::StartupPhase{"x", "", std::nullopt};
    };
  };
  {
    player::Player p(windowed());
    const auto close = push_once([] {
      SDL_Event e{};
      e.type = SDL_QUIT;
      SDL_PushEvent(&e);
    });
    CHECK(p.show_startup([] { return false; }, close) == player::StartupEnd::quit);
  }
  {
    player::Player p(windowed());
    CHECK(p.show_startup([] { return false; }, push_once([] { push_key(SDLK_q); })) ==
          player::StartupEnd::quit);
  }
  {
    player::Player p(windowed());
    int polls = 0;
    CHECK(p.show_startup([&] { return ++polls > 3; },
                         [] {
                           return player::StartupPhase{"x", "", std::nullopt};
                         }) == player::StartupEnd::ready);
  }
}

TEST_CASE("Headless the start-up screen only waits (no window), and a posted quit ends it",
          "[player][startup]") {
  player::PlayerOptions o;
  o.video_output = "null";
  o.audio_output = "null";
  std::vector<std::string> seen;
  o.osd_observer = [&](const player::OsdState& osd) { seen.push_back(osd.phase); };
  player::Player p(o);
  p.post({player::Command::Type::quit});
  CHECK(p.show_startup([] { return false; },
                       [] {
                         return player::StartupPhase{"No peers", "", std::nullopt};
                       }) == player::StartupEnd::quit);
  CHECK_FALSE(p.has_window());
  // Headless there is no menu to choose from.
  CHECK_FALSE(p.choose(season()));
}

TEST_CASE("The menu: Down skips the locked row, Enter chooses, Esc leaves, a click chooses",
          "[player][sdl][season]") {
  Sdl sdl;
  std::vector<std::size_t> highlighted;
  player::PlayerOptions o = windowed();
  o.menu_observer = [&](const player::Menu& m) { highlighted.push_back(m.selected); };
  player::Player p(o);
  REQUIRE(p.show_startup([] { return true; },
                         [] {
                           return player::StartupPhase{"", "", std::nullopt};
                         }) == player::StartupEnd::ready);
  REQUIRE(p.has_window());
  player::Menu m = season();
  m.selected = 1;
  push_key(SDLK_DOWN);  // over the locked bonus row to episode 2
  push_key(SDLK_RETURN);
  CHECK(p.choose(m) == std::optional<std::size_t>(3));
  push_key(SDLK_UP);
  push_key(SDLK_ESCAPE);
  CHECK_FALSE(p.choose(m));
  // The rows as drawn in the 640x360 start-up window: 64 px for the title, then 58 px each.
  push_click(320, 64 + 58 + 20);
  CHECK(p.choose(season()) == std::optional<std::size_t>(1));
  push_click(320, 64 + 2 * 58 + 20);  // the locked row: nothing
  push_key(SDLK_ESCAPE);
  CHECK_FALSE(p.choose(season()));
  REQUIRE_FALSE(highlighted.empty());
  CHECK(highlighted.front() == 1);
}

TEST_CASE("After the start-up screen, audio alone shows its title and bar, not the start-up text",
          "[player][sdl][startup]") {
  Sdl sdl;
  auto source = decoder::FileByteSource::open(test::media("audio_only.m4a"));
  REQUIRE(source);
  int during_playback = 0;  // OSD frames presented after the start-up screen
  int with_bar = 0;
  int with_phase = 0;
  bool playing = false;
  player::PlayerOptions o = windowed();
  o.osd_observer = [&](const player::OsdState& osd) {
    if (!playing) return;
    ++during_playback;
    if (osd.show_bar && osd.title == "Tone") ++with_bar;
    if (!osd.phase.empty()) ++with_phase;
  };
  player::Player p(o);
  int polls = 0;
  REQUIRE(p.show_startup([&] { return ++polls > 2; },
                         [] {
                           return player::StartupPhase{"Buffering 50%", "", std::nullopt};
                         }) == player::StartupEnd::ready);
  playing = true;
  player::PlayItem item;
  item.title = "Tone";
  item.end = 1s;
  const player::PlayResult result = p.play(**source, item);
  CHECK(result.reason == player::EndReason::end_position);
  // Redrawn about ten times a second for the second played.
  CHECK(during_playback >= 5);
  CHECK(with_bar == during_playback);
  CHECK(with_phase == 0);
}

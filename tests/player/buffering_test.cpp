#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "null_outputs.h"
#include "scripted_byte_source.h"
#include "swarmtv/player/clock.h"
#include "swarmtv/player/player.h"
#include "test_support.h"

using namespace swarmtv;
using namespace std::chrono_literals;

namespace {

player::PlayerOptions headless_timed() {
  return test::null_outputs();
}

using test::wait_until;

// Plays `source` to its end while its gated bytes arrive `release_after` past the first read
// that waits for them; returns the stats.
player::PlaybackStats play_with_late_bytes(test::ScriptedByteSource& source,
                                           const player::PlayerOptions& options,
                                           std::chrono::milliseconds release_after) {
  player::Player player(options);
  std::thread network([&] {
    wait_until([&] { return source.blocked(); }, 20s);
    std::this_thread::sleep_for(release_after);
    source.release();
  });
  auto result = player.play(source, {});
  network.join();
  CHECK(result.reason == player::EndReason::end_of_file);
  REQUIRE(player.stats().time_to_first_frame > 0);
  return player.stats();
}

}  // namespace

TEST_CASE("A stalling source enters and leaves Buffering and loses no frame", "[buffering]") {
  const auto path = test::media("short_av.mp4");
  test::ScriptedByteSource source(path);
  // Half the episode arrives at once, the rest only after playback has run out of it.
  source.gate_at(source.size() / 2);
  std::vector<double> pts;
  auto options = headless_timed();
  // Drops of a loaded machine are not the stall's: what is checked is that the stall skips none.
  options.framedrop = false;
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime t_time) {
    const double t = swarmtv::test::seconds_of(t_time);
    pts.push_back(t);
  };
  player::Player player(options);
  std::thread network([&] {
    wait_until([&] { return source.blocked(); }, 20s);
    std::this_thread::sleep_for(4500ms);
    source.release();
  });
  auto result = player.play(source, {});
  network.join();
  CHECK(result.reason == player::EndReason::end_of_file);
  const auto& stats = player.stats();
  REQUIRE(source.times_blocked() >= 1);
  REQUIRE(stats.stalls.size() >= 1);
  CHECK(stats.stalls[0].duration > 0.5);
  CHECK(stats.stalls[0].position > 1s);
  // Nothing skipped: every picture shown, one after the other.
  CHECK(stats.frames_dropped == 0);
  CHECK(long(pts.size()) == test::ffprobe_frame_count(path, "v:0"));
  for (std::size_t i = 1; i < pts.size(); ++i) CHECK(pts[i] - pts[i - 1] == Approx(0.04));
}

TEST_CASE("The OSD's buffering percentage only grows within a spell and shows only in one",
          "[buffering][osd]") {
  const auto path = test::media("short_av.mp4");
  test::ScriptedByteSource source(path);
  source.gate_at(source.size() / 2);
  std::mutex mutex;
  std::vector<player::OsdState> shown;
  auto options = headless_timed();
  options.osd_observer = [&](const player::OsdState& osd) {
    std::lock_guard lock(mutex);
    shown.push_back(osd);
  };
  player::Player player(options);
  std::thread network([&] {
    wait_until([&] { return source.blocked(); }, 20s);
    std::this_thread::sleep_for(3000ms);
    source.release();
  });
  player::PlayItem item;
  item.title = "Starlane · The Long Orbit";
  auto result = player.play(source, item);
  network.join();
  CHECK(result.reason == player::EndReason::end_of_file);
  REQUIRE(player.stats().stalls.size() >= 1);
  // Spells are runs of OSD states with a percentage; between them, none.
  int spells = 0, stall_spell_states = 0;
  std::optional<int> last;
  for (const auto& osd : shown) {
    if (!osd.buffering_percent) {
      last.reset();
      continue;
    }
    if (!last) ++spells;
    if (last) CHECK(*osd.buffering_percent >= *last);
    last = osd.buffering_percent;
    if (osd.position > 1s) ++stall_spell_states;
    // The bar shows while buffering, with the title.
    CHECK(osd.show_bar);
    CHECK(osd.title == item.title);
  }
  CHECK(spells >= 1);
  CHECK(stall_spell_states > 0);  // the stall itself was drawn, not only the start
  // Playing normally after the stall, the OSD says nothing of buffering.
  CHECK_FALSE(shown.back().buffering_percent.has_value());
}

TEST_CASE("A seek and a quit while a read is blocked return promptly", "[buffering]") {
  const auto path = test::media("short_av.mp4");
  test::ScriptedByteSource source(path);
  source.gate_at(source.size() * 6 / 10);  // never released
  std::mutex mutex;
  std::vector<double> pts;
  auto options = headless_timed();
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime t_time) {
    const double t = swarmtv::test::seconds_of(t_time);
    std::lock_guard lock(mutex);
    pts.push_back(t);
  };
  player::Player player(options);
  std::atomic<bool> done{false};
  player::PlayResult result;
  std::thread playing([&] {
    result = player.play(source, {});
    done = true;
  });

  REQUIRE(wait_until([&] { return source.blocked(); }, 20s));
  std::size_t shown_before_seek;
  {
    std::lock_guard lock(mutex);
    shown_before_seek = pts.size();
  }
  const double asked = player::now_seconds();
  player.post({player::Command::Type::seek_absolute, 1.0, true});
  const bool resumed = wait_until(
      [&] {
        std::lock_guard lock(mutex);
        return pts.size() > shown_before_seek && pts.back() == Approx(1.0);
      },
      5s);
  CHECK(resumed);
  CHECK(player::now_seconds() - asked < 2.0);

  // Playback reaches the gate again and blocks; quitting must not wait for the data.
  REQUIRE(wait_until([&] { return source.blocked(); }, 20s));
  const double quit_at = player::now_seconds();
  player.post({player::Command::Type::quit});
  const bool returned = wait_until([&] { return done.load(); }, 5s);
  CHECK(returned);
  CHECK(player::now_seconds() - quit_at < 2.0);
  if (!returned) source.release();
  playing.join();
  CHECK(result.reason == player::EndReason::quit);
}

TEST_CASE(
    "With cache-pause-initial the clock waits for a buffer after the first picture, "
    "and that wait is no stall",
    "[buffering]") {
  const auto path = test::media("short_av.mp4");
  for (const bool initial : {true, false}) {
    INFO("cache_pause_initial " << initial);
    test::ScriptedByteSource source(path);
    // Enough for the first picture and a fraction of a second behind it; the rest comes later.
    source.gate_at(50'000);
    auto options = headless_timed();
    options.cache_pause_initial = initial;
    const auto stats = play_with_late_bytes(source, options, 1500ms);
    if (initial) {
      CHECK(stats.startup_buffering > 1.0);
      CHECK(stats.stalls.empty());
    } else {
      CHECK(stats.startup_buffering == 0.0);
      CHECK(stats.stalls.size() >= 1);
    }
  }
}

TEST_CASE(
    "A source's refill time raises the buffer the clock waits for, turning a stall into "
    "start-up buffering",
    "[buffering]") {
  const auto path = test::media("short_av.mp4");
  for (const double refill : {0.0, 4.0}) {
    INFO("refill goal " << refill << " s");
    test::ScriptedByteSource source(path);
    // About 1.8 s of the 6 s episode at once (more than cache_pause_wait), the rest 2.5 s later.
    source.gate_at(source.size() * 3 / 10);
    source.set_refill_goal(seconds_to_media_time(refill));
    auto options = headless_timed();
    options.cache_pause_initial = true;
    const auto stats = play_with_late_bytes(source, options, 2500ms);
    if (refill > 0) {
      // 1.8 s buffered is short of 4 s: the clock waits at the start until the rest arrives.
      CHECK(stats.startup_buffering > 1.5);
      CHECK(stats.stalls.empty());
    } else {
      CHECK(stats.startup_buffering < 0.5);
      CHECK(stats.stalls.size() >= 1);
    }
  }
}

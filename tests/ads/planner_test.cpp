#include <catch2/catch.hpp>

#include "ads_test_util.h"
#include "swarmtv/ads/ad_planner.h"
#include "swarmtv/ads/schedule_builder.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using namespace swarmtv::ads::test;
using Kind = PlayerAction::Kind;
using Catch::Matchers::Contains;

namespace {

// Episode 1 of the sample: breaks at 0 (pre-roll), 100, 200, 300 s and a post-roll; two clips
// per break.
AdSchedule episode_schedule(bool pre_roll = true, bool post_roll = true) {
  BundleManifest m = sample_manifest();
  m.ad_policy.pre_roll = pre_roll;
  m.ad_policy.post_roll = post_roll;
  return episode_one_schedule(m);
}

struct Harness {
  FakeSteadyClock clock;
  AdPlanner planner;
  std::vector<std::string> finals;  // "b/c:state" as reported through on_clip_final

  explicit Harness(AdSchedule s, bool play_before_start = true)
      : planner(std::move(s), options(play_before_start)) {}

  PlannerOptions options(bool play_before_start) {
    PlannerOptions o;
    o.clock = [this] { return clock.now; };
    o.play_break_before_start_position = play_before_start;
    o.on_clip_final = [this](std::size_t b, std::size_t c, const ScheduledClip& clip) {
      finals.push_back(std::to_string(b) + "/" + std::to_string(c) + ":" +
                       std::string(to_string(clip.state)));
    };
    return o;
  }

  // Plays every clip of the current pod to its end; returns the action after the pod.
  PlayerAction finish_pod(PlayerAction a) {
    int guard = 0;
    while (a.kind == Kind::play_clip && ++guard < 20) {
      planner.on_clip_progress(a.clip->duration);
      a = planner.on_clip_ended();
    }
    return a;
  }

  // Starts at 0 and plays the pre-roll away.
  void start_past_pre_roll() {
    PlayerAction a = planner.start(MediaTime(0));
    REQUIRE(a.kind == Kind::play_clip);
    REQUIRE(a.break_index == 0);
    a = finish_pod(a);
    REQUIRE(a.kind == Kind::play_content);
    REQUIRE(a.content_position == MediaTime(0));
  }

  ClipState state(std::size_t b, std::size_t c) const {
    return planner.schedule().at(b).clips[c].state;
  }
};

bool is_clip(const PlayerAction& a, std::size_t b, std::size_t c = 0) {
  return a.kind == Kind::play_clip && a.break_index == b && a.clip_index == c;
}

bool is_content(const PlayerAction& a, MediaTime at) {
  return a.kind == Kind::play_content && a.content_position == at;
}

}  // namespace

TEST_CASE("planner: the first thing to play is the pre-roll's first clip", "[ads][planner]") {
  Harness h(episode_schedule());
  PlayerAction a = h.planner.start(MediaTime(0));
  CHECK(is_clip(a, 0, 0));
  REQUIRE(a.clip.has_value());
  CHECK(a.clip->id == "acme-1");
  CHECK(h.planner.mode() == AdPlanner::Mode::clip);
  // Then the second clip of the pod, then content from 0.
  PlayerAction b = h.planner.on_clip_ended();
  CHECK(is_clip(b, 0, 1));
  CHECK(b.clip->id == "bolt-1");
  CHECK(is_content(h.planner.on_clip_ended(), MediaTime(0)));
  CHECK(h.finals == std::vector<std::string>{"0/0:played", "0/1:played"});
}

TEST_CASE("planner: without a pre-roll, content starts at once", "[ads][planner]") {
  Harness h(episode_schedule(false));
  CHECK(is_content(h.planner.start(MediaTime(0)), MediaTime(0)));
}

TEST_CASE("planner: crossing a break during content plays it, then resumes at the break",
          "[ads][planner]") {
  Harness h(episode_schedule());
  h.start_past_pre_roll();
  CHECK(h.planner.next_break_position() == sec(100));
  CHECK(h.planner.on_content_position(sec(50)).kind == Kind::none);
  CHECK(h.planner.on_content_position(sec(99.96)).kind == Kind::none);
  PlayerAction a = h.planner.on_content_position(sec(100.02));
  CHECK(is_clip(a, 1, 0));
  CHECK(is_content(h.finish_pod(a), sec(100)));
  CHECK(h.planner.next_break_position() == sec(200));
  // A played break never plays again, even when crossed again after a seek back.
  REQUIRE(h.planner.on_seek(sec(90)).ok());
  CHECK(h.planner.on_content_position(sec(110)).kind == Kind::none);
}

TEST_CASE("planner: seeking forward past one break plays it, then snaps back to the target",
          "[ads][planner][seek]") {
  Harness h(episode_schedule());
  h.start_past_pre_roll();
  h.planner.on_content_position(sec(50));
  auto a = h.planner.on_seek(sec(150));
  REQUIRE(a.ok());
  CHECK(is_clip(*a, 1, 0));
  CHECK(h.planner.content_position() == sec(150));
  CHECK(is_content(h.finish_pod(*a), sec(150)));  // exactly the seek target
  CHECK(h.planner.schedule().at(1).finished());
}

TEST_CASE("planner: seeking past three breaks plays only the last, the others play when crossed",
          "[ads][planner][seek]") {
  Harness h(episode_schedule());
  h.start_past_pre_roll();
  h.planner.on_content_position(sec(50));
  auto a = h.planner.on_seek(sec(350));
  REQUIRE(a.ok());
  CHECK(is_clip(*a, 3, 0));  // the break at 300 s, not those at 100 and 200 s
  CHECK(is_content(h.finish_pod(*a), sec(350)));
  CHECK(h.planner.schedule().at(1).has_unplayed());
  CHECK(h.planner.schedule().at(2).has_unplayed());
  CHECK(h.planner.schedule().at(3).finished());
  // Playing on after 350 s crosses nothing unplayed.
  CHECK(h.planner.on_content_position(sec(400)).kind == Kind::none);

  // Back to 50 s (before them): nothing plays on the seek itself (the pre-roll is done) ...
  auto back = h.planner.on_seek(sec(50));
  REQUIRE(back.ok());
  CHECK(is_content(*back, sec(50)));
  // ... and the jumped-over breaks play when crossed.
  PlayerAction b1 = h.planner.on_content_position(sec(100.5));
  CHECK(is_clip(b1, 1));
  CHECK(is_content(h.finish_pod(b1), sec(100)));
  PlayerAction b2 = h.planner.on_content_position(sec(201));
  CHECK(is_clip(b2, 2));
  CHECK(is_content(h.finish_pod(b2), sec(200)));
  CHECK(h.planner.on_content_position(sec(301)).kind == Kind::none);  // 300 s already played
}

TEST_CASE("planner: seeking into or past an already played break plays nothing",
          "[ads][planner][seek]") {
  Harness h(episode_schedule());
  h.start_past_pre_roll();
  PlayerAction a = h.planner.on_content_position(sec(100.1));
  REQUIRE(is_clip(a, 1));
  h.finish_pod(a);
  h.planner.on_content_position(sec(150));
  for (double target : {100.0, 120.0, 180.0, 10.0}) {
    INFO(target);
    auto s = h.planner.on_seek(sec(target));
    REQUIRE(s.ok());
    CHECK(is_content(*s, sec(target)));
  }
}

TEST_CASE("planner: no seek, speed change or frame step during a clip", "[ads][planner][seek]") {
  Harness h(episode_schedule());
  REQUIRE(is_clip(h.planner.start(MediaTime(0)), 0));
  auto s = h.planner.on_seek(sec(30));
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == Errc::refused);
  CHECK_THAT(s.error().message, Contains("seeking is disabled"));
  Status speed = h.planner.check_control(Control::speed_change);
  REQUIRE_FALSE(speed.ok());
  CHECK_THAT(speed.error().message, Contains("speed"));
  Status step = h.planner.check_control(Control::frame_step);
  REQUIRE_FALSE(step.ok());
  CHECK_THAT(step.error().message, Contains("frame stepping"));
  // The refused seek changed nothing: still the same clip, and content resumes at 0.
  CHECK(h.planner.current_clip()->clip_index == 0);
  CHECK(is_content(h.finish_pod(h.planner.on_clip_ended()), MediaTime(0)));
  CHECK(h.planner.check_control(Control::seek).ok());
  CHECK(h.planner.check_control(Control::speed_change).ok());
  CHECK(h.planner.check_control(Control::frame_step).ok());
}

TEST_CASE("planner: a seek while a break is pending is refused, the first target stands",
          "[ads][planner][seek]") {
  Harness h(episode_schedule());
  h.start_past_pre_roll();
  auto a = h.planner.on_seek(sec(250));
  REQUIRE(a.ok());
  REQUIRE(is_clip(*a, 2));  // pending: asked for, no data yet
  auto again = h.planner.on_seek(sec(500));
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == Errc::refused);
  CHECK(is_content(h.finish_pod(*a), sec(250)));
  CHECK(h.planner.schedule().at(3).has_unplayed());  // the break at 300 s was not touched
}

TEST_CASE("planner: starting mid-episode (continue watching)", "[ads][planner][start]") {
  SECTION("before the first mid-roll, no pre-roll: content at once; the break plays later") {
    Harness h(episode_schedule(false));
    CHECK(is_content(h.planner.start(sec(50)), sec(50)));
    CHECK(is_clip(h.planner.on_content_position(sec(100.1)), 0));  // break 0 is at 100 s here
  }
  SECTION("before the first mid-roll, with a pre-roll: the pre-roll plays, then content at T") {
    Harness h(episode_schedule());
    PlayerAction a = h.planner.start(sec(50));
    CHECK(is_clip(a, 0));
    CHECK(is_content(h.finish_pod(a), sec(50)));
  }
  SECTION("exactly at a break: that break plays, earlier ones are marked skipped") {
    Harness h(episode_schedule());
    PlayerAction a = h.planner.start(sec(200));
    CHECK(is_clip(a, 2));
    CHECK(is_content(h.finish_pod(a), sec(200)));
    CHECK(h.state(0, 0) == ClipState::skipped);
    CHECK(h.state(1, 0) == ClipState::skipped);
    CHECK(h.state(1, 1) == ClipState::skipped);
    // Skipped breaks stay silent when crossed after a seek back.
    REQUIRE(h.planner.on_seek(sec(50)).ok());
    CHECK(h.planner.on_content_position(sec(150)).kind == Kind::none);
  }
  SECTION("after a break: the last break before the start plays (Media3's default)") {
    Harness h(episode_schedule());
    PlayerAction a = h.planner.start(sec(250));
    CHECK(is_clip(a, 2));
    CHECK(is_content(h.finish_pod(a), sec(250)));
    CHECK(h.state(1, 0) == ClipState::skipped);
    // The next break still plays when reached.
    CHECK(is_clip(h.planner.on_content_position(sec(300.2)), 3));
  }
  SECTION("with play_break_before_start_position off, earlier breaks are all skipped") {
    Harness h(episode_schedule(), false);
    CHECK(is_content(h.planner.start(sec(250)), sec(250)));
    CHECK(h.state(2, 0) == ClipState::skipped);
    CHECK(is_clip(h.planner.on_content_position(sec(301)), 3));
  }
  SECTION("skipping by start position is not reported as a viewer skip") {
    Harness h(episode_schedule());
    h.finish_pod(h.planner.start(sec(250)));
    CHECK(h.finals == std::vector<std::string>{"2/0:played", "2/1:played"});
  }
}

TEST_CASE("planner: skip only for clips with an offset, and only after it",
          "[ads][planner][skip]") {
  Harness h(episode_schedule());
  PlayerAction a = h.planner.start(MediaTime(0));
  REQUIRE(a.clip->id == "acme-1");  // 15 s, skippable after 5 s

  auto progress = h.planner.current_clip();
  REQUIRE(progress.has_value());
  CHECK(progress->skippable);
  CHECK_FALSE(progress->skip_available);
  CHECK(progress->skip_countdown == sec(5));
  CHECK(progress->label() == "Ad 1 of 2 \u00b7 0:15 \u00b7 Acme");

  auto early = h.planner.on_skip();
  REQUIRE_FALSE(early.ok());
  CHECK_THAT(early.error().message, Contains("skip is available in 0:05"));

  h.planner.on_clip_progress(sec(3.2));
  CHECK(h.planner.current_clip()->skip_countdown == sec(1.8));
  CHECK_FALSE(h.planner.on_skip().ok());
  CHECK(h.state(0, 0) == ClipState::available);

  h.planner.on_clip_progress(sec(5));
  CHECK(h.planner.current_clip()->skip_available);
  CHECK(h.planner.current_clip()->skip_countdown == MediaTime(0));
  auto skipped = h.planner.on_skip();
  REQUIRE(skipped.ok());
  CHECK(is_clip(*skipped, 0, 1));  // the pod continues with bolt-1
  CHECK(h.state(0, 0) == ClipState::skipped);

  // bolt-1: "25%" of 20 s = 5 s.
  h.planner.on_clip_progress(sec(4.9));
  CHECK_FALSE(h.planner.on_skip().ok());
  h.planner.on_clip_progress(sec(5.0));
  auto second = h.planner.on_skip();
  REQUIRE(second.ok());
  CHECK(is_content(*second, MediaTime(0)));

  // acme-2 (break 2's first clip) has no skip offset: never skippable.
  auto s = h.planner.on_seek(sec(250));
  REQUIRE(s.ok());
  REQUIRE(s->clip->id == "acme-2");
  CHECK_FALSE(h.planner.current_clip()->skippable);
  h.planner.on_clip_progress(sec(9.9));
  auto never = h.planner.on_skip();
  REQUIRE_FALSE(never.ok());
  CHECK_THAT(never.error().message, Contains("cannot be skipped"));

  // Skip with no clip playing is refused.
  h.finish_pod(*s);
  CHECK_FALSE(h.planner.on_skip().ok());
}

TEST_CASE("planner: a clip without data times out as an error, the pod and content go on",
          "[ads][planner][timeout]") {
  Harness h(episode_schedule());
  PlayerAction a = h.planner.start(MediaTime(0));
  REQUIRE(is_clip(a, 0, 0));
  h.clock.advance(std::chrono::milliseconds(9900));
  CHECK(h.planner.on_tick().kind == Kind::none);
  h.clock.advance(std::chrono::milliseconds(200));
  PlayerAction next = h.planner.on_tick();
  CHECK(is_clip(next, 0, 1));
  CHECK_THAT(next.reason, Contains("timed out"));
  CHECK(h.state(0, 0) == ClipState::error);

  // The second clip starts, then stalls mid-way: progress resets the timer, silence does not.
  h.planner.on_clip_progress(sec(1));
  h.clock.advance(std::chrono::milliseconds(6000));
  h.planner.on_clip_progress(sec(4));
  h.clock.advance(std::chrono::milliseconds(6000));
  CHECK(h.planner.on_tick().kind == Kind::none);  // 6 s since the last data
  h.clock.advance(std::chrono::milliseconds(4000));
  PlayerAction after = h.planner.on_tick();
  CHECK(is_content(after, MediaTime(0)));  // never hangs: content continues
  CHECK(h.state(0, 1) == ClipState::error);
  CHECK(h.finals == std::vector<std::string>{"0/0:error", "0/1:error"});
  // A later tick in content does nothing.
  h.clock.advance(std::chrono::milliseconds(60000));
  CHECK(h.planner.on_tick().kind == Kind::none);
}

TEST_CASE("planner: a failed clip is an error and the pod continues", "[ads][planner][timeout]") {
  Harness h(episode_schedule());
  h.start_past_pre_roll();
  PlayerAction a = h.planner.on_content_position(sec(100.1));
  REQUIRE(is_clip(a, 1, 0));
  PlayerAction b = h.planner.on_clip_failed("missing file");
  CHECK(is_clip(b, 1, 1));
  CHECK_THAT(b.reason, Contains("missing file"));
  CHECK(is_content(h.planner.on_clip_failed("decode error"), sec(100)));
  CHECK(h.state(1, 0) == ClipState::error);
  CHECK(h.state(1, 1) == ClipState::error);
}

TEST_CASE("planner: post-roll, then exactly one end of episode", "[ads][planner][end]") {
  Harness h(episode_schedule());
  h.start_past_pre_roll();
  REQUIRE(h.planner.on_seek(sec(590)).ok());  // plays the break at 300 s
  h.finish_pod(h.planner.on_clip_ended());
  h.planner.on_content_position(sec(599.9));
  PlayerAction post = h.planner.on_content_ended();
  CHECK(is_clip(post, 4, 0));
  int ends = 0;
  PlayerAction a = post;
  while (a.kind == Kind::play_clip) {
    a = h.planner.on_clip_ended();
    ends += a.kind == Kind::end_of_episode;
  }
  CHECK(a.kind == Kind::end_of_episode);
  CHECK(h.planner.mode() == AdPlanner::Mode::ended);
  // Nothing afterwards: no second end, no mid-roll, no seek.
  ends += h.planner.on_content_ended().kind == Kind::end_of_episode;
  ends += h.planner.on_clip_ended().kind == Kind::end_of_episode;
  CHECK(h.planner.on_content_position(sec(1)).kind == Kind::none);
  CHECK(h.planner.on_tick().kind == Kind::none);
  CHECK_FALSE(h.planner.on_seek(sec(150)).ok());
  CHECK(ends == 1);
}

TEST_CASE("planner: without a post-roll the content end is the episode end",
          "[ads][planner][end]") {
  Harness h(episode_schedule(true, false));
  h.start_past_pre_roll();
  CHECK(h.planner.on_content_ended().kind == Kind::end_of_episode);
  CHECK(h.planner.on_content_ended().kind == Kind::none);
}

TEST_CASE("planner: a valid ad-free licence added mid-break ends the break",
          "[ads][planner][licence]") {
  Harness h(episode_schedule());
  h.start_past_pre_roll();
  PlayerAction a = h.planner.on_content_position(sec(100.3));
  REQUIRE(is_clip(a, 1, 0));
  h.planner.on_clip_progress(sec(2));
  PlayerAction after = h.planner.on_ad_free_licence();
  CHECK(is_content(after, sec(100)));
  CHECK(h.planner.ad_free());
  CHECK(h.state(1, 0) == ClipState::skipped);
  CHECK_FALSE(h.planner.current_clip().has_value());
  // No break plays from now on: not when crossed, not on seeks, not at the end.
  CHECK(h.planner.on_content_position(sec(250)).kind == Kind::none);
  CHECK(is_content(*h.planner.on_seek(sec(350)), sec(350)));
  CHECK_FALSE(h.planner.next_break_position().has_value());
  CHECK(h.planner.on_content_ended().kind == Kind::end_of_episode);
  // The licence does not count as a viewer skip.
  CHECK(h.finals == std::vector<std::string>{"0/0:played", "0/1:played"});
}

TEST_CASE("planner: a licence added during the pre-roll starts the content",
          "[ads][planner][licence]") {
  Harness h(episode_schedule());
  REQUIRE(is_clip(h.planner.start(MediaTime(0)), 0));
  CHECK(is_content(h.planner.on_ad_free_licence(), MediaTime(0)));
}

TEST_CASE("planner: after a skip the next clip runs on its own clock, late reports are ignored",
          "[ads][planner][skip]") {
  Harness h(episode_schedule());
  PlayerAction first = h.planner.start(MediaTime(0));
  REQUIRE(first.clip->id == "acme-1");  // 15 s, skippable after 5 s
  REQUIRE(h.planner.on_clip_progress(sec(7), first.play_id));
  auto next = h.planner.on_skip();
  REQUIRE(next.ok());
  REQUIRE(next->clip->id == "bolt-1");  // 20 s, skippable after 5 s ("25%")
  CHECK(next->play_id != first.play_id);

  // The skipped clip's player still reports its position once more: not bolt-1's.
  CHECK_FALSE(h.planner.on_clip_progress(sec(7.04), first.play_id));
  auto p = h.planner.current_clip();
  REQUIRE(p.has_value());
  CHECK(p->position == MediaTime(0));
  CHECK(p->label() == "Ad 2 of 2 \u00b7 0:20 \u00b7 Bolt");
  CHECK(p->skip_countdown == sec(5));
  CHECK_FALSE(h.planner.on_skip().ok());

  // bolt-1's own reports move its countdown.
  REQUIRE(h.planner.on_clip_progress(sec(2), next->play_id));
  CHECK(h.planner.current_clip()->label() == "Ad 2 of 2 \u00b7 0:18 \u00b7 Bolt");
  CHECK(h.planner.current_clip()->skip_countdown == sec(3));
}

TEST_CASE("planner: a stalled clip repeating its position times out, a paused one does not",
          "[ads][planner][timeout]") {
  Harness h(episode_schedule());
  PlayerAction a = h.planner.start(MediaTime(0));
  REQUIRE(is_clip(a, 0, 0));
  // The player reports every 100 ms; while it waits for data the position stays at 1.2 s.
  h.planner.on_clip_progress(sec(1.2), a.play_id);
  for (int i = 0; i < 99; ++i) {
    h.clock.advance(std::chrono::milliseconds(100));
    h.planner.on_clip_progress(sec(1.2), a.play_id);
    REQUIRE(h.planner.on_tick().kind == Kind::none);
  }
  h.clock.advance(std::chrono::milliseconds(200));
  h.planner.on_clip_progress(sec(1.2), a.play_id);
  PlayerAction next = h.planner.on_tick();
  CHECK(is_clip(next, 0, 1));
  CHECK(h.state(0, 0) == ClipState::error);

  // The viewer pauses the next clip for a minute: not a stall.
  h.planner.on_clip_progress(sec(2), next.play_id);
  h.planner.on_pause();
  h.clock.advance(std::chrono::milliseconds(60000));
  CHECK(h.planner.on_tick().kind == Kind::none);
  h.planner.on_resume();
  h.clock.advance(std::chrono::milliseconds(9000));
  CHECK(h.planner.on_tick().kind == Kind::none);
  h.clock.advance(std::chrono::milliseconds(1100));
  CHECK(h.planner.on_tick().kind == Kind::play_content);  // resumed, then no data for 10 s
  CHECK(h.state(0, 1) == ClipState::error);
}

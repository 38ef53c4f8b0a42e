#include <catch2/catch.hpp>

#include "ads_test_util.h"
#include "swarmtv/ads/ad_planner.h"
#include "swarmtv/ads/ad_schedule.h"
#include "swarmtv/ads/frequency_caps.h"
#include "swarmtv/ads/schedule_builder.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using namespace swarmtv::ads::test;

namespace {

std::vector<std::string> ids(const AdBreak& b) {
  std::vector<std::string> out;
  for (const ScheduledClip& c : b.clips) out.push_back(c.clip.id);
  return out;
}

std::vector<MediaTime> positions(const AdSchedule& s) {
  std::vector<MediaTime> out;
  for (const AdBreak& b : s.breaks()) out.push_back(b.position);
  return out;
}

AdSchedule build(const BundleManifest& m, int episode, const ScheduleInputs& inputs = {},
                 const Entitlement& e = {}) {
  auto s = build_ad_schedule(m, *m.find_episode(episode), e, inputs);
  REQUIRE(s.ok());
  return *s;
}

}  // namespace

TEST_CASE("schedule: break positions from seconds, clock and percent forms, sorted",
          "[ads][schedule]") {
  BundleManifest m = sample_manifest();
  // Written out of order and in mixed forms: 300 s as "50%", 200 s as a clock, 100 s as seconds.
  m.episodes[1].ad_breaks = {*TimeOffset::parse("50%"), *TimeOffset::parse("00:03:20"),
                             TimeOffset::from_seconds(100)};
  AdSchedule s = build(m, 1);
  CHECK(positions(s) ==
        std::vector<MediaTime>{MediaTime(0), sec(100), sec(200), sec(300), kEndOfContent});
  CHECK(s.at(0).is_pre_roll());
  CHECK(s.at(4).is_post_roll());
  CHECK(s.post_roll() == 4u);
}

TEST_CASE("schedule: duplicate and out-of-range positions are dropped", "[ads][schedule]") {
  BundleManifest m = sample_manifest();
  m.episodes[1].ad_breaks = {TimeOffset::from_seconds(100), *TimeOffset::parse("00:01:40"),
                             TimeOffset::from_seconds(100)};
  CHECK(positions(build(m, 1)) == std::vector<MediaTime>{MediaTime(0), sec(100), kEndOfContent});
}

TEST_CASE("schedule: without ad_breaks the container's chapters are the boundaries",
          "[ads][schedule]") {
  BundleManifest m = sample_manifest();  // episode 2 has no ad_breaks and no duration
  ScheduleInputs in;
  in.duration = sec(400);
  in.chapter_starts = {MediaTime(0), sec(250), sec(120), sec(400), sec(500)};
  // 0 is the start of the first chapter, not a mid-roll; 400 and 500 are not inside.
  CHECK(positions(build(m, 2, in)) ==
        std::vector<MediaTime>{MediaTime(0), sec(120), sec(250), kEndOfContent});
  // An explicit empty list means "no mid-rolls", even with chapters.
  m.episodes[2].ad_breaks = std::vector<TimeOffset>{};
  CHECK(positions(build(m, 2, in)) == std::vector<MediaTime>{MediaTime(0), kEndOfContent});
}

TEST_CASE("schedule: pre-roll and post-roll follow the policy", "[ads][schedule]") {
  BundleManifest m = sample_manifest();
  m.ad_policy.pre_roll = false;
  m.ad_policy.post_roll = false;
  CHECK(positions(build(m, 1)) == std::vector<MediaTime>{sec(100), sec(200), sec(300)});
  CHECK_FALSE(build(m, 1).post_roll().has_value());
}

TEST_CASE("schedule: a percentage needs a duration", "[ads][schedule]") {
  BundleManifest m = sample_manifest();
  m.episodes[2].ad_breaks = {*TimeOffset::parse("50%")};
  auto s = build_ad_schedule(m, m.episodes[2], {}, {});
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.error().message,
             Catch::Matchers::Contains("episode 2") && Catch::Matchers::Contains("duration"));
  ScheduleInputs in;
  in.duration = sec(90);
  CHECK(positions(build(m, 2, in)) == std::vector<MediaTime>{MediaTime(0), sec(45), kEndOfContent});
}

TEST_CASE("schedule: pods take clips in order, round-robin, no advertiser twice in a pod",
          "[ads][schedule]") {
  AdSchedule s = build(sample_manifest(), 1);
  REQUIRE(s.size() == 5);
  using V = std::vector<std::string>;
  CHECK(ids(s.at(0)) == V{"acme-1", "bolt-1"});  // acme-2 would repeat Acme
  CHECK(ids(s.at(1)) == V{"cola-1", "acme-1"});
  CHECK(ids(s.at(2)) == V{"acme-2", "bolt-1"});
  CHECK(ids(s.at(3)) == V{"cola-1", "acme-1"});
  CHECK(ids(s.at(4)) == V{"acme-2", "bolt-1"});
  for (const AdBreak& b : s.breaks()) {
    REQUIRE(b.clips.size() == 2);
    CHECK(b.clips[0].clip.advertiser != b.clips[1].clip.advertiser);
    for (const ScheduledClip& c : b.clips) CHECK(c.state == ClipState::available);
  }
}

TEST_CASE("schedule: a pod never holds two clips of one advertiser, even if it stays short",
          "[ads][schedule]") {
  BundleManifest m = sample_manifest();
  m.sponsor_clips.erase(m.sponsor_clips.begin() + 2, m.sponsor_clips.end());  // only Acme
  m.ad_policy.frequency_caps.clear();
  AdSchedule s = build(m, 1);
  for (const AdBreak& b : s.breaks()) CHECK(b.clips.size() == 1);
}

TEST_CASE("schedule: frequency caps limit what is scheduled", "[ads][schedule][caps]") {
  BundleManifest m = sample_manifest();  // cola-1: per_day 2, total 3
  const std::string cola = FrequencyCapStore::key("demo", "cola-1");
  auto count_cola = [](const AdSchedule& s) {
    int n = 0;
    for (const AdBreak& b : s.breaks()) {
      for (const ScheduledClip& c : b.clips) n += c.clip.id == "cola-1";
    }
    return n;
  };
  ScheduleInputs in;
  in.now = jan_1_2026();
  FrequencyCapStore store;
  in.caps = &store;

  SECTION("the per-day cap bounds the views planned in one episode") {
    CHECK(count_cola(build(m, 1, in)) == 2);
  }
  SECTION("two views in the last 24 hours: no more today") {
    store.record_view(cola, in.now - std::chrono::hours(3));
    store.record_view(cola, in.now - std::chrono::hours(20));
    CHECK(count_cola(build(m, 1, in)) == 0);
    // A day later the per-day cap has room again, but the total cap (3) leaves only one.
    in.now += std::chrono::hours(24);
    CHECK(count_cola(build(m, 1, in)) == 1);
  }
  SECTION("the total cap counts views ever") {
    for (int i = 0; i < 3; ++i) {
      store.record_view(cola, in.now - std::chrono::hours(24 * (10 + i)));
    }
    CHECK(store.total_views(cola) == 3);
    CHECK(store.views_in_last_day(cola, in.now) == 0);
    CHECK(count_cola(build(m, 1, in)) == 0);
  }
}

TEST_CASE("schedule: pilots and ad-free tiers get no breaks at all", "[ads][schedule][tier]") {
  BundleManifest m = sample_manifest();
  CHECK(build(m, 0).empty());  // the pilot, free tier
  Entitlement ad_free;
  ad_free.tier = Tier::ad_free;
  CHECK(build(m, 1, {}, ad_free).empty());
  Entitlement premium;
  premium.tier = Tier::premium;
  CHECK(build(m, 1, {}, premium).empty());
  CHECK_FALSE(build(m, 1).empty());  // free tier, regular episode
  // A schedule without breaks plays content straight through to one end.
  AdPlanner p(build(m, 1, {}, premium));
  CHECK(p.start(MediaTime(0)).kind == PlayerAction::Kind::play_content);
  CHECK(p.on_content_position(sec(150)).kind == PlayerAction::Kind::none);
  CHECK(p.on_content_ended().kind == PlayerAction::Kind::end_of_episode);
}

TEST_CASE("schedule: clip states only move forward, a final state cannot be set twice",
          "[ads][schedule]") {
  const AdSchedule s = build(sample_manifest(), 1);
  auto played = s.with_clip_state(1, 0, ClipState::played);
  REQUIRE(played.ok());
  CHECK(played->at(1).clips[0].state == ClipState::played);
  CHECK(s.at(1).clips[0].state == ClipState::available);  // the original value is unchanged

  for (ClipState again : {ClipState::played, ClipState::skipped, ClipState::error}) {
    auto twice = played->with_clip_state(1, 0, again);
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().code == Errc::invalid_state);
    CHECK_THAT(twice.error().message, Catch::Matchers::Contains("already played"));
  }
  auto back = s.with_clip_state(1, 0, ClipState::available);
  REQUIRE_FALSE(back.ok());
  CHECK(back.error().code == Errc::invalid_state);
  CHECK_FALSE(s.with_clip_state(9, 0, ClipState::played).ok());
  CHECK_FALSE(s.with_clip_state(1, 9, ClipState::played).ok());

  // Break bookkeeping: next available clip, unplayed/finished.
  auto one = *s.with_clip_state(2, 0, ClipState::error);
  CHECK(one.at(2).next_available() == 1u);
  CHECK(one.at(2).has_unplayed());
  auto both = *one.with_clip_state(2, 1, ClipState::skipped);
  CHECK(both.at(2).finished());
  CHECK_FALSE(both.at(2).has_unplayed());
}

TEST_CASE("schedule: break lookup by position (Media3 semantics)", "[ads][schedule]") {
  AdSchedule s = build(sample_manifest(), 1);  // 0, 100, 200, 300, end
  CHECK(s.break_for_position(sec(50)) == 0u);
  CHECK(s.break_for_position(sec(100)) == 1u);  // at the position counts
  CHECK(s.break_for_position(sec(299)) == 2u);
  CHECK(s.break_for_position(sec(10000)) == 3u);  // never the post-roll
  CHECK(s.break_after_position(sec(100)) == 2u);
  CHECK(s.break_after_position(sec(300)) == 4u);
  AdSchedule played = s.with_break_skipped(2);
  CHECK_FALSE(played.break_for_position(sec(250)).has_value());
  CHECK(played.break_after_position(sec(150)) == 3u);
}

TEST_CASE("schedule: breaks are kept in position order, empty breaks are dropped",
          "[ads][schedule]") {
  const SponsorClip clip = sample_manifest().sponsor_clips[0];
  std::vector<AdBreak> breaks = {
      AdBreak{kEndOfContent, {ScheduledClip{clip, ClipState::available}}},
      AdBreak{sec(300), {ScheduledClip{clip, ClipState::available}}},
      AdBreak{sec(200), {}},
      AdBreak{MediaTime(0), {ScheduledClip{clip, ClipState::available}}},
  };
  AdSchedule s(breaks);
  CHECK(positions(s) == std::vector<MediaTime>{MediaTime(0), sec(300), kEndOfContent});
  CHECK(s.post_roll() == 2u);
  CHECK(AdSchedule().empty());
}

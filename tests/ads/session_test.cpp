#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "ads_test_util.h"
#include "swarmtv/ads/ad_session.h"
#include "swarmtv/ads/schedule_builder.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using namespace swarmtv::ads::test;
using swarmtv::test::TempDir;
using Kind = PlayerAction::Kind;

namespace {

// Episode 1 with two mid-rolls (100 s and 200 s), no pre/post-roll, one clip per break.
BundleManifest two_midrolls() {
  BundleManifest m = sample_manifest();
  m.ad_policy.pre_roll = false;
  m.ad_policy.post_roll = false;
  m.ad_policy.clips_per_break = 1;
  m.episodes[1].ad_breaks = {TimeOffset::from_seconds(100), TimeOffset::from_seconds(200)};
  return m;
}

std::vector<std::string> log_lines(const std::filesystem::path& file) {
  std::vector<std::string> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    out.push_back(j["clip_id"].get<std::string>() + ":" + j["event"].get<std::string>());
  }
  return out;
}

// Drives a whole viewing like the player would, recording what it was told to play.
std::vector<std::string> watch(AdSession& s, MediaTime from, MediaTime duration) {
  std::vector<std::string> played;
  PlayerAction a = s.start(from);
  MediaTime pos = from;
  for (int guard = 0; guard < 10000 && a.kind != Kind::end_of_episode; ++guard) {
    if (a.kind == Kind::play_content) {
      played.push_back("content@" + std::to_string(a.content_position.count() / 1000000));
      pos = a.content_position;
    }
    if (a.kind == Kind::play_clip) {
      played.push_back(a.clip->id);
      for (MediaTime t{0}; t <= a.clip->duration; t += sec(1)) s.on_clip_progress(t);
      a = s.on_clip_ended();
      continue;
    }
    pos += sec(1);
    a = pos >= duration ? s.on_content_ended() : s.on_content_position(pos);
  }
  played.push_back(a.kind == Kind::end_of_episode ? "end" : "stuck");
  return played;
}

}  // namespace

TEST_CASE("session: a free-tier episode with two mid-rolls, tracked and capped", "[ads][session]") {
  TempDir dir("ads-session");
  BundleManifest m = two_midrolls();
  auto log = TrackingLog::open(dir / "tracking.jsonl");
  REQUIRE(log.ok());
  FrequencyCapStore caps = FrequencyCapStore::from_tracking(*log, jan_1_2026());
  ScheduleInputs in;
  in.now = jan_1_2026();
  in.caps = &caps;
  auto schedule = build_ad_schedule(m, *m.find_episode(1), {}, in);
  REQUIRE(schedule.ok());

  AdSessionOptions opts = session_options("v1", &*log);
  opts.caps = &caps;
  AdSession session(*schedule, opts);

  CHECK(watch(session, MediaTime(0), sec(600)) == std::vector<std::string>{"content@0", "acme-1",
                                                                           "content@100", "acme-2",
                                                                           "content@200", "end"});
  const std::vector<std::string> per_clip = {"impression", "start",         "firstQuartile",
                                             "midpoint",   "thirdQuartile", "complete"};
  std::vector<std::string> expected;
  for (const char* clip : {"acme-1", "acme-2"}) {
    for (const std::string& e : per_clip) expected.push_back(std::string(clip) + ":" + e);
  }
  CHECK(log_lines(dir / "tracking.jsonl") == expected);
  CHECK(caps.total_views(FrequencyCapStore::key("demo", "acme-1")) == 1);
  CHECK(caps.total_views(FrequencyCapStore::key("demo", "acme-2")) == 1);
  CHECK(session.take_warnings().empty());

  // The views are in the log: a new process counts them from it.
  CHECK(FrequencyCapStore::from_tracking(*TrackingLog::open(dir / "tracking.jsonl"), jan_1_2026())
            .total_views("demo/acme-2") == 1);
}

TEST_CASE("session: the same run with an ad-free licence shows no clip", "[ads][session]") {
  TempDir dir("ads-session-adfree");
  BundleManifest m = two_midrolls();
  Entitlement ad_free;
  ad_free.tier = Tier::ad_free;
  auto schedule = build_ad_schedule(m, *m.find_episode(1), ad_free, {});
  REQUIRE(schedule.ok());
  auto log = TrackingLog::open(dir / "tracking.jsonl");
  AdSessionOptions opts;
  opts.view_id = "v1";
  opts.tracking = &*log;
  AdSession session(*schedule, opts);
  CHECK(watch(session, MediaTime(0), sec(600)) == std::vector<std::string>{"content@0", "end"});
  CHECK_FALSE(std::filesystem::exists(dir / "tracking.jsonl"));
}

TEST_CASE("session: skip, error, pause and resume are tracked once, a restart adds nothing",
          "[ads][session]") {
  TempDir dir("ads-session-events");
  const AdSchedule schedule = episode_one_schedule();
  FakeSteadyClock steady;
  auto make_opts = [&](TrackingLog* log) {
    AdSessionOptions o = session_options("v7", log);
    o.planner.clock = [&] { return steady.now; };
    return o;
  };
  {
    auto log = TrackingLog::open(dir / "t.jsonl");
    AdSession s(schedule, make_opts(&*log));
    REQUIRE(s.start().clip->id == "acme-1");
    s.on_clip_progress(MediaTime(0));
    s.on_pause();
    s.on_resume();
    s.on_pause();  // a second pause of the same clip is not logged again
    s.on_resume();
    s.on_clip_progress(sec(6));
    auto skipped = s.on_skip();
    REQUIRE(skipped.ok());
    REQUIRE(skipped->clip->id == "bolt-1");
    steady.advance(std::chrono::seconds(11));  // bolt-1 never delivers data
    CHECK(s.on_tick().kind == Kind::play_content);
    s.on_pause();  // during content: not an ad event
  }
  const std::vector<std::string> expected = {
      "acme-1:impression",    "acme-1:start", "acme-1:pause", "acme-1:resume",
      "acme-1:firstQuartile", "acme-1:skip",  "bolt-1:error"};
  CHECK(log_lines(dir / "t.jsonl") == expected);
  {
    // Restart of the same viewing at the beginning: the pre-roll plays again on screen, but
    // nothing already fired is logged twice.
    auto log = TrackingLog::open(dir / "t.jsonl");
    AdSession s(schedule, make_opts(&*log));
    REQUIRE(s.start().clip->id == "acme-1");
    s.on_clip_progress(MediaTime(0));
    s.on_pause();
    s.on_resume();
    s.on_clip_progress(sec(7.5));  // midpoint is new
  }
  auto lines = log_lines(dir / "t.jsonl");
  REQUIRE(lines.size() == expected.size() + 1);
  CHECK(lines.back() == "acme-1:midpoint");
}

TEST_CASE("session: the clip after a skip fires its quartiles at its own 25/50/75 %",
          "[ads][session][skip]") {
  TempDir dir("ads-session-skip-next");
  const AdSchedule schedule = episode_one_schedule();
  auto log = TrackingLog::open(dir / "t.jsonl");
  REQUIRE(log.ok());
  AdSession s(schedule, session_options("v1", &*log));
  PlayerAction acme = s.start();
  REQUIRE(acme.clip->id == "acme-1");
  for (MediaTime t{0}; t <= sec(6); t += sec(0.04)) s.on_clip_progress(t, acme.play_id);
  auto bolt = s.on_skip();
  REQUIRE(bolt.ok());
  REQUIRE(bolt->clip->id == "bolt-1");          // 20 s
  s.on_clip_progress(sec(6.04), acme.play_id);  // the skipped clip's last report
  for (MediaTime t{0}; t <= sec(16); t += sec(0.04)) s.on_clip_progress(t, bolt->play_id);

  std::map<std::string, double> bolt_times;  // event -> media_time
  std::ifstream in(dir / "t.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["clip_id"] != "bolt-1") continue;
    const std::string event = j["event"];
    CHECK(bolt_times.count(event) == 0);  // once each
    bolt_times[event] = j.value("media_time", -1.0);
  }
  REQUIRE(bolt_times.size() == 5);
  CHECK(bolt_times["impression"] == Approx(0.0));
  CHECK(bolt_times["start"] == Approx(0.0));
  CHECK(bolt_times["firstQuartile"] == Approx(5.0).margin(0.05));
  CHECK(bolt_times["midpoint"] == Approx(10.0).margin(0.05));
  CHECK(bolt_times["thirdQuartile"] == Approx(15.0).margin(0.05));
  CHECK(s.planner().current_clip()->label() == "Ad 2 of 2 \u00b7 0:04 \u00b7 Bolt");
}

TEST_CASE(
    "session: a clip paused before its first frame neither times out nor logs, its clock waits "
    "for the resume",
    "[ads][session][pause]") {
  TempDir dir("ads-session-paused-start");
  const AdSchedule schedule = episode_one_schedule();
  FakeSteadyClock steady;
  auto log = TrackingLog::open(dir / "t.jsonl");
  REQUIRE(log.ok());
  AdSessionOptions o = session_options("v1", &*log);
  o.planner.clock = [&] { return steady.now; };
  AdSession s(schedule, o);
  // The viewer started with --pause: the pre-roll's first picture is up, the player paused.
  PlayerAction a = s.start();
  REQUIRE(a.clip->id == "acme-1");
  s.on_pause();
  for (int i = 0; i < 600; ++i) {  // a minute paused, far past the 10 s data timeout
    steady.advance(std::chrono::milliseconds(100));
    CHECK(s.on_tick().kind == Kind::none);
  }
  CHECK(s.planner().current_clip()->skip_countdown == sec(5));  // acme-1: skip after 5 s
  CHECK(s.planner().current_clip()->label() == "Ad 1 of 2 \u00b7 0:15 \u00b7 Acme");
  CHECK(log_lines(dir / "t.jsonl").empty());  // no pause of a clip not yet on screen
  s.on_resume();
  steady.advance(std::chrono::seconds(9));  // the timeout counts from the resume
  CHECK(s.on_tick().kind == Kind::none);
  for (MediaTime t{0}; t <= sec(4); t += sec(0.5)) s.on_clip_progress(t, a.play_id);
  s.on_pause();
  s.on_resume();
  CHECK(log_lines(dir / "t.jsonl") == std::vector<std::string>{"acme-1:impression", "acme-1:start",
                                                               "acme-1:firstQuartile",
                                                               "acme-1:pause", "acme-1:resume"});
  CHECK(s.planner().current_clip()->skip_countdown == sec(1));
}

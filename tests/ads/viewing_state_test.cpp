#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "ads_test_util.h"
#include "swarmtv/ads/ad_session.h"
#include "swarmtv/ads/schedule_builder.h"
#include "swarmtv/ads/viewing_state.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using namespace swarmtv::ads::test;
using swarmtv::test::TempDir;
using Kind = PlayerAction::Kind;

namespace {

std::vector<std::string> states_of(const AdSchedule& s) {
  std::vector<std::string> out;
  for (const AdBreak& b : s.breaks())
    for (const ScheduledClip& c : b.clips)
      out.push_back(c.clip.id + ":" + std::string(to_string(c.state)));
  return out;
}

// The persisted viewing of episode 1 (pre-roll, mid-rolls at 100, 200, 300 s, post-roll),
// with its tracking log and caps, as one run of the player holds it.
struct Run {
  Run(const TempDir& dir, const BundleManifest& m)
      : log(*TrackingLog::open(dir / "tracking.jsonl")),
        caps(FrequencyCapStore::from_tracking(log, jan_1_2026())),
        store(dir / "viewings") {
    ScheduleInputs in;
    in.now = jan_1_2026();
    in.caps = &caps;
    auto fresh = build_ad_schedule(m, *m.find_episode(1), {}, in);
    REQUIRE(fresh.ok());
    auto saved = store.load("v1", m);
    REQUIRE(saved.ok());
    AdSessionOptions o = session_options("v1", &log);
    o.caps = &caps;
    o.viewing_state = &store;
    session.emplace(*saved ? **saved : *fresh, o);
  }
  // Starts the viewing at 0, requiring that it starts with `clip_id`, and plays that clip to
  // `until` on its own clock.
  PlayerAction start_clip(const std::string& clip_id, MediaTime until) {
    PlayerAction a = session->start();
    REQUIRE(a.kind == Kind::play_clip);
    REQUIRE(a.clip->id == clip_id);
    play_to(a, until);
    return a;
  }
  // Reports the showing `a` at every half second up to `until`.
  void play_to(const PlayerAction& a, MediaTime until) {
    for (MediaTime t{0}; t <= until; t += sec(0.5)) session->on_clip_progress(t, a.play_id);
  }
  // Plays the pod to its end; returns what follows it.
  PlayerAction play_pod(PlayerAction a) {
    while (a.kind == Kind::play_clip) {
      play_to(a, a.clip->duration);
      a = session->on_clip_ended();
    }
    return a;
  }
  TrackingLog log;
  FrequencyCapStore caps;
  ViewingStateStore store;
  std::optional<AdSession> session;
};

// Impression lines in the log file per clip id (or per other field `by`, e.g. "instance").
std::map<std::string, int> impressions_in(const std::filesystem::path& file,
                                          const char* by = "clip_id") {
  std::map<std::string, int> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["event"] == "impression") out[j[by].get<std::string>()]++;
  }
  return out;
}

void check_caps_equal_log(const TempDir& dir, const FrequencyCapStore& caps,
                          const BundleManifest& m) {
  const auto lines = impressions_in(dir / "tracking.jsonl");
  const FrequencyCapStore reloaded =
      FrequencyCapStore::from_tracking(*TrackingLog::open(dir / "tracking.jsonl"), jan_1_2026());
  for (const SponsorClip& c : m.sponsor_clips) {
    const std::string key = FrequencyCapStore::key(m.series.id, c.id);
    const int logged = lines.count(c.id) ? lines.at(c.id) : 0;
    INFO(c.id);
    CHECK(caps.total_views(key) == logged);
    CHECK(reloaded.total_views(key) == logged);
  }
}

}  // namespace

TEST_CASE("viewing state: a schedule with its clip states survives a save and a load",
          "[ads][viewing]") {
  TempDir dir("ads-viewing-roundtrip");
  const BundleManifest m = sample_manifest();
  AdSchedule s = episode_one_schedule(m);
  s = *s.with_clip_state(0, 0, ClipState::played);
  s = *s.with_clip_state(0, 1, ClipState::skipped);
  s = *s.with_clip_state(1, 0, ClipState::error);
  ViewingStateStore store(dir / "viewings");
  CHECK_FALSE(store.load("info/1/day-1", m)->has_value());
  REQUIRE(store.save("info/1/day-1", s).ok());
  auto loaded = store.load("info/1/day-1", m);
  REQUIRE(loaded.ok());
  REQUIRE(loaded->has_value());
  CHECK(states_of(**loaded) == states_of(s));
  CHECK((*loaded)->post_roll().has_value());
  CHECK((*loaded)->at(1).position == s.at(1).position);
  CHECK((*loaded)->at(0).clips[0].clip.duration == sec(15));  // the manifest's clip
  // Another viewing has its own file.
  CHECK_FALSE(store.load("info/1/day-2", m)->has_value());
}

TEST_CASE("viewing state: a malformed or foreign file is an error, never a crash",
          "[ads][viewing]") {
  TempDir dir("ads-viewing-malformed");
  const BundleManifest m = sample_manifest();
  ViewingStateStore store(dir / "viewings");
  REQUIRE(store.save("v1", episode_one_schedule(m)).ok());
  const auto file = store.file_for("v1");
  const std::string good = swarmtv::test::run("cat " + file.string()).output;
  for (const std::string& bad :
       {std::string("{\"format\":1,\"view\":\"v1\",\"breaks\":[{\"position_us\":"),  // cut short
        std::string("[]"), std::string("{\"format\":2,\"view\":\"v1\",\"breaks\":[]}"),
        std::string("{\"format\":1,\"view\":\"v2\",\"breaks\":[]}"),
        std::string(
            "{\"format\":1,\"view\":\"v1\",\"breaks\":[{\"position_us\":-5,\"clips\":[]}]}"),
        std::string("{\"format\":1,\"view\":\"v1\",\"breaks\":[{\"position_us\":0,\"clips\":"
                    "[{\"id\":\"nobody\",\"state\":\"played\"}]}]}"),
        std::string("{\"format\":1,\"view\":\"v1\",\"breaks\":[{\"position_us\":0,\"clips\":"
                    "[{\"id\":\"acme-1\",\"state\":\"watched\"}]}]}"),
        std::string("\xff\xfe garbage")}) {
    std::ofstream(file, std::ios::trunc) << bad;
    auto loaded = store.load("v1", m);
    INFO(bad);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == Errc::parse_error);
  }
  // A crash mid-save leaves a stray temporary file beside the last good state, which still loads.
  std::ofstream(file, std::ios::trunc) << good;
  std::ofstream(file.string() + ".tmp.999.0") << "{\"format\":1,\"vi";
  CHECK(store.load("v1", m)->has_value());
}

TEST_CASE("viewing state: played, skipped and failed clips never play again in the viewing",
          "[ads][viewing][session]") {
  TempDir dir("ads-viewing-restarts");
  const BundleManifest m = sample_manifest();
  std::string interrupted;  // the clip id of the break at 200 s, shown in runs 2 and 3
  {
    // Run 1: pre-roll (acme-1 skipped, the next clip played), content to 150 s across the break
    // at 100 s (played), then quit.
    Run r(dir, m);
    r.start_clip("acme-1", sec(6));
    auto skipped = r.session->on_skip();
    REQUIRE(skipped.ok());
    PlayerAction a = r.play_pod(*skipped);
    REQUIRE(a.kind == Kind::play_content);
    for (MediaTime t = sec(1); t <= sec(150) && a.kind == Kind::play_content; t += sec(1)) {
      PlayerAction next = r.session->on_content_position(t);
      if (next.kind == Kind::play_clip) a = r.play_pod(next);
    }
    CHECK(r.session->planner().schedule().at(1).finished());
    check_caps_equal_log(dir, r.caps, m);
  }
  {
    // Run 2, the same day, from before the break: neither the pre-roll nor the break at 100 s
    // plays, on start, on crossing, or on a seek back; the break at 200 s still does.
    Run r(dir, m);
    PlayerAction a = r.session->start(sec(50));
    CHECK(a.kind == Kind::play_content);
    for (MediaTime t = sec(51); t <= sec(120); t += sec(1))
      CHECK(r.session->on_content_position(t).kind == Kind::none);
    auto back = r.session->on_seek(sec(10));
    REQUIRE(back.ok());
    CHECK(back->kind == Kind::play_content);
    auto ahead = r.session->on_seek(sec(250));
    REQUIRE(ahead.ok());
    REQUIRE(ahead->kind == Kind::play_clip);  // snapback to the break at 200 s
    CHECK(ahead->break_index == 2);
    interrupted = ahead->clip->id;
    // Quit in the middle of its first clip: that clip stays to be shown, nothing else moved.
    r.session->on_clip_progress(sec(2), ahead->play_id);
    check_caps_equal_log(dir, r.caps, m);
  }
  {
    // Run 3: a start at 250 s plays the interrupted clip again (it never completed) and its
    // impression is not counted twice; skip and error are final like complete.
    Run r(dir, m);
    PlayerAction a = r.session->start(sec(250));
    REQUIRE(a.kind == Kind::play_clip);
    CHECK(a.break_index == 2);
    CHECK(a.clip_index == 0);
    r.session->on_clip_progress(sec(6), a.play_id);
    auto next = r.session->on_clip_failed("decode error");
    REQUIRE(next.kind == Kind::play_clip);
    CHECK(r.play_pod(next).kind == Kind::play_content);
    CHECK(r.session->planner().schedule().at(2).clips[0].state == ClipState::error);
    check_caps_equal_log(dir, r.caps, m);
  }
  {
    Run r(dir, m);
    // Every break up to 250 s is final now; the break at 200 s does not come back either.
    PlayerAction a = r.session->start(sec(250));
    CHECK(a.kind == Kind::play_content);
    auto back = r.session->on_seek(sec(199));
    REQUIRE(back.ok());
    CHECK(back->kind == Kind::play_content);
    const AdSchedule& s = r.session->planner().schedule();
    CHECK(s.at(0).clips[0].state == ClipState::skipped);
    CHECK(s.at(0).clips[1].state == ClipState::played);
    CHECK(s.at(1).finished());
    CHECK(s.at(2).clips[0].state == ClipState::error);
    CHECK(s.at(2).clips[1].state == ClipState::played);
    CHECK(s.at(3).has_unplayed());
    check_caps_equal_log(dir, r.caps, m);
  }
  // Each showing's impression is logged once, the interrupted clip's too.
  const auto per_showing = impressions_in(dir / "tracking.jsonl", "instance");
  CHECK(per_showing.count("v1/2/0/" + interrupted) == 1);
  for (const auto& [instance, n] : per_showing) {
    INFO(instance);
    CHECK(n == 1);
  }
}

TEST_CASE(
    "caps: a view is an impression in the log, a skipped clip's included, a clip that "
    "never showed a frame not",
    "[ads][caps][session]") {
  TempDir dir("ads-caps-log");
  const BundleManifest m = sample_manifest();
  {
    Run r(dir, m);
    r.start_clip("acme-1", sec(6));
    auto next = r.session->on_skip();  // acme-1 was seen, then skipped
    REQUIRE(next.ok());
    REQUIRE(next->kind == Kind::play_clip);
    const std::string failed = next->clip->id;
    r.session->on_clip_failed("no frame decoded");  // never on screen: no impression
    CHECK(r.caps.total_views(FrequencyCapStore::key("demo", "acme-1")) == 1);
    CHECK(r.caps.total_views(FrequencyCapStore::key("demo", failed)) == 0);
    check_caps_equal_log(dir, r.caps, m);
  }
  // A new process counts the same from the log alone.
  const FrequencyCapStore reloaded =
      FrequencyCapStore::from_tracking(*TrackingLog::open(dir / "tracking.jsonl"), jan_1_2026());
  CHECK(reloaded.total_views("demo/acme-1") == 1);
  CHECK(reloaded.views_in_last_day("demo/acme-1", jan_1_2026()) == 1);
  CHECK(reloaded.views_in_last_day("demo/acme-1", jan_1_2026() + std::chrono::hours(25)) == 0);
}

TEST_CASE(
    "caps: loaded at a time, the per-day window keeps only the last day of impressions, "
    "totals and windows still equal the log",
    "[ads][caps]") {
  // A year of one impression every 6 hours for acme-1, and one per hour of the last day for
  // bolt-1: the log of a viewer who watches every day.
  const Clock::time_point now = jan_1_2026() + std::chrono::days(365);
  std::string text;
  const auto line = [&](const char* clip, Clock::time_point t) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
    text += R"({"event":"impression","instance":")" + std::string(clip) +
            std::to_string(ms.count()) + R"(","series":"demo","clip_id":")" + clip +
            R"(","time":)" + std::to_string(ms.count()) + "}\n";
  };
  int acme_lines = 0, acme_last_day = 0;
  for (auto t = jan_1_2026(); t <= now; t += std::chrono::hours(6), ++acme_lines) {
    line("acme-1", t);
    if (t > now - std::chrono::hours(24)) ++acme_last_day;
  }
  for (int h = 0; h < 24; ++h) line("bolt-1", now - std::chrono::hours(h));
  const TrackingLog log = TrackingLog::from_text("t.jsonl", text);
  REQUIRE(log.impressions().size() == std::size_t(acme_lines + 24));

  const FrequencyCapStore caps = FrequencyCapStore::from_tracking(log, now);
  CHECK(caps.total_views("demo/acme-1") == acme_lines);
  CHECK(caps.total_views("demo/bolt-1") == 24);
  CHECK(acme_last_day == 4);
  CHECK(caps.views_in_last_day("demo/acme-1", now) == acme_last_day);
  CHECK(caps.views_in_last_day("demo/bolt-1", now) == 24);
  // Only the last day's times are held, not a year of them.
  CHECK(caps.kept_view_times() == std::size_t(acme_last_day + 24));
  // The window still rolls on from `now`: an hour later bolt-1's oldest view has left it.
  CHECK(caps.views_in_last_day("demo/bolt-1", now + std::chrono::hours(1)) == 23);
  // A daily cap of 4 is full for acme-1; a total cap sees every line of the log.
  CHECK_FALSE(caps.allows("demo/acme-1", FrequencyCap{.per_day = 4, .total = {}}, now));
  CHECK(caps.allows("demo/acme-1", FrequencyCap{.per_day = 5, .total = {}}, now));
  CHECK_FALSE(caps.allows("demo/acme-1", FrequencyCap{.per_day = {}, .total = acme_lines}, now));
}

TEST_CASE(
    "viewing state: the first save prunes viewings not written for 30 days, the others and "
    "their final clips stay",
    "[ads][viewing]") {
  TempDir dir("ads-viewing-prune");
  const BundleManifest m = sample_manifest();
  const auto viewings = dir / "viewings";
  AdSchedule played = *episode_one_schedule(m).with_clip_state(0, 0, ClipState::played);
  {
    ViewingStateStore earlier(viewings);
    REQUIRE(earlier.save("info/1/day-100", played).ok());
    REQUIRE(earlier.save("info/1/day-129", played).ok());
  }
  const auto now = std::filesystem::file_time_type::clock::now();
  const auto days = [](int n) { return std::chrono::hours(24 * n); };
  ViewingStateStore store(viewings);
  std::filesystem::last_write_time(store.file_for("info/1/day-100"), now - days(31));
  std::filesystem::last_write_time(store.file_for("info/1/day-129"), now - days(29));
  // A crash's temporary file as old, and a file that is not a viewing's.
  const auto stray = viewings / "x-0123456789ab.json.tmp.77.0";
  std::ofstream(stray) << "{";
  std::filesystem::last_write_time(stray, now - days(40));
  const auto other = viewings / "README.txt";
  std::ofstream(other) << "not ours";
  std::filesystem::last_write_time(other, now - days(400));

  REQUIRE(store.save("info/1/day-130", episode_one_schedule(m)).ok());
  CHECK_FALSE(std::filesystem::exists(store.file_for("info/1/day-100")));
  CHECK_FALSE(std::filesystem::exists(stray));
  CHECK(std::filesystem::exists(other));
  CHECK(store.load("info/1/day-130", m)->has_value());
  // The viewing of 29 days ago is still whole: its played clip stays played.
  auto kept = store.load("info/1/day-129", m);
  REQUIRE(kept.ok());
  REQUIRE(kept->has_value());
  CHECK(states_of(**kept) == states_of(played));
  // Pruned once per store: a file aging past the limit now waits for the next store.
  std::filesystem::last_write_time(store.file_for("info/1/day-129"), now - days(31));
  REQUIRE(store.save("info/1/day-130", played).ok());
  CHECK(std::filesystem::exists(store.file_for("info/1/day-129")));
  CHECK(ViewingStateStore(viewings).prune() == 1);
  CHECK_FALSE(std::filesystem::exists(store.file_for("info/1/day-129")));
}

#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "ads_test_util.h"
#include "swarmtv/ads/tracking_log.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using namespace swarmtv::ads::test;
using swarmtv::test::TempDir;
using E = TrackingEvent;

namespace {

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// "event@instance" for every line, in file order.
std::vector<std::string> events_of(const std::filesystem::path& file) {
  std::vector<std::string> out;
  for (const std::string& line : lines_of(file)) {
    auto j = nlohmann::json::parse(line);
    out.push_back(j["event"].get<std::string>() + "@" + j["instance"].get<std::string>());
  }
  return out;
}

ClipInstance instance(std::string view = "view-1") {
  return ClipInstance{std::move(view), 1, 0, "acme-1", "Acme", "demo"};
}

}  // namespace

TEST_CASE("tracking: progress fires impression, start, quartiles and complete once each, in order",
          "[ads][tracking]") {
  TempDir dir("ads-tracking");
  auto log = TrackingLog::open(dir / "tracking.jsonl");
  REQUIRE(log.ok());
  const ClipInstance clip = instance();
  const MediaTime d = sec(20);
  const Clock::time_point now = jan_1_2026();

  CHECK(*log->on_progress(clip, sec(0), d, now) == std::vector<E>{E::impression, E::start});
  CHECK(log->on_progress(clip, sec(4), d, now)->empty());
  CHECK(*log->on_progress(clip, sec(5), d, now) == std::vector<E>{E::first_quartile});
  CHECK(*log->on_progress(clip, sec(16), d, now) == std::vector<E>{E::midpoint, E::third_quartile});
  CHECK(*log->on_progress(clip, sec(20), d, now) == std::vector<E>{E::complete});
  CHECK(log->on_progress(clip, sec(20), d, now)->empty());

  const std::string k = clip.key();
  CHECK(k == "view-1/1/0/acme-1");
  CHECK(events_of(dir / "tracking.jsonl") ==
        std::vector<std::string>{"impression@" + k, "start@" + k, "firstQuartile@" + k,
                                 "midpoint@" + k, "thirdQuartile@" + k, "complete@" + k});
  auto first = nlohmann::json::parse(lines_of(dir / "tracking.jsonl").front());
  CHECK(first["advertiser"] == "Acme");
  CHECK(first["clip_id"] == "acme-1");
  CHECK(first["break"] == 1);
  CHECK(first["time"] == 1767225600000);
}

TEST_CASE("tracking: no duplicates after a pause, a seek back or a restart", "[ads][tracking]") {
  TempDir dir("ads-tracking-dedup");
  const auto file = dir / "t.jsonl";
  const ClipInstance clip = instance();
  const MediaTime d = sec(20);
  const Clock::time_point now = jan_1_2026();
  {
    auto log = TrackingLog::open(file);
    REQUIRE(log.ok());
    REQUIRE(log->on_progress(clip, sec(6), d, now).ok());  // impression, start, firstQuartile
    // Pause and resume, twice: each fires once.
    CHECK(*log->fire(clip, E::pause, now));
    CHECK(*log->fire(clip, E::resume, now));
    CHECK_FALSE(*log->fire(clip, E::pause, now));
    CHECK_FALSE(*log->fire(clip, E::resume, now));
    // Seek back within the clip's timeline (e.g. the clip restarted after a rebuffer).
    CHECK(log->on_progress(clip, sec(0), d, now)->empty());
    CHECK(log->on_progress(clip, sec(6), d, now)->empty());
    CHECK(*log->on_progress(clip, sec(11), d, now) == std::vector<E>{E::midpoint});
  }
  CHECK(lines_of(file).size() == 6);
  {
    // Restart: the log is reloaded; the same viewing resumes the same clip from the start.
    auto log = TrackingLog::open(file);
    REQUIRE(log.ok());
    CHECK(log->has_fired(clip, E::impression));
    CHECK(log->has_fired(clip, E::midpoint));
    CHECK_FALSE(log->has_fired(clip, E::complete));
    CHECK(log->on_progress(clip, sec(1), d, now)->empty());
    CHECK(*log->on_progress(clip, sec(20), d, now) ==
          std::vector<E>{E::third_quartile, E::complete});
    CHECK_FALSE(*log->fire(clip, E::pause, now));
  }
  const auto events = events_of(file);
  CHECK(events.size() == 8);
  std::set<std::string> unique(events.begin(), events.end());
  CHECK(unique.size() == events.size());
}

TEST_CASE("tracking: a new viewing counts again, skip and error are logged", "[ads][tracking]") {
  TempDir dir("ads-tracking-views");
  auto log = TrackingLog::open(dir / "t.jsonl");
  REQUIRE(log.ok());
  const Clock::time_point now = jan_1_2026();
  REQUIRE(log->on_progress(instance("view-1"), sec(0), sec(10), now).ok());
  CHECK(*log->on_progress(instance("view-2"), sec(0), sec(10), now) ==
        std::vector<E>{E::impression, E::start});
  CHECK(*log->fire(instance("view-2"), E::skip, now));
  CHECK_FALSE(*log->fire(instance("view-2"), E::skip, now));
  ClipInstance other = instance("view-2");
  other.clip_index = 1;
  CHECK(*log->fire(other, E::error, now));
  CHECK(lines_of(dir / "t.jsonl").size() == 6);
}

TEST_CASE("tracking: a damaged line (crash mid-write) is skipped, not fatal", "[ads][tracking]") {
  TempDir dir("ads-tracking-damaged");
  const auto file = dir / "t.jsonl";
  const ClipInstance clip = instance();
  {
    auto log = TrackingLog::open(file);
    REQUIRE(log->fire(clip, E::impression, jan_1_2026()).ok());
  }
  std::ofstream(file, std::ios::app) << "{\"event\":\"sta";  // cut short
  auto log = TrackingLog::open(file);
  REQUIRE(log.ok());
  CHECK(log->skipped_lines() == 1);
  CHECK(log->has_fired(clip, E::impression));
  CHECK_FALSE(log->has_fired(clip, E::start));
}

TEST_CASE("tracking: an impression at a time this program never writes is not counted",
          "[ads][tracking]") {
  // Found by tracking_log_fuzz: milliseconds near 2^57 overflowed the nanosecond clock.
  const std::string line = R"({"event":"impression","instance":"i","series":"demo",)"
                           R"("clip_id":"acme-1","time":)";
  const std::string text = line + "176722560012999993}\n" + line + "-5}\n" + line +
                           "1767225600000}\n";
  auto log = TrackingLog::from_text("t.jsonl", text);
  REQUIRE(log.impressions().size() == 1);
  CHECK(log.impressions()[0].time == jan_1_2026());
}

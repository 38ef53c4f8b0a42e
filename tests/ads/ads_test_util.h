// Shared fixtures for the ads tests: a sample manifest, fake clocks, key pairs from fixed seeds.
#pragma once

#include <array>
#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "swarmtv/ads/ad_session.h"
#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/licence.h"
#include "swarmtv/ads/publisher_key.h"
#include "swarmtv/ads/schedule_builder.h"

namespace swarmtv::ads::test {

using namespace std::chrono_literals;

inline MediaTime sec(double s) {
  return seconds_to_media_time(s);
}

// Episode 1 is 600 s with mid-rolls at 100 s, 200 s ("00:03:20") and 300 s ("50%").
inline nlohmann::json sample_manifest_json() {
  return nlohmann::json::parse(R"({
    "format": 1,
    "series": {"id": "demo", "title": "Demo Series"},
    "season": 1,
    "episodes": [
      {"file": "s01e00.mkv", "number": 0, "title": "Pilot", "pilot": true, "duration": 300},
      {"file": "s01e01.mkv", "number": 1, "title": "One", "duration": 600,
       "ad_breaks": [100, "00:03:20", "50%"]},
      {"file": "s01e02.mkv", "number": 2, "title": "Two"}
    ],
    "sponsor_clips": [
      {"id": "acme-1", "file": "ads/acme1.mkv", "advertiser": "Acme", "category": "tools",
       "duration": 15, "skip_offset": "00:00:05", "loudness_lufs": -17},
      {"id": "acme-2", "file": "ads/acme2.mkv", "advertiser": "Acme", "category": "tools",
       "duration": 10},
      {"id": "bolt-1", "file": "ads/bolt1.mkv", "advertiser": "Bolt", "category": "cars",
       "duration": 20, "skip_offset": "25%", "loudness_lufs": -30},
      {"id": "cola-1", "file": "ads/cola1.mkv", "advertiser": "Cola", "category": "drinks",
       "duration": 12, "skip_offset": 6}
    ],
    "ad_policy": {"clips_per_break": 2, "pre_roll": true, "post_roll": true,
                  "frequency_caps": {"cola-1": {"per_day": 2, "total": 3}}},
    "products": [{"id": "ad-free", "title": "No ads", "grants": ["ad-free"]},
                 {"id": "premium", "title": "Premium", "grants": ["ad-free", "bonus"]}],
    "bonus": [{"file": "bonus/making-of.mkv.enc", "title": "Making of", "chunk_size": 65536}]
  })");
}

inline BundleManifest sample_manifest() {
  auto m = BundleManifest::from_json(sample_manifest_json());
  if (!m) throw std::runtime_error(m.error().message);
  return *m;
}

// The ad schedule of episode 1 of `m` (the sample by default), with no caps or history.
inline AdSchedule episode_one_schedule(const BundleManifest& m = sample_manifest()) {
  auto s = build_ad_schedule(m, *m.find_episode(1), {}, {});
  if (!s) throw std::runtime_error(s.error().message);
  return *s;
}

inline PublisherKeyPair key_from_byte(unsigned char b) {
  std::array<unsigned char, 32> seed{};
  seed.fill(b);
  auto k = PublisherKeyPair::from_seed(seed);
  if (!k) throw std::runtime_error(k.error().message);
  return std::move(*k);
}

// 2026-01-01T00:00:00Z
inline Clock::time_point jan_1_2026() {
  return Clock::time_point(std::chrono::seconds(1767225600));
}

// What the player gives a session of viewing `view_id` of the sample series ("demo"), logging
// to `log` (nullptr: no tracking), with the wall clock at 2026-01-01.
inline AdSessionOptions session_options(std::string view_id, TrackingLog* log) {
  AdSessionOptions o;
  o.view_id = std::move(view_id);
  o.series_id = "demo";
  o.tracking = log;
  o.wall_clock = [] { return jan_1_2026(); };
  return o;
}

// A manually advanced monotonic clock for the planner's timeout.
struct FakeSteadyClock {
  std::chrono::steady_clock::time_point now{};
  void advance(std::chrono::milliseconds d) { now += d; }
};

}  // namespace swarmtv::ads::test

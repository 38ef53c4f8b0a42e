// The tracking log (JSON lines) is reloaded on every start: a crash may cut a line, and any
// program of the user can write to it. Whatever it holds, loading it never fails.
#include "fuzz_support.h"
#include "swarmtv/ads/frequency_caps.h"
#include "swarmtv/ads/tracking_log.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto log = ads::TrackingLog::from_text("fuzz/tracking.jsonl", fuzz::as_text(data, size));
  for (const auto& imp : log.impressions()) {
    SWARMTV_FUZZ_CHECK(!imp.series_id.empty() && !imp.clip_id.empty());
  }
  // The caps count what the log holds, at any wall-clock time the log's lines name.
  const auto now = ads::Clock::time_point(std::chrono::seconds(1767225600));  // 2026-01-01
  const auto caps = ads::FrequencyCapStore::from_tracking(log, now);
  for (const auto& imp : log.impressions()) {
    const std::string key = ads::FrequencyCapStore::key(imp.series_id, imp.clip_id);
    SWARMTV_FUZZ_CHECK(caps.total_views(key) >= 1);
    SWARMTV_FUZZ_CHECK(caps.views_in_last_day(key, now) >= 0);
    SWARMTV_FUZZ_CHECK(caps.views_in_last_day(key, imp.time) >= 0);
  }
  return 0;
}

// A viewing state file is reloaded when a viewing resumes; a crash or another program may have
// left anything in it. It is read against the sample manifest's clips.
#include "fuzz_support.h"
#include "swarmtv/ads/viewing_state.h"

using namespace swarmtv;

namespace {

const ads::BundleManifest& manifest() {
  static const ads::BundleManifest m = [] {
    auto parsed = ads::BundleManifest::parse(R"({"format": 1,
      "series": {"id": "demo", "title": "Demo"}, "season": 1,
      "episodes": [{"file": "e1.mkv", "number": 1, "title": "One", "duration": 600}],
      "sponsor_clips": [
        {"id": "acme-1", "file": "ads/a.mkv", "advertiser": "Acme", "category": "tools",
         "duration": 15, "skip_offset": "00:00:05"},
        {"id": "bolt-1", "file": "ads/b.mkv", "advertiser": "Bolt", "category": "cars",
         "duration": 20}]})");
    if (!parsed) std::abort();
    return *parsed;
  }();
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto schedule = ads::ViewingStateStore::parse(fuzz::as_text(data, size), "v1", manifest(),
                                                "fuzz/viewing.json");
  if (!schedule) {
    SWARMTV_FUZZ_CHECK(fuzz::printable(schedule.error().message));
    return 0;
  }
  for (const auto& br : schedule->breaks()) {
    SWARMTV_FUZZ_CHECK(br.position.count() >= 0);
    for (const auto& c : br.clips) SWARMTV_FUZZ_CHECK(manifest().find_clip(c.clip.id));
    // What the planner asks of a reloaded schedule.
    (void)schedule->break_for_position(br.position);
    (void)schedule->break_after_position(br.position);
  }
  (void)schedule->break_after_position(MediaTime(0));
  return 0;
}

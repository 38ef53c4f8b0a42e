// Per-clip frequency caps. A view is an impression: the player computes the store from the
// tracking log (from_tracking) and counts each impression as it is logged, so the caps and the
// log agree line by line. A clip that never showed a frame costs the advertiser nothing. The
// store itself is never saved: the log is its only persistent form.
//
// "per day" means any rolling 24 hours, so the cap does not depend on the time zone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/licence.h"
#include "swarmtv/ads/tracking_log.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

class FrequencyCapStore {
 public:
  // An empty store (tests, or when the tracking log is unusable).
  FrequencyCapStore() = default;

  // A store counting every impression line of `log` that names a series, loaded at `now`: each
  // line counts towards its clip's total, and only those of the day before `now` are kept for
  // the per-day window (older ones can never fall in a window again, and a log grows for
  // years). Per-day counts are then meant for times from `now` on.
  static FrequencyCapStore from_tracking(const TrackingLog& log, Clock::time_point now);

  // The key caps are kept under: clip ids are only unique within one series' manifest.
  static std::string key(std::string_view series_id, std::string_view clip_id);

  int total_views(const std::string& key) const;
  int views_in_last_day(const std::string& key, Clock::time_point now) const;

  // Whether one more view of the clip fits its cap, given `planned` views already scheduled
  // but not yet shown in the current episode.
  bool allows(const std::string& key, const FrequencyCap& cap, Clock::time_point now,
              int planned = 0) const;

  // Counts one view.
  void record_view(const std::string& key, Clock::time_point now);

  // How many view times the store keeps for its per-day windows, over all clips: what it holds
  // in memory besides one total per clip.
  std::size_t kept_view_times() const;

 private:
  struct Views {
    std::int64_t total = 0;
    std::vector<std::int64_t> recent;  // Unix seconds, ascending
  };
  std::map<std::string, Views> views_;
};

}  // namespace swarmtv::ads

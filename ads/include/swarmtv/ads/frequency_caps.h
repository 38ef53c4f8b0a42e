// Per-clip frequency caps. A view is an impression: the player computes the store from the
// tracking log (from_tracking) and counts each impression as it is logged, so the caps and the
// log agree line by line. A clip that never showed a frame costs the advertiser nothing.
//
// The store can also be kept in a small JSON file of its own (open, record_view saves it); the
// player no longer does, because two files can disagree after a crash and one log cannot.
//
// "per day" means any rolling 24 hours, so the cap does not depend on the time zone. File:
//   {"format": 1, "clips": {"<series>/<clip id>": {"total": 7, "recent": [1767225600, ...]}}}
// where "recent" keeps the view times (Unix seconds) of the last 24 hours only.
#pragma once

#include <cstdint>
#include <filesystem>
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
  // An in-memory store that is never saved (tests, or when no state directory is usable).
  FrequencyCapStore() = default;

  // $XDG_STATE_HOME/swarmtv/frequency-caps.json, else ~/.local/state/swarmtv/frequency-caps.json.
  static Result<std::filesystem::path> default_path();

  // Loads `file`; a missing file is an empty store. A malformed file is an error: the caller
  // can decide to start over with an empty store rather than stop playback.
  static Result<FrequencyCapStore> open(const std::filesystem::path& file);

  // An in-memory store counting every impression line of `log` that names a series.
  static FrequencyCapStore from_tracking(const TrackingLog& log);

  // The key caps are kept under: clip ids are only unique within one series' manifest.
  static std::string key(std::string_view series_id, std::string_view clip_id);

  int total_views(const std::string& key) const;
  int views_in_last_day(const std::string& key, Clock::time_point now) const;

  // Whether one more view of the clip fits its cap, given `planned` views already scheduled
  // but not yet shown in the current episode.
  bool allows(const std::string& key, const FrequencyCap& cap, Clock::time_point now,
              int planned = 0) const;

  // Counts one view; a store opened from a file saves it at once (atomically).
  Status record_view(const std::string& key, Clock::time_point now);

  const std::filesystem::path& file() const { return file_; }

 private:
  struct Views {
    std::int64_t total = 0;
    std::vector<std::int64_t> recent;  // Unix seconds, ascending
  };
  Status save() const;

  std::filesystem::path file_;  // empty: in memory only
  std::map<std::string, Views> views_;
};

}  // namespace swarmtv::ads

// Local ad tracking (VAST event names), appended to a JSON-lines file; no network beacons.
// One line per event:
//   {"event":"firstQuartile","instance":"v1/1/0/acme-1","view":"v1","break":1,"clip":0,
//    "clip_id":"acme-1","advertiser":"Acme","series":"demo","media_time":3.75,
//    "time":1767225600123}
// `media_time` (seconds on the clip's own clock) is where the clip was when the event fired; it
// is absent for events that are not tied to a position (pause, error, ...).
// Each (clip instance x event) is written at most once. The log itself is the memory of what was
// fired: open() reloads it, so a pause, a seek back or a restart never duplicates an event.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "swarmtv/ads/licence.h"
#include "swarmtv/ads/time_offset.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

enum class TrackingEvent {
  impression,
  start,
  first_quartile,
  midpoint,
  third_quartile,
  complete,
  skip,
  pause,
  resume,
  error,
};

// VAST spelling: "impression", "start", "firstQuartile", ..., "error".
std::string_view to_string(TrackingEvent event);

// One showing of one clip. `view_id` names one viewing of an episode: the player keeps it when
// it resumes the same viewing after a restart, and makes a new one for a fresh viewing (whose
// impressions are new and must be counted).
struct ClipInstance {
  std::string view_id;
  std::size_t break_index = 0;
  std::size_t clip_index = 0;
  std::string clip_id;
  std::string advertiser;
  std::string series_id;    // frequency caps count impressions per series and clip
  std::string key() const;  // "<view>/<break>/<clip>/<clip id>"
};

class TrackingLog {
 public:
  // Opens (creating on first event) the log at `file` and loads the events already fired.
  // Unparseable lines (e.g. one cut short by a crash) are skipped and counted, not fatal.
  static Result<TrackingLog> open(const std::filesystem::path& file);
  // The same over the log's text as read from `file` (open() reads it and calls this).
  static TrackingLog from_text(const std::filesystem::path& file, std::string_view text);

  // Appends `event` unless it was already fired for `instance`. Returns whether it was written.
  Result<bool> fire(const ClipInstance& instance, TrackingEvent event, Clock::time_point now,
                    std::optional<MediaTime> media_time = std::nullopt);

  // The clip has played continuously to `position` of `duration`: fires, in order and at most
  // once each, impression and start (from the first frame), firstQuartile, midpoint,
  // thirdQuartile and complete as their thresholds are reached. Returns what was written now.
  Result<std::vector<TrackingEvent>> on_progress(const ClipInstance& instance, MediaTime position,
                                                 MediaTime duration, Clock::time_point now);

  bool has_fired(const ClipInstance& instance, TrackingEvent event) const;

  // Every impression line with a series, in file order: what frequency caps count (the caps
  // are computed from these, so caps and log reconcile line by line).
  struct Impression {
    std::string series_id;
    std::string clip_id;
    Clock::time_point time;
  };
  const std::vector<Impression>& impressions() const { return impressions_; }
  std::size_t skipped_lines() const { return skipped_lines_; }
  const std::filesystem::path& file() const { return file_; }

 private:
  explicit TrackingLog(std::filesystem::path file) : file_(std::move(file)) {}

  std::filesystem::path file_;
  void remember(const nlohmann::json& line);

  std::set<std::pair<std::string, std::string>> fired_;  // (instance key, event name)
  std::vector<Impression> impressions_;
  std::size_t skipped_lines_ = 0;
};

}  // namespace swarmtv::ads

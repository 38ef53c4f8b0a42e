// The persisted ad state of one viewing: its schedule (which clips were planned for which break)
// and every clip's state. A restart of the same viewing reloads it instead of planning anew, so
// a break played, skipped or failed in the viewing never plays again in it, whatever the order
// of quit, restart, seek and resume; and a clip assignment cannot change under the viewer
// because the frequency caps moved since the first run.
//
// One small JSON file per viewing in a folder of the user's state directory:
//   {"format":1,"view":"<view id>","breaks":[{"position_us":0,"clips":[{"id":"acme-1",
//    "state":"played"}, ...]}, {"position_us":"end", ...}]}
// Written atomically (temporary file + rename) each time a state moves, so a crash leaves the
// previous or the new state, never half of one.
//
// Pruning: the first save of a store removes the viewing files (and temporary files a crash
// left) not written for `max_age` (30 days). A viewing id must therefore name a viewing that
// cannot come back after that long (the player's ids hold the day), or a break of it would
// play again. A finished viewing is not pruned early for that reason: the same day, the same
// viewing may be played again and must replay nothing.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "swarmtv/ads/ad_schedule.h"
#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

class ViewingStateStore {
 public:
  static constexpr std::chrono::hours kDefaultMaxAge{30 * 24};

  // Keeps its files in `dir` (created on the first save).
  explicit ViewingStateStore(std::filesystem::path dir,
                             std::chrono::seconds max_age = kDefaultMaxAge)
      : dir_(std::move(dir)), max_age_(max_age) {}

  // The saved schedule of `view_id`, its clips taken from `manifest`; nullopt when the viewing
  // has none yet. An error (parse_error) when the file is malformed or names a clip the
  // manifest does not have: the caller warns and starts the viewing afresh.
  Result<std::optional<AdSchedule>> load(const std::string& view_id,
                                         const BundleManifest& manifest) const;
  // Saves atomically; the first save also prunes files older than max_age (see above).
  Status save(const std::string& view_id, const AdSchedule& schedule) const;

  // Parses a viewing state file's `text` (load() reads the file and calls this); `name` (the
  // file's path) prefixes the error.
  static Result<AdSchedule> parse(std::string_view text, const std::string& view_id,
                                  const BundleManifest& manifest, const std::string& name);

  std::filesystem::path file_for(const std::string& view_id) const;

  // Removes the viewing files (and leftover temporary files) of `dir` last written more than
  // max_age ago; returns how many. Other files are left alone. save() calls it once.
  std::size_t prune() const;

 private:
  std::filesystem::path dir_;
  std::chrono::seconds max_age_;
  mutable bool pruned_ = false;  // save() prunes once per store (per viewing), not per move
};

}  // namespace swarmtv::ads

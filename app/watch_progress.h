// One episode's entry in the watch-later store while it plays: where to resume, and saving the
// position as it advances (every few seconds), when playback stops (quit, --end, a signal) and
// when the episode ends (watched).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "swarmtv/watch/background_saver.h"
#include "swarmtv/watch/watch_later_store.h"

namespace swarmtv::app {

class WatchProgress {
 public:
  // Saved at most this often while playing: a crash or SIGKILL loses no more than this.
  static constexpr std::chrono::seconds kSaveInterval{5};

  // `store` null: nothing is read or saved. Not owned.
  WatchProgress(const watch::WatchLaterStore* store, std::string key, std::string title);

  // The saved entry, if any; a malformed one is a one-line warning on stderr and nullopt.
  std::optional<watch::WatchEntry> saved() const;
  // Where the next play starts (watch::resume_position of the saved entry), if anywhere; not at
  // or past `end` (--end: the viewer asked for the part before it).
  std::optional<MediaTime> resume_point(std::optional<MediaTime> end = std::nullopt) const;

  void set_duration(std::optional<MediaTime> duration) {
    if (duration && *duration > MediaTime(0)) duration_ = duration;
  }
  std::optional<MediaTime> duration() const { return duration_; }
  // The content position now; saved when kSaveInterval has passed since the last save, on the
  // saver's thread (this one is the player's).
  void at(MediaTime position);
  // Playback stopped at `position` (unknown: where it was last seen): saved now, after the
  // saves still queued. Near the end it counts as watched.
  void stopped(std::optional<MediaTime> position);
  // Played to the end: watched, and the next play starts at 0.
  void finished();

 private:
  watch::WatchEntry entry(MediaTime position, bool watched) const;
  // The last word: what the saver still holds goes first, then this, on this thread.
  void save_now(MediaTime position, bool watched);
  void warn_once(const Error& error);

  const watch::WatchLaterStore* store_;
  std::string key_;
  std::string title_;
  std::optional<MediaTime> duration_;
  std::optional<MediaTime> last_;
  std::chrono::steady_clock::time_point last_save_ = std::chrono::steady_clock::now();
  std::atomic<bool> warned_{false};
  std::unique_ptr<watch::BackgroundSaver> saver_;  // with a store; last: it uses the above
};

}  // namespace swarmtv::app

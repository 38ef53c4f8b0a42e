// Saves watch-later entries on a thread of its own. A save ends in fsync() (a position that a
// crash may not lose), which can take tens of milliseconds on a busy disk: done on the player's
// thread every few seconds, it would hold a picture back. Only the newest entry waiting counts:
// an older one it replaces was never worth writing.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "swarmtv/watch/watch_later_store.h"

namespace swarmtv::watch {

class BackgroundSaver {
 public:
  // Called on the saver's thread with the error of a save that failed.
  using ErrorFn = std::function<void(const Error&)>;

  // `store` must outlive the saver.
  BackgroundSaver(const WatchLaterStore& store, ErrorFn on_error);
  // Writes what is waiting, then stops.
  ~BackgroundSaver();
  BackgroundSaver(const BackgroundSaver&) = delete;
  BackgroundSaver& operator=(const BackgroundSaver&) = delete;

  // Queues `entry`, replacing one not written yet; returns at once.
  void post(WatchEntry entry);
  // Returns once everything posted before it is written (or has failed).
  void flush();

 private:
  void run(const std::stop_token& stop);

  const WatchLaterStore& store_;
  ErrorFn on_error_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::optional<WatchEntry> pending_;
  bool writing_ = false;
  std::jthread thread_;  // last: it starts once the members it uses exist
};

}  // namespace swarmtv::watch

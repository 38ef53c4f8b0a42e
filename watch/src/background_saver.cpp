#include "swarmtv/watch/background_saver.h"

namespace swarmtv::watch {

BackgroundSaver::BackgroundSaver(const WatchLaterStore& store, ErrorFn on_error)
    : store_(store),
      on_error_(std::move(on_error)),
      thread_([this](const std::stop_token& stop) { run(stop); }) {}

BackgroundSaver::~BackgroundSaver() {
  flush();
  thread_.request_stop();  // wakes the wait below (condition_variable_any with a stop token)
}

void BackgroundSaver::post(WatchEntry entry) {
  {
    std::lock_guard lock(mutex_);
    pending_ = std::move(entry);
  }
  changed_.notify_all();
}

void BackgroundSaver::flush() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !pending_ && !writing_; });
}

void BackgroundSaver::run(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (changed_.wait(lock, stop, [&] { return pending_.has_value(); })) {
    WatchEntry entry = std::move(*pending_);
    pending_.reset();
    writing_ = true;
    lock.unlock();
    const Status saved = store_.save(entry);
    if (!saved && on_error_) on_error_(saved.error());
    lock.lock();
    writing_ = false;
    changed_.notify_all();
  }
}

}  // namespace swarmtv::watch

#include "watch_progress.h"

#include <cstdio>

namespace swarmtv::app {

WatchProgress::WatchProgress(const watch::WatchLaterStore* store, std::string key,
                             std::string title)
    : store_(store), key_(std::move(key)), title_(std::move(title)) {
  if (store_)
    saver_ = std::make_unique<watch::BackgroundSaver>(
        *store_, [this](const Error& error) { warn_once(error); });
}

std::optional<watch::WatchEntry> WatchProgress::saved() const {
  if (!store_) return std::nullopt;
  auto entry = store_->load(key_);
  if (!entry) {
    std::fprintf(stderr, "swarmtv: warning: %s; playing from the start\n",
                 entry.error().message.c_str());
    return std::nullopt;
  }
  return *entry;
}

std::optional<MediaTime> WatchProgress::resume_point(std::optional<MediaTime> end) const {
  auto entry = saved();
  if (!entry) return std::nullopt;
  auto position = watch::resume_position(*entry);
  if (position && end && *position >= *end) return std::nullopt;
  return position;
}

void WatchProgress::at(MediaTime position) {
  last_ = position;
  if (std::chrono::steady_clock::now() - last_save_ < kSaveInterval) return;
  last_save_ = std::chrono::steady_clock::now();
  if (saver_) saver_->post(entry(position, false));
}

void WatchProgress::stopped(std::optional<MediaTime> position) {
  if (!position) position = last_;
  if (!position) return;  // nothing was shown: nothing to remember
  if (watch::near_end(*position, duration_))
    save_now(MediaTime(0), true);
  else
    save_now(*position, false);
}

void WatchProgress::finished() {
  save_now(MediaTime(0), true);
}

watch::WatchEntry WatchProgress::entry(MediaTime position, bool watched) const {
  watch::WatchEntry e;
  e.key = key_;
  e.title = title_;
  e.position = position;
  e.duration = duration_;
  e.watched = watched;
  return e;
}

void WatchProgress::save_now(MediaTime position, bool watched) {
  last_save_ = std::chrono::steady_clock::now();
  if (!store_) return;
  saver_->flush();  // a queued older position must not land after this one
  if (auto s = store_->save(entry(position, watched)); !s) warn_once(s.error());
}

void WatchProgress::warn_once(const Error& error) {
  // A full disk or a read-only home must not stop playback: said once, then silent.
  if (warned_.exchange(true)) return;
  std::fprintf(stderr, "swarmtv: warning: %s (the position is not remembered)\n",
               error.message.c_str());
}

}  // namespace swarmtv::app

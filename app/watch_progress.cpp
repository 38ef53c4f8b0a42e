#include "watch_progress.h"

#include <cstdio>

namespace swarmtv::app {

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

std::optional<double> WatchProgress::resume_point(double end) const {
  auto entry = saved();
  if (!entry) return std::nullopt;
  auto position = watch::resume_position(*entry);
  if (position && !std::isnan(end) && *position >= end) return std::nullopt;
  return position;
}

void WatchProgress::at(double position) {
  if (std::isnan(position)) return;
  last_ = position;
  if (std::chrono::steady_clock::now() - last_save_ >= kSaveInterval) save(position, false);
}

void WatchProgress::stopped(double position) {
  if (std::isnan(position)) position = last_;
  if (std::isnan(position)) return;  // nothing was shown: nothing to remember
  if (watch::near_end(position, duration_))
    save(0.0, true);
  else
    save(position, false);
}

void WatchProgress::finished() {
  save(0.0, true);
}

void WatchProgress::save(double position, bool watched) {
  last_save_ = std::chrono::steady_clock::now();
  if (!store_) return;
  watch::WatchEntry entry;
  entry.key = key_;
  entry.title = title_;
  entry.position = position;
  entry.duration = duration_;
  entry.watched = watched;
  // A full disk or a read-only home must not stop playback: said once, then silent.
  if (auto s = store_->save(entry); !s && !warned_) {
    warned_ = true;
    std::fprintf(stderr, "swarmtv: warning: %s (the position is not remembered)\n",
                 s.error().message.c_str());
  }
}

}  // namespace swarmtv::app

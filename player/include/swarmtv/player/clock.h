// A playback clock as in ffplay: a media time that advances with wall time while running,
// tagged with the serial of the frames that set it. A clock whose serial is stale reads as
// unknown, so nothing is synchronised against a position from before a seek.
#pragma once

#include <chrono>
#include <optional>

#include "swarmtv/base/media_time.h"

namespace swarmtv::player {

// Monotonic seconds: wall-clock time for timers and waits (not media time).
double now_seconds();

class Clock {
 public:
  using WallTime = std::chrono::steady_clock::time_point;

  // The clock's media time now; nullopt if it has not been set for the current serial.
  std::optional<MediaTime> get() const;
  void set(MediaTime pts, int serial) { set_at(pts, serial, std::chrono::steady_clock::now()); }
  // `pts` was the media time at the wall-clock moment `at`.
  void set_at(MediaTime pts, int serial, WallTime at);
  void set_paused(bool paused);
  bool paused() const { return paused_; }
  int serial() const { return serial_; }
  // The serial that counts as current; get() is nullopt for any other.
  void set_current_serial(int serial) { current_serial_ = serial; }
  void invalidate() { pts_.reset(); }

 private:
  std::optional<MediaTime> pts_;
  WallTime updated_{};  // the wall-clock moment pts_ held
  int serial_ = -1;
  int current_serial_ = -1;
  bool paused_ = false;
};

}  // namespace swarmtv::player

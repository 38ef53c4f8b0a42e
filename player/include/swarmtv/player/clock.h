// A playback clock as in ffplay: a pts that advances with wall time while running, tagged with
// the serial of the frames that set it. A clock whose serial is stale reads NaN, so nothing is
// synchronised against a position from before a seek.
#pragma once

#include <cmath>

namespace swarmtv::player {

// Monotonic seconds.
double now_seconds();

class Clock {
 public:
  // The clock's time now, or NaN if it has not been set for the current serial.
  double get() const;
  void set(double pts, int serial) { set_at(pts, serial, now_seconds()); }
  void set_at(double pts, int serial, double time);
  void set_paused(bool paused);
  bool paused() const { return paused_; }
  int serial() const { return serial_; }
  // The serial that counts as current; get() is NaN for any other.
  void set_current_serial(int serial) { current_serial_ = serial; }
  void invalidate() { pts_ = NAN; }

 private:
  double pts_ = NAN;
  double pts_drift_ = 0.0;  // pts - wall time at the last update
  double last_updated_ = 0.0;
  int serial_ = -1;
  int current_serial_ = -1;
  bool paused_ = false;
};

}  // namespace swarmtv::player

#include "swarmtv/player/clock.h"

#include <chrono>

namespace swarmtv::player {

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

double Clock::get() const {
  if (serial_ != current_serial_ || std::isnan(pts_)) return NAN;
  if (paused_) return pts_;
  return pts_drift_ + now_seconds();
}

void Clock::set_at(double pts, int serial, double time) {
  pts_ = pts;
  last_updated_ = time;
  pts_drift_ = pts - time;
  serial_ = serial;
}

void Clock::set_paused(bool paused) {
  if (paused == paused_) return;
  // Freeze or restart from the current reading so no time is lost across a pause.
  double t = now_seconds();
  if (!std::isnan(pts_) && !paused_) pts_ = pts_drift_ + t;
  paused_ = paused;
  if (!paused_ && !std::isnan(pts_)) set_at(pts_, serial_, t);
}

}  // namespace swarmtv::player

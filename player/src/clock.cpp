#include "swarmtv/player/clock.h"

namespace swarmtv::player {

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::optional<MediaTime> Clock::get() const {
  if (serial_ != current_serial_ || !pts_) return std::nullopt;
  if (paused_) return pts_;
  return *pts_ + std::chrono::duration_cast<MediaTime>(std::chrono::steady_clock::now() - updated_);
}

void Clock::set_at(MediaTime pts, int serial, WallTime at) {
  pts_ = pts;
  updated_ = at;
  serial_ = serial;
}

void Clock::set_paused(bool paused) {
  if (paused == paused_) return;
  // Freeze or restart from the current reading so no time is lost across a pause.
  const WallTime now = std::chrono::steady_clock::now();
  if (pts_ && !paused_) *pts_ += std::chrono::duration_cast<MediaTime>(now - updated_);
  paused_ = paused;
  if (!paused_ && pts_) updated_ = now;
}

}  // namespace swarmtv::player

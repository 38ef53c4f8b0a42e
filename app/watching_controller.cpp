#include "watching_controller.h"

#include <cmath>

namespace swarmtv::app {

bool WatchingController::on_progress(double position) {
  if (!std::isnan(position)) {
    progress_.at(position);
    if (on_position_) on_position_(position, progress_.duration());
  }
  return inner_ != nullptr && inner_->on_progress(position);
}

void WatchingController::on_duration(double seconds) {
  progress_.set_duration(seconds);
  if (inner_) inner_->on_duration(seconds);
}

}  // namespace swarmtv::app

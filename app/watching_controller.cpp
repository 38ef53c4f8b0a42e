#include "watching_controller.h"

#include <cmath>

namespace swarmtv::app {

bool WatchingController::on_progress(MediaTime position) {
  progress_.at(position);
  if (on_position_) on_position_(position, progress_.duration());
  return inner_ != nullptr && inner_->on_progress(position);
}

void WatchingController::on_duration(std::optional<MediaTime> duration) {
  progress_.set_duration(duration);
  if (inner_) inner_->on_duration(duration);
}

}  // namespace swarmtv::app

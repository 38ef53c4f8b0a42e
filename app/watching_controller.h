// The PlaybackController of every content play(): it keeps the watch-later position and tells
// the next-episode prefetch how far playback is, then hands everything to the controller it
// wraps (the ad planner's ContentController for a bundle episode; none for a plain file).
#pragma once

#include <functional>

#include "swarmtv/player/playback_controller.h"
#include "watch_progress.h"

namespace swarmtv::app {

class WatchingController final : public player::PlaybackController {
 public:
  using PositionFn = std::function<void(MediaTime position, std::optional<MediaTime> duration)>;
  // `inner` may be null; `on_position` may be empty. Neither is owned.
  WatchingController(WatchProgress& progress, player::PlaybackController* inner,
                     PositionFn on_position = {})
      : progress_(progress), inner_(inner), on_position_(std::move(on_position)) {}

  bool on_progress(MediaTime position) override;
  bool take_over_seek(MediaTime target) override {
    return inner_ != nullptr && inner_->take_over_seek(target);
  }
  std::string request_skip() override {
    return inner_ ? inner_->request_skip() : PlaybackController::request_skip();
  }
  void on_pause_changed(bool paused) override {
    if (inner_) inner_->on_pause_changed(paused);
  }
  void on_duration(std::optional<MediaTime> duration) override;

 private:
  WatchProgress& progress_;
  player::PlaybackController* inner_;
  PositionFn on_position_;
};

}  // namespace swarmtv::app

#include "ad_controllers.h"

#include <cmath>

#include "swarmtv/base/media_time.h"

namespace swarmtv::app {

using Action = ads::PlayerAction;

bool ContentController::on_progress(MediaTime position) {
  Action a = session_.on_content_position(position);
  if (a.kind == Action::Kind::none) return false;
  next = std::move(a);
  return true;
}

bool ContentController::take_over_seek(MediaTime target) {
  auto r = session_.on_seek(target);
  if (!r) return false;
  // Content at the target with nothing before it: the player seeks on its own.
  if (r->kind == Action::Kind::play_content || r->kind == Action::Kind::none) return false;
  next = std::move(*r);
  return true;
}

bool ClipController::on_progress(MediaTime position) {
  // Once this showing has its answer it is over: what the player still reports belongs to it,
  // not to the clip that follows.
  if (next) return true;
  if (position > MediaTime(0) || started_) {
    started_ = true;
    session_.on_clip_progress(position, play_id_);
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - last_licence_check_ > std::chrono::seconds(1)) {
    last_licence_check_ = now;
    if (ad_free_now_ && ad_free_now_()) {
      next = session_.on_ad_free_licence();
      return true;
    }
  }
  Action a = session_.on_tick();
  if (a.kind == Action::Kind::none) return false;
  next = std::move(a);
  return true;
}

void ClipController::on_pause_changed(bool paused) {
  paused_ = paused;
  if (next) return;
  if (paused)
    session_.on_pause();
  else
    session_.on_resume();
}

std::string ClipController::request_skip() {
  if (next) return {};
  auto r = session_.on_skip();
  if (!r) return r.error().message;
  next = std::move(*r);
  return {};
}

}  // namespace swarmtv::app

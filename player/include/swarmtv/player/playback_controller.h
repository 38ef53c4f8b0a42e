// Lets whoever plans the playlist (the ad planner) steer a running play(): it sees the position
// as it advances, and may take over the viewer's seeks and skips. The player obeys.
#pragma once

#include <optional>
#include <string>

#include "swarmtv/base/media_time.h"

namespace swarmtv::player {

class PlaybackController {
 public:
  virtual ~PlaybackController() = default;
  // Called with the media position on every new picture and at least every 100 ms
  // (a break must not be overshot, a stalled clip must time out). Returning true ends play()
  // with EndReason::controller.
  virtual bool on_progress(MediaTime /*position*/) { return false; }
  // The viewer asks to seek to `target`. Returning true takes the seek over: play() ends with
  // EndReason::seek_handed_over and PlayResult::position = target.
  virtual bool take_over_seek(MediaTime /*target*/) { return false; }
  // The viewer asks to skip. An empty answer accepts (play() ends with EndReason::skipped);
  // otherwise the answer is the reason, shown on the OSD.
  virtual std::string request_skip() { return "Nothing to skip"; }
  // The viewer paused (true) or resumed (false).
  virtual void on_pause_changed(bool /*paused*/) {}
  // Once the input is open: its duration (nullopt when the container does not say).
  virtual void on_duration(std::optional<MediaTime> /*duration*/) {}
};

}  // namespace swarmtv::player

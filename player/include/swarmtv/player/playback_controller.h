// Lets whoever plans the playlist (the ad planner) steer a running play(): it sees the position
// as it advances, and may take over the viewer's seeks and skips. The player obeys.
#pragma once

#include <string>

namespace swarmtv::player {

class PlaybackController {
 public:
  virtual ~PlaybackController() = default;
  // Called with the media position (seconds) on every new picture and at least every 100 ms
  // (a break must not be overshot, a stalled clip must time out). Returning true ends play()
  // with EndReason::controller.
  virtual bool on_progress(double /*position*/) { return false; }
  // The viewer asks to seek to `target`. Returning true takes the seek over: play() ends with
  // EndReason::seek_handed_over and PlayResult::position = target.
  virtual bool take_over_seek(double /*target*/) { return false; }
  // The viewer asks to skip. An empty answer accepts (play() ends with EndReason::skipped);
  // otherwise the answer is the reason, shown on the OSD.
  virtual std::string request_skip() { return "Nothing to skip"; }
  // The viewer paused (true) or resumed (false).
  virtual void on_pause_changed(bool /*paused*/) {}
  // Once the input is open: its duration in seconds (NaN when the container does not say).
  virtual void on_duration(double /*seconds*/) {}
};

}  // namespace swarmtv::player

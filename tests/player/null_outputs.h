// Player options for the tests: the null video and audio outputs (no window, no sound card).
#pragma once

#include "swarmtv/player/player.h"

namespace swarmtv::test {

// `untimed`: frames as fast as they decode, not at their media time.
inline player::PlayerOptions null_outputs(bool untimed = false) {
  player::PlayerOptions o;
  o.video_output = "null";
  o.audio_output = "null";
  o.untimed = untimed;
  return o;
}

}  // namespace swarmtv::test

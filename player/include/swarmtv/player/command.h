// What the viewer (keyboard, mouse) or a controller (tests, the ad scheduler) asks of the player.
#pragma once

#include <optional>

#include <SDL2/SDL_events.h>

namespace swarmtv::player {

struct Command {
  enum class Type {
    toggle_pause,
    seek_relative,  // value: seconds (+/-)
    seek_absolute,  // value: seconds
    seek_fraction,  // value: 0..1 of the duration (seek bar clicks)
    frame_step,
    volume_delta,  // value: percentage points
    toggle_mute,
    toggle_fullscreen,
    screenshot,
    skip,              // skip a sponsor clip (when its skip offset has passed)
    cycle_subtitles,   // value: +1 next track, -1 previous ("off" is one of them)
    toggle_subtitles,  // show or hide the selected track
    quit,
  };
  Type type = Type::quit;
  double value = 0.0;
  bool exact = false;  // for seeks: land on the exact frame, not the nearest keyframe
};

// mpv's default bindings: Space/p pause, Left/Right 5 s, Up/Down 60 s (Shift: exact seeks),
// 9/0 volume, m mute, f fullscreen, s screenshot, '.' frame step, j/J next/previous subtitle
// track, v subtitles on/off, q/Esc quit; Enter or k skips a sponsor clip.
std::optional<Command> command_for_key(const SDL_KeyboardEvent& key);

}  // namespace swarmtv::player

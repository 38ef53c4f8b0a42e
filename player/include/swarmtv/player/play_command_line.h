// `swarmtv play <input> [options]`: mpv-style options for one playback.
#pragma once

#include <string>
#include <vector>

#include "swarmtv/player/player.h"

namespace swarmtv::player {

struct PlayCommandLine {
  std::string input;  // a file path (torrents and magnets are resolved by the stream module)
  PlayerOptions player;
  PlayItem item;
  std::string stats_json;  // --stats-json FILE
};

// Time values: seconds ("90", "12.5") or [[hh:]mm:]ss[.ms] ("1:30", "01:02:03.5").
bool parse_time(const std::string& text, double& seconds);

// Parses the arguments after "play". On error returns false with a one-line `error`.
bool parse_play_command_line(const std::vector<std::string>& args, PlayCommandLine& out,
                             std::string& error);

extern const char* const kPlayUsage;

}  // namespace swarmtv::player

// Playing a signed season bundle: the season (opened by season::Season) says what the viewer's
// tier is, and the ad planner decides what plays next — content or sponsor clips from the same
// torrent. The player obeys.
#pragma once

#include "play_command_line.h"
#include "swarmtv/player/player.h"
#include "swarmtv/season/season.h"

namespace swarmtv::app {

// Lists the season (--list), plays a bonus file (--bonus) or an episode of `season` (verified)
// with `player`. Returns the exit status, having printed any error as one line.
int play_season(player::Player& player, const season::Season& season, const BundleArgs& args,
                const player::PlayItem& base_item);

}  // namespace swarmtv::app

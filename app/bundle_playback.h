// Playing a signed season bundle: the season (opened by season::Season) says what the viewer's
// tier is, and the ad planner decides what plays next — content or sponsor clips from the same
// torrent. The player obeys. Episodes follow each other (pilot, then 1, 2, ...) after a
// countdown, and each resumes where the viewer left it.
#pragma once

#include "play_command_line.h"
#include "swarmtv/player/player.h"
#include "swarmtv/season/season.h"
#include "swarmtv/watch/watch_later_store.h"

namespace swarmtv::app {

// Lists the season (--list), plays a bonus file (--bonus) or an episode of `season` (verified)
// with `player`: --episode, else the next unwatched one. `store` (may be null) holds the
// watch-later positions. Returns the exit status, having printed any error as one line.
int play_season(player::Player& player, const season::Season& season, const BundleArgs& args,
                const WatchArgs& watch, const watch::WatchLaterStore* store,
                const player::PlayItem& base_item);

}  // namespace swarmtv::app

// The season screen: a season bundle played in a window without --episode opens it. The same
// rows as `play --list` (season_rows), chosen with the keyboard or the mouse.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "season_order.h"
#include "swarmtv/player/menu.h"
#include "swarmtv/player/player.h"

namespace swarmtv::app {

// What the viewer chose: an episode, or a bonus item (episode null).
struct SeasonChoice {
  const ads::Episode* episode = nullptr;
  std::size_t bonus = 0;
};

// The menu of `rows`: "Episode 1 · The Long Orbit" over "24:10 · ad-free · at 12:00 (50%)" and
// the watched bar; locked bonus items greyed. `selected`: the row highlighted first.
player::Menu season_menu(const season::Season& season, const std::vector<SeasonRow>& rows,
                         std::size_t selected);

// Shows the season screen in `player`'s window, the next unwatched episode highlighted; nullopt
// when the viewer left (Esc, q, the window closed, a signal).
std::optional<SeasonChoice> choose_on_season_screen(player::Player& player,
                                                    const season::Season& season,
                                                    const watch::WatchLaterStore* store);

}  // namespace swarmtv::app

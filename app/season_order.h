// A season bundle as a viewer goes through it: the order episodes play in (pilot, then 1, 2,
// ...), each one's watch-later key, the next unwatched one, and `play --list`.
#pragma once

#include <string>
#include <vector>

#include "swarmtv/season/season.h"
#include "swarmtv/watch/watch_later_store.h"

namespace swarmtv::app {

// Pilots first, then by number.
std::vector<const ads::Episode*> viewing_order(const ads::BundleManifest& manifest);
// The episode after `episode` in viewing_order(), or null after the last.
const ads::Episode* episode_after(const ads::BundleManifest& manifest, const ads::Episode& episode);
// The watch-later key of the episode: its file in the bundle's torrent.
std::string episode_key(const season::Season& season, const ads::Episode& episode);
// The first episode in viewing order not watched to its end (a half-watched one counts); the
// first of all once every one was watched. Null only for a season without episodes.
const ads::Episode* next_unwatched(const season::Season& season,
                                   const watch::WatchLaterStore* store);
// One line of the season, as `--list` prints it and the season screen shows it: an episode or a
// bonus item.
struct SeasonRow {
  const ads::Episode* episode = nullptr;  // null for a bonus item
  std::size_t bonus = 0;                  // the bonus item's index (episode null)
  std::string title;                      // the episode's or the bonus item's
  std::string duration;                   // "24:10", "--:--" when the manifest has none
  std::string tier;  // what the viewer's tier plays: "free with sponsor clips", "ad-free", "pilot"
  std::string progress;  // "new", "watched", "at 12:00 (50%)"
  double watched = 0.0;  // 0..1, the progress bar
  bool locked = false;   // a bonus item the viewer's licence does not unlock
};
// The episodes in viewing order, then the bonus items.
std::vector<SeasonRow> season_rows(const season::Season& season,
                                   const watch::WatchLaterStore* store);

// `play --list`: per episode its number, title, duration, what the viewer's tier plays and
// the watched progress; then the bonus items, locked or not. Printed on stdout.
int list_season(const season::Season& season, const watch::WatchLaterStore* store);

}  // namespace swarmtv::app

// A list to choose from in the window (the season screen): what the player draws and reads
// keys and clicks for. The rows are text made by the caller; the player knows no episodes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace swarmtv::player {

struct MenuRow {
  std::string label;               // "Episode 1 · The Long Orbit"
  std::string detail;              // "24:10 · free with sponsor clips · at 12:00 (50%)"
  std::optional<double> progress;  // 0..1: a progress bar under the row (watched share)
  bool selectable = true;          // false: shown greyed, never chosen (a locked bonus item)
};

struct Menu {
  std::string title;  // "Starlane, season 1"
  std::vector<MenuRow> rows;
  std::size_t selected = 0;  // the highlighted row (Up/Down move it, Enter chooses it)
};

}  // namespace swarmtv::player

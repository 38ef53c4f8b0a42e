// What the viewer sees before an input's first picture: the phase the opening is in, as text
// made by whoever opens the input (the app knows the torrent; the player only shows it).
#pragma once

#include <optional>
#include <string>

namespace swarmtv::player {

struct StartupPhase {
  std::string text;  // "Fetching metadata · 3 peers · 3 s", "No peers yet · 12 s"
  std::string hint;  // a second line after a while ("check the torrent's trackers or --peer")
  // Set in the buffering phase ("Buffering 42% · ~2 s"): the player's own "Buffering N%" after
  // the container's header goes on from it, so the number never falls within one spell.
  std::optional<int> buffering_percent;

  bool operator==(const StartupPhase&) const = default;
};

}  // namespace swarmtv::player

// Playing an episode of a signed season bundle: the manifest is verified against the trusted
// publisher keys, the viewer's licences decide the tier, and the ad planner decides what plays
// next — content or sponsor clips from the same torrent. The player obeys.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "swarmtv/player/play_command_line.h"
#include "swarmtv/player/player.h"
#include "swarmtv/stream/torrent.h"

namespace swarmtv::app {

// The file index of the bundle manifest in `torrent`, if it is a bundle.
std::optional<lt::file_index_t> find_manifest(const stream::Torrent& torrent);

// Plays one episode of the bundle in `torrent` with `player`. Returns the exit status, having
// printed any error as one line.
int play_bundle_episode(player::Player& player, const std::shared_ptr<stream::Torrent>& torrent,
                        lt::file_index_t manifest_file, const player::BundleArgs& args,
                        const player::PlayItem& base_item);

}  // namespace swarmtv::app

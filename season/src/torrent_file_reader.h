// Reads a small file of a torrent completely, waiting for its pieces.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "swarmtv/base/result.h"
#include "swarmtv/stream/torrent.h"

namespace swarmtv::season {

// Fails for a file larger than `max_bytes` before fetching anything, and gives up when
// `interrupted` becomes true (a watcher cancels the blocked read).
Result<std::string> read_torrent_file(stream::Torrent& torrent, lt::file_index_t file,
                                      std::int64_t max_bytes, const std::atomic<bool>* interrupted);

}  // namespace swarmtv::season

// Reads a small file of a torrent completely, waiting for its pieces.
#pragma once

#include <cstdint>
#include <stop_token>
#include <string>

#include "swarmtv/base/result.h"
#include "swarmtv/stream/torrent.h"

namespace swarmtv::season {

// Fails for a file larger than `max_bytes` before fetching anything, and gives up with
// Errc::cancelled when `interrupted` is triggered (its reads carry the token).
Result<std::string> read_torrent_file(stream::Torrent& torrent, lt::file_index_t file,
                                      std::int64_t max_bytes, const std::stop_token& interrupted);

}  // namespace swarmtv::season

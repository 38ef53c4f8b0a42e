// What every connection of a Server shares (read-only after start, except the counters).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "embedded_track_cache.h"
#include "pages.h"
#include "swarmtv/http/catalog.h"
#include "swarmtv/http/server.h"
#include "swarmtv/stream/torrent.h"

namespace swarmtv::http {

struct ServerContext {
  std::shared_ptr<stream::Torrent> torrent;
  Catalog catalog;
  ServerOptions options;
  std::string base_url;  // "http://127.0.0.1:8080" (no trailing slash)
  // What every connection is reading now, for /status.json.
  std::function<ReadersByFile()> readers;
  // Filled as pages and players ask (the only part of the context that changes).
  std::shared_ptr<EmbeddedTrackCache> embedded_tracks = std::make_shared<EmbeddedTrackCache>();
};

}  // namespace swarmtv::http

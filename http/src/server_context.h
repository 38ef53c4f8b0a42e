// What every connection of a Server shares (read-only after start, except the counters).
#pragma once

#include <functional>
#include <memory>
#include <string>

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
};

}  // namespace swarmtv::http

// The generated documents: the HTML index, the M3U playlist and /status.json.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "swarmtv/http/catalog.h"
#include "swarmtv/stream/torrent.h"

namespace swarmtv::http {

// file index -> playheads of the responses reading it now.
using ReadersByFile = std::map<int, std::vector<std::int64_t>>;

// `base_url` is what clients used to reach us ("http://host:port"), so links work from a TV.
std::string index_html(const Catalog& catalog);
std::string playlist_m3u(const Catalog& catalog, const std::string& base_url);
std::string status_json(stream::Torrent& torrent, const Catalog& catalog,
                        const ReadersByFile& readers);

// Verified byte ranges of one file, file-relative, merged (from the torrent's have-bitfield,
// without opening the file: opening would make it wanted).
std::vector<ByteRange> verified_ranges(const stream::Torrent& torrent, const CatalogEntry& entry);

}  // namespace swarmtv::http

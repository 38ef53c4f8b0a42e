// Entity tags and the conditional request headers a streaming server needs (RFC 9110 §8.8.3,
// §13): If-None-Match (a browser revalidating its cache) and If-Range (a player resuming a
// download: the range applies only if the file is still the one it began with).
//
// A torrent's files never change (their pieces are fixed by the info-hash), so a file's tag is
// strong and derived from the info-hash and the file index alone.
#pragma once

#include <string>
#include <string_view>

namespace swarmtv::http {

// "\"<first 16 hex digits of info_hash>-<file>\"".
std::string file_etag(std::string_view info_hash, int file);

// If-None-Match: true when `header` is "*" or lists `etag` (weak comparison: W/ prefixes are
// ignored). An empty header matches nothing.
bool none_match_hits(std::string_view header, std::string_view etag);

// If-Range: true when a Range header may be honoured: no If-Range, or one holding exactly
// `etag` (strong comparison). A date never matches, as we send no Last-Modified.
bool if_range_allows(std::string_view header, std::string_view etag);

}  // namespace swarmtv::http

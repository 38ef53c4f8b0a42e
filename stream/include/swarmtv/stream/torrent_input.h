// Turning what the user typed (a .torrent path or a magnet: URI) into add_torrent_params.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <libtorrent/add_torrent_params.hpp>

#include "swarmtv/base/result.h"

namespace swarmtv::stream {

// True when `input` is a magnet URI rather than a path.
bool is_magnet_uri(std::string_view input);

// Parses a .torrent file or a magnet link. Errors are one line, e.g.
// "not a valid .torrent file: 'x.torrent' (invalid bencoding)" or
// "not a valid magnet link: 'magnet:?foo' (missing info-hash)".
Result<lt::add_torrent_params> parse_torrent_input(std::string_view input);

// The largest .torrent file read (libtorrent's own default limit for a torrent file's size).
inline constexpr std::size_t kMaxTorrentFileBytes = 10'000'000;

// Parses the bytes of a .torrent file; `name` (its path) only names it in the error.
// parse_torrent_input() reads the file and calls it.
Result<lt::add_torrent_params> parse_torrent_buffer(std::span<const char> bytes,
                                                    std::string_view name);

// Hex of the torrent's info-hash (v1 SHA-1 when it has one, else the v2 SHA-256).
std::string info_hash_hex(const lt::add_torrent_params& params);
std::string info_hash_hex(const lt::info_hash_t& hashes);

}  // namespace swarmtv::stream

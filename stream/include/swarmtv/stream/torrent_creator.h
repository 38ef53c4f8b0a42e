// Making a .torrent for a media file or a folder of episodes, ready to stream: piece size chosen
// for streaming, and deterministic (the same input always gives the same info-hash and bytes).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <libtorrent/torrent_info.hpp>

#include "swarmtv/base/result.h"

namespace swarmtv::stream {

// 256 KiB up to 256 MiB of content, 512 KiB up to 1 GiB, 1 MiB above: small enough that the
// first piece arrives quickly and a seek fetches little, large enough to keep the piece count
// (and libtorrent's deadline bookkeeping) small.
int streaming_piece_size(std::int64_t total_bytes);

struct CreateOptions {
  int piece_size = 0;  // bytes, a power of two >= 16 KiB; 0 = streaming_piece_size()
  std::string creator = "swarmtv";
  std::string comment;
  std::vector<std::string> web_seeds;  // HTTP URLs serving the same files (BEP 19)
};

struct CreatedTorrent {
  std::vector<char> data;  // the bencoded .torrent
  std::shared_ptr<lt::torrent_info> info;
  std::string info_hash;            // hex (v1)
  std::string magnet_uri;           // without peers; see with_peer()
  std::filesystem::path save_path;  // the folder holding `content`: where a seeder finds it
};

// A v1 torrent of `content` (a file, or a folder whose regular, non-hidden files are taken in
// sorted path order). No creation date, so re-running on unchanged input is byte-identical.
Result<CreatedTorrent> create_torrent(const std::filesystem::path& content,
                                      const CreateOptions& options = {});

// Writes `data` to `path` (replacing it atomically).
Status write_torrent_file(const std::filesystem::path& path, const std::vector<char>& data);

// `magnet` with an `x.pe=` peer address: lets a client in a loopback swarm (no DHT, no tracker)
// find the seeder.
std::string magnet_with_peer(const std::string& magnet, const std::string& host, int port);

}  // namespace swarmtv::stream

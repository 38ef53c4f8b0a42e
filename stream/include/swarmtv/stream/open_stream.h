// The way into a torrent for every consumer: a .torrent path or magnet link in, the torrent with
// its metadata out (open_torrent), or straight away a ByteSource for one file (open_stream).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <libtorrent/socket.hpp>

#include "swarmtv/base/result.h"
#include "swarmtv/stream/session.h"
#include "swarmtv/stream/torrent.h"
#include "swarmtv/stream/torrent_byte_source.h"

namespace swarmtv::stream {

// True for what open_stream() takes: a magnet: URI or a path ending in .torrent.
bool is_torrent_input(std::string_view input);

struct OpenOptions {
  std::string file;  // --file INDEX|PATH; empty = the largest video file
  std::chrono::milliseconds metadata_timeout = std::chrono::seconds(60);
  std::function<void(const MetadataProgress&)> on_metadata_progress;  // magnet links only
  std::vector<lt::tcp::endpoint> peers;  // connect to these at once (loopback swarms)
  // Triggered (by the app's signal watcher, say) to give up the metadata wait: it then ends at
  // once with Errc::cancelled.
  std::stop_token interrupted;
};

struct OpenedStream {
  std::shared_ptr<Torrent> torrent;
  std::unique_ptr<TorrentByteSource> source;
};

// Adds the torrent and waits for a magnet link's metadata (options.file is not used). Errors are
// one line: a corrupt .torrent, a bad magnet link, a metadata timeout.
Result<std::shared_ptr<Torrent>> open_torrent(Session& session, std::string_view torrent_or_magnet,
                                              const OpenOptions& options = {});

// open_torrent(), then selects the file and opens it. Errors are
// one line: a corrupt .torrent, a bad magnet link, a metadata timeout, no such file, no video.
Result<OpenedStream> open_stream(Session& session, std::string_view torrent_or_magnet,
                                 const OpenOptions& options = {});

// The listing `--list` prints: "  0  Show/ep1.mp4  1.0 MB" per file.
std::string format_file_list(const std::vector<FileEntry>& files);

}  // namespace swarmtv::stream

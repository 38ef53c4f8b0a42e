// What the UI shows about a torrent being streamed: the OSD, the terminal status line and the
// seek bar's downloaded ranges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "swarmtv/base/byte_source.h"

namespace swarmtv::stream {

struct StreamStatus {
  // The swarm.
  int peers = 0;                      // connected peers
  int seeds = 0;                      // of which seeds
  std::int64_t download_rate = 0;     // payload bytes/s
  std::int64_t upload_rate = 0;       // payload bytes/s
  std::int64_t total_downloaded = 0;  // payload bytes since the torrent was added
  std::int64_t total_uploaded = 0;
  int hash_failures = 0;  // pieces that failed their hash check (and were re-fetched)
  int peers_banned = 0;   // peers banned for sending corrupt data
  double progress = 0;    // verified bytes of the whole torrent / its size, 0..1
  // With no peer connected: seconds since one was last seen (or since the torrent was added, as
  // far as status() was asked); 0 while peers are connected.
  double seconds_without_peers = 0;

  // The file being played (for a torrent-wide status: all zero/empty).
  std::int64_t file_size = 0;
  std::vector<ByteRange> verified;  // file-relative, sorted: the seek bar's ranges
  double file_progress = 0;         // verified bytes / file size
  std::int64_t playhead = 0;        // file offset of the last read
  std::int64_t buffered_bytes = 0;  // verified bytes contiguous from the playhead
  double buffered_seconds = 0;      // buffered_bytes at the media bitrate (0: unknown)

  // While a read is blocked (the player shows "Buffering N%"): how much of what it needs to go on
  // (the piece at the playhead and about 1 s of media after it) is here, and an estimate of how
  // long the rest takes at the current download rate (nullopt while nothing arrives).
  bool buffering = false;
  double buffering_progress = 0;  // 0..1
  std::optional<double> estimated_wait_seconds;

  std::string error;  // libtorrent's error for the torrent, empty when none
};

// "1.2 MB/s", "40 kB/s", "0 B/s" (decimal units, as BitTorrent clients show them).
std::string format_rate(std::int64_t bytes_per_second);

// "peers 3 ↓ 1.2 MB/s ↑ 40 kB/s", plus " buffering 40% ~2s" while a read is blocked (the
// seeder's and the server's status line).
std::string format_status_line(const StreamStatus& status);

// The player's line for the file it plays: "peers 3 ↓ 1.2 MB/s ↑ 40 kB/s · 42% of 1.2 GB, 3 min
// left" ("· downloaded" once the file is complete). No buffering: the player alone says when it
// buffers (a read blocked ahead of a full buffer is not a stall).
std::string format_viewer_status(const StreamStatus& status);

// "1.2 GB", "40 MB", "900 kB" (decimal units).
std::string format_size(std::int64_t bytes);

}  // namespace swarmtv::stream

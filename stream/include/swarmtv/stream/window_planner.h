// The streaming scheduler's arithmetic, as pure functions: which pieces cover which bytes, how
// large the deadline window ahead of the playhead is, and which deadline each piece gets.
// No libtorrent session is involved, so all of this is unit-tested directly.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include <libtorrent/units.hpp>

#include "swarmtv/base/byte_source.h"

namespace swarmtv::stream {

// `p` moved by `n` pieces (piece_index_t has no int arithmetic, on purpose).
inline lt::piece_index_t advance(lt::piece_index_t p, int n) {
  return lt::piece_index_t{static_cast<int>(p) + n};
}

// The piece geometry of a torrent (all offsets are torrent-absolute unless a name says file).
struct PieceLayout {
  std::int64_t piece_length = 0;
  std::int64_t total_size = 0;

  int num_pieces() const {
    return piece_length > 0 ? static_cast<int>((total_size + piece_length - 1) / piece_length) : 0;
  }
  lt::piece_index_t piece_at(std::int64_t offset) const {
    return lt::piece_index_t{static_cast<int>(offset / piece_length)};
  }
  std::int64_t piece_begin(lt::piece_index_t p) const {
    return static_cast<std::int64_t>(static_cast<int>(p)) * piece_length;
  }
  std::int64_t piece_end(lt::piece_index_t p) const {
    return std::min(piece_begin(p) + piece_length, total_size);
  }
};

// Half-open range of pieces [first, last).
struct PieceSpan {
  lt::piece_index_t first{0};
  lt::piece_index_t last{0};
  bool empty() const { return first >= last; }
  friend bool operator==(const PieceSpan&, const PieceSpan&) = default;
};

// The pieces holding at least one byte of `range` (empty for an empty range).
PieceSpan pieces_covering(const PieceLayout& layout, ByteRange range);

// How the window ahead of the playhead is sized.
struct WindowPolicy {
  MediaTime media_ahead = std::chrono::seconds(8);  // at least this much media ahead
  double download_seconds = 3.0;  // and at least this many seconds of measured download rate
  int min_pieces = 2;             // the piece being read and the next one, whatever the rates
  int max_pieces = 64;            // deadline scheduling scales badly past this (libtorrent #5891)
  std::int64_t fallback_bitrate = 1'000'000;  // bits/s until the demuxer knows the real one
  // The first pieces of the window are "urgent" (priority 7), the rest priority 6: while any
  // deadline is set, libtorrent's ordinary picker only takes priority-7 pieces, in random order,
  // and the deadline requester runs once a second. Keeping the urgent set to about one second
  // of download keeps peers' queues full without burying the piece at the playhead behind pieces
  // needed later.
  double urgent_seconds = 1.0;
  int min_urgent = 2;
  int max_urgent = 16;
  // While the reader starves (the piece at its playhead is missing), only this many pieces from
  // the playhead on are wanted: the missing one and the next, so peers' queues do not run dry
  // when it arrives, and nothing further ahead delays it.
  int starving_pieces = 2;
  // ...unless the consumer still holds this much media (its hint), and at least the
  // time two pieces take at the measured rate: then the piece is not late yet, and the whole
  // window, the index tail and the fill go on as usual. A demuxer reads ahead as fast as pieces
  // come, so a missing playhead piece alone does not mean the picture is about to stop.
  MediaTime fed = std::chrono::milliseconds(1500);
  // In a crowd (other viewers in the swarm) the window reaches at least this far ahead: beyond
  // the urgent pieces it is fetched rarest-first, so that viewers hold different pieces to trade.
  MediaTime crowd_media_ahead = std::chrono::seconds(20);
};

// Bytes the window covers for a media bitrate (bits/s; 0 = unknown) and download rate (bytes/s).
std::int64_t window_bytes(std::int64_t bitrate, std::int64_t download_rate,
                          const WindowPolicy& policy);

// How many of the window's first missing pieces are urgent at `download_rate` (bytes/s).
int urgent_pieces(std::int64_t piece_length, std::int64_t download_rate,
                  const WindowPolicy& policy);

struct PieceDeadline {
  lt::piece_index_t piece{0};
  int deadline_ms = 0;
  friend bool operator==(const PieceDeadline&, const PieceDeadline&) = default;
};

// Deadlines for the missing pieces from the one holding `playhead` to the end of the window
// (never past `range_end`, the end of the file being played). A piece's deadline is the playback
// time from the playhead to its first byte at `bitrate`, so the piece being read is due now and
// each later one one piece-duration after the previous.
std::vector<PieceDeadline> plan_window(const PieceLayout& layout, std::int64_t playhead,
                                       std::int64_t range_end, std::int64_t bitrate,
                                       std::int64_t download_rate, const WindowPolicy& policy,
                                       const std::function<bool(lt::piece_index_t)>& have);

// Deadlines for the missing pieces of `range` (a prefetch): the first due at `first_ms`, each
// next one `spacing_ms` later.
std::vector<PieceDeadline> plan_range(const PieceLayout& layout, ByteRange range, int first_ms,
                                      int spacing_ms,
                                      const std::function<bool(lt::piece_index_t)>& have);

// The byte ranges of `file` (torrent-absolute extent) held now, relative to the file's start,
// sorted and merged: what the seek bar shows as downloaded.
std::vector<ByteRange> verified_ranges(const PieceLayout& layout, ByteRange file,
                                       const std::function<bool(lt::piece_index_t)>& have);

// Bytes available without blocking from `offset` (torrent-absolute) up to `limit`.
std::int64_t contiguous_available(const PieceLayout& layout, std::int64_t offset,
                                  std::int64_t limit,
                                  const std::function<bool(lt::piece_index_t)>& have);

}  // namespace swarmtv::stream

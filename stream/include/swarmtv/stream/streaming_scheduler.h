// The sequential-priority piece picker of one torrent, built on libtorrent's deadlines.
//
// Every reader (an open TorrentByteSource) has a playhead, the offset of its last read. The
// pieces from the playhead to the end of a window sized from the media bitrate and the measured
// download rate get deadlines spaced by each piece's playback time; the window moves with the
// reads. A read or hint far from the window is a seek: every deadline is cleared and the new
// window set at once, so that libtorrent cancels the requests still in flight for the old
// position (it does so only when the deadline set goes from empty to non-empty). Outside the
// windows, the wanted files' pieces are left to libtorrent's rarest-first picker;
// sequential_download is never used, as it ignores priorities 1-6 and breaks seeking.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include <libtorrent/download_priority.hpp>
#include <libtorrent/torrent_info.hpp>

#include "swarmtv/stream/piece_control.h"
#include "swarmtv/stream/window_planner.h"

namespace swarmtv::stream {

// What a reader's reads do to the plan.
enum class ReadRole {
  // Reads place the deadline window: a player, an HTTP response.
  playback,
  // Reads only wait for what the download brings: no deadlines, no window, never starving. The
  // file stays wanted, so outside a crowd the rarest-first fill fetches it. For a second pass
  // over a file that is being played (serve's embedded subtitle tracks), which must not take
  // bandwidth from the playback.
  follower,
};

class StreamingScheduler {
 public:
  // Plans for the torrent `info` describes and carries the plan out through `control` (libtorrent
  // for a real torrent, a fake in the policy tests).
  StreamingScheduler(std::shared_ptr<const lt::torrent_info> info,
                     std::unique_ptr<PieceControl> control, WindowPolicy policy = {});

  StreamingScheduler(const StreamingScheduler&) = delete;
  StreamingScheduler& operator=(const StreamingScheduler&) = delete;

  // A reader of `file`: the file becomes wanted (priority 4, the rest of it fetched rarest-first)
  // and its head gets the earliest deadlines. `index_tail` is a range of the file (file-relative)
  // the demuxer will read before the first frame (an MP4 moov at the end, Matroska cues); it is
  // fetched right after the first pieces of the head. Returns the reader's id. A follower plans
  // nothing (see ReadRole).
  int add_reader(lt::file_index_t file, std::optional<ByteRange> index_tail,
                 ReadRole role = ReadRole::playback);
  void remove_reader(int reader);

  // The reader read at `offset` (file-relative): its playhead. Moves the window; a read outside
  // it re-plans at once (as a seek) when the piece is missing.
  void on_read(int reader, std::int64_t offset);
  // The reader will read at `offset` next (a seek target): re-plans at once.
  void seek(int reader, std::int64_t offset);
  // The media the reader's consumer holds (StreamingSource::hint_buffered): a reader with at
  // least policy fed of it does not starve. Unknown (as after a seek) until set.
  void set_buffered(int reader, MediaTime buffered);
  // The media's bitrate (bits/s), once the demuxer knows it: sizes the window and its spacing.
  void set_bitrate(int reader, std::int64_t bits_per_second);
  // Replaces the reader's index tail, once the head tells where the index really is (nullopt:
  // the index is at the front, nothing to fetch at the end). `read_first`: the demuxer reads it
  // before the first frame (an MP4 moov), so a starving reader wants it right beside the
  // playhead's piece, in place of the next one; otherwise (Matroska cues, read on the first
  // seek) it waits until the reader is fed.
  void set_index_tail(int reader, std::optional<ByteRange> index_tail, bool read_first);

  // The media a reader's consumer should hold before it plays on (start, seek, stall):
  // the time the next piece takes at the measured rate (libtorrent's, or what the pieces
  // verified in the last seconds make when more), two pieces' once a piece failed its check
  // here; at most two pieces' worth of the reader's media. 0 while no rate is known.
  MediaTime refill_goal(int reader) const;

  std::int64_t playhead(int reader) const;  // file-relative
  std::int64_t bitrate(int reader) const;   // bits/s, 0 when unknown

  // Fetches `range` (file-relative) of `file`, any file of the torrent, soon: deadlines starting
  // at `first_deadline_ms`. Only those pieces of a file nobody reads are downloaded. Returns an
  // id for cancel_prefetch(); the prefetch ends by itself once its pieces are all had.
  int add_prefetch(lt::file_index_t file, ByteRange range, int first_deadline_ms = 1000);
  void cancel_prefetch(int id);

  // The measured payload download rate (bytes/s): widens the window to ~3 s of it.
  void set_download_rate(std::int64_t bytes_per_second);
  // The connected peers that are still downloading (not seeds): other viewers. With any, the
  // scheduler plans for a crowd (see plan_locked()).
  void set_downloading_peers(int peers);
  bool crowd() const;
  // For each piece, how many of those downloading peers hold it. In a crowd, an urgent piece
  // (after the playhead's) that another viewer holds is left to the ordinary picker, which asks
  // a peer that has it, rather than to the deadline requester, which asks the fastest peer: the
  // seeder, whose upload the pieces nobody holds yet need.
  void set_held_by_peers(std::vector<int> counts);
  // Pieces a peer announced it now holds (its HAVE), counted at once rather than at the next
  // set_held_by_peers(): until then such a piece would pass for one only a seed has.
  void note_held_by_peers(const std::vector<int>& pieces);
  // Pieces other viewers are fetching from a seed (their claims, stream/src/claim_exchange.h).
  // In a crowd such a piece is left alone (priority 0, no deadline) until a viewer holds it or
  // the claim lapses: asking the seed for it too would halve what the seed gives the claimer.
  void set_claimed_by_peers(std::vector<int> pieces);

  // Once a second: refreshes deadlines (rates change, prefetches finish).
  void tick();
  // A piece passed its hash check: the next window pieces become urgent.
  void on_piece_finished(lt::piece_index_t piece);
  // A piece failed its hash check (libtorrent reports it once the piece is back in its picker),
  // or a peer went away (a ban, a disconnection: its requests are freed). libtorrent asks a peer
  // for new requests only on that peer's own events, never when blocks are freed: an idle peer,
  // such as an honest one put on parole beside a corrupt one (parole peers get no deadline
  // requests and may only take whole pieces nobody else started), then waits up to its 5 s
  // end-game timer before it takes the freed piece. So while a reader starves, every peer is
  // made to pick again.
  void on_piece_failed(lt::piece_index_t piece);
  void on_peer_left();
  // libtorrent finished applying new file priorities (file_prio_alert). Doing so it recomputes
  // every piece priority from the file priorities, so ours are put back.
  void on_file_priorities_applied();
  // True between a change of file priorities and libtorrent's confirmation. Meanwhile bytes of a
  // file that had priority 0 may still sit in libtorrent's part file (a piece shared with a
  // wanted file was had before), so TorrentByteSource does not read yet.
  bool file_priorities_pending() const { return file_priority_calls_.load() > 0; }

  // Pieces that currently have a deadline set by this scheduler (for tests and stats).
  std::set<lt::piece_index_t> deadline_pieces() const;

  const PieceLayout& layout() const { return layout_; }
  ByteRange file_extent(lt::file_index_t file) const;  // torrent-absolute

 private:
  struct Reader {
    lt::file_index_t file{0};
    ByteRange extent;           // torrent-absolute
    std::int64_t playhead = 0;  // torrent-absolute
    std::int64_t bitrate = 0;
    std::optional<ByteRange> index_tail;  // torrent-absolute
    bool index_read_first = false;        // see set_index_tail()
    std::optional<MediaTime> buffered;    // the consumer's buffer, if it said
    ReadRole role = ReadRole::playback;
  };
  struct Prefetch {
    lt::file_index_t file{0};
    ByteRange range;  // torrent-absolute
    int first_deadline_ms = 0;
  };

  struct Planned {
    int deadline_ms = 0;
    lt::download_priority_t priority = lt::top_priority;
    bool deadline = true;  // false: priority alone, picked rarest-first (a crowd's window)
  };
  struct Applied {
    std::int64_t due_ms = 0;  // steady-clock ms the deadline was set to
    lt::download_priority_t priority = lt::top_priority;
    bool deadline = true;
  };

  std::map<lt::piece_index_t, Planned> plan_locked() const;
  // Sets one planned piece: a deadline (and its graded priority), or the priority alone.
  void apply_piece_locked(lt::piece_index_t p, const Planned& plan, std::int64_t now_ms);
  // In a crowd: the first missing piece after `r`'s window, at the lowest priority (see there).
  void keep_interest_locked(const Reader& r, const std::function<bool(lt::piece_index_t)>& claimed,
                            std::map<lt::piece_index_t, Planned>& plan) const;
  std::vector<lt::download_priority_t> file_priorities_locked() const;
  std::vector<lt::download_priority_t> piece_priorities_locked() const;
  bool window_contains_locked(const Reader& r, lt::piece_index_t p) const;
  // A reader starves when the piece at its playhead is missing: it is blocked, or about to be
  // (at start, after a seek, or when it caught up with the download), and its consumer does not
  // hold policy fed of media (or has not said). Every request a peer
  // serves before that piece's blocks then adds to the wait, since a peer answers its requests
  // in order and libtorrent 2.0.8 cancels nothing already sent. So while a reader starves, only
  // its playhead piece (priority 7) and the next (policy starving_pieces) are wanted: no rest of
  // the window, no index tail, no rarest-first fill, which all resume once it is fed.
  bool starving_locked(const Reader& r) const;
  // Bytes per second of pieces verified in the last kGoodputWindow (since the first reader).
  double goodput_locked() const;
  static constexpr std::chrono::seconds kGoodputWindow{3};
  bool any_starving_locked() const;
  // Makes every peer run its piece picker now, if a reader starves (see on_piece_failed()).
  void repick_locked();
  // Sets the planned deadlines; drops the stale ones one by one (soft) or all at once (hard).
  void apply_locked(bool hard);

  std::shared_ptr<const lt::torrent_info> info_;
  std::unique_ptr<PieceControl> control_;
  WindowPolicy policy_;
  PieceLayout layout_;

  mutable std::mutex mutex_;
  std::map<int, Reader> readers_;
  std::map<int, Prefetch> prefetches_;
  int next_id_ = 1;
  std::int64_t download_rate_ = 0;
  bool crowd_ = false;  // other downloading peers are connected (set_downloading_peers())
  std::vector<int> held_by_peers_;  // per piece: downloading peers holding it (set_held_by_peers())
  std::set<int> claimed_by_peers_;  // set_claimed_by_peers()
  int piece_failures_ = 0;          // hash check failures seen (on_piece_failed)
  std::chrono::steady_clock::time_point first_reader_at_{};
  std::deque<std::chrono::steady_clock::time_point> recent_pieces_;  // verified, newest last
  std::map<lt::piece_index_t, Applied> applied_;                     // pieces we gave a deadline
  std::vector<lt::download_priority_t> applied_file_priorities_;
  bool priorities_dirty_ = true;
  bool starving_ = false;  // any reader starving when priorities were last applied
  // prioritize_files() calls whose file_prio_alert has not come yet.
  std::atomic<int> file_priority_calls_{0};
  std::chrono::steady_clock::time_point file_priorities_set_at_;
};

}  // namespace swarmtv::stream

// What the streaming scheduler steers in libtorrent, and nothing else: the deadlines and
// priorities of one torrent's pieces and files, and whether a piece has passed its hash check.
// Torrent gives the scheduler one over its lt::torrent_handle; the scheduler's policy is unit-
// tested against a fake that records the calls.
#pragma once

#include <vector>

#include <libtorrent/download_priority.hpp>
#include <libtorrent/units.hpp>

namespace swarmtv::stream {

class PieceControl {
 public:
  virtual ~PieceControl() = default;

  // Whether `piece` has passed its hash check. Called with the scheduler's lock held, so an
  // implementation must not call back into the scheduler.
  virtual bool have_piece(lt::piece_index_t piece) const = 0;

  // libtorrent's time-critical pieces: `piece` is wanted within `ms` (priority 7 until set).
  virtual void set_deadline(lt::piece_index_t piece, int ms) = 0;
  // Drops one deadline (the piece goes back to priority 1).
  virtual void reset_deadline(lt::piece_index_t piece) = 0;
  // Drops every deadline. The next deadline set then makes libtorrent cancel every request not
  // for a deadline piece: how a seek drops the requests for the old position.
  virtual void clear_deadlines() = 0;

  virtual void set_piece_priority(lt::piece_index_t piece, lt::download_priority_t priority) = 0;
  // One priority per piece of the torrent.
  virtual void set_piece_priorities(const std::vector<lt::download_priority_t>& priorities) = 0;
  // One priority per file; applied asynchronously (StreamingScheduler::on_file_priorities_applied
  // follows), and libtorrent then recomputes every piece priority from them.
  virtual void set_file_priorities(const std::vector<lt::download_priority_t>& priorities) = 0;
};

}  // namespace swarmtv::stream

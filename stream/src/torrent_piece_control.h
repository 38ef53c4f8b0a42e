// PieceControl over a real torrent: libtorrent's handle, and the hash-checked pieces Torrent
// keeps.
#pragma once

#include <functional>

#include <libtorrent/torrent_handle.hpp>

#include "swarmtv/stream/piece_control.h"

namespace swarmtv::stream::aux {

class TorrentPieceControl final : public PieceControl {
 public:
  using HaveFn = std::function<bool(lt::piece_index_t)>;
  TorrentPieceControl(lt::torrent_handle handle, HaveFn have)
      : handle_(std::move(handle)), have_(std::move(have)) {}

  bool have_piece(lt::piece_index_t piece) const override { return have_(piece); }
  void set_deadline(lt::piece_index_t piece, int ms) override;
  void reset_deadline(lt::piece_index_t piece) override;
  void clear_deadlines() override;
  void set_piece_priority(lt::piece_index_t piece, lt::download_priority_t priority) override;
  void set_piece_priorities(const std::vector<lt::download_priority_t>& priorities) override;
  void set_file_priorities(const std::vector<lt::download_priority_t>& priorities) override;

 private:
  lt::torrent_handle handle_;
  HaveFn have_;
};

}  // namespace swarmtv::stream::aux

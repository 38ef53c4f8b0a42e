#include "torrent_piece_control.h"

#include "lt_call.h"

namespace swarmtv::stream::aux {

void TorrentPieceControl::set_deadline(lt::piece_index_t piece, int ms) {
  lt_do("set_piece_deadline", [&] { handle_.set_piece_deadline(piece, ms); });
}

void TorrentPieceControl::reset_deadline(lt::piece_index_t piece) {
  lt_do("reset_piece_deadline", [&] { handle_.reset_piece_deadline(piece); });
}

void TorrentPieceControl::clear_deadlines() {
  lt_do("clear_piece_deadlines", [&] { handle_.clear_piece_deadlines(); });
}

void TorrentPieceControl::set_piece_priority(lt::piece_index_t piece,
                                             lt::download_priority_t priority) {
  lt_do("piece_priority", [&] { handle_.piece_priority(piece, priority); });
}

void TorrentPieceControl::set_piece_priorities(
    const std::vector<lt::download_priority_t>& priorities) {
  lt_do("prioritize_pieces", [&] { handle_.prioritize_pieces(priorities); });
}

void TorrentPieceControl::set_file_priorities(
    const std::vector<lt::download_priority_t>& priorities) {
  lt_do("prioritize_files", [&] { handle_.prioritize_files(priorities); });
}

}  // namespace swarmtv::stream::aux

// Torrent's side of the session's alert loop: what each libtorrent alert changes (pieces had,
// a failed hash check, a file error, a peer to drop), the once-a-second tick and reconnecting.
#include "swarmtv/stream/torrent.h"

#include "lt_call.h"
#include "message_error.h"

#include <algorithm>
#include <cstdio>

#include <libtorrent/alert_types.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/peer_info.hpp>

#include "swarmtv/base/trace.h"

namespace swarmtv::stream {

void Torrent::trace_alert(const lt::alert* alert) const {
  if (const auto* a = lt::alert_cast<lt::piece_finished_alert>(alert))
    trace("stream: piece {} verified", static_cast<int>(a->piece_index));
  else if (const auto* b = lt::alert_cast<lt::block_downloading_alert>(alert))
    trace("stream: {} asks {}.{}", b->endpoint.port(), static_cast<int>(b->piece_index),
          b->block_index);
  else if (const auto* f = lt::alert_cast<lt::block_finished_alert>(alert))
    trace("stream: {} gave {}.{}", f->endpoint.port(), static_cast<int>(f->piece_index),
          f->block_index);
  else if (const auto* l = lt::alert_cast<lt::peer_log_alert>(alert))
    trace("stream: {} {} {}", l->endpoint.port(), l->event_type, l->log_message());
  else if (lt::alert_cast<lt::peer_error_alert>(alert) != nullptr)
    trace("stream: {}", alert->message());
  else if (lt::alert_cast<lt::peer_connect_alert>(alert) != nullptr ||
           lt::alert_cast<lt::peer_disconnected_alert>(alert) != nullptr ||
           lt::alert_cast<lt::metadata_received_alert>(alert) != nullptr ||
           lt::alert_cast<lt::hash_failed_alert>(alert) != nullptr ||
           lt::alert_cast<lt::torrent_resumed_alert>(alert) != nullptr ||
           lt::alert_cast<lt::file_prio_alert>(alert) != nullptr)
    trace("stream: {}", alert->message());
}

void Torrent::handle_alert(const lt::alert* alert) {
  if (trace_enabled()) trace_alert(alert);
  if (const auto* a = lt::alert_cast<lt::piece_finished_alert>(alert)) {
    std::function<void(lt::piece_index_t)> callback;
    {
      std::lock_guard lock(mutex_);
      if (a->piece_index < have_.end_index() && !have_[a->piece_index]) {
        have_.set_bit(a->piece_index);
        arrived_[static_cast<std::size_t>(static_cast<int>(a->piece_index))] =
            std::chrono::steady_clock::now();
        ++num_have_;
      }
      callback = piece_callback_;
      changed_.notify_all();
    }
    senders_.erase(a->piece_index);
    if (auto s = scheduler()) s->on_piece_finished(a->piece_index);
    if (callback) callback(a->piece_index);
  } else if (lt::alert_cast<lt::file_prio_alert>(alert) != nullptr) {
    if (auto s = scheduler()) s->on_file_priorities_applied();
    std::lock_guard lock(mutex_);
    changed_.notify_all();  // readers waiting for the part file's bytes to reach the file
  } else if (lt::alert_cast<lt::metadata_received_alert>(alert) != nullptr) {
    const auto info = torrent_file();
    std::lock_guard lock(mutex_);
    if (info) on_metadata_locked(info);
    changed_.notify_all();
  } else if (const auto* block = lt::alert_cast<lt::block_finished_alert>(alert)) {
    senders_[block->piece_index][block->block_index] = block->endpoint;
    {
      // A block a peer sent just before its ban can come after it.
      std::lock_guard lock(mutex_);
      if (banned_.count(block->endpoint) != 0) doomed_.insert(block->piece_index);
    }
    std::lock_guard lock(listeners_mutex_);
    for (const auto& [id, entry] : block_listeners_)
      if (entry.first == block->piece_index) entry.second(block->block_index);
  } else if (const auto* failed = lt::alert_cast<lt::hash_failed_alert>(alert)) {
    {
      std::lock_guard lock(mutex_);
      if (dropping_.erase(failed->piece_index) == 0) ++hash_failures_;
    }
    senders_.erase(failed->piece_index);
    if (auto s = scheduler()) s->on_piece_failed(failed->piece_index);
  } else if (const auto* ban = lt::alert_cast<lt::peer_ban_alert>(alert)) {
    drop_pieces_from(ban->endpoint);
  } else if (const auto* gone = lt::alert_cast<lt::peer_disconnected_alert>(alert)) {
    // The smart-ban plugin's bans come only as this disconnection.
    if (gone->error == lt::errors::peer_banned) drop_pieces_from(gone->endpoint);
    if (auto s = scheduler()) s->on_peer_left();  // its requests are free for others
  } else if (const auto* fe = lt::alert_cast<lt::file_error_alert>(alert)) {
    on_file_error(*fe);
  } else if (const auto* e = lt::alert_cast<lt::torrent_error_alert>(alert)) {
    std::lock_guard lock(mutex_);
    error_ = Error{Errc::torrent_error,
                   "torrent " + info_hash_ + ": " + e->error.message() +
                       (e->filename()[0] != '\0' ? std::string(" (") + e->filename() + ")" : "")};
    changed_.notify_all();
  } else if (lt::alert_cast<lt::torrent_checked_alert>(alert) != nullptr ||
             lt::alert_cast<lt::torrent_finished_alert>(alert) != nullptr) {
    if (auto st = aux::lt_call("status",
                               [&] { return handle_.status(lt::torrent_handle::query_pieces); }))
      sync_pieces(st->pieces);
  } else if (lt::alert_cast<lt::state_changed_alert>(alert) != nullptr) {
    std::lock_guard lock(mutex_);
    changed_.notify_all();
  }
}

namespace {

// Connected peers that are downloading too (other viewers): not seeds, past their handshake, and
// not upload-only. A peer still connecting or shaking hands has not said what it holds, and
// counting it would take a returning seeder for a crowd. Tells the scheduler how many there are
// and how many of them hold each piece (libtorrent's availability counts the seeds too).
void report_swarm(const lt::torrent_handle& handle, const std::vector<lt::peer_info>& peers,
                  StreamingScheduler& scheduler) {
  const lt::peer_flags_t not_downloading = lt::peer_info::seed | lt::peer_info::connecting |
                                           lt::peer_info::handshake | lt::peer_info::upload_only;
  const auto downloading = std::count_if(peers.begin(), peers.end(), [&](const lt::peer_info& p) {
    return !(p.flags & not_downloading);
  });
  scheduler.set_downloading_peers(static_cast<int>(downloading));
  if (downloading == 0) return;
  const auto seeds = std::count_if(peers.begin(), peers.end(), [](const lt::peer_info& p) {
    return static_cast<bool>(p.flags & lt::peer_info::seed);
  });
  std::vector<int> held;
  aux::lt_do("piece_availability", [&] { handle.piece_availability(held); });
  for (int& n : held) n = std::max(0, n - static_cast<int>(seeds));
  scheduler.set_held_by_peers(std::move(held));
}

}  // namespace

void Torrent::tick() {
  const auto st =
      aux::lt_call("status", [&] { return handle_.status(lt::torrent_handle::query_pieces); });
  if (!st) return;
  sync_pieces(st->pieces);
  {
    std::lock_guard lock(mutex_);
    if (st->total_payload_download != payload_total_) {
      payload_total_ = st->total_payload_download;
      payload_at_ = std::chrono::steady_clock::now();
    }
  }
  drop_doomed();
  std::vector<lt::peer_info> peers;
  aux::lt_do("get_peer_info", [&] { handle_.get_peer_info(peers); });
  if (auto s = scheduler()) {
    s->set_download_rate(st->download_payload_rate);
    report_swarm(handle_, peers, *s);
    pass_claims(*s);  // lapsed claims drop out here
    s->tick();
  }
  reconnect(*st, peers);
  wake_waiters();  // a reader may wait for file priorities the tick gave up waiting for
}

void Torrent::reconnect(const lt::torrent_status& st, const std::vector<lt::peer_info>& peers) {
  const bool running = !(st.flags & lt::torrent_flags::paused) &&
                       st.state != lt::torrent_status::checking_files &&
                       st.state != lt::torrent_status::checking_resume_data;
  // Useful: past its handshake, and holding a piece we want (any peer, without metadata). A
  // connection we made names the peer's listening endpoint, one to come back to.
  const lt::peer_flags_t not_ready = lt::peer_info::connecting | lt::peer_info::handshake;
  bool useful = false;
  std::vector<lt::tcp::endpoint> outgoing;
  for (const lt::peer_info& p : peers) {
    if (p.flags & not_ready) continue;
    if (p.flags & lt::peer_info::local_connection) outgoing.push_back(p.ip);
    if (!st.has_metadata || (p.flags & lt::peer_info::interesting)) useful = true;
  }
  const bool starving = running && !st.is_finished && !useful;
  const auto now = std::chrono::steady_clock::now();
  ReconnectPolicy::Actions actions;
  {
    std::lock_guard lock(mutex_);
    for (const auto& p : outgoing) reconnect_.add_peer(p, now);
    actions = reconnect_.tick(now, starving, outgoing);
  }
  for (const lt::tcp::endpoint& peer : actions.connect) {
    trace("stream: starving: trying peer {} again", peer.port());
    // As a tracker's peer: libtorrent stops trying a peer after max_failcount failures, and
    // only a tracker's word lowers that count again (peer_list::update_peer), which gives the
    // peer one more attempt each time.
    aux::lt_do("connect_peer", [&] { handle_.connect_peer(peer, lt::peer_info::tracker); });
  }
  if (actions.reannounce) {
    trace("stream: starving: asking the trackers for peers");
    aux::lt_do("force_reannounce",
               [&] { handle_.force_reannounce(0, -1, lt::torrent_handle::ignore_min_interval); });
  }
}

void Torrent::on_file_error(const lt::file_error_alert& alert) {
  // Out of memory is passing: libtorrent only drops the peer.
  if (alert.error == boost::system::errc::not_enough_memory) return;
  const std::filesystem::path file = alert.filename();
  const std::string dir =
      file.has_parent_path() ? file.parent_path().string() : save_path().string();
  std::string message;
  if (alert.error == boost::system::errc::no_space_on_device)
    message =
        "no space left on the device for " + dir + " (writing " + file.filename().string() + ")";
  else
    message = "disk error in " + dir + ": " + alert.error.message() + " (" +
              lt::operation_name(alert.op) + " " + file.filename().string() + ")";
  std::lock_guard lock(mutex_);
  if (!error_) error_ = Error{Errc::io_error, message};
  changed_.notify_all();
}

void Torrent::drop_pieces_from(const lt::tcp::endpoint& peer) {
  {
    std::lock_guard lock(mutex_);
    if (!banned_.insert(peer).second) return;
  }
  // libtorrent forgets who sent a block once its sender is banned: ask our own record (by the
  // endpoint of the connection, as both alerts give it).
  for (const auto& [piece, senders] : senders_)
    for (const auto& [block, sender] : senders)
      if (sender == peer) {
        doomed_.insert(piece);
        break;
      }
  drop_doomed();
}

void Torrent::drop_doomed() {
  if (doomed_.empty()) return;
  std::shared_ptr<const lt::torrent_info> info;
  {
    std::lock_guard lock(mutex_);
    info = info_;
  }
  std::vector<lt::partial_piece_info> queue;
  if (!aux::lt_do("get_download_queue", [&] { handle_.get_download_queue(queue); })) return;
  std::set<lt::piece_index_t> still;  // doomed, with a block being written: next tick
  for (const lt::partial_piece_info& piece : queue) {
    if (doomed_.count(piece.piece_index) == 0) continue;
    bool writing = false;
    int finished = 0;
    for (int b = 0; b < piece.blocks_in_piece; ++b) {
      writing = writing || piece.blocks[b].state == lt::block_info::writing;
      if (piece.blocks[b].state == lt::block_info::finished) ++finished;
    }
    // add_piece() skips a block being written: the piece would then fail with that block's
    // sender to blame. Wait until it is on disk.
    if (writing) {
      still.insert(piece.piece_index);
      continue;
    }
    // Nothing to drop, or a whole piece already being checked: it fails by itself, and zeros
    // written under that check would land in the restored piece.
    if (finished == 0 || finished == piece.blocks_in_piece || !info) continue;
    {
      std::lock_guard lock(mutex_);
      dropping_.insert(piece.piece_index);
    }
    trace("stream: piece {} holds blocks from a banned peer: dropped",
          static_cast<int>(piece.piece_index));
    aux::lt_do("add_piece", [&] {
      handle_.add_piece(
          piece.piece_index,
          std::vector<char>(static_cast<std::size_t>(info->piece_size(piece.piece_index))),
          lt::torrent_handle::overwrite_existing);
    });
  }
  // The rest are done with: dropped now, or no longer unfinished (failed, or being checked).
  doomed_ = std::move(still);
}

}  // namespace swarmtv::stream

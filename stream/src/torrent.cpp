#include "swarmtv/stream/torrent.h"

#include "claim_exchange.h"
#include "lt_call.h"
#include "message_error.h"
#include "torrent_piece_control.h"
#include "upload_ledger.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <libtorrent/alert_types.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/peer_info.hpp>

#include "swarmtv/base/trace.h"
#include "swarmtv/stream/torrent_byte_source.h"

namespace swarmtv::stream {

Torrent::Torrent(lt::torrent_handle handle, std::string info_hash, std::function<void()> wake)
    : handle_(std::move(handle)),
      info_hash_(std::move(info_hash)),
      uploads_(std::make_shared<aux::UploadLedger>()),
      claims_(std::make_shared<aux::ClaimBoard>()),
      wake_(std::move(wake)) {
  aux::attach_upload_ledger(handle_, uploads_);
  claims_->set_on_change([this] {
    claims_changed_ = true;
    if (wake_) wake_();
  });
  aux::attach_claim_exchange(handle_, claims_);
  const auto info = torrent_file();
  std::lock_guard lock(mutex_);
  if (info) on_metadata_locked(info);
}

std::shared_ptr<const lt::torrent_info> Torrent::torrent_file() const {
  return aux::lt_call("torrent_file", [&] { return handle_.torrent_file(); }).value_or(nullptr);
}

Torrent::~Torrent() {
  claims_->set_on_change(nullptr);  // the plugin may outlive this object by a little
}

void Torrent::on_wake() {
  if (!claims_changed_.exchange(false)) return;
  if (auto s = scheduler()) pass_claims(*s);
}

void Torrent::pass_claims(StreamingScheduler& scheduler) {
  // For benchmarks: the same binary with the receiving side of claims off (docs/premiere.md).
  static const bool ignored = std::getenv("SWARMTV_NO_CLAIMS") != nullptr;
  if (ignored) return;
  scheduler.note_held_by_peers(claims_->take_peer_haves());
  std::vector<int> claimed = claims_->claimed_by_peers();
  trace("torrent: {} pieces claimed by other viewers (first {})", claimed.size(),
        claimed.empty() ? -1 : claimed.front());
  scheduler.set_claimed_by_peers(std::move(claimed));
}

UploadCounts Torrent::upload_counts() const {
  return uploads_->counts();
}

bool Torrent::crowd() const {
  const auto s = scheduler();
  return s && s->crowd();
}

int Torrent::claims_received() const {
  return claims_->claims_received();
}

std::string Torrent::name() const {
  std::lock_guard lock(mutex_);
  return info_ ? info_->name() : info_hash_;
}

std::string Torrent::magnet_uri() const {
  std::lock_guard lock(mutex_);
  return info_ ? lt::make_magnet_uri(*info_) : std::string();
}

std::filesystem::path Torrent::save_path() const {
  return aux::lt_call("save path",
                      [&] { return handle_.status(lt::torrent_handle::query_save_path).save_path; })
      .value_or(std::string());
}

bool Torrent::has_metadata() const {
  std::lock_guard lock(mutex_);
  return info_ != nullptr;
}

void Torrent::on_metadata_locked(std::shared_ptr<const lt::torrent_info> info) {
  if (info_) return;
  info_ = std::move(info);
  const int pieces = info_->num_pieces();
  claims_->set_num_pieces(pieces);
  if (pieces > 0)
    uploads_->set_pieces(pieces, info_->piece_length(),
                         info_->piece_size(lt::piece_index_t{pieces - 1}));
  have_.resize(info_->num_pieces(), false);
  arrived_.assign(static_cast<std::size_t>(info_->num_pieces()), {});
  // The scheduler asks have_piece() while holding its own lock; Torrent never calls into the
  // scheduler while holding mutex_, so the two locks never nest the other way round.
  scheduler_ = std::make_shared<StreamingScheduler>(
      info_, std::make_unique<aux::TorrentPieceControl>(
                 handle_, [this](lt::piece_index_t p) { return have_piece(p); }));
}

Status Torrent::wait_for_metadata(std::chrono::milliseconds timeout,
                                  const std::function<void(const MetadataProgress&)>& progress,
                                  const std::stop_token& interrupted) {
  // Registered before the lock is taken: a callback that runs at once takes it itself.
  const std::stop_callback wake(interrupted, [this] { wake_waiters(); });
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + timeout;
  auto last_progress = start - std::chrono::seconds(1);
  std::unique_lock lock(mutex_);
  while (!info_) {
    if (closed_)
      return Error{Errc::session_closed, "the session closed before the metadata arrived"};
    if (error_) return *error_;
    if (interrupted.stop_requested())
      return Error{Errc::cancelled, "interrupted while fetching the metadata"};
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline)
      return Error{Errc::metadata_timeout, "no metadata for magnet link " + info_hash_ + " after " +
                                               std::to_string(timeout.count() / 1000) +
                                               " s (no reachable peer has it)"};
    if (progress && now - last_progress >= std::chrono::seconds(1)) {
      last_progress = now;
      lock.unlock();
      MetadataProgress p;
      p.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
      p.peers = aux::lt_call("status", [&] { return handle_.status().num_peers; }).value_or(0);
      progress(p);
      lock.lock();
      if (info_) break;
    }
    changed_.wait_until(
        lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::seconds(1)));
  }
  return Status::success();
}

std::shared_ptr<const lt::torrent_info> Torrent::info() const {
  std::lock_guard lock(mutex_);
  return info_;
}

std::vector<FileEntry> Torrent::files() const {
  const auto ti = info();
  return ti ? list_files(ti->files()) : std::vector<FileEntry>{};
}

Result<lt::file_index_t> Torrent::select_file(std::string_view selector) const {
  if (!has_metadata())
    return Error{Errc::invalid_argument, "the torrent's metadata is not here yet"};
  return stream::select_file(files(), selector);
}

Result<std::unique_ptr<TorrentByteSource>> Torrent::open(lt::file_index_t file, ReadRole role) {
  const auto ti = info();
  if (!ti) return Error{Errc::invalid_argument, "the torrent's metadata is not here yet"};
  if (file < lt::file_index_t{0} || file >= ti->files().end_file() || ti->files().pad_file_at(file))
    return Error{Errc::no_such_file, "no file #" + std::to_string(static_cast<int>(file)) +
                                         " in torrent " + ti->name()};
  auto source = std::make_unique<TorrentByteSource>(shared_from_this(), file, role);
  start();  // after the priorities and deadlines are set, so the first requests are the right ones
  return source;
}

Result<int> Torrent::prefetch(lt::file_index_t file, ByteRange range,
                              std::chrono::milliseconds first_deadline) {
  const auto ti = info();
  if (!ti) return Error{Errc::invalid_argument, "the torrent's metadata is not here yet"};
  if (file < lt::file_index_t{0} || file >= ti->files().end_file())
    return Error{Errc::no_such_file, "no file #" + std::to_string(static_cast<int>(file)) +
                                         " in torrent " + ti->name()};
  const int id = scheduler()->add_prefetch(file, range, static_cast<int>(first_deadline.count()));
  start();
  return id;
}

void Torrent::cancel_prefetch(int id) {
  if (auto s = scheduler()) s->cancel_prefetch(id);
}

void Torrent::download_all() {
  const auto ti = info();
  if (!ti) return;
  aux::lt_do("download all", [&] {
    handle_.prioritize_files(std::vector<lt::download_priority_t>(
        static_cast<std::size_t>(ti->num_files()), lt::default_priority));
    handle_.resume();
  });
}

void Torrent::start() {
  aux::lt_do("resume", [&] { handle_.resume(); });
}

void Torrent::connect_peer(const lt::tcp::endpoint& peer) const {
  aux::lt_do("connect_peer", [&] { handle_.connect_peer(peer); });
}

bool Torrent::have_piece(lt::piece_index_t piece) const {
  std::lock_guard lock(mutex_);
  return piece >= lt::piece_index_t{0} && piece < have_.end_index() && have_[piece];
}

bool Torrent::arrived_after(lt::piece_index_t piece,
                            std::chrono::steady_clock::time_point since) const {
  std::lock_guard lock(mutex_);
  if (piece < lt::piece_index_t{0} || piece >= have_.end_index() || !have_[piece]) return true;
  return arrived_[static_cast<std::size_t>(static_cast<int>(piece))] > since;
}

int Torrent::num_pieces_had() const {
  std::lock_guard lock(mutex_);
  return num_have_;
}

bool Torrent::is_seeding() const {
  return aux::lt_call("status", [&] { return handle_.status().is_seeding; }).value_or(false);
}

bool Torrent::wait_until_finished(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (!closed_) {
    lock.unlock();
    const auto st = aux::lt_call("status", [&] { return handle_.status(); });
    if (!st) return false;
    const bool done = st->is_finished && st->state != lt::torrent_status::checking_files &&
                      st->state != lt::torrent_status::checking_resume_data && st->has_metadata;
    lock.lock();
    if (done) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    changed_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                     std::chrono::milliseconds(200)));
  }
  return false;
}

StreamStatus Torrent::status() const {
  StreamStatus s;
  const auto status = aux::lt_call("status", [&] { return handle_.status(); });
  if (!status) {
    s.error = "torrent removed";
    return s;
  }
  const lt::torrent_status& st = *status;
  s.peers = st.num_peers;
  s.seeds = st.num_seeds;
  s.download_rate = st.download_payload_rate;
  s.upload_rate = st.upload_payload_rate;
  s.total_downloaded = st.total_payload_download;
  s.total_uploaded = st.total_payload_upload;
  if (st.errc) s.error = st.errc.message();
  std::lock_guard lock(mutex_);
  // Verified bytes of the whole torrent: libtorrent's own `progress` counts only the wanted
  // pieces, 1.0 while nothing is wanted yet (a server before its first request). The metadata
  // we keep, not another call across to libtorrent's thread: the OSD asks several times a second.
  if (info_ && info_->total_size() > 0)
    s.progress = static_cast<double>(st.total_done) / static_cast<double>(info_->total_size());
  s.hash_failures = hash_failures_;
  const auto now = std::chrono::steady_clock::now();
  if (s.peers > 0) peer_seen_at_ = now;
  s.seconds_without_peers =
      s.peers > 0 ? 0.0 : std::chrono::duration<double>(now - peer_seen_at_).count();
  s.peers_banned = static_cast<int>(banned_.size());
  if (error_ && s.error.empty()) s.error = error_->message;
  return s;
}

void Torrent::on_piece_finished(std::function<void(lt::piece_index_t)> callback) {
  std::lock_guard lock(mutex_);
  piece_callback_ = std::move(callback);
}

Torrent::WaitResult Torrent::wait_for_piece(lt::piece_index_t piece, const std::stop_token& stop,
                                            Error* error) {
  const auto started = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stop.stop_requested()) return WaitResult::cancelled;
    // The scheduler's flag is atomic: no scheduler lock is taken under mutex_.
    if (piece >= lt::piece_index_t{0} && piece < have_.end_index() && have_[piece] &&
        !(scheduler_ && scheduler_->file_priorities_pending()))
      return WaitResult::ready;
    if (closed_ || error_) {
      if (error != nullptr)
        *error = error_ ? *error_ : Error{Errc::session_closed, "the torrent session was closed"};
      return WaitResult::failed;
    }
    if (network_timeout_.count() <= 0) {
      changed_.wait(lock);
      continue;
    }
    // Silence counts from the later of this wait's start and the last payload byte (tick()
    // notices new bytes once a second), so a read after a quiet spell of playing gets its full
    // time.
    const auto silent_until = std::max(started, payload_at_) + network_timeout_;
    if (std::chrono::steady_clock::now() >= silent_until) {
      if (error != nullptr) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%g", double(network_timeout_.count()) / 1000);
        *error =
            Error{Errc::torrent_error, std::string("no data from the swarm for ") + seconds + " s"};
      }
      return WaitResult::failed;
    }
    changed_.wait_until(lock, silent_until);
  }
}

void Torrent::set_network_timeout(std::chrono::milliseconds timeout) {
  std::lock_guard lock(mutex_);
  network_timeout_ = timeout;
}

void Torrent::remember_peers(const std::vector<lt::tcp::endpoint>& peers) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  for (const auto& p : peers) reconnect_.add_peer(p, now);
}

void Torrent::wake_waiters() {
  // Taking the lock orders this wake-up after a waiter's check of its flag: no lost wake-up.
  std::lock_guard lock(mutex_);
  changed_.notify_all();
}

std::shared_ptr<StreamingScheduler> Torrent::scheduler() const {
  std::lock_guard lock(mutex_);
  return scheduler_;
}

void Torrent::sync_pieces(const lt::typed_bitfield<lt::piece_index_t>& pieces) {
  std::lock_guard lock(mutex_);
  if (!info_) return;
  for (lt::piece_index_t p{0}; p < pieces.end_index() && p < have_.end_index(); ++p) {
    if (pieces[p] && !have_[p]) {
      have_.set_bit(p);
      ++num_have_;
    }
  }
  changed_.notify_all();
}

int Torrent::add_block_listener(lt::piece_index_t piece, BlockListener listener) {
  std::lock_guard lock(listeners_mutex_);
  const int id = next_listener_id_++;
  block_listeners_.emplace(id, std::make_pair(piece, std::move(listener)));
  return id;
}

void Torrent::remove_block_listener(int id) {
  std::lock_guard lock(listeners_mutex_);
  block_listeners_.erase(id);
}

void Torrent::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

}  // namespace swarmtv::stream

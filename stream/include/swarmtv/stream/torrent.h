// One torrent in the Session: its metadata, which pieces have passed their hash check, its
// streaming scheduler, and what the UI shows about it. Created by Session::add().
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <libtorrent/alert.hpp>
#include <libtorrent/bitfield.hpp>
#include <libtorrent/socket.hpp>
#include <libtorrent/torrent_handle.hpp>
#include <libtorrent/torrent_info.hpp>
#include <libtorrent/torrent_status.hpp>

#include "swarmtv/base/result.h"
#include "swarmtv/stream/file_selection.h"
#include "swarmtv/stream/reconnect_policy.h"
#include "swarmtv/stream/stream_status.h"
#include "swarmtv/stream/streaming_scheduler.h"
#include "swarmtv/stream/upload_counts.h"

namespace libtorrent {
struct file_error_alert;
struct peer_info;
}  // namespace libtorrent

namespace swarmtv::stream {

class TorrentByteSource;
namespace aux {
class UploadLedger;
class ClaimBoard;
}  // namespace aux

// Progress of a magnet link's metadata download, for a "fetching metadata…" line.
struct MetadataProgress {
  std::chrono::milliseconds elapsed{0};
  int peers = 0;
};

class Torrent : public std::enable_shared_from_this<Torrent> {
 public:
  // Use Session::add(). `info_hash` is the hex shown in messages and used for resume files.
  // `wake` wakes the session's alert thread, which then calls on_wake().
  Torrent(lt::torrent_handle handle, std::string info_hash, std::function<void()> wake = {});
  ~Torrent();
  Torrent(const Torrent&) = delete;
  Torrent& operator=(const Torrent&) = delete;

  const std::string& info_hash() const { return info_hash_; }
  lt::torrent_handle handle() const { return handle_; }
  std::string name() const;        // the torrent's name (info-hash until metadata arrives)
  std::string magnet_uri() const;  // empty until metadata arrives
  std::filesystem::path save_path() const;

  // --- Metadata ------------------------------------------------------------------------------
  bool has_metadata() const;
  // Blocks until the metadata of a magnet link has arrived. Calls `progress` about once a second.
  // Errc::metadata_timeout after `timeout`; Errc::session_closed if the session closes first;
  // Errc::cancelled as soon as `interrupted` is triggered.
  Status wait_for_metadata(std::chrono::milliseconds timeout,
                           const std::function<void(const MetadataProgress&)>& progress = {},
                           const std::stop_token& interrupted = {});
  // Precondition for the rest of this section: has_metadata().
  std::shared_ptr<const lt::torrent_info> info() const;
  std::vector<FileEntry> files() const;
  // See select_file() in file_selection.h: "" = the largest video file, an index, or a path.
  Result<lt::file_index_t> select_file(std::string_view selector) const;

  // --- Streaming -----------------------------------------------------------------------------
  // A ByteSource over one file. The file becomes wanted (the other files stay at priority 0
  // unless opened or prefetched), its head and index get the first deadlines, and reads move the
  // deadline window. Several sources may be open at once, on the same or other files. A
  // follower's reads only wait for the download (ReadRole).
  Result<std::unique_ptr<TorrentByteSource>> open(lt::file_index_t file,
                                                  ReadRole role = ReadRole::playback);
  // Fetches `range` (file-relative) of `file` soon, without opening it: a sponsor clip, the start
  // of the next episode. Returns an id for cancel_prefetch(). The file gets priority 1 (so its
  // bytes go to the file itself, not libtorrent's part file) and its other pieces priority 0;
  // libtorrent briefly applies the file priority to all its pieces first, so a piece or two more
  // of that file may be fetched.
  Result<int> prefetch(lt::file_index_t file, ByteRange range,
                       std::chrono::milliseconds first_deadline = std::chrono::seconds(1));
  void cancel_prefetch(int id);
  // Downloads every file (no streaming): what a plain download or a seeder that still misses
  // pieces does.
  void download_all();
  // Resumes a torrent added paused (Session::add() does so until a file is wanted). open(),
  // prefetch() and download_all() call it.
  void start();
  // Connects to a peer now (a loopback swarm has no tracker or DHT to find it).
  void connect_peer(const lt::tcp::endpoint& peer) const;

  // --- State ---------------------------------------------------------------------------------
  bool have_piece(lt::piece_index_t piece) const;
  // True unless `piece` was had at `since` (pieces had from the start count as had at any time):
  // for measuring what a first frame or a seek had to download.
  bool arrived_after(lt::piece_index_t piece, std::chrono::steady_clock::time_point since) const;
  int num_pieces_had() const;
  bool is_seeding() const;
  // Blocks until every wanted piece is had (a seeder: the files are checked), or the timeout.
  bool wait_until_finished(std::chrono::milliseconds timeout) const;
  // The swarm and download state (file fields left empty; TorrentByteSource::status fills them).
  StreamStatus status() const;
  // What this torrent sent to its peers since it was added: blocks per piece, bytes per address.
  UploadCounts upload_counts() const;
  // Claims other viewers announced to this torrent (pieces they fetch from a seed; see
  // StreamingScheduler::set_claimed_by_peers()): for stats and tests.
  int claims_received() const;
  // Fires on the session's alert thread whenever a piece passes its hash check. Keep it short.
  void on_piece_finished(std::function<void(lt::piece_index_t)> callback);

  // The piece picker (its layout and deadlines, for stats and tests).
  std::shared_ptr<StreamingScheduler> scheduler() const;
  // Other viewers (downloading peers) are connected: the scheduler plans for a crowd.
  bool crowd() const;

 private:
  friend class Session;
  friend class TorrentByteSource;

  // What TorrentByteSource uses.
  // Calls `listener` on the session's alert thread each time a block (16 KiB) of `piece` has been
  // written to the file: not verified yet (the piece may still fail its hash check), so only fit
  // for planning, such as finding an index from a file's head a piece early. Returns an id for
  // remove_block_listener(), which waits for a call in progress.
  using BlockListener = std::function<void(int block)>;
  int add_block_listener(lt::piece_index_t piece, BlockListener listener);
  void remove_block_listener(int id);

  enum class WaitResult { ready, cancelled, failed };
  // Blocks until `piece` is had, `stop` is triggered (its trigger must call wake_waiters()) or
  // the torrent fails or closes (then `error` says why).
  WaitResult wait_for_piece(lt::piece_index_t piece, const std::stop_token& stop, Error* error);
  // Wakes every wait_for_piece() so it re-checks its stop token.
  void wake_waiters();

  // What Session uses.
  // Peers to come back to while starving (ReconnectPolicy): --peer, a magnet link's x.pe.
  void remember_peers(const std::vector<lt::tcp::endpoint>& peers);
  // A read that waits while no payload arrives for `timeout` fails ("no data from the swarm
  // for S s"); 0 = never.
  void set_network_timeout(std::chrono::milliseconds timeout);
  void handle_alert(const lt::alert* alert);
  void tick();  // once a second, on the alert thread
  // The alert thread woke because this torrent's claims changed (the constructor's `wake`):
  // passes other viewers' claims to the scheduler.
  void on_wake();
  void close();  // the session is closing: every wait returns failed

  void trace_alert(const lt::alert* alert) const;
  // A disk error on the download (file_error_alert): libtorrent only stops downloading (upload
  // mode) after a failed write, so waiting reads would wait for good. Fail them, saying why.
  void on_file_error(const lt::file_error_alert& alert);
  // Carries out the ReconnectPolicy for a running torrent (tick()).
  void reconnect(const lt::torrent_status& st, const std::vector<lt::peer_info>& peers);
  // Other viewers' live claims to the scheduler (on_wake(), and tick() for lapsed ones).
  void pass_claims(StreamingScheduler& scheduler);
  // The handle's torrent_info: null without metadata, or once the torrent is gone.
  std::shared_ptr<const lt::torrent_info> torrent_file() const;
  void on_metadata_locked(std::shared_ptr<const lt::torrent_info> info);
  void sync_pieces(const lt::typed_bitfield<lt::piece_index_t>& pieces);
  // A peer was banned for corrupt data. Blocks it sent into pieces still being downloaded stay
  // there (libtorrent keeps them), so each such piece is doomed: honest peers would finish it,
  // see it fail, be put on parole for it (no more deadline requests) and fetch it again. Fail
  // those pieces now instead (drop_doomed()).
  void drop_pieces_from(const lt::tcp::endpoint& peer);
  // add_piece() overwrites every block of a doomed piece with zeros, so the piece fails at once
  // with no peer to blame and goes back to the picker empty. A piece with a block being written
  // waits for the next tick.
  void drop_doomed();

  const lt::torrent_handle handle_;
  const std::string info_hash_;
  const std::shared_ptr<aux::UploadLedger> uploads_;
  const std::shared_ptr<aux::ClaimBoard> claims_;
  std::atomic<bool> claims_changed_{false};
  const std::function<void()> wake_;  // wakes the alert thread (from the network thread)

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::shared_ptr<const lt::torrent_info> info_;
  std::shared_ptr<StreamingScheduler> scheduler_;
  lt::typed_bitfield<lt::piece_index_t> have_;
  // When each had piece passed its hash check; the epoch for pieces had before this process.
  std::vector<std::chrono::steady_clock::time_point> arrived_;
  int num_have_ = 0;
  int hash_failures_ = 0;
  // When status() last saw a peer connected (at first: when the torrent was added).
  mutable std::chrono::steady_clock::time_point peer_seen_at_ = std::chrono::steady_clock::now();
  std::set<lt::tcp::endpoint> banned_;    // peers banned for corrupt data
  std::set<lt::piece_index_t> dropping_;  // failed on purpose (drop_pieces_from), not counted
  // Alert thread only: who sent each block of the pieces not verified yet, and the pieces
  // holding blocks from a banned peer not dropped yet.
  std::map<lt::piece_index_t, std::map<int, lt::tcp::endpoint>> senders_;
  std::set<lt::piece_index_t> doomed_;
  std::optional<Error> error_;
  bool closed_ = false;
  ReconnectPolicy reconnect_;
  std::chrono::milliseconds network_timeout_{0};
  std::int64_t payload_total_ = 0;  // payload bytes downloaded, and when that last grew
  std::chrono::steady_clock::time_point payload_at_ = std::chrono::steady_clock::now();
  std::function<void(lt::piece_index_t)> piece_callback_;

  std::mutex listeners_mutex_;  // held while a listener runs; taken before mutex_, never after
  std::map<int, std::pair<lt::piece_index_t, BlockListener>> block_listeners_;
  int next_listener_id_ = 1;
};

}  // namespace swarmtv::stream

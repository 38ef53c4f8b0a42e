// The one libtorrent session of a swarmtv process: streaming-tuned settings, the POSIX disk
// backend, an alert thread woken by libtorrent (set_alert_notify, no polling) that dispatches to
// the torrents, and resume data saved periodically and on close, loaded on add.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/socket.hpp>

#include "swarmtv/base/result.h"
#include "swarmtv/stream/session_options.h"
#include "swarmtv/stream/torrent.h"

namespace swarmtv::stream {

struct AddOptions {
  // Peers to connect to at once (a loopback swarm has no tracker or DHT). A magnet link's
  // `x.pe=` peers are used too.
  std::vector<lt::tcp::endpoint> peers;
  // Where the files are (seeding) or go; default: the session's download_dir.
  std::optional<std::filesystem::path> save_path;
  // Seed: the files are at save_path; check them and serve every file. Otherwise nothing is
  // downloaded until a file is opened or prefetched (every file starts at priority 0).
  bool seed = false;
};

class Session {
 public:
  explicit Session(SessionOptions options = {});
  // Saves every torrent's resume data (waiting a few seconds at most), wakes every blocked read
  // with an error, then shuts libtorrent down.
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Adds a torrent (resume data from an earlier run is merged in). Adding the same torrent twice
  // returns the existing one.
  Result<std::shared_ptr<Torrent>> add(lt::add_torrent_params params,
                                       const AddOptions& options = {});
  // A .torrent path or a magnet: URI (see parse_torrent_input()).
  Result<std::shared_ptr<Torrent>> add(std::string_view torrent_or_magnet,
                                       const AddOptions& options = {});
  // Saves its resume data, then removes it from the session (the files stay).
  void remove(const std::shared_ptr<Torrent>& torrent);

  // The port libtorrent listens on (0 if it could not listen), and that port on the loopback
  // address (SessionOptions::loopback_address; 127.0.0.1 outside loopback mode).
  int listen_port() const;
  lt::tcp::endpoint loopback_endpoint() const;

  // True once a peer at `address` was banned for corrupt data and is kept out for the rest of
  // the session (loopback mode, where libtorrent's own ban covers one port only).
  bool kept_out(const lt::address& address) const;

  // Bytes/s, 0 = unlimited; local and loopback peers included.
  void set_rate_limits(int upload_bytes_per_second, int download_bytes_per_second);

  // Asks every torrent for resume data and waits (up to `timeout`) until it is written.
  void save_resume_data(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  const SessionOptions& options() const { return options_; }
  // libtorrent's piece timeout in force: SessionOptions::piece_timeout_seconds, or libtorrent's
  // own 20 s while a torrent has other viewers (fit_timeouts_to_crowd()).
  std::chrono::seconds piece_timeout() const;
  std::filesystem::path resume_dir() const { return options_.download_dir / ".resume"; }
  lt::session& native() { return *session_; }

 private:
  void alert_loop();
  // Wakes alert_loop() (alerts, or a torrent's claims changed); any thread.
  void wake_alert_thread();
  void keep_out(const lt::address& address);
  void dispatch(lt::alert* alert);
  void write_resume(const lt::add_torrent_params& params);
  void request_resume_data(bool only_if_modified);
  std::vector<std::shared_ptr<Torrent>> torrents() const;
  // Longer peer timeouts while a torrent has other viewers (see there); alert thread only.
  void fit_timeouts_to_crowd();

  const SessionOptions options_;
  std::unique_ptr<lt::session> session_;

  mutable std::mutex torrents_mutex_;
  std::unordered_map<lt::torrent_handle, std::shared_ptr<Torrent>> torrents_;

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool alerts_pending_ = false;
  std::atomic<bool> claims_changed_{false};  // a torrent's claims changed (Torrent::on_wake)
  bool stopping_ = false;
  bool crowd_timeouts_ = false;  // fit_timeouts_to_crowd() applied the crowd's timeouts

  std::mutex resume_mutex_;
  std::condition_variable resume_done_;
  int resume_pending_ = 0;

  std::thread alert_thread_;  // last: started once everything above exists
};

}  // namespace swarmtv::stream

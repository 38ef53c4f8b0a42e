#include "swarmtv/stream/session.h"

#include "lt_call.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <libtorrent/alert_types.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/ip_filter.hpp>
#include <libtorrent/posix_disk_io.hpp>
#include <libtorrent/read_resume_data.hpp>
#include <libtorrent/session_params.hpp>
#include <libtorrent/write_resume_data.hpp>

#include "swarmtv/base/trace.h"
#include "swarmtv/stream/torrent_input.h"

namespace swarmtv::stream {

namespace {

constexpr auto kTick = std::chrono::seconds(1);
// libtorrent's defaults, for a torrent in a crowd (Session::fit_timeouts_to_crowd()).
constexpr int kCrowdPieceTimeoutSeconds = 20;
constexpr int kCrowdRequestTimeoutSeconds = 60;

}  // namespace

Session::Session(SessionOptions options) : options_(std::move(options)) {
  std::error_code ec;
  std::filesystem::create_directories(options_.download_dir, ec);
  std::filesystem::create_directories(resume_dir(), ec);

  lt::session_params params(make_settings(options_));
  // The POSIX backend writes every block to the file before the piece is hashed (from the file),
  // so a piece that passed its check can be read from the file at once; the default mmap backend
  // may hash from its write buffer first (see torrent_byte_source.h).
  params.disk_io_constructor = lt::posix_disk_io_constructor;
  session_ = std::make_unique<lt::session>(std::move(params));

  // By default libtorrent puts LAN and loopback peers in the "local" peer class, which no rate
  // limit applies to. Put every address in the global class only, so --upload-limit holds for
  // them too (a loopback swarm would otherwise ignore every limit).
  lt::ip_filter classes;
  const std::uint32_t global = 1u << static_cast<std::uint32_t>(lt::session::global_peer_class_id);
  classes.add_rule(lt::make_address("0.0.0.0"), lt::make_address("255.255.255.255"), global);
  classes.add_rule(lt::make_address("::"),
                   lt::make_address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), global);
  session_->set_peer_class_filter(classes);

  // Called on libtorrent's network thread when the alert queue becomes non-empty: only wake
  // the alert thread, never call into the session from here.
  session_->set_alert_notify([this] { wake_alert_thread(); });
  alert_thread_ = std::thread([this] { alert_loop(); });
}

Session::~Session() {
  if (options_.save_resume_data) save_resume_data();
  for (const auto& t : torrents()) t->close();
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
    wake_.notify_one();
  }
  alert_thread_.join();
  session_->set_alert_notify([] {});
  session_.reset();
}

std::vector<std::shared_ptr<Torrent>> Session::torrents() const {
  std::lock_guard lock(torrents_mutex_);
  std::vector<std::shared_ptr<Torrent>> out;
  out.reserve(torrents_.size());
  for (const auto& [h, t] : torrents_) out.push_back(t);
  return out;
}

Result<std::shared_ptr<Torrent>> Session::add(std::string_view torrent_or_magnet,
                                              const AddOptions& options) {
  auto params = parse_torrent_input(torrent_or_magnet);
  if (!params) return params.error();
  return add(std::move(params).value(), options);
}

Result<std::shared_ptr<Torrent>> Session::add(lt::add_torrent_params params,
                                              const AddOptions& options) {
  const std::string hex = info_hash_hex(params);
  if (!params.ti && !params.info_hashes.has_v1() && !params.info_hashes.has_v2())
    return Error{Errc::invalid_argument, "cannot add a torrent without an info-hash"};

  // Resume data from an earlier run: the pieces it lists are not checked or downloaded again.
  const std::filesystem::path resume_file = resume_dir() / (hex + ".resume");
  if (std::ifstream in(resume_file, std::ios::binary); in) {
    const std::vector<char> buf{std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>()};
    lt::error_code ec;
    lt::add_torrent_params resumed = lt::read_resume_data(buf, ec);
    if (!ec && info_hash_hex(resumed) == hex) {
      if (!resumed.ti) resumed.ti = params.ti;
      for (const auto& p : params.peers) resumed.peers.push_back(p);
      params = std::move(resumed);
    }
  }

  params.save_path = (options.save_path ? *options.save_path : options_.download_dir).string();
  for (const auto& p : options.peers) params.peers.push_back(p);
  // The peers we were told of (a magnet's x.pe, --peer) are tried again while starving.
  const std::vector<lt::tcp::endpoint> known_peers = params.peers;
  // Never queued or paused by libtorrent's auto-manager: a player needs its torrent running.
  params.flags &= ~(lt::torrent_flags::auto_managed | lt::torrent_flags::paused |
                    lt::torrent_flags::sequential_download | lt::torrent_flags::stop_when_ready);
  if (options.seed) {
    params.flags &= ~lt::torrent_flags::default_dont_download;
    params.file_priorities.clear();
    params.piece_priorities.clear();
  } else if (params.file_priorities.empty()) {
    // Nothing is fetched until a file is opened: the other files of a season stay at priority 0.
    params.flags |= lt::torrent_flags::default_dont_download;
    // With the metadata known, stay paused until then: a running torrent with nothing wanted
    // connects to its peers only to find it has nothing to ask, and the first open would wait
    // for reconnections. Torrent::start() resumes it.
    if (params.ti) params.flags |= lt::torrent_flags::paused;
  }

  lt::error_code ec;
  lt::torrent_handle handle = session_->add_torrent(std::move(params), ec);
  if (ec) return Error{Errc::torrent_error, "cannot add torrent " + hex + ": " + ec.message()};

  std::shared_ptr<Torrent> torrent;
  {
    std::lock_guard lock(torrents_mutex_);
    if (auto it = torrents_.find(handle); it != torrents_.end()) {
      it->second->remember_peers(known_peers);
      return it->second;
    }
    torrent = std::make_shared<Torrent>(handle, hex, [this] {
      claims_changed_ = true;
      wake_alert_thread();
    });
    torrent->set_network_timeout(options_.network_timeout);
    torrent->remember_peers(known_peers);
    torrents_.emplace(handle, torrent);
  }
  // Alerts popped before the torrent was registered are lost to it; catch up on its pieces.
  torrent->tick();
  return torrent;
}

void Session::remove(const std::shared_ptr<Torrent>& torrent) {
  if (!torrent) return;
  if (options_.save_resume_data && torrent->has_metadata()) {
    if (aux::lt_do("save_resume_data", [&] {
          torrent->handle().save_resume_data(lt::torrent_handle::save_info_dict);
        })) {
      std::unique_lock lock(resume_mutex_);
      ++resume_pending_;
      resume_done_.wait_for(lock, std::chrono::seconds(5), [this] { return resume_pending_ == 0; });
    }
  }
  torrent->close();
  aux::lt_do("remove_torrent", [&] { session_->remove_torrent(torrent->handle()); });
  std::lock_guard lock(torrents_mutex_);
  torrents_.erase(torrent->handle());
}

int Session::listen_port() const {
  return session_->listen_port();
}

lt::tcp::endpoint Session::loopback_endpoint() const {
  return {lt::make_address(options_.loopback ? options_.loopback_address : "127.0.0.1"),
          static_cast<unsigned short>(listen_port())};
}

void Session::set_rate_limits(int upload_bytes_per_second, int download_bytes_per_second) {
  lt::settings_pack s;
  s.set_int(lt::settings_pack::upload_rate_limit, upload_bytes_per_second);
  s.set_int(lt::settings_pack::download_rate_limit, download_bytes_per_second);
  session_->apply_settings(std::move(s));
}

std::chrono::seconds Session::piece_timeout() const {
  return std::chrono::seconds(session_->get_settings().get_int(lt::settings_pack::piece_timeout));
}

void Session::fit_timeouts_to_crowd() {
  // A peer that sends nothing for piece_timeout is snubbed: one request at a time, its blocks
  // asked of others. Alone with seeds, 5 s moves a stalled seed's blocks on while the player
  // still has buffer. In a crowd, peers serve in bursts: a Transmission seed shares its
  // rate-limited upload among many viewers, viewers serve each other under their upload limits.
  // Snubbing them there cut a crowd of 8 at a Transmission seed to one viewer served by the
  // seed (52 s of stalls per viewer in 30 s, against 15 s with libtorrent's own 20 s timeouts;
  // docs/premiere.md). So in a crowd, libtorrent's defaults.
  bool crowd = false;
  for (const auto& t : torrents()) crowd = crowd || t->crowd();
  if (crowd == crowd_timeouts_) return;
  crowd_timeouts_ = crowd;
  lt::settings_pack s;
  s.set_int(lt::settings_pack::piece_timeout,
            crowd ? std::max(options_.piece_timeout_seconds, kCrowdPieceTimeoutSeconds)
                  : options_.piece_timeout_seconds);
  s.set_int(lt::settings_pack::request_timeout,
            crowd ? std::max(options_.request_timeout_seconds, kCrowdRequestTimeoutSeconds)
                  : options_.request_timeout_seconds);
  trace("session: {} peer timeouts", crowd ? "a crowd's" : "seeds-only");
  session_->apply_settings(std::move(s));
}

void Session::request_resume_data(bool only_if_modified) {
  lt::resume_data_flags_t flags = lt::torrent_handle::save_info_dict;
  if (only_if_modified) flags |= lt::torrent_handle::only_if_modified;
  for (const auto& t : torrents()) {
    if (!t->has_metadata()) continue;
    if (aux::lt_do("save_resume_data", [&] { t->handle().save_resume_data(flags); })) {
      std::lock_guard lock(resume_mutex_);
      ++resume_pending_;
    }
  }
}

void Session::save_resume_data(std::chrono::milliseconds timeout) {
  request_resume_data(false);
  std::unique_lock lock(resume_mutex_);
  resume_done_.wait_for(lock, timeout, [this] { return resume_pending_ <= 0; });
}

void Session::write_resume(const lt::add_torrent_params& params) {
  const std::vector<char> buf = lt::write_resume_data_buf(params);
  const std::filesystem::path file = resume_dir() / (info_hash_hex(params) + ".resume");
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (!out) return;
  }
  // Rename, so a crash mid-write never leaves a truncated resume file behind.
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
}

void Session::dispatch(lt::alert* alert) {
  if (const auto* r = lt::alert_cast<lt::save_resume_data_alert>(alert)) {
    write_resume(r->params);
    std::lock_guard lock(resume_mutex_);
    --resume_pending_;
    resume_done_.notify_all();
  } else if (lt::alert_cast<lt::save_resume_data_failed_alert>(alert) != nullptr) {
    std::lock_guard lock(resume_mutex_);
    --resume_pending_;
    resume_done_.notify_all();
  }
  // A peer banned for corrupt data: by the hash check (peer_ban_alert), or by the smart-ban
  // plugin, which only disconnects it with peer_banned.
  if (const auto* ban = lt::alert_cast<lt::peer_ban_alert>(alert))
    keep_out(ban->endpoint.address());
  if (const auto* gone = lt::alert_cast<lt::peer_disconnected_alert>(alert);
      gone != nullptr && gone->error == lt::errors::peer_banned)
    keep_out(gone->endpoint.address());
  if (const auto* ta = dynamic_cast<const lt::torrent_alert*>(alert)) {
    std::shared_ptr<Torrent> torrent;
    {
      std::lock_guard lock(torrents_mutex_);
      if (auto it = torrents_.find(ta->handle); it != torrents_.end()) torrent = it->second;
    }
    if (torrent) torrent->handle_alert(alert);
  }
}

void Session::keep_out(const lt::address& address) {
  // In loopback mode several connections per address are allowed, so libtorrent's ban covers
  // one (address, port) peer only and a banned peer comes back from a new port at once. Keep its
  // address out for the session, as the Internet-mode ban (one peer per address) does. Never our
  // own address: tests run every peer of a swarm on it.
  if (!options_.loopback || address == lt::make_address(options_.loopback_address)) return;
  lt::ip_filter filter = session_->get_ip_filter();
  filter.add_rule(address, address, lt::ip_filter::blocked);
  session_->set_ip_filter(std::move(filter));
}

bool Session::kept_out(const lt::address& address) const {
  return (session_->get_ip_filter().access(address) & lt::ip_filter::blocked) != 0;
}

void Session::wake_alert_thread() {
  std::lock_guard lock(wake_mutex_);
  alerts_pending_ = true;
  wake_.notify_one();
}

void Session::alert_loop() {
  auto next_tick = std::chrono::steady_clock::now() + kTick;
  auto next_resume = std::chrono::steady_clock::now() + options_.resume_save_interval;
  std::vector<lt::alert*> alerts;
  for (;;) {
    {
      std::unique_lock lock(wake_mutex_);
      // The timeout is the scheduler's once-a-second tick, not a poll for alerts: those wake
      // the thread through set_alert_notify.
      wake_.wait_until(lock, next_tick, [this] { return alerts_pending_ || stopping_; });
      if (stopping_) return;
      alerts_pending_ = false;
    }
    session_->pop_alerts(&alerts);
    for (lt::alert* a : alerts) dispatch(a);
    if (claims_changed_.exchange(false))
      for (const auto& t : torrents()) t->on_wake();

    const auto now = std::chrono::steady_clock::now();
    if (now >= next_tick) {
      for (const auto& t : torrents()) t->tick();
      fit_timeouts_to_crowd();
      next_tick = now + kTick;
    }
    if (options_.save_resume_data && now >= next_resume) {
      request_resume_data(true);
      next_resume = now + options_.resume_save_interval;
    }
  }
}

}  // namespace swarmtv::stream

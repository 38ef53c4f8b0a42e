// How the one libtorrent session of a swarmtv process is configured.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include <libtorrent/settings_pack.hpp>

namespace swarmtv::stream {

// $XDG_CACHE_HOME/swarmtv, else ~/.cache/swarmtv, else ./swarmtv-cache: where downloads and their
// resume data go unless the user says otherwise.
std::filesystem::path default_download_dir();

struct SessionOptions {
  // Where downloaded files are written; resume data lives in its `.resume/` subfolder.
  std::filesystem::path download_dir = default_download_dir();

  // Loopback mode (tests, benchmarks, the demo): listen on 127.0.0.1 only; DHT, LSD, UPnP and
  // NAT-PMP off, so nothing outside the machine is ever contacted; several connections per IP
  // allowed, because every peer of a loopback swarm has the address 127.0.0.1.
  bool loopback = false;
  // The loopback address to use (any of 127.0.0.0/8). Peers on distinct addresses are told
  // apart as on the Internet: a ban for corrupt data falls on one peer's address, not on every
  // peer of the swarm (libtorrent's bans and smart-ban are per address).
  std::string loopback_address = "127.0.0.1";

  // TCP port to listen on; 0 picks a free one (see Session::listen_port()). In the real-world
  // mode a taken port falls back to one the system picks.
  int listen_port = 0;

  // Bytes per second, 0 = unlimited. Unlike libtorrent's default these also throttle peers on
  // the local network and on loopback (libtorrent puts those in an unlimited peer class).
  int upload_rate_limit = 0;
  // A premiere's seeder (`swarmtv seed --premiere`): its upload goes to a few viewers at a time,
  // rotated, so that a new piece leaves it about twice rather than once per viewer; the viewers
  // pass it on to each other (docs/premiere.md).
  bool premiere = false;
  int download_rate_limit = 0;

  // Resume data is saved when a torrent is closed and every `resume_save_interval`, and loaded
  // when the same torrent is added again, so verified pieces are not downloaded twice.
  bool save_resume_data = true;
  std::chrono::seconds resume_save_interval{30};

  // Timeout of libtorrent's own peer requests. Streaming wants these short, so a stalled peer's
  // blocks go to another one while the player still has buffer left.
  int request_timeout_seconds = 10;
  int piece_timeout_seconds = 5;

  // A read that waits while the swarm sends no payload for this long fails with "no data from
  // the swarm for S s" (mpv's --network-timeout); 0 = wait for peers to come back, as long as it
  // takes (the reader can still be cancelled).
  std::chrono::milliseconds network_timeout{0};
};

// The settings_pack for `options`, tuned for streaming (see the .cpp for why each value).
// Ends with the overrides in the environment variable SWARMTV_LT_SETTINGS, if set.
lt::settings_pack make_settings(const SessionOptions& options);

// Applies "name=value,name=value" (libtorrent setting names, as in settings_pack's docs) to
// `pack`: an escape hatch for tuning experiments, as qBittorrent's advanced settings are.
// Unknown names and malformed items are skipped. `overrides` may be null.
void apply_settings_overrides(lt::settings_pack& pack, const char* overrides);

}  // namespace swarmtv::stream

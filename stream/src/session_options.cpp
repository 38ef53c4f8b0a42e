#include "swarmtv/stream/session_options.h"

#include <cstdlib>
#include <string>
#include <string_view>

#include <libtorrent/alert.hpp>
#include <libtorrent/version.hpp>

#include "swarmtv/base/trace.h"
#include "swarmtv/base/xdg_dirs.h"

namespace swarmtv::stream {

std::filesystem::path default_download_dir() {
  if (auto cache = xdg_dir(XdgDir::cache)) return *cache / "swarmtv";
  return std::filesystem::current_path() / "swarmtv-cache";
}

namespace {

// The alerts the session reads, and the client it says it is.
void set_alerts(lt::settings_pack& s) {
  s.set_str(lt::settings_pack::user_agent, "swarmtv/0.1 libtorrent/" LIBTORRENT_VERSION);
  // piece_progress: piece_finished_alert (a piece passed its hash check); block_progress: a
  // block reached the file (an MP4 head tells where its index is a piece early); storage: file
  // errors and resume data; peer and connect: bans of peers that sent corrupt data (the
  // smart-ban plugin's only show as a disconnection).
  s.set_int(lt::settings_pack::alert_mask,
            lt::alert_category::error | lt::alert_category::status | lt::alert_category::storage |
                lt::alert_category::piece_progress | lt::alert_category::block_progress |
                lt::alert_category::peer | lt::alert_category::connect);
  if (trace_enabled() && std::getenv("SWARMTV_TRACE_PEERS") != nullptr)
    s.set_int(lt::settings_pack::alert_mask,
              s.get_int(lt::settings_pack::alert_mask) | lt::alert_category::peer_log);
  s.set_int(lt::settings_pack::alert_queue_size, 10000);
}

// Requests and uploads tuned for a playhead that waits: latency over throughput.
void set_streaming_latency(lt::settings_pack& s, const SessionOptions& options) {
  // Latency over throughput: a short request queue means a deadline piece does not wait behind
  // 3 s of queued requests (the default); short timeouts move a stalled peer's blocks elsewhere
  // while the player still has buffer; strict end-game mode would stop us asking a second peer
  // for the last blocks of a late piece. Not 0, even on loopback: a peer's queue is this times
  // its measured rate, at least 2 requests; after a slow spell (a fed player) 2 requests kept
  // a 1 MB/s seeder at half its rate for the seek that followed (a round trip through its
  // rate limiter is about 60 ms).
  s.set_int(lt::settings_pack::request_queue_time, 1);
  s.set_int(lt::settings_pack::request_timeout, options.request_timeout_seconds);
  s.set_int(lt::settings_pack::piece_timeout, options.piece_timeout_seconds);
  s.set_bool(lt::settings_pack::strict_end_game_mode, false);
  // A web seed request of about one piece of a streaming torrent (256 KiB - 1 MiB): larger ones
  // delay the piece at the playhead behind bytes far ahead of it.
  s.set_int(lt::settings_pack::urlseed_max_request_bytes, 1024 * 1024);
  // "Allowed fast" pieces are random ones a choked peer may request; their requests then sit
  // in the seeder's queue ahead of the playhead's piece. Don't offer them (what others offer
  // cannot be helped).
  s.set_int(lt::settings_pack::allowed_fast_set_size, 0);
  // A torrent with nothing wanted yet (just added, or a magnet link whose metadata just arrived,
  // before the player picks a file) counts as finished, and libtorrent would drop its seeds and
  // not reconnect for min_reconnect_time (60 s). Keep them.
  s.set_bool(lt::settings_pack::close_redundant_connections, false);
  // libtorrent waits (failures + 1) x min_reconnect_time before trying a peer again (60 s by
  // default: minutes for a seeder that restarted), and gives up after max_failcount (3). One
  // second, so that ReconnectPolicy's retries of a starving torrent's peers (each allows one
  // more attempt) happen when it says, not minutes later.
  s.set_int(lt::settings_pack::min_reconnect_time, 1);
  // Shallow pipelines: after a seek the target's blocks wait behind what is still queued at
  // each peer. Note: libtorrent 2.0.8 replaces this cap with the limit a peer advertises in its
  // extension handshake (reqq, 2000 for libtorrent peers), so request_queue_time is what really
  // sizes the queues.
  s.set_int(lt::settings_pack::max_out_request_queue, 16);
  // What we send: about 100 ms of upload read ahead into the send buffer (at least 4 blocks,
  // at most 1 MiB), not libtorrent's 500 KiB: a viewer that seeks cancels its old requests,
  // but the blocks already in our send buffer still go out first, and at a rate-limited
  // 400 kB/s, 128 KiB of them delayed its new position by a third of a second. The floor
  // matters at start, before our upload rate is known: with one block, a 1 MB/s seeder read
  // and sent one block at a time and took 0.55 s for a viewer's first 256 KiB (0.25 s with 4).
  s.set_int(lt::settings_pack::send_buffer_watermark_factor, 10);
  s.set_int(lt::settings_pack::send_buffer_low_watermark, 64 * 1024);
  s.set_int(lt::settings_pack::send_buffer_watermark, 1024 * 1024);
  // Below this many pieces libtorrent picks at random, ignoring piece priorities: the head would
  // wait behind random pieces. Always pick by priority (then rarest first).
  s.set_int(lt::settings_pack::initial_picker_threshold, 0);
  // Announce pieces as soon as they pass, so peers streaming the same file get them sooner.
  s.set_int(lt::settings_pack::predictive_piece_announce, 0);
}

// Rate limits, and the tick that paces them.
void set_rate_limits(lt::settings_pack& s, const SessionOptions& options) {
  // libtorrent hands out rate-limit quota once per tick, and a peer gets at most one grant per
  // tick: at the default 500 ms (or 100 ms), a rate-limited seeder sends one 16 KiB block per
  // peer per tick while its rate estimate ramps up, far below its limit for the first second;
  // that second is a viewer's time to first frame. A 20 ms tick paces uploads finely.
  s.set_int(lt::settings_pack::tick_interval,
            options.upload_rate_limit > 0 || options.download_rate_limit > 0 ? 20 : 100);
  s.set_int(lt::settings_pack::upload_rate_limit, options.upload_rate_limit);
  s.set_int(lt::settings_pack::download_rate_limit, options.download_rate_limit);
  if (options.premiere) {
    // Measured with 8 viewers joining within 10 s and a seeder at 2x the bitrate: libtorrent's
    // 8 slots split the seeder across every viewer, each asking for the same new pieces (157 s
    // of stalls each in 60 s, 36 % of the bytes from peers); 2 slots rotated every 5 s: 12 s,
    // 79 %. libtorrent's own super-seeding reveals pieces far from the playheads: 25 s to the
    // first frame.
    s.set_int(lt::settings_pack::unchoke_slots_limit, 2);
    s.set_int(lt::settings_pack::unchoke_interval, 5);
  }
}

// Where the session listens and which discovery it uses (none on loopback).
void set_network(lt::settings_pack& s, const SessionOptions& options) {
  if (options.loopback) {
    s.set_str(lt::settings_pack::listen_interfaces,
              options.loopback_address + ":" + std::to_string(options.listen_port));
    s.set_str(lt::settings_pack::outgoing_interfaces, options.loopback_address);
    s.set_bool(lt::settings_pack::listen_system_port_fallback, false);
    s.set_bool(lt::settings_pack::enable_dht, false);
    s.set_bool(lt::settings_pack::enable_lsd, false);
    s.set_bool(lt::settings_pack::enable_upnp, false);
    s.set_bool(lt::settings_pack::enable_natpmp, false);
    // Every loopback peer is 127.0.0.1: without this the second seeder would be refused.
    s.set_bool(lt::settings_pack::allow_multiple_connections_per_ip, true);
    // uTP's delay-based congestion control misbehaves on loopback's zero delay; TCP only.
    s.set_bool(lt::settings_pack::enable_outgoing_utp, false);
    s.set_bool(lt::settings_pack::enable_incoming_utp, false);
    // A small swarm: never drop a peer to try others.
    s.set_int(lt::settings_pack::peer_turnover, 0);
    s.set_bool(lt::settings_pack::announce_to_all_trackers, false);
  } else {
    const int port = options.listen_port != 0 ? options.listen_port : 6881;
    s.set_str(lt::settings_pack::listen_interfaces,
              "0.0.0.0:" + std::to_string(port) + ",[::]:" + std::to_string(port));
    // The default port may move to a free one; a port the user chose may not.
    s.set_bool(lt::settings_pack::listen_system_port_fallback, options.listen_port == 0);
    s.set_bool(lt::settings_pack::enable_dht, true);
    s.set_bool(lt::settings_pack::enable_lsd, true);
    s.set_bool(lt::settings_pack::enable_upnp, true);
    s.set_bool(lt::settings_pack::enable_natpmp, true);
  }
}

}  // namespace

lt::settings_pack make_settings(const SessionOptions& options) {
  lt::settings_pack s;
  set_alerts(s);
  set_streaming_latency(s, options);
  set_rate_limits(s, options);
  set_network(s, options);
  apply_settings_overrides(s, std::getenv("SWARMTV_LT_SETTINGS"));
  return s;
}

void apply_settings_overrides(lt::settings_pack& pack, const char* overrides) {
  if (overrides == nullptr) return;
  std::string_view rest(overrides);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string key(item.substr(0, eq));
    const int name = lt::setting_by_name(key);
    const std::string value(item.substr(eq + 1));
    if (name < 0) continue;
    switch (name & lt::settings_pack::type_mask) {
      case lt::settings_pack::string_type_base:
        pack.set_str(name, value);
        break;
      case lt::settings_pack::int_type_base:
        pack.set_int(name, std::atoi(value.c_str()));
        break;
      case lt::settings_pack::bool_type_base:
        pack.set_bool(name, value == "1" || value == "true");
        break;
      default:
        break;
    }
  }
}

}  // namespace swarmtv::stream

// When a starving torrent tries its known peers again, and when it asks its trackers for more.
// Pure arithmetic over a clock the caller passes in, so it is tested alone; Torrent::tick()
// feeds it once a second and carries out what it says.
//
// Why it exists: libtorrent gives up on a peer after `max_failcount` (3) failed connections and
// only a tracker may lower that count again, so a seeder that was away for longer than a few
// seconds (killed, restarted on the same port; or not up yet when the player started) is never
// tried again, and trackers are announced to every few minutes at best. While the torrent lacks
// wanted pieces and has no useful peer, each known peer is retried after a delay that starts
// at `first_delay` and doubles to `max_delay`; the trackers are asked again on their own doubling
// delay. A peer seen connected, or a fed torrent, starts its delays over.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <vector>

#include <libtorrent/socket.hpp>

namespace swarmtv::stream {

class ReconnectPolicy {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    Clock::duration first_delay = std::chrono::seconds(1);
    Clock::duration max_delay = std::chrono::seconds(15);
    // Trackers: a re-announce is a request to someone else's server; ask less often.
    Clock::duration first_announce_delay = std::chrono::seconds(2);
    Clock::duration max_announce_delay = std::chrono::seconds(60);
    // Peers remembered (the first ones: --peer and a magnet's x.pe come first).
    std::size_t max_peers = 64;
  };

  // What to do now.
  struct Actions {
    std::vector<lt::tcp::endpoint> connect;  // try these peers again
    bool reannounce = false;                 // ask the trackers for peers
  };

  ReconnectPolicy() : ReconnectPolicy(Options{}) {}
  explicit ReconnectPolicy(Options options);

  // A peer worth coming back to: given by the user (--peer, x.pe), or one we connected to
  // (found by a tracker or the swarm). Due at once. Known peers and peers past max_peers are
  // left as they are.
  void add_peer(const lt::tcp::endpoint& peer, Clock::time_point now);

  // Once a second or so. `starving`: the torrent lacks wanted pieces and no connected peer has
  // any of them (or it has no metadata and no peer at all). `connected`: the remote endpoints of
  // the connections we made. Not starving resets every delay, and so does being connected for
  // that peer; starving returns the peers (not connected) and the announce that are due, and
  // doubles their delays.
  Actions tick(Clock::time_point now, bool starving,
               const std::vector<lt::tcp::endpoint>& connected);

  std::size_t num_peers() const { return peers_.size(); }
  // When `peer` is tried next (Clock::time_point::max() when unknown), for tests and traces.
  Clock::time_point next_attempt(const lt::tcp::endpoint& peer) const;

 private:
  struct Backoff {
    Clock::time_point next{};
    Clock::duration delay{};
  };
  // True when `b` is due at `now`; then moves it on by its delay and doubles that (to `max`).
  static bool take_if_due(Backoff& b, Clock::time_point now, Clock::duration max);

  Options options_;
  std::map<lt::tcp::endpoint, Backoff> peers_;
  Backoff announce_;
  bool was_starving_ = false;
};

}  // namespace swarmtv::stream

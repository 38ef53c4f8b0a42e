#include "swarmtv/stream/reconnect_policy.h"

#include <algorithm>

namespace swarmtv::stream {

ReconnectPolicy::ReconnectPolicy(Options options) : options_(options) {
  announce_.delay = options_.first_announce_delay;
}

void ReconnectPolicy::add_peer(const lt::tcp::endpoint& peer, Clock::time_point now) {
  if (peers_.size() >= options_.max_peers || peers_.count(peer) != 0) return;
  peers_.emplace(peer, Backoff{now, options_.first_delay});
}

bool ReconnectPolicy::take_if_due(Backoff& b, Clock::time_point now, Clock::duration max) {
  if (now < b.next) return false;
  b.next = now + b.delay;
  b.delay = std::min(b.delay * 2, max);
  return true;
}

ReconnectPolicy::Actions ReconnectPolicy::tick(Clock::time_point now, bool starving,
                                               const std::vector<lt::tcp::endpoint>& connected) {
  Actions out;
  const auto is_connected = [&](const lt::tcp::endpoint& p) {
    return std::find(connected.begin(), connected.end(), p) != connected.end();
  };
  for (auto& [peer, backoff] : peers_) {
    // Fed, or talking to this peer: should the peer go away, try it again at once.
    if (!starving || is_connected(peer)) {
      backoff = {now, options_.first_delay};
      continue;
    }
    if (take_if_due(backoff, now, options_.max_delay)) out.connect.push_back(peer);
  }
  if (!starving) {
    announce_ = {now, options_.first_announce_delay};
  } else {
    // The first tick of a starving spell only arms the announce: libtorrent announces by
    // itself when a torrent starts, and a brief gap between two pieces needs no tracker.
    if (!was_starving_)
      announce_ = {now + options_.first_announce_delay, options_.first_announce_delay * 2};
    else
      out.reannounce = take_if_due(announce_, now, options_.max_announce_delay);
  }
  was_starving_ = starving;
  return out;
}

ReconnectPolicy::Clock::time_point ReconnectPolicy::next_attempt(
    const lt::tcp::endpoint& peer) const {
  const auto it = peers_.find(peer);
  return it == peers_.end() ? Clock::time_point::max() : it->second.next;
}

}  // namespace swarmtv::stream

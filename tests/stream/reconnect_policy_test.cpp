// ReconnectPolicy's arithmetic on a clock the test moves: no network.
#include <catch2/catch.hpp>

#include <libtorrent/address.hpp>

#include "swarmtv/stream/reconnect_policy.h"

using namespace swarmtv::stream;
using namespace std::chrono_literals;
using Clock = ReconnectPolicy::Clock;

namespace {

const lt::tcp::endpoint kSeeder(lt::make_address("127.0.0.1"), 7000);
const lt::tcp::endpoint kOther(lt::make_address("127.0.0.2"), 7001);

// Ticks once a second from `from` for `seconds` while starving with nothing connected; the
// seconds (since `from`) at which `peer` was tried, and those at which trackers were asked.
struct Attempts {
  std::vector<int> peer;
  std::vector<int> announce;
};
Attempts starve(ReconnectPolicy& policy, Clock::time_point from, int seconds,
                const lt::tcp::endpoint& peer = kSeeder) {
  Attempts out;
  for (int s = 0; s < seconds; ++s) {
    const auto actions = policy.tick(from + std::chrono::seconds(s), true, {});
    for (const auto& p : actions.connect)
      if (p == peer) out.peer.push_back(s);
    if (actions.reannounce) out.announce.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("reconnect policy: a starving torrent retries a peer 1 s apart, doubling to 15 s") {
  ReconnectPolicy policy;
  const Clock::time_point t0{};
  policy.add_peer(kSeeder, t0);
  CHECK(policy.next_attempt(kSeeder) == t0);
  const Attempts a = starve(policy, t0, 70);
  // Delays 1, 2, 4, 8, then 15 (the cap) for good.
  CHECK(a.peer == std::vector<int>{0, 1, 3, 7, 15, 30, 45, 60});
  // Trackers: not on the first starving tick; then 2 s later, doubling to 60.
  CHECK(a.announce == std::vector<int>{2, 6, 14, 30, 62});
}

TEST_CASE("reconnect policy: a fed torrent tries nothing and starts every delay over") {
  ReconnectPolicy policy;
  const Clock::time_point t0{};
  policy.add_peer(kSeeder, t0);
  starve(policy, t0, 40);  // delays grown to the cap
  // Fed for a while (another peer gives us pieces): nothing is tried.
  for (int s = 40; s < 50; ++s) {
    const auto actions = policy.tick(t0 + std::chrono::seconds(s), false, {});
    CHECK(actions.connect.empty());
    CHECK_FALSE(actions.reannounce);
  }
  // Starving again: at once, then 1, 2, 4 s apart, as the first time.
  const Attempts a = starve(policy, t0 + 50s, 10);
  CHECK(a.peer == std::vector<int>{0, 1, 3, 7});
  CHECK(a.announce == std::vector<int>{2, 6});
}

TEST_CASE("reconnect policy: a connected peer is not dialled, and its delay starts over") {
  ReconnectPolicy policy;
  const Clock::time_point t0{};
  policy.add_peer(kSeeder, t0);
  policy.add_peer(kOther, t0);
  starve(policy, t0, 20);
  // kOther answers (connected, but has nothing we want: still starving).
  for (int s = 20; s < 30; ++s) {
    const auto actions = policy.tick(t0 + std::chrono::seconds(s), true, {kOther});
    for (const auto& p : actions.connect) CHECK(p != kOther);
  }
  // It leaves: tried again at once and 1 s later; kSeeder stays on its 15 s rhythm.
  const Attempts other = starve(policy, t0 + 30s, 4, kOther);
  CHECK(other.peer == std::vector<int>{0, 1, 3});
  CHECK(policy.next_attempt(kSeeder) - (t0 + 30s) <= 15s);
}

TEST_CASE("reconnect policy: peers are remembered once, up to max_peers") {
  ReconnectPolicy::Options options;
  options.max_peers = 2;
  ReconnectPolicy policy(options);
  const Clock::time_point t0{};
  policy.add_peer(kSeeder, t0);
  policy.add_peer(kSeeder, t0 + 5s);  // known: left as it is
  CHECK(policy.next_attempt(kSeeder) == t0);
  policy.add_peer(kOther, t0);
  policy.add_peer(lt::tcp::endpoint(lt::make_address("127.0.0.3"), 7002), t0);
  CHECK(policy.num_peers() == 2);
  CHECK(policy.next_attempt(lt::tcp::endpoint(lt::make_address("127.0.0.3"), 7002)) ==
        Clock::time_point::max());
}

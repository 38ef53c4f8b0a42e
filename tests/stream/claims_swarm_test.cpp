// Claims between swarmtv viewers over a real loopback swarm (stream/src/claim_exchange.*): a
// viewer that asks a seed for a piece tells the other viewers it is connected to, and never the
// seed.
#include <catch2/catch.hpp>

#include <chrono>

#include "swarm.h"
#include "swarm_fixture.h"
#include "swarmtv/stream/torrent_byte_source.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::stream;
using namespace swarmtv::stream::test;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<Torrent> join(Session& session, const Content& content,
                              std::vector<lt::tcp::endpoint> peers) {
  AddOptions add;
  add.peers = std::move(peers);
  auto torrent = session.add(params_of(content.created), add);
  REQUIRE(torrent);
  return std::move(torrent).value();
}

SessionOptions at(const std::filesystem::path& dir, const std::string& address) {
  SessionOptions options = loopback(dir);
  options.loopback_address = address;
  return options;
}

}  // namespace

TEST_CASE("a viewer announces the pieces it asks a seed for to other viewers, not to the seed",
          "[stream][claims]") {
  Content content("stream-claims", "h264_aac_front.mp4");
  TestSeeder seeder(content.created, content.dir / "seed", 100'000);
  Session first_session(at(content.dir / "first", "127.0.0.2"));
  auto first = join(first_session, content, {seeder.endpoint()});
  Session second_session(at(content.dir / "second", "127.0.0.3"));
  auto second = join(second_session, content, {first_session.loopback_endpoint()});
  // Both want the episode (a torrent that wants nothing is finished, and libtorrent closes a
  // connection between two finished peers); only the first knows the seed.
  auto second_source = second->open(lt::file_index_t{0});
  REQUIRE(second_source);
  auto first_source = first->open(lt::file_index_t{0});
  REQUIRE(first_source);
  CHECK(read_exact(**first_source, 0, content.size()) == content.bytes);
  CHECK(swarmtv::test::wait_until([&] { return second->claims_received() > 0; }, 10s, 50ms));
  CHECK(seeder.torrent->claims_received() == 0);  // never announced to a seed
}

TEST_CASE(
    "a viewer keeps its short peer timeouts with seeds only and takes libtorrent's in a crowd",
    "[stream][claims][crowd]") {
  Content content("stream-crowd-timeouts", "h264_aac_front.mp4");
  TestSeeder seeder(content.created, content.dir / "seed", 100'000);
  Session first_session(at(content.dir / "first", "127.0.0.2"));
  auto first = join(first_session, content, {seeder.endpoint()});
  auto first_source = first->open(lt::file_index_t{0});
  REQUIRE(first_source);
  CHECK(read_exact(**first_source, 0, 1).size() == 1);
  CHECK(first_session.piece_timeout() == 5s);  // a stalled seed's blocks move on quickly
  Session second_session(at(content.dir / "second", "127.0.0.3"));
  auto second = join(second_session, content, {first_session.loopback_endpoint()});
  auto second_source = second->open(lt::file_index_t{0});
  REQUIRE(second_source);
  // Another viewer: peers that serve in bursts are not snubbed for it.
  CHECK(swarmtv::test::wait_until([&] { return first_session.piece_timeout() == 20s; }, 10s, 50ms));
  CHECK(first->crowd());
}

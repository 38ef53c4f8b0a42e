// The start-up phase of a torrent without peers counts the seconds since the torrent last had
// one, file after file: a play that reaches its episode after the season screen does not start
// "No peers yet" again at 0 s.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "startup_status.h"
#include "swarm.h"
#include "swarm_fixture.h"

using namespace swarmtv;
using namespace swarmtv::stream::test;
using namespace std::chrono_literals;

TEST_CASE("startup status: no peers yet counts from the torrent, not from the file",
          "[app][startup]") {
  Content content("startup-no-peers", "short_av.mp4");
  stream::Session session(loopback(content.dir / "dl"));
  auto torrent = session.add(params_of(content.created), {});
  REQUIRE(torrent);
  CHECK((*torrent)->status().seconds_without_peers < 1.0);
  std::this_thread::sleep_for(2200ms);
  CHECK((*torrent)->status().seconds_without_peers >= 2.0);

  // The file opened now (as after the season screen) says the torrent's count.
  auto source = (*torrent)->open(lt::file_index_t{0});
  REQUIRE(source);
  const player::StartupPhase phase = app::StartupStatus::buffering_of(**source)();
  CHECK(phase.text == "No peers yet \u00b7 2 s");
}

// Player::countdown between two inputs: it runs out by itself headless, Esc/q (`quit`) cancels
// it and Enter/k (`skip`) takes the next input at once; a quit of the program ends it too.
#include <catch2/catch.hpp>

#include <stop_token>

#include "null_outputs.h"
#include "swarmtv/player/player.h"

using namespace swarmtv;

namespace {

player::PlayerOptions headless() {
  return test::null_outputs();
}

}  // namespace

TEST_CASE("countdown: runs out headless, quit cancels, skip goes on at once", "[player][next]") {
  {
    player::Player p(headless());
    CHECK(p.countdown("Next: Two", 0.2) == player::CountdownEnd::elapsed);
  }
  {
    player::Player p(headless());
    p.post({player::Command::Type::quit});
    CHECK(p.countdown("Next: Two", 30) == player::CountdownEnd::cancelled);
  }
  {
    player::Player p(headless());
    p.post({player::Command::Type::skip});
    CHECK(p.countdown("Next: Two", 30) == player::CountdownEnd::now);
  }
  {
    std::stop_source quit;
    player::PlayerOptions o = headless();
    o.interrupted = quit.get_token();
    player::Player p(o);
    quit.request_stop();
    CHECK(p.countdown("Next: Two", 30) == player::CountdownEnd::quit);
  }
}

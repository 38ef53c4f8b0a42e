#include <catch2/catch.hpp>

#include "play_command_line.h"

using namespace swarmtv;
using namespace swarmtv::app;

TEST_CASE("play command line: yes/no options and the cache wait, mpv's spellings", "[cli]") {
  auto defaults = parse_play_command_line({"x.torrent"});
  REQUIRE(defaults);
  CHECK(defaults->player.framedrop);
  CHECK_FALSE(defaults->cache_pause_initial.has_value());  // the input decides later
  CHECK(defaults->player.cache_pause_wait == Approx(1.0));
  CHECK(defaults->watch.resume);
  CHECK(defaults->watch.next_episode);

  auto set = parse_play_command_line({"x.torrent", "--framedrop=no", "--cache-pause-initial=yes",
                                      "--cache-pause-wait=4.5", "--resume-playback=no",
                                      "--next-episode=no", "--sub-visibility=no"});
  REQUIRE(set);
  CHECK_FALSE(set->player.framedrop);
  CHECK(set->cache_pause_initial == std::optional<bool>(true));
  CHECK(set->player.cache_pause_wait == Approx(4.5));
  CHECK_FALSE(set->watch.resume);
  CHECK_FALSE(set->watch.next_episode);
  CHECK_FALSE(set->player.subtitles_visible);

  for (const auto& [arg, option] :
       {std::pair{"--cache-pause-wait=7", "--cache-pause-wait"},
        std::pair{"--cache-pause-wait=0", "--cache-pause-wait"},
        std::pair{"--cache-pause-wait=soon", "--cache-pause-wait"},
        std::pair{"--next-episode=maybe", "--next-episode"},
        std::pair{"--cache-pause-initial=1", "--cache-pause-initial"}}) {
    INFO(arg);
    auto bad = parse_play_command_line({"x.torrent", arg});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find(option) != std::string::npos);
  }
}

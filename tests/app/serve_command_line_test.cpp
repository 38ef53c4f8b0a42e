#include <catch2/catch.hpp>

#include "serve_command_line.h"

using namespace swarmtv;
using namespace swarmtv::app;

TEST_CASE("serve command line", "[http][cli]") {
  auto parsed = parse_serve_command_line(
      {"x.torrent", "--host", "0.0.0.0", "--port=9000", "--loopback", "--peer", "127.0.0.1:6881",
       "--peer=[::1]:7000", "--download-dir", "dl", "--trust", "t", "--licence-dir=l"});
  REQUIRE(parsed);
  const ServeCommandLine& cmd = *parsed;
  CHECK(cmd.input == "x.torrent");
  CHECK(cmd.host == "0.0.0.0");
  CHECK(cmd.port == 9000);
  CHECK(cmd.loopback);
  REQUIRE(cmd.peers.size() == 2);
  CHECK(cmd.peers[0].port() == 6881);
  CHECK(cmd.download_dir == "dl");
  CHECK(cmd.trust_file == "t");
  CHECK(cmd.licence_dir == "l");

  auto defaults = parse_serve_command_line({"magnet:?xt=urn:btih:00"});
  REQUIRE(defaults);
  CHECK(defaults->host == "127.0.0.1");

  for (const auto& bad :
       std::vector<std::vector<std::string>>{{},
                                             {"a.torrent", "b.torrent"},
                                             {"a.torrent", "--port", "70000"},
                                             {"a.torrent", "--port"},
                                             {"a.torrent", "--host", "localhost.example"},
                                             {"a.torrent", "--peer", "nohost"},
                                             {"a.torrent", "--bogus", "1"}}) {
    auto c = parse_serve_command_line(bad);
    CHECK_FALSE(c);
    if (!c) CHECK_FALSE(c.error().message.empty());
  }
}

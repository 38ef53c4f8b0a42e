// `swarmtv serve` as a user runs it: a .torrent of a loopback swarm, --port 0, SIGTERM to stop.
// Skipped (with a warning) while the swarmtv executable has no `serve` command wired in.
#include <catch2/catch.hpp>

#include "server_fixture.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::http::test;
using swarmtv::test::run;
using swarmtv::test::shell_quote;

namespace {

// `swarmtv serve --help` answers: the command is there (the tests below fail, not skip, if not).
void require_serve_command() {
  REQUIRE(std::filesystem::exists(swarmtv::test::swarmtv_binary()));
  REQUIRE(run(shell_quote(swarmtv::test::swarmtv_binary()) + " serve --help", 30).exit_code == 0);
}

}  // namespace

TEST_CASE("swarmtv serve: a .torrent over HTTP until SIGTERM", "[http][cli][swarm]") {
  require_serve_command();
  stream::test::Content content("http-cli", "short_av.mp4");
  stream::test::TestSeeder seeder(content.created, content.dir / "seed", 0);
  const auto torrent_file = content.dir / "x.torrent";
  REQUIRE(stream::write_torrent_file(torrent_file, content.created.data));
  const auto out = content.dir / "out";
  const auto body = content.dir / "body";
  const std::string script =
      shell_quote(swarmtv::test::swarmtv_binary()) + " serve " +
      shell_quote(torrent_file.string()) +
      " --loopback --port 0 --peer 127.0.0.1:" + std::to_string(seeder.endpoint().port()) +
      " --download-dir " + shell_quote((content.dir / "dl").string()) + " >" +
      shell_quote(out.string()) +
      " 2>&1 & pid=$!\n"
      "for i in $(seq 300); do grep -q 'http://' " +
      shell_quote(out.string()) +
      " && break; sleep 0.1; done\n"
      "url=$(grep -o 'http://[^ ]*/$' " +
      shell_quote(out.string()) +
      " | head -n 1)\n"
      "curl -sS --noproxy '*' -r 0-99 -o " +
      shell_quote(body.string()) +
      " \"${url}files/0/short_av.mp4\"\n"
      "kill -TERM $pid; wait $pid; echo \"exit=$?\"\n";
  const auto r = run(script, 120);
  INFO(r.output << swarmtv::test::run("cat " + shell_quote(out.string())).output);
  CHECK(r.output.find("exit=0") != std::string::npos);
  CHECK(stream::test::file_bytes(body) ==
        std::vector<std::byte>(content.bytes.begin(), content.bytes.begin() + 100));
}

TEST_CASE("swarmtv serve: bad arguments and inputs are one-line errors", "[http][cli]") {
  require_serve_command();
  const std::string swarmtv = shell_quote(swarmtv::test::swarmtv_binary());
  auto r = run(swarmtv + " serve", 30);
  CHECK(r.exit_code == 2);
  r = run(swarmtv + " serve x.torrent --port 99999", 30);
  CHECK(r.exit_code == 2);
  const swarmtv::test::TempDir dir("http-cli-bad");
  r = run(swarmtv + " serve " + shell_quote((dir / "missing.torrent").string()) +
              " --loopback --download-dir " + shell_quote((dir / "dl").string()),
          30);
  CHECK(r.exit_code == 1);
  CHECK(r.output.rfind("swarmtv: ", 0) == 0);
}

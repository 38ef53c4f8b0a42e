// The server on a loopback swarm, through real HTTP clients: curl for the protocol's edge cases,
// the ffmpeg CLI for playback while the torrent downloads.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "server_fixture.h"
#include "swarmtv/http/conditional_request.h"
#include "swarmtv/stream/torrent_byte_source.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::http::test;
using stream::test::Content;
using swarmtv::test::run;
using swarmtv::test::shell_quote;

namespace {

nlohmann::json status_of(const ServedTorrent& served) {
  const auto r = curl(served.url("/status.json"));
  REQUIRE(r.status == 200);
  return nlohmann::json::parse(r.body);
}

// The number of responses reading file 0 now, from /status.json.
std::size_t readers_of_first_file(const ServedTorrent& served) {
  return status_of(served)["files"][0]["readers"].size();
}

}  // namespace

TEST_CASE("status.json progress is the verified fraction, not libtorrent's wanted fraction",
          "[http][server][swarm]") {
  Content content("http-progress", "h264_aac_front.mp4");
  ServedTorrent served(content, 2'000'000);
  // Before any request nothing is wanted: libtorrent's own progress would say 1.0 here.
  auto status = status_of(served);
  CHECK(status["progress"].get<double>() < 0.5);
  CHECK(status["progress"].get<double>() == Approx(status["files"][0]["progress"].get<double>()));
  const auto r = curl(served.url("/files/0/h264_aac_front.mp4"));
  REQUIRE(r.status == 200);
  status = status_of(served);
  CHECK(status["progress"].get<double>() == 1.0);
  CHECK(status["files"][0]["progress"].get<double>() == 1.0);
}

TEST_CASE("byte ranges, HEAD and bad requests over curl", "[http][server][swarm]") {
  Content content("http-ranges", "h264_aac_front.mp4");
  ServedTorrent served(content, 2'000'000);
  const std::int64_t size = content.size();
  const std::string file = served.url("/files/0/h264_aac_front.mp4");
  const std::string total = "/" + std::to_string(size);

  auto r = curl(file, "-I");
  CHECK(r.status == 200);
  CHECK(r.headers["content-length"] == std::to_string(size));
  CHECK(r.headers["accept-ranges"] == "bytes");
  CHECK(r.headers["content-type"] == "video/mp4");

  r = curl(file, "-H 'Range: bytes=0-0'");
  CHECK(r.status == 206);
  CHECK(r.headers["content-range"] == "bytes 0-0" + total);
  CHECK(r.body == bytes_as_string(content.bytes, 0, 1));

  r = curl(file, "-H 'Range: bytes=-100'");
  CHECK(r.status == 206);
  CHECK(r.headers["content-range"] ==
        "bytes " + std::to_string(size - 100) + "-" + std::to_string(size - 1) + total);
  CHECK(r.body == bytes_as_string(content.bytes, size - 100, size));

  r = curl(file, "-H 'Range: bytes=500000-'");
  CHECK(r.status == 206);
  CHECK(r.body == bytes_as_string(content.bytes, 500000, size));

  r = curl(file, "-H 'Range: bytes=1000-99999999999'");
  CHECK(r.status == 206);
  CHECK(r.body == bytes_as_string(content.bytes, 1000, size));

  r = curl(file, "-I -H 'Range: bytes=100-199'");
  CHECK(r.status == 206);
  CHECK(r.headers["content-length"] == "100");

  r = curl(file, "-H 'Range: bytes=" + std::to_string(size) + "-'");
  CHECK(r.status == 416);
  CHECK(r.headers["content-range"] == "bytes */" + std::to_string(size));

  for (const char* bad : {"bytes=abc", "bytes=5-2", "bytes=1-2,x"}) {
    r = curl(file, "-H " + shell_quote(std::string("Range: ") + bad));
    CHECK(r.status == 400);
  }
  // A range unit the server does not know is ignored (RFC 9110 §14.2): the whole file.
  r = curl(file, "-H 'Range: items=0-10'");
  CHECK(r.status == 200);
  CHECK(r.headers.count("content-range") == 0);
  CHECK(r.body == bytes_as_string(content.bytes, 0, size));

  r = curl(file);
  CHECK(r.status == 200);
  CHECK(r.body == bytes_as_string(content.bytes, 0, size));

  // Several requests on one keep-alive connection.
  const auto keep_alive =
      run("curl -sS --noproxy '*' -o /dev/null -o /dev/null -w '%{http_code} "
          "%{num_connects}\\n' -r 0-9 " +
          shell_quote(file) + " " + shell_quote(file));
  CHECK(keep_alive.output == "206 1\n206 0\n");

  // HEAD sends no body: a GET on the same connection afterwards parses.
  const auto head_then_get =
      run("curl -sS --noproxy '*' -I -o /dev/null " + shell_quote(file) +
          " --next -sS --noproxy '*' -r 0-9 -o /dev/null -w '%{http_code} %{num_connects}\\n' " +
          shell_quote(file));
  CHECK(head_then_get.output == "206 0\n");

  // Unknown paths, traversal, other methods.
  CHECK(curl(served.url("/nope")).status == 404);
  CHECK(curl(served.url("/files/7/x.mp4")).status == 404);
  CHECK(curl(served.url("/files/0/../../../etc/passwd"), "--path-as-is").status == 404);
  CHECK(curl(served.url("/files/../../etc/passwd"), "--path-as-is").status == 404);
  CHECK(curl(served.url("/..%2f..%2fetc%2fpasswd")).status == 404);
  CHECK(curl(served.url("/files/%2e%2e/%2e%2e/etc/passwd"), "--path-as-is").status == 404);
  CHECK(curl(served.url("/files/-1")).status == 404);
  const auto post = curl(served.url("/files/0"), "-X POST");
  CHECK(post.status == 405);
  CHECK(post.headers.at("allow") == "GET, HEAD");
  const auto absolute =
      run("printf 'GET http://x/../etc HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' | "
          "curl -sS --noproxy '*' --max-time 5 telnet://127.0.0.1:" +
          std::to_string(served.server->port()));
  CHECK(absolute.output.rfind("HTTP/1.1 400", 0) == 0);
  const auto garbage =
      run("printf 'hello\\r\\n\\r\\n' | curl -sS --noproxy '*' --max-time 5 "
          "telnet://127.0.0.1:" +
          std::to_string(served.server->port()));
  CHECK(garbage.output.rfind("HTTP/1.1 400", 0) == 0);

  // The index, the playlist and the status.
  r = curl(served.url("/"));
  CHECK(r.status == 200);
  CHECK(r.headers["content-type"].rfind("text/html", 0) == 0);
  CHECK(r.body.find("<video id=\"video0\"") != std::string::npos);
  CHECK(r.body.find("/files/0/h264_aac_front.mp4") != std::string::npos);
  r = curl(served.url("/playlist.m3u"));
  CHECK(r.status == 200);
  CHECK(r.body == "#EXTM3U\n#EXTINF:-1,h264_aac_front.mp4\n" + file + "\n");
  const auto status = status_of(served);
  CHECK(status["files"][0]["size"] == size);
  CHECK(status["files"][0]["progress"] == 1.0);  // everything was read above
  CHECK(status["files"][0]["verified"] ==
        nlohmann::json::parse("[[0," + std::to_string(size) + "]]"));
  CHECK(status["peers"].get<int>() >= 1);
}

TEST_CASE("ffmpeg decodes over HTTP before the download is complete, and seeks",
          "[http][server][swarm][ffmpeg]") {
  Content content("http-ffmpeg", "h264_aac_end.mp4");  // the index at the end
  ServedTorrent served(content, 100'000);              // 1 MB at 100 kB/s: ~10 s
  const std::string file = served.url("/files/0/h264_aac_end.mp4");

  auto r = run("ffmpeg -nostdin -hide_banner -loglevel error -i " + shell_quote(file) +
                   " -map 0:v:0 -frames:v 1 -f null -",
               60);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(served.torrent->num_pieces_had() < content.num_pieces());

  for (const char* at : {"10", "18"}) {  // 50 % and 90 % of 20 s
    r = run("ffmpeg -nostdin -hide_banner -loglevel error -ss " + std::string(at) + " -i " +
                shell_quote(file) + " -map 0:v:0 -frames:v 1 -f null -",
            60);
    INFO(at << ": " << r.output);
    CHECK(r.exit_code == 0);
  }
  r = run("ffprobe -v error -show_entries format=duration -of csv=p=0 " + shell_quote(file), 60);
  CHECK(r.exit_code == 0);
  CHECK(std::stod(r.output) == Approx(20.0).margin(0.2));
}

TEST_CASE("concurrent clients each get their own range", "[http][server][swarm]") {
  Content content("http-concurrent", "h264_aac_front.mp4");
  ServedTorrent served(content, 500'000);
  const std::string file = served.url("/files/0/h264_aac_front.mp4");
  const swarmtv::test::TempDir out("http-concurrent-out");
  const std::int64_t size = content.size();
  const std::int64_t quarter = size / 4;
  std::string command;
  for (int i = 0; i < 4; ++i) {
    const std::int64_t begin = (3 - i) * quarter;  // back to front
    const std::int64_t end = i == 0 ? size - 1 : begin + quarter - 1;
    command += "curl -sS --noproxy '*' -r " + std::to_string(begin) + "-" + std::to_string(end) +
               " -o " + shell_quote((out / std::to_string(i)).string()) + " " + shell_quote(file) +
               " & ";
  }
  command += "curl -sS --noproxy '*' -o " + shell_quote((out / "all").string()) + " " +
             shell_quote(file) + " & wait";
  const auto r = run(command, 120);
  REQUIRE(r.exit_code == 0);
  for (int i = 0; i < 4; ++i) {
    const std::int64_t begin = (3 - i) * quarter;
    const std::int64_t end = i == 0 ? size : begin + quarter;
    CHECK(stream::test::file_bytes(out / std::to_string(i)) ==
          std::vector<std::byte>(content.bytes.begin() + begin, content.bytes.begin() + end));
  }
  CHECK(stream::test::file_bytes(out / "all") == content.bytes);
}

TEST_CASE("a client that vanishes mid-response releases its window", "[http][server][swarm]") {
  Content content("http-vanish", "h264_aac_front.mp4");
  http::ServerOptions options;
  options.io_timeout = std::chrono::seconds(2);
  ServedTorrent served(content, 50'000, options);  // ~20 s for the whole file
  const std::string file = served.url("/files/0/h264_aac_front.mp4");

  // curl gives up after 2 s, in the middle of the body, while the response waits for pieces.
  const auto r = run("curl -sS --noproxy '*' --max-time 2 -o /dev/null " + shell_quote(file), 30);
  CHECK(r.exit_code == 28);
  // Its reader leaves the scheduler within a monitor round or two.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (readers_of_first_file(served) != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(readers_of_first_file(served) == 0);

  // The server still answers.
  auto again = curl(file, "-r 0-99");
  CHECK(again.status == 206);
  CHECK(again.body == bytes_as_string(content.bytes, 0, 100));

  // A client that sends half a request and stalls is closed after the I/O timeout.
  const auto start = std::chrono::steady_clock::now();
  const auto slow = run("bash -c " + shell_quote("exec 3<>/dev/tcp/127.0.0.1/" +
                                                 std::to_string(served.server->port()) +
                                                 "; printf 'GET / HTTP/1.1\\r\\n' >&3; cat <&3"),
                        15);
  CHECK(slow.exit_code == 0);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(1500));
  CHECK(curl(served.url("/status.json")).status == 200);
}

TEST_CASE("stopping the server wakes responses waiting for pieces", "[http][server][swarm]") {
  Content content("http-stop", "h264_aac_front.mp4");
  auto served = std::make_unique<ServedTorrent>(content, 20'000);
  const std::string file = served->url("/files/0/h264_aac_front.mp4");
  std::thread client([file] {
    (void)run("curl -sS --noproxy '*' --max-time 30 -o /dev/null " + shell_quote(file), 40);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const auto start = std::chrono::steady_clock::now();
  served->server->stop();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  client.join();
  served.reset();
}

TEST_CASE("clients over the connection limit get 503", "[http][server][swarm]") {
  Content content("http-limit", "short_av.mp4");
  http::ServerOptions options;
  options.max_connections = 1;
  options.io_timeout = std::chrono::seconds(3);
  ServedTorrent served(content, 0, options);
  // The first connection sends nothing and holds the only slot until its timeout.
  const std::string port = std::to_string(served.server->port());
  const auto r = run("bash -c " + shell_quote("exec 3<>/dev/tcp/127.0.0.1/" + port +
                                              "; sleep 0.5; curl -sS --noproxy '*' -o /dev/null "
                                              "-w '%{http_code}' " +
                                              served.url("/status.json") + "; exec 3>&-"),
                     30);
  CHECK(r.output == "503");
  // Once it timed out, the slot is free again.
  std::this_thread::sleep_for(std::chrono::seconds(4));
  CHECK(curl(served.url("/status.json")).status == 200);
}

TEST_CASE("entity tags: If-None-Match gets 304, a stale If-Range the whole file",
          "[http][server][swarm][etag]") {
  Content content("http-etag", "short_av.mp4");
  ServedTorrent served(content, 0);
  const std::int64_t size = content.size();
  const std::string file = served.url("/files/0/short_av.mp4");

  auto r = curl(file, "-I");
  REQUIRE(r.status == 200);
  const std::string etag = r.headers["etag"];
  CHECK(etag == http::file_etag(served.torrent->info_hash(), 0));

  r = curl(file, "-H " + shell_quote("If-None-Match: " + etag));
  CHECK(r.status == 304);
  CHECK(r.body.empty());
  CHECK(r.headers["etag"] == etag);
  CHECK(curl(file, "-H 'If-None-Match: \"other\"' -r 0-9").status == 206);

  // The same file: the range holds.
  r = curl(file, "-r 10-19 -H " + shell_quote("If-Range: " + etag));
  CHECK(r.status == 206);
  CHECK(r.body == bytes_as_string(content.bytes, 10, 20));
  // Another tag, or a date (we send no Last-Modified): the whole file, 200.
  for (const std::string stale : {"\"0000000000000000-0\"", "Sat, 29 Oct 1994 19:43:31 GMT"}) {
    r = curl(file, "-r 10-19 -H " + shell_quote("If-Range: " + stale));
    CHECK(r.status == 200);
    CHECK(r.body.size() == static_cast<std::size_t>(size));
  }
}

TEST_CASE("a request that stops halfway gets 408, an idle connection is closed",
          "[http][server][swarm]") {
  Content content("http-timeout", "short_av.mp4");
  http::ServerOptions options;
  options.io_timeout = std::chrono::seconds(2);
  ServedTorrent served(content, 0, options);
  const std::string port = std::to_string(served.server->port());
  const auto started = std::chrono::steady_clock::now();
  const auto partial =
      run("bash -c " + shell_quote("exec 3<>/dev/tcp/127.0.0.1/" + port +
                                   "; printf 'GET /status.json HTTP/1.1\\r\\nHost: x\\r\\n' >&3; "
                                   "timeout 20 cat <&3"),
          30);
  CHECK(partial.output.rfind("HTTP/1.1 408", 0) == 0);
  const auto idle = run(
      "bash -c " + shell_quote("exec 3<>/dev/tcp/127.0.0.1/" + port + "; timeout 20 cat <&3"), 30);
  CHECK(idle.output.empty());
  // Both were closed by the server after its 2 s timeout, long before `timeout 20`.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
}

#include "server_fixture.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "test_support.h"

namespace swarmtv::http::test {

using swarmtv::test::run;
using swarmtv::test::shell_quote;

ServedTorrent::ServedTorrent(const stream::test::Content& content, int upload_limit,
                             ServerOptions options, const CatalogOptions& catalog_options)
    : ServedTorrent(content.created, content.dir.path(), upload_limit, std::move(options),
                    catalog_options) {}

ServedTorrent::ServedTorrent(const stream::CreatedTorrent& created,
                             const std::filesystem::path& dir, int upload_limit,
                             ServerOptions options, const CatalogOptions& catalog_options) {
  seeder = std::make_unique<stream::test::TestSeeder>(created, dir / "seed", upload_limit);
  session = std::make_unique<stream::Session>(stream::test::loopback(dir / "dl"));
  stream::AddOptions add;
  add.peers = {seeder->endpoint()};
  auto t = session->add(stream::test::params_of(created), add);
  REQUIRE(t);
  torrent = *t;
  REQUIRE(torrent->wait_for_metadata(std::chrono::seconds(30)));
  auto catalog = build_catalog(torrent, catalog_options);
  REQUIRE(catalog);
  options.host = "127.0.0.1";
  options.port = 0;
  server = std::make_unique<Server>(torrent, std::move(*catalog), options);
  REQUIRE(server->start());
  REQUIRE(server->port() > 0);
}

ServedTorrent::~ServedTorrent() {
  server->stop();  // before the session: blocked reads are woken by the server, not the session
}

std::string ServedTorrent::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(server->port()) + path;
}

CurlResult curl(const std::string& url, const std::string& options, int timeout_seconds) {
  static int counter = 0;
  const swarmtv::test::TempDir dir("curl-" + std::to_string(++counter));
  const auto headers = dir / "headers";
  const auto body = dir / "body";
  const auto r = run("curl -sS --noproxy '*' " + options + " -D " + shell_quote(headers.string()) +
                         " -o " + shell_quote(body.string()) + " " + shell_quote(url),
                     timeout_seconds);
  CurlResult out;
  out.exit_code = r.exit_code;
  std::ifstream h(headers);
  std::string line;
  while (std::getline(h, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("HTTP/", 0) == 0) {
      std::istringstream words(line);
      std::string version;
      words >> version >> out.status;
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    out.headers[name] = value;
  }
  std::ifstream b(body, std::ios::binary);
  out.body.assign(std::istreambuf_iterator<char>(b), std::istreambuf_iterator<char>());
  return out;
}

std::string bytes_as_string(const std::vector<std::byte>& bytes, std::int64_t begin,
                            std::int64_t end) {
  return std::string(reinterpret_cast<const char*>(bytes.data()) + begin, std::size_t(end - begin));
}

}  // namespace swarmtv::http::test

// A `swarmtv serve` server in the test process, over a downloader on a loopback swarm with one
// rate-limited seeder, and the curl/ffmpeg helpers the tests use against it.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "swarm_fixture.h"
#include "swarmtv/http/server.h"

namespace swarmtv::http::test {

struct ServedTorrent {
  // Seeds `content` at `upload_limit` bytes/s and serves the downloader's torrent.
  ServedTorrent(const stream::test::Content& content, int upload_limit, ServerOptions options = {},
                const CatalogOptions& catalog_options = {});
  // Any torrent: state goes under `dir`.
  ServedTorrent(const stream::CreatedTorrent& created, const std::filesystem::path& dir,
                int upload_limit, ServerOptions options = {},
                const CatalogOptions& catalog_options = {});
  ~ServedTorrent();

  std::string url(const std::string& path) const;  // "http://127.0.0.1:PORT" + path

  std::unique_ptr<stream::test::TestSeeder> seeder;
  std::unique_ptr<stream::Session> session;
  std::shared_ptr<stream::Torrent> torrent;
  std::unique_ptr<Server> server;
};

struct CurlResult {
  int exit_code = -1;
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names, last value wins
  std::string body;
};

// Runs curl with `options` (shell words, already quoted) on `url`.
CurlResult curl(const std::string& url, const std::string& options = "", int timeout_seconds = 60);

std::string bytes_as_string(const std::vector<std::byte>& bytes, std::int64_t begin,
                            std::int64_t end);

}  // namespace swarmtv::http::test

// Seeding: `swarmtv seed <file|dir|.torrent> [--upload-limit]`. Creates the torrent when given
// media, seeds it, and prints the magnet link.
#pragma once

#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <stop_token>
#include <string>

#include "swarmtv/base/result.h"
#include "swarmtv/stream/session.h"

namespace swarmtv::stream {

struct SeedOptions {
  // A media file or folder (a torrent is created for it), or a .torrent file whose content is in
  // `content_dir` (default: the .torrent's folder).
  std::filesystem::path input;
  std::optional<std::filesystem::path> content_dir;
  // Where the created .torrent is written; default: <session download dir>/<name>.torrent.
  std::optional<std::filesystem::path> torrent_out;
  int piece_size = 0;    // 0: streaming_piece_size()
  int upload_limit = 0;  // bytes/s, 0 = unlimited; applies to loopback and LAN peers too
  // Session: loopback mode (the printed magnet link then carries x.pe=127.0.0.1:<port>), port,
  // and where session state goes.
  bool loopback = false;
  std::string loopback_address = "127.0.0.1";  // see SessionOptions
  int listen_port = 0;
  bool premiere = false;  // SessionOptions::premiere
  std::filesystem::path state_dir = default_download_dir();
  // run_seed() calls this with the torrent at every status line and once as it stops, before the
  // session closes (the CLI's --stats-json writes the torrent's upload counts there).
  std::function<void(const Torrent&)> on_status;
};

// A running seeder (tests and benchmarks use it directly; run_seed() wraps it for the CLI).
class Seeder {
 public:
  static Result<std::unique_ptr<Seeder>> start(const SeedOptions& options);

  // The magnet link to give players (with this seeder's address in loopback mode).
  const std::string& magnet_uri() const { return magnet_; }
  const std::filesystem::path& torrent_file() const { return torrent_file_; }
  Session& session() { return *session_; }
  const std::shared_ptr<Torrent>& torrent() const { return torrent_; }

 private:
  struct Key {
    explicit Key() = default;
  };

 public:
  explicit Seeder(Key) {}  // use start()

 private:
  std::unique_ptr<Session> session_;
  std::shared_ptr<Torrent> torrent_;
  std::string magnet_;
  std::filesystem::path torrent_file_;
};

// Starts a Seeder, prints the magnet link and .torrent path, then a status line every 5 s,
// until `stop` is requested or, when `stop` cannot be, until SIGINT/SIGTERM. Returns the exit
// status: 0, or 1 after printing a one-line error to `err`.
int run_seed(const SeedOptions& options, std::ostream& out, std::ostream& err = std::cerr,
             std::stop_token stop = {});

}  // namespace swarmtv::stream

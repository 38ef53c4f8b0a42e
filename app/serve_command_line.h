// The arguments of `swarmtv serve`, parsed without side effects (run_serve() acts on them).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <libtorrent/socket.hpp>

#include "swarmtv/base/result.h"

namespace swarmtv::app {

extern const char* const kServeUsage;

struct ServeCommandLine {
  std::string input;  // a .torrent path or a magnet: URI
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  bool loopback = false;
  std::vector<lt::tcp::endpoint> peers;
  std::filesystem::path download_dir;  // empty: the default
  std::filesystem::path trust_file;    // empty: the default trust store
  std::filesystem::path licence_dir;   // empty: the default licence directory
  std::chrono::milliseconds metadata_timeout = std::chrono::seconds(60);
  bool help = false;
};

// Accepts "--opt VALUE" and "--opt=VALUE". Errors are one line, Errc::invalid_argument.
Result<ServeCommandLine> parse_serve_command_line(const std::vector<std::string>& args);

}  // namespace swarmtv::app

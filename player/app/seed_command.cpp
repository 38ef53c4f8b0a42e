// `swarmtv seed <file|dir|.torrent>`: create the torrent if needed, seed it, print the magnet.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stop_token>
#include <thread>

#include <boost/asio/ip/address_v4.hpp>

#include "commands.h"
#include "swarmtv/stream/seeder.h"

namespace swarmtv::app {

namespace {
const char* const kSeedUsage =
    "usage: swarmtv seed <file|dir|.torrent> [options]\n"
    "  --upload-limit=BYTES   upload rate limit in bytes/s (applies to local peers too)\n"
    "  --piece-size=BYTES     piece size of a created torrent (default: chosen for streaming)\n"
    "  --torrent-out=FILE     where the created .torrent goes\n"
    "  --content-dir=DIR      where a given .torrent's files are (default: beside it)\n"
    "  --loopback[=ADDR]      127.0.0.1 (or ADDR in 127.0.0.0/8) only, no DHT/LSD/UPnP/NAT-PMP\n"
    "  --port=N               listen port (default: any free one)\n"
    "  --state-dir=DIR        session state (default ~/.cache/swarmtv)\n";
}  // namespace

int run_seed(const std::vector<std::string>& args) {
  stream::SeedOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kSeedUsage, stdout);
      return 0;
    }
    if (arg.rfind("--", 0) != 0) {
      if (!options.input.empty()) return fail("more than one input given", 2);
      options.input = arg;
      continue;
    }
    std::string name = arg, value;
    const auto eq = arg.find('=');
    if (eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (name != "--loopback") {
      if (i + 1 >= args.size()) return fail("option " + name + " needs a value", 2);
      value = args[++i];
    }
    auto number = [&](long lo, long hi, long& out) {
      char* end = nullptr;
      out = std::strtol(value.c_str(), &end, 10);
      return !value.empty() && *end == '\0' && out >= lo && out <= hi;
    };
    long n = 0;
    if (name == "--upload-limit" && number(0, 1L << 40, n)) {
      options.upload_limit = int(n);
    } else if (name == "--piece-size" && number(16 * 1024, 16L << 20, n)) {
      options.piece_size = int(n);
    } else if (name == "--port" && number(0, 65535, n)) {
      options.listen_port = int(n);
    } else if (name == "--torrent-out") {
      options.torrent_out = value;
    } else if (name == "--content-dir") {
      options.content_dir = value;
    } else if (name == "--state-dir") {
      options.state_dir = value;
    } else if (name == "--loopback") {
      options.loopback = true;
      if (!value.empty()) {
        boost::system::error_code ec;
        const auto address = boost::asio::ip::make_address_v4(value, ec);
        if (ec || !address.is_loopback())
          return fail("--loopback=" + value + ": not an address in 127.0.0.0/8", 2);
        options.loopback_address = address.to_string();
      }
    } else {
      return fail("bad option " + arg + " (see 'swarmtv seed --help')", 2);
    }
  }
  if (options.input.empty()) return fail("no input given (see 'swarmtv seed --help')", 2);
  std::stop_source stop;
  std::jthread watcher([&](std::stop_token token) {
    while (!token.stop_requested() && !g_interrupted)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop.request_stop();
  });
  const int code = stream::run_seed(options, std::cout, std::cerr, stop.get_token());
  watcher.request_stop();
  return code;
}

}  // namespace swarmtv::app

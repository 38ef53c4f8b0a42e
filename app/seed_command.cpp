// `swarmtv seed <file|dir|.torrent>`: create the torrent if needed, seed it, print the magnet.
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stop_token>
#include <thread>
#include <tuple>

#include "command_args.h"
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
    "  --premiere             a premiere's seeder: upload to a few viewers at a time, rotated,\n"
    "                         so that the crowd passes each piece on (docs/premiere.md)\n"
    "  --state-dir=DIR        session state (default ~/.cache/swarmtv)\n";

// The options of `seed`, or a one-line usage error.
Result<stream::SeedOptions> seed_options(const CommandArgs& a) {
  stream::SeedOptions options;
  if (a.positional().size() > 1)
    return make_error(Errc::invalid_argument, "more than one input given");
  if (!a.positional().empty()) options.input = a.positional()[0];
  for (auto [name, target, lo, hi] :
       {std::tuple{"upload-limit", &options.upload_limit, 0L, long(INT_MAX)},
        {"piece-size", &options.piece_size, 16L * 1024, 16L << 20},
        {"port", &options.listen_port, 0L, 65535L}})
    if (auto v = a.get(name)) {
      auto n = parse_number(name, *v, lo, hi);
      if (!n) return n.error();
      *target = int(*n);
    }
  if (auto v = a.get("torrent-out")) options.torrent_out = *v;
  options.premiere = a.has("premiere");
  if (auto v = a.get("content-dir")) options.content_dir = *v;
  if (auto v = a.get("state-dir")) options.state_dir = *v;
  if (auto v = a.get("loopback")) {
    auto address = parse_loopback_address(*v);
    if (!address) return address.error();
    options.loopback = true;
    options.loopback_address = *address;
  }
  return options;
}

}  // namespace

int run_seed(const std::vector<std::string>& args) {
  using Kind = OptionSpec::Kind;
  auto a = CommandArgs::parse(args, {{"help", Kind::flag},
                                     {"upload-limit"},
                                     {"piece-size"},
                                     {"port"},
                                     {"torrent-out"},
                                     {"content-dir"},
                                     {"state-dir"},
                                     {"loopback", Kind::optional_value},
                                     {"premiere", Kind::flag}});
  if (a && a->help()) {
    std::fputs(kSeedUsage, stdout);
    return 0;
  }
  auto parsed = a ? seed_options(*a) : Result<stream::SeedOptions>(a.error());
  if (!parsed) return fail(parsed.error().message + " (see 'swarmtv seed --help')", 2);
  const stream::SeedOptions& options = *parsed;
  if (options.input.empty()) return fail("no input given (see 'swarmtv seed --help')", 2);
  return stream::run_seed(options, std::cout, std::cerr, quit_token());
}

}  // namespace swarmtv::app

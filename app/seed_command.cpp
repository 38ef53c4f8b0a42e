// `swarmtv seed <file|dir|.torrent>`: create the torrent if needed, seed it, print the magnet.
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stop_token>
#include <thread>
#include <tuple>

#include <nlohmann/json.hpp>

#include "command_args.h"
#include "commands.h"
#include "swarmtv/base/file_writer.h"
#include "swarmtv/stream/seeder.h"
#include "swarmtv/stream/torrent.h"

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
    "  --state-dir=DIR        session state (default ~/.cache/swarmtv)\n"
    "  --stats-json=FILE      write what was sent (bytes per peer address, copies of each\n"
    "                         piece) to FILE every 5 s and at the end\n";

// What the seeder sent, for --stats-json: a premiere's publisher (and the crowd benchmark) reads
// how many copies of each piece left, and what each viewer's address had from the seeder.
Status write_upload_stats(const std::filesystem::path& file, const stream::Torrent& torrent) {
  const stream::UploadCounts counts = torrent.upload_counts();
  nlohmann::json j;
  j["total_upload"] = torrent.status().total_uploaded;
  j["by_address"] = counts.bytes_by_address;
  j["piece_copies_histogram"] = counts.copies_histogram();
  std::vector<double> copies;
  for (std::size_t p = 0; p < counts.blocks_sent.size(); ++p) copies.push_back(counts.copies(p));
  j["piece_copies"] = copies;
  return write_file_atomically(file, j.dump() + "\n");  // a reader never sees half a file
}

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
  if (auto v = a.get("stats-json"))
    options.on_status = [file = std::filesystem::path(*v),
                         warned = false](const stream::Torrent& torrent) mutable {
      // Written again every 5 s: a failure is said once, not at every status line.
      if (auto written = write_upload_stats(file, torrent); !written && !warned) {
        warned = true;
        std::fprintf(stderr, "swarmtv seed: warning: %s\n", written.error().message.c_str());
      }
    };
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
                                     {"premiere", Kind::flag},
                                     {"stats-json"}});
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

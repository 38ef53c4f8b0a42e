#include "swarmtv/player/play_command_line.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace swarmtv::player {

const char* const kPlayUsage =
    "usage: swarmtv play <file|.torrent|magnet:> [options]\n"
    "  --start=TIME        start at TIME (seconds or [[hh:]mm:]ss)\n"
    "  --end=TIME          stop at TIME\n"
    "  --pause             start paused\n"
    "  --volume=0..100     initial volume (default 100)\n"
    "  --fs                fullscreen\n"
    "  --no-audio          play without sound\n"
    "  --vo=sdl|null       video output (null: headless)\n"
    "  --ao=sdl|null       audio output (null: headless)\n"
    "  --untimed           decode and show as fast as possible\n"
    "  --frames=N          stop after N pictures\n"
    "  --stats-json=FILE   write a record of the run (first frame, stalls, seeks, drift)\n"
    "  --cache-pause-initial=yes|no  after the first picture, wait for 1 s of buffer\n"
    "                      before playing (default: yes for torrents, no for files)\n"
    "  --input-file=FILE   read commands from FILE or a FIFO ('-': stdin), one a line:\n"
    "                      seek <s> [relative|absolute|absolute-percent] [exact], cycle pause,\n"
    "                      frame-step, screenshot, skip, quit\n"
    "  --screenshot-dir=D  where 's' saves screenshots (default: .)\n"
    "  --status-line / --no-status-line   terminal status line (default: on a terminal)\n"
    "torrents and magnet links:\n"
    "  --file=INDEX|PATH   which file of a multi-file torrent (default: the largest video)\n"
    "  --list              print the torrent's files and exit\n"
    "  --loopback          use 127.0.0.1 only: no DHT, LSD, UPnP or NAT-PMP (tests, demo)\n"
    "  --peer=HOST:PORT    connect to this peer at once (repeatable)\n"
    "  --download-dir=DIR  where downloads and resume data go (default ~/.cache/swarmtv)\n"
    "  --metadata-timeout=SECONDS  how long a magnet link may take (default 60)\n"
    "  --upload-limit=BYTES  upload rate limit while playing (bytes/s, 0 = none)\n"
    "season bundles (signed swarmtv.bundle.json in the torrent):\n"
    "  --episode=N         which episode (default: the first)\n"
    "  --bonus=N           play bonus file N (needs a premium licence)\n"
    "  --plain             ignore the bundle: play the file without tiers or sponsor clips\n"
    "  --trust=FILE        trusted publisher keys (default ~/.config/swarmtv/trusted-keys)\n"
    "  --licence-dir=DIR   licences (default ~/.local/share/swarmtv/licences)\n"
    "  --ads-state=DIR     tracking log and frequency caps (default ~/.local/share/swarmtv)\n";

bool parse_time(const std::string& text, double& seconds) {
  if (text.empty()) return false;
  double total = 0.0;
  std::stringstream in(text);
  std::string part;
  int parts = 0;
  while (std::getline(in, part, ':')) {
    if (part.empty() || ++parts > 3) return false;
    char* end = nullptr;
    const double v = std::strtod(part.c_str(), &end);
    if (*end != '\0' || v < 0) return false;
    total = total * 60 + v;
  }
  seconds = total;
  return true;
}

bool parse_play_command_line(const std::vector<std::string>& args, PlayCommandLine& out,
                             std::string& error) {
  out.player.status_line = ::isatty(STDERR_FILENO) == 1;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      if (!out.input.empty()) {
        error = "more than one input given: '" + out.input + "' and '" + arg + "'";
        return false;
      }
      out.input = arg;
      continue;
    }
    std::string name = arg, value;
    bool has_value = false;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    auto need_value = [&]() -> bool {
      if (has_value) return true;
      if (i + 1 >= args.size()) {
        error = "option " + name + " needs a value";
        return false;
      }
      value = args[++i];
      has_value = true;
      return true;
    };
    auto need_time = [&](double& target) -> bool {
      if (!need_value()) return false;
      if (!parse_time(value, target)) {
        error = "option " + name + ": '" + value + "' is not a time";
        return false;
      }
      return true;
    };
    auto need_int = [&](long& target, long lo, long hi) -> bool {
      if (!need_value()) return false;
      char* end = nullptr;
      const long v = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || v < lo || v > hi) {
        error = "option " + name + ": '" + value + "' is not a number from " + std::to_string(lo) +
                " to " + std::to_string(hi);
        return false;
      }
      target = v;
      return true;
    };
    long number = 0;
    if (name == "--start") {
      if (!need_time(out.item.start)) return false;
    } else if (name == "--end") {
      if (!need_time(out.item.end)) return false;
    } else if (name == "--pause") {
      out.player.start_paused = true;
    } else if (name == "--volume") {
      if (!need_int(number, 0, 100)) return false;
      out.player.volume = int(number);
    } else if (name == "--fs" || name == "--fullscreen") {
      out.player.fullscreen = true;
    } else if (name == "--no-audio") {
      out.player.audio = false;
    } else if (name == "--vo" || name == "--ao") {
      if (!need_value()) return false;
      if (value != "sdl" && value != "null") {
        error = "option " + name + ": use sdl or null, not '" + value + "'";
        return false;
      }
      (name == "--vo" ? out.player.video_output : out.player.audio_output) = value;
    } else if (name == "--untimed") {
      out.player.untimed = true;
    } else if (name == "--frames") {
      if (!need_int(number, 1, 1L << 40)) return false;
      out.player.max_frames = number;
    } else if (name == "--stats-json") {
      if (!need_value()) return false;
      out.stats_json = value;
    } else if (name == "--cache-pause-initial") {
      if (!need_value()) return false;
      if (value != "yes" && value != "no") {
        error = "option --cache-pause-initial: use yes or no, not '" + value + "'";
        return false;
      }
      out.cache_pause_initial = value == "yes";
    } else if (name == "--input-file") {
      if (!need_value()) return false;
      out.input_file = value;
    } else if (name == "--screenshot-dir") {
      if (!need_value()) return false;
      out.player.screenshot_dir = value;
    } else if (name == "--status-line") {
      out.player.status_line = true;
    } else if (name == "--no-status-line") {
      out.player.status_line = false;
    } else if (name == "--episode") {
      if (!need_int(number, 0, 100000)) return false;
      out.bundle.episode = int(number);
    } else if (name == "--bonus") {
      if (!need_int(number, 0, 100000)) return false;
      out.bundle.bonus = int(number);
    } else if (name == "--plain") {
      out.bundle.plain = true;
    } else if (name == "--trust") {
      if (!need_value()) return false;
      out.bundle.trust_file = value;
    } else if (name == "--licence-dir" || name == "--license-dir") {
      if (!need_value()) return false;
      out.bundle.licence_dir = value;
    } else if (name == "--ads-state") {
      if (!need_value()) return false;
      out.bundle.ads_state_dir = value;
    } else if (name == "--file") {
      if (!need_value()) return false;
      out.torrent.file = value;
    } else if (name == "--list") {
      out.torrent.list = true;
    } else if (name == "--loopback") {
      out.torrent.loopback = true;
    } else if (name == "--peer") {
      if (!need_value()) return false;
      out.torrent.peers.push_back(value);
    } else if (name == "--download-dir") {
      if (!need_value()) return false;
      out.torrent.download_dir = value;
    } else if (name == "--metadata-timeout") {
      if (!need_time(out.torrent.metadata_timeout)) return false;
    } else if (name == "--upload-limit") {
      if (!need_int(out.torrent.upload_limit, 0, 1L << 40)) return false;
    } else {
      error = "unknown option " + name;
      return false;
    }
  }
  if (out.input.empty()) {
    error = "no input given";
    return false;
  }
  return true;
}

}  // namespace swarmtv::player

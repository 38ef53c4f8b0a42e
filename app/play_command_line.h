// `swarmtv play <input> [options]`: mpv-style options for one playback.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "swarmtv/base/result.h"
#include "swarmtv/player/player.h"

namespace swarmtv::app {

// Options for torrent inputs, passed on to the stream module.
struct TorrentArgs {
  std::string file;       // --file INDEX|PATH: which file of a multi-file torrent
  bool list = false;      // --list: print the files and exit
  bool loopback = false;  // --loopback[=ADDR]: no DHT/LSD/UPnP/NAT-PMP
  std::string loopback_address = "127.0.0.1";  // its ADDR, in 127.0.0.0/8
  bool keep_seeding = false;                   // --keep-seeding: after the end, seed until a signal
  std::string download_dir;                    // --download-dir DIR
  std::vector<std::string> peers;              // --peer HOST:PORT (repeatable): connect at once
  double metadata_timeout = 60.0;              // --metadata-timeout SECONDS (magnet links)
  double network_timeout = 0.0;  // --network-timeout SECONDS: no payload for that long; 0 = off
  long upload_limit = 0;         // --upload-limit BYTES/S while playing
};

// Options for season bundles (a torrent holding a signed swarmtv.bundle.json).
struct BundleArgs {
  int episode = -1;           // --episode N (default: the first)
  int bonus = -1;             // --bonus N: play bonus file N (premium licence needed)
  bool list = false;          // --list on a bundle: episodes and bonus files (locked or not)
  bool plain = false;         // --plain: play files without tiers (the bundle is not used)
  std::string trust_file;     // --trust FILE: trusted publisher keys
  std::string licence_dir;    // --licence-dir DIR: the viewer's licences
  std::string ads_state_dir;  // --ads-state DIR: tracking log and frequency caps
};

// Continue watching and the next episode (the watch-later store, auto-advance).
struct WatchArgs {
  bool resume = true;           // --resume-playback=yes|no: start where the viewer left off
  std::string watch_later_dir;  // --watch-later-dir DIR (default: the user's state directory)
  bool next_episode = true;     // --next-episode=yes|no: at the end, play the next one
  double countdown = 5.0;       // --next-episode-countdown SECONDS before it starts
};

struct PlayCommandLine {
  std::string input;  // a file path, a .torrent file or a magnet: link
  player::PlayerOptions player;
  player::PlayItem item;
  TorrentArgs torrent;
  BundleArgs bundle;
  WatchArgs watch;
  std::string stats_json;  // --stats-json FILE
  std::string input_file;  // --input-file FILE|- (text commands, see input_commands.h)
  std::optional<bool> cache_pause_initial;  // --cache-pause-initial=yes|no; default: torrents
};

// Parses the arguments after "play" (not --help, which run_play() answers first). Errors are one
// line, Errc::invalid_argument.
Result<PlayCommandLine> parse_play_command_line(const std::vector<std::string>& args);

extern const char* const kPlayUsage;

}  // namespace swarmtv::app

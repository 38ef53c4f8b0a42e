#include "play_command_line.h"

#include <unistd.h>

#include <climits>

#include "command_args.h"

namespace swarmtv::app {

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
    "  --framedrop=yes|no  drop a late picture to keep up with the sound (default yes)\n"
    "  --stats-json=FILE   write a record of the run (first frame, stalls, seeks, drift)\n"
    "  --cache-pause-initial=yes|no  after the first picture, wait for a buffer before\n"
    "                      playing (default: yes for torrents, no for files)\n"
    "  --cache-pause-wait=S  seconds buffered before playing after a stall (and at the\n"
    "                      start with --cache-pause-initial): 0.1 to 6, default 1, and at\n"
    "                      least a piece's download time\n"
    "  --input-file=FILE   read commands from FILE or a FIFO ('-': stdin), one a line:\n"
    "                      seek <s> [relative|absolute|absolute-percent] [exact], cycle pause,\n"
    "                      cycle sub [down], cycle sub-visibility,\n"
    "                      frame-step, screenshot, skip, quit\n"
    "  --screenshot-dir=D  where 's' saves screenshots (default: .)\n"
    "  --audio-capture=DIR with --ao=null: write what each input would sound like (after\n"
    "                      volume and loudness gain) as DIR/NN-<content|ad>.wav\n"
    "  --sub-file=FILE     add an external subtitle file (.srt, .vtt, .ass; repeatable);\n"
    "                      a local video's same-name .srt or .vtt is added by itself\n"
    "  --sid=N|no|auto     subtitle track N (embedded tracks first, then files), none, or\n"
    "                      the default (a file, else the default embedded track)\n"
    "  --sub-visibility=yes|no  show the selected subtitles (default yes; 'v' toggles,\n"
    "                      'j'/'J' cycle the tracks and off)\n"
    "  --status-line / --no-status-line   terminal status line (default: on a terminal)\n"
    "continue watching:\n"
    "  --resume-playback=yes|no  start where this episode was left (default yes; --start\n"
    "                      wins); the position is saved on quit, on stop and every 5 s\n"
    "  --watch-later-dir=DIR  where positions are kept (default\n"
    "                      $XDG_STATE_HOME/swarmtv/watch_later or ~/.local/state/...)\n"
    "  --next-episode=yes|no  at the end of an episode play the next one (the bundle's\n"
    "                      order, or the torrent's next video file by name; default yes)\n"
    "  --next-episode-countdown=SECONDS  the countdown before it (default 5; Esc cancels)\n"
    "torrents and magnet links:\n"
    "  --file=INDEX|PATH   which file of a multi-file torrent (default: the largest video)\n"
    "  --list              print the torrent's files and exit\n"
    "  --loopback[=ADDR]   use 127.0.0.1 (or ADDR in 127.0.0.0/8) only: no DHT, LSD, UPnP\n"
    "                      or NAT-PMP (tests, demo)\n"
    "  --peer=HOST:PORT    connect to this peer at once (repeatable)\n"
    "  --download-dir=DIR  where downloads and resume data go (default ~/.cache/swarmtv)\n"
    "  --metadata-timeout=SECONDS  how long a magnet link may take (default 60)\n"
    "  --network-timeout=SECONDS  end with an error when a read waits and the swarm sends\n"
    "                      nothing for that long (default 0: wait for peers to come back)\n"
    "  --upload-limit=BYTES  upload rate limit while playing (bytes/s, 0 = none)\n"
    "  --keep-seeding      when the file ends, keep seeding it until Ctrl+C or SIGTERM\n"
    "season bundles (signed swarmtv.bundle.json in the torrent):\n"
    "  --episode=N         which episode (default: the season screen in a window;\n"
    "                      headless, the next unwatched one)\n"
    "  --bonus=N           play bonus file N (needs a premium licence)\n"
    "  --plain             ignore the bundle: play the file without tiers or sponsor clips\n"
    "  --trust=FILE        trusted publisher keys (default ~/.config/swarmtv/trusted-keys)\n"
    "  --licence-dir=DIR   licences (default ~/.local/share/swarmtv/licences)\n"
    "  --ads-state=DIR     tracking log and viewing states (default ~/.local/share/swarmtv)\n"
    "exit status: 0 played or quit, 1 error, 2 bad arguments, 4 stopped by Ctrl+C or SIGTERM\n";

namespace {

using Kind = OptionSpec::Kind;

// The longest timeout taken: a day (longer ones are typos, and overflowed as milliseconds).
constexpr double kMaxTimeout = 86400;

Result<CommandArgs> parse_play_options(const std::vector<std::string>& args) {
  return CommandArgs::parse(args, {{"start"},
                                   {"end"},
                                   {"pause", Kind::flag},
                                   {"volume"},
                                   {"fs", Kind::flag, false, "fullscreen"},
                                   {"no-audio", Kind::flag},
                                   {"vo"},
                                   {"ao"},
                                   {"untimed", Kind::flag},
                                   {"frames"},
                                   {"stats-json"},
                                   {"cache-pause-initial"},
                                   {"cache-pause-wait"},
                                   {"framedrop"},
                                   {"input-file"},
                                   {"screenshot-dir"},
                                   {"audio-capture"},
                                   {"sub-file", Kind::value, true},
                                   {"sid"},
                                   {"sub-visibility"},
                                   {"status-line", Kind::flag},
                                   {"no-status-line", Kind::flag},
                                   {"episode"},
                                   {"bonus"},
                                   {"plain", Kind::flag},
                                   {"trust"},
                                   {"licence-dir", Kind::value, false, "license-dir"},
                                   {"ads-state"},
                                   {"file"},
                                   {"list", Kind::flag},
                                   {"loopback", Kind::optional_value},
                                   {"keep-seeding", Kind::flag},
                                   {"peer", Kind::value, true},
                                   {"download-dir"},
                                   {"metadata-timeout"},
                                   {"network-timeout"},
                                   {"upload-limit"},
                                   {"resume-playback"},
                                   {"watch-later-dir"},
                                   {"next-episode"},
                                   {"next-episode-countdown"}});
}

// --vo / --ao: "sdl" or "null".
Status set_output(const CommandArgs& a, std::string_view name, std::string& out) {
  auto v = a.get(name);
  if (!v) return {};
  if (*v != "sdl" && *v != "null")
    return make_error(Errc::invalid_argument,
                      "option --" + std::string(name) + ": use sdl or null, not '" + *v + "'");
  out = *v;
  return {};
}

// --sid=N|no|auto, --sub-file=FILE (repeatable), --sub-visibility=yes|no.
Status read_subtitle_options(const CommandArgs& a, PlayCommandLine& out) {
  for (const std::string& file : a.all("sub-file")) {
    if (file.empty()) return make_error(Errc::invalid_argument, "option --sub-file: no file given");
    out.item.subtitle_files.emplace_back(file);
  }
  if (auto v = a.get("sid")) {
    if (*v == "no") {
      out.player.sid = 0;
    } else if (*v != "auto") {
      auto n = parse_number("sid", *v, 1, 1000);
      if (!n) return n.error();
      out.player.sid = int(*n);
    }
  }
  return read_yes_no(a, "sub-visibility", out.player.subtitles_visible);
}

// The options of the playback itself.
Status read_player_options(const CommandArgs& a, PlayCommandLine& out) {
  player::PlayerOptions& p = out.player;
  if (a.has("status-line")) p.status_line = true;
  if (a.has("no-status-line")) p.status_line = false;
  p.start_paused = a.has("pause");
  p.fullscreen = a.has("fs");
  p.audio = !a.has("no-audio");
  p.untimed = a.has("untimed");
  if (auto v = a.get("volume")) {
    auto n = parse_number("volume", *v, 0, 100);
    if (!n) return n.error();
    p.volume = int(*n);
  }
  if (auto v = a.get("frames")) {
    auto n = parse_number("frames", *v, 1, 1L << 40);
    if (!n) return n.error();
    p.max_frames = *n;
  }
  if (auto s = set_output(a, "vo", p.video_output); !s) return s;
  if (auto s = set_output(a, "ao", p.audio_output); !s) return s;
  if (auto v = a.get("screenshot-dir")) p.screenshot_dir = *v;
  if (auto v = a.get("audio-capture")) {
    if (p.audio_output != "null")
      return make_error(Errc::invalid_argument, "option --audio-capture needs --ao=null");
    p.audio_capture_dir = *v;
  }
  if (auto s = read_yes_no(a, "framedrop", p.framedrop); !s) return s;
  if (auto s = read_yes_no(a, "cache-pause-initial", out.cache_pause_initial); !s) return s;
  if (auto v = a.get("cache-pause-wait")) {
    // At most 0.75 of the demuxer's 8 s read-ahead: a goal it cannot hold would never be met.
    auto wait = parse_duration_option("cache-pause-wait", *v, 0.1, 6);
    if (!wait) return wait.error();
    p.cache_pause_wait = *wait;
  }
  // Bounded (a thousand hours) so that no number overflows a media time.
  for (auto [name, target] : {std::pair{"start", &out.item.start}, {"end", &out.item.end}})
    if (auto v = a.get(name)) {
      auto t = parse_duration_option(name, *v, 0, 3.6e6);
      if (!t) return t.error();
      *target = seconds_to_media_time(*t);
    }
  if (auto v = a.get("stats-json")) out.stats_json = *v;
  if (auto v = a.get("input-file")) out.input_file = *v;
  return read_subtitle_options(a, out);
}

// The options of torrents and season bundles.
Status read_source_options(const CommandArgs& a, PlayCommandLine& out) {
  TorrentArgs& t = out.torrent;
  t.list = a.has("list");
  if (auto v = a.get("loopback")) {
    auto address = parse_loopback_address(*v);
    if (!address) return address.error();
    t.loopback = true;
    t.loopback_address = *address;
  }
  t.keep_seeding = a.has("keep-seeding");
  t.peers = a.all("peer");
  if (auto v = a.get("file")) t.file = *v;
  if (auto v = a.get("download-dir")) t.download_dir = *v;
  if (auto v = a.get("metadata-timeout")) {
    auto s = parse_duration_option("metadata-timeout", *v, 1, kMaxTimeout);
    if (!s) return s.error();
    t.metadata_timeout = *s;
  }
  if (auto v = a.get("network-timeout")) {
    auto s = parse_duration_option("network-timeout", *v, 0, kMaxTimeout);
    if (!s) return s.error();
    t.network_timeout = *s;
  }
  if (auto v = a.get("upload-limit")) {
    auto n = parse_number("upload-limit", *v, 0, INT_MAX);
    if (!n) return n.error();
    t.upload_limit = *n;
  }
  BundleArgs& b = out.bundle;
  for (auto [name, target] : {std::pair{"episode", &b.episode}, {"bonus", &b.bonus}})
    if (auto v = a.get(name)) {
      auto n = parse_number(name, *v, 0, 100000);
      if (!n) return n.error();
      *target = int(*n);
    }
  b.plain = a.has("plain");
  if (auto v = a.get("trust")) b.trust_file = *v;
  if (auto v = a.get("licence-dir")) b.licence_dir = *v;
  if (auto v = a.get("ads-state")) b.ads_state_dir = *v;
  return {};
}

// --resume-playback, --watch-later-dir, --next-episode, --next-episode-countdown.
Status read_watch_options(const CommandArgs& a, WatchArgs& w) {
  if (auto s = read_yes_no(a, "resume-playback", w.resume); !s) return s;
  if (auto s = read_yes_no(a, "next-episode", w.next_episode); !s) return s;
  if (auto v = a.get("watch-later-dir")) {
    if (v->empty())
      return make_error(Errc::invalid_argument, "option --watch-later-dir: no folder given");
    w.watch_later_dir = *v;
  }
  if (auto v = a.get("next-episode-countdown")) {
    auto s = parse_time_option("next-episode-countdown", *v);
    if (!s) return s.error();
    w.countdown = *s;
  }
  return {};
}

}  // namespace

Result<PlayCommandLine> parse_play_command_line(const std::vector<std::string>& args) {
  auto a = parse_play_options(args);
  if (!a) return a.error();
  PlayCommandLine out;
  out.player.status_line = ::isatty(STDERR_FILENO) == 1;
  if (a->positional().size() > 1)
    return make_error(Errc::invalid_argument, "more than one input given: '" + a->positional()[0] +
                                                  "' and '" + a->positional()[1] + "'");
  if (a->positional().empty()) return make_error(Errc::invalid_argument, "no input given");
  out.input = a->positional()[0];
  if (auto s = read_player_options(*a, out); !s) return s.error();
  if (auto s = read_source_options(*a, out); !s) return s.error();
  if (auto s = read_watch_options(*a, out.watch); !s) return s.error();
  return out;
}

}  // namespace swarmtv::app

// `swarmtv play`: a local file, a .torrent or a magnet link, through the same player.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include "bundle_playback.h"
#include "commands.h"
#include "next_episode_prefetch.h"
#include "play_command_line.h"
#include "startup_status.h"
#include "swarmtv/base/trace.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/player/input_commands.h"
#include "swarmtv/player/osd_state.h"
#include "swarmtv/player/player.h"
#include "swarmtv/season/season.h"
#include "swarmtv/stream/endpoint.h"
#include "swarmtv/stream/open_stream.h"
#include "swarmtv/stream/stream_status.h"
#include "swarmtv/stream/torrent_input.h"
#include "watch_progress.h"
#include "watching_controller.h"

namespace swarmtv::app {

namespace {

// Set when a file played to its end and the program seeds on (--keep-seeding): a signal is then
// the expected way to end, not an interrupted play.
std::atomic<bool> g_seeding_after_play{false};

// The player of this run with its --input-file reader, made before the input is opened: the
// window shows the start-up phases and stays for the playback.
struct Viewer {
  explicit Viewer(const PlayCommandLine& cmd)
      : player(std::make_unique<player::Player>(cmd.player)) {
    if (!cmd.input_file.empty()) input.emplace(cmd.input_file, *player);
  }
  // Closes the window and the audio device (before --keep-seeding and the stats file); returns
  // the stats.
  player::PlaybackStats close() {
    input.reset();
    player::PlaybackStats stats = player->stats();
    player.reset();
    return stats;
  }
  std::unique_ptr<player::Player> player;
  std::optional<player::InputFileReader> input;  // destroyed before the player it posts to
};

// An error of the opening thread, unless it is the quit the viewer or a signal asked for: then
// the program ends quietly, as a quit during playback does.
int fail_unless_quit(const Error& error) {
  if (quit_token().stop_requested()) return 0;
  return fail(error.message);
}

// Everything a torrent input needs to stay alive while it plays.
struct TorrentInput {
  std::unique_ptr<stream::Session> session;
  std::shared_ptr<stream::Torrent> torrent;
  std::unique_ptr<stream::TorrentByteSource> source;  // a plain file of the torrent
  std::optional<season::Season> season;               // or a season bundle
};

stream::SessionOptions session_options(const TorrentArgs& args) {
  stream::SessionOptions options;
  options.loopback = args.loopback;
  options.loopback_address = args.loopback_address;
  if (!args.download_dir.empty()) options.download_dir = args.download_dir;
  options.upload_rate_limit = int(args.upload_limit);
  options.network_timeout = std::chrono::milliseconds(long(args.network_timeout * 1000));
  return options;
}

// The torrent with its metadata (a magnet link's fetched, with progress on the status line).
// Its progress goes to `startup`, which the window and the status line show.
Result<std::shared_ptr<stream::Torrent>> add_torrent(const PlayCommandLine& cmd,
                                                     stream::Session& session,
                                                     std::vector<lt::tcp::endpoint> peers,
                                                     StartupStatus& startup) {
  stream::OpenOptions open;
  open.peers = std::move(peers);
  open.interrupted = quit_token();
  open.metadata_timeout = std::chrono::milliseconds(long(cmd.torrent.metadata_timeout * 1000));
  open.on_metadata_progress = [&startup](const stream::MetadataProgress& p) {
    startup.on_metadata(p);
  };
  return stream::open_torrent(session, cmd.input, open);
}

// Opens a season bundle. An unverified one is refused: its files play only as plain files, with
// --plain (which does not look for a bundle at all).
int open_season(const PlayCommandLine& cmd, lt::file_index_t manifest, TorrentInput& input,
                StartupStatus& startup) {
  if (!cmd.torrent.file.empty())
    return fail(
        "this torrent is a season bundle: choose an episode with --episode N "
        "(--plain plays its files without tiers)",
        2);
  season::SeasonOptions options;
  options.trust_file = cmd.bundle.trust_file;
  options.licence_dir = cmd.bundle.licence_dir;
  options.interrupted = quit_token();
  startup.enter(StartupStatus::Stage::signature, input.torrent);
  auto season = season::Season::open(input.torrent, manifest, options);
  if (!season) return fail_unless_quit(season.error());
  if (!season->verified())
    return fail("bundle refused: " + season->verification().message +
                " (trust the publisher with 'swarmtv trust add KEY', or --plain)");
  input.season = std::move(*season);
  return -1;
}

// Returns an exit status when done (--list, an error), or -1 to go on and play. Runs on a
// thread of its own while the main thread shows `startup`.
int open_torrent_input(const PlayCommandLine& cmd, TorrentInput& input, StartupStatus& startup) {
  std::vector<lt::tcp::endpoint> peers;
  for (const std::string& peer : cmd.torrent.peers) {
    auto endpoint = stream::parse_endpoint(peer);
    if (!endpoint) return fail("--peer: '" + peer + "' is not HOST:PORT", 2);
    peers.push_back(*endpoint);
  }
  input.session = std::make_unique<stream::Session>(session_options(cmd.torrent));
  trace("play: session started");
  auto torrent = add_torrent(cmd, *input.session, std::move(peers), startup);
  if (!torrent) return fail_unless_quit(torrent.error());
  trace("play: metadata here");
  input.torrent = *torrent;
  if (!cmd.bundle.plain)
    if (auto manifest = season::find_manifest(*input.torrent))
      return open_season(cmd, *manifest, input, startup);
  if (cmd.torrent.list) {
    std::fputs(stream::format_file_list(input.torrent->files()).c_str(), stdout);
    return 0;
  }
  startup.enter(StartupStatus::Stage::opening, input.torrent);
  auto file = input.torrent->select_file(cmd.torrent.file);
  if (!file) return fail(file.error().message);
  auto source = input.torrent->open(*file);
  if (!source) return fail(source.error().message);
  trace("play: file {} opened", static_cast<int>(*file));
  input.source = std::move(*source);
  return -1;
}

// The watch-later store of this run (--watch-later-dir, else the user's state directory).
watch::WatchLaterStore watch_store(const WatchArgs& args) {
  return watch::WatchLaterStore(args.watch_later_dir.empty()
                                    ? watch::WatchLaterStore::default_dir()
                                    : std::filesystem::path(args.watch_later_dir));
}

int play_bundle(PlayCommandLine& cmd, Viewer& viewer, const season::Season& season) {
  BundleArgs bundle = cmd.bundle;
  bundle.list = cmd.torrent.list;
  const watch::WatchLaterStore store = watch_store(cmd.watch);
  const int code = play_season(*viewer.player, season, bundle, cmd.watch, &store, cmd.item);
  const player::PlaybackStats stats = viewer.close();
  if (!cmd.stats_json.empty())
    if (auto written = stats.write(cmd.stats_json); !written) return fail(written.error().message);
  return code;
}

// After the end of a torrent's file with --keep-seeding: seeds on until a signal, the status line
// showing the upload, as a BitTorrent client does.
void keep_seeding(const PlayCommandLine& cmd, stream::TorrentByteSource& source) {
  g_seeding_after_play = true;
  while (!g_interrupted) {
    if (cmd.player.status_line)
      std::fprintf(stderr, "\r\033[KSeeding: %s",
                   stream::format_status_line(source.status()).c_str());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (cmd.player.status_line) std::fputs("\r\033[K", stderr);
}

// A plain file's watch-later key: a torrent's file by info-hash and index, a local file by path
// and size.
std::string key_of(const PlayCommandLine& cmd, const ByteSource& source,
                   const stream::TorrentByteSource* torrent, const stream::Torrent* owner) {
  if (torrent && owner)
    return watch::torrent_file_key(owner->info_hash(), static_cast<int>(torrent->file()));
  return watch::local_file_key(cmd.input, source.size());
}

// Plays one file with its watch-later entry: resumed unless --start or --resume-playback=no,
// saved as it plays, when it stops and when it ends.
player::PlayResult play_watched(player::Player& player, const PlayCommandLine& cmd,
                                player::PlayItem item, ByteSource& source, WatchProgress& progress,
                                NextEpisodePrefetch* prefetch) {
  if (!item.start && cmd.watch.resume)
    if (auto resume = progress.resume_point(item.end)) {
      std::fprintf(stderr,
                   "swarmtv: resuming at %s (--start=0 or --resume-playback=no: from the start)\n",
                   player::format_time(*resume).c_str());
      item.start = *resume;
    }
  WatchingController watching(progress, item.controller,
                              [prefetch](MediaTime position, std::optional<MediaTime> duration) {
                                if (prefetch) prefetch->at(position, duration);
                              });
  item.controller = &watching;
  player::PlayResult result = player.play(source, item);
  if (result.reason == player::EndReason::end_of_file)
    progress.finished();
  else
    progress.stopped(result.position);
  return result;
}

// Plays `source`; `torrent` is the same source when it comes from a torrent (else null), and
// then the torrent's next video file (by name) follows after a countdown, as the next episode.
int play_source(PlayCommandLine& cmd, Viewer& viewer, ByteSource& source,
                stream::TorrentByteSource* torrent = nullptr,
                std::shared_ptr<stream::Torrent> owner = nullptr) {
  const watch::WatchLaterStore store = watch_store(cmd.watch);
  // The OSD's title: the file's name, as mpv shows it (a local file's describe() is its path).
  cmd.item.title = torrent ? std::filesystem::path(torrent->path_in_torrent()).filename().string()
                           : std::filesystem::path(source.describe()).filename().string();
  player::PlayResult result;
  player::PlaybackStats stats;
  std::unique_ptr<stream::TorrentByteSource> next_source;  // the episodes after the first
  {
    player::Player& player = *viewer.player;
    ByteSource* current = &source;
    player::PlayItem item = cmd.item;
    for (;;) {
      item.title = current->describe();
      WatchProgress progress(&store, key_of(cmd, *current, torrent, owner.get()), item.title);
      std::optional<lt::file_index_t> next;
      if (torrent && owner && cmd.watch.next_episode)
        next = next_video_file(owner->files(), torrent->file());
      std::optional<NextEpisodePrefetch> prefetch;
      if (next) prefetch.emplace(*owner, *next);
      result = play_watched(player, cmd, item, *current, progress, prefetch ? &*prefetch : nullptr);
      if (result.reason != player::EndReason::end_of_file || !next) break;
      prefetch->start();
      item.fetched_since = std::chrono::steady_clock::now();
      item.start.reset();  // --start is the first file's
      auto opened = owner->open(*next);
      if (!opened) {
        std::fprintf(stderr, "swarmtv: warning: next file: %s\n", opened.error().message.c_str());
        break;
      }
      const auto answer = player.countdown("Next: " + (*opened)->describe(), cmd.watch.countdown);
      if (answer != player::CountdownEnd::elapsed && answer != player::CountdownEnd::now) break;
      next_source = std::move(*opened);
      torrent = next_source.get();
      current = torrent;
      item.status_text = [torrent] { return stream::format_viewer_status(torrent->status()); };
      item.opening_phase = StartupStatus::buffering_of(*torrent);
    }
    stats = viewer.close();
  }
  for (const std::string& w : stats.warnings)
    std::fprintf(stderr, "swarmtv: warning: %s\n", w.c_str());
  if (torrent != nullptr) {
    const stream::StreamStatus status = torrent->status();
    stats.network_downloaded = status.total_downloaded;
    stats.network_uploaded = status.total_uploaded;
  }
  if (!cmd.stats_json.empty())
    if (auto written = stats.write(cmd.stats_json); !written) return fail(written.error().message);
  if (result.reason == player::EndReason::error) return fail(result.error);
  const bool ended = result.reason == player::EndReason::end_of_file ||
                     result.reason == player::EndReason::end_position;
  if (torrent != nullptr && cmd.torrent.keep_seeding && ended) keep_seeding(cmd, *torrent);
  return 0;
}

// mpv's sub-auto=exact: "movie.srt" or "movie.vtt" beside "movie.mp4" is loaded (after the
// --sub-file ones).
void add_subtitles_beside(PlayCommandLine& cmd) {
  for (const char* extension : {".srt", ".vtt"}) {
    std::filesystem::path file = std::filesystem::path(cmd.input).replace_extension(extension);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) continue;
    auto& files = cmd.item.subtitle_files;
    if (std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
  }
}

// Opens the torrent on a thread of its own while the window (from the first second) and the
// status line show each phase. A quit there (q, Esc, the window closed) is the program's quit,
// as a signal is: every wait of the opening carries quit_token().
int open_with_startup_screen(const PlayCommandLine& cmd, Viewer& viewer, TorrentInput& torrent) {
  StartupStatus startup(stream::is_magnet_uri(cmd.input) ? StartupStatus::Stage::metadata
                                                         : StartupStatus::Stage::opening);
  int code = -1;
  {
    std::jthread opening([&] {
      code = open_torrent_input(cmd, torrent, startup);
      startup.finish();
    });
    const auto end = viewer.player->show_startup([&] { return startup.finished(); },
                                                 [&] { return startup.phase(); });
    if (end == player::StartupEnd::quit) request_quit();
  }
  if (code < 0 && quit_token().stop_requested()) return 0;
  return code;
}

}  // namespace

int run_play(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(kPlayUsage, stdout);
    return 0;
  }
  auto parsed = parse_play_command_line(args);
  if (!parsed) return fail(parsed.error().message + " (see 'swarmtv play --help')", 2);
  const int code = run_play(*parsed);
  // As mpv: a quit by SIGINT or SIGTERM ends with kExitSignalled, a quit by the viewer with 0,
  // so a script can tell the two apart. After the end of the file (--keep-seeding) a signal is
  // how seeding ends: 0.
  return code == 0 && g_interrupted && !g_seeding_after_play ? kExitSignalled : code;
}

int run_play(PlayCommandLine& cmd) {
  cmd.player.interrupted = quit_token();
  // Data from a swarm arrives at its pace: buffer after the first picture rather than stall
  // right after it. A local file is there at once.
  const bool torrent_input = stream::is_torrent_input(cmd.input);
  cmd.player.cache_pause_initial = cmd.cache_pause_initial.value_or(torrent_input);
  if (!torrent_input) {
    if (cmd.torrent.list) return fail("--list needs a .torrent file or a magnet link", 2);
    auto file = decoder::FileByteSource::open(cmd.input);
    if (!file) return fail(file.error().message);
    add_subtitles_beside(cmd);
    Viewer viewer(cmd);
    return play_source(cmd, viewer, **file);
  }
  TorrentInput torrent;
  // --list prints and ends: no window.
  if (cmd.torrent.list) cmd.player.video_output = "null";
  Viewer viewer(cmd);
  if (int code = open_with_startup_screen(cmd, viewer, torrent); code >= 0) return code;
  if (torrent.season) return play_bundle(cmd, viewer, *torrent.season);
  stream::TorrentByteSource* source = torrent.source.get();
  cmd.item.status_text = [source] { return stream::format_viewer_status(source->status()); };
  cmd.item.opening_phase = StartupStatus::buffering_of(*source);
  return play_source(cmd, viewer, *source, source, torrent.torrent);
}

}  // namespace swarmtv::app

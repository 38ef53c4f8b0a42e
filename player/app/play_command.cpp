// `swarmtv play`: a local file, a .torrent or a magnet link, through the same player.
#include <cstdio>
#include <memory>
#include <optional>

#include <boost/asio/ip/address.hpp>

#include "bundle_playback.h"
#include "commands.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/decoder/trace.h"
#include "swarmtv/player/input_commands.h"
#include "swarmtv/player/play_command_line.h"
#include "swarmtv/player/player.h"
#include "swarmtv/stream/open_stream.h"
#include "swarmtv/stream/stream_status.h"

namespace swarmtv::app {

namespace {

bool parse_peer(const std::string& text, lt::tcp::endpoint& out) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  boost::system::error_code ec;
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const auto address = boost::asio::ip::make_address(host, ec);
  const long port = std::strtol(text.c_str() + colon + 1, nullptr, 10);
  if (ec || port <= 0 || port > 65535) return false;
  out = lt::tcp::endpoint(address, static_cast<unsigned short>(port));
  return true;
}

// Everything a torrent input needs to stay alive while it plays.
struct TorrentInput {
  std::unique_ptr<stream::Session> session;
  stream::OpenedStream opened;
  std::optional<lt::file_index_t> manifest;  // set when the torrent is a season bundle
};

int open_torrent(const player::PlayCommandLine& cmd, TorrentInput& input) {
  stream::SessionOptions session_options;
  session_options.loopback = cmd.torrent.loopback;
  if (!cmd.torrent.download_dir.empty()) session_options.download_dir = cmd.torrent.download_dir;
  session_options.upload_rate_limit = int(cmd.torrent.upload_limit);
  input.session = std::make_unique<stream::Session>(session_options);
  decoder::trace("play: session started");

  stream::AddOptions add;
  for (const std::string& peer : cmd.torrent.peers) {
    lt::tcp::endpoint endpoint;
    if (!parse_peer(peer, endpoint)) return fail("--peer: '" + peer + "' is not HOST:PORT", 2);
    add.peers.push_back(endpoint);
  }
  auto torrent = input.session->add(cmd.input, add);
  if (!torrent) return fail(torrent.error().message);
  const bool tty = cmd.player.status_line;
  auto status = (*torrent)->wait_for_metadata(
      std::chrono::milliseconds(long(cmd.torrent.metadata_timeout * 1000)),
      [tty](const stream::MetadataProgress& p) {
        if (tty)
          std::fprintf(stderr, "\r\033[KFetching metadata... %lds, %d peers",
                       long(p.elapsed.count() / 1000), p.peers);
      });
  if (tty) std::fputs("\r\033[K", stderr);
  if (!status) return fail(status.error().message);
  decoder::trace("play: metadata here");
  input.opened.torrent = *torrent;
  if (!cmd.bundle.plain) {
    if (auto manifest = find_manifest(**torrent)) {
      if (!cmd.torrent.file.empty())
        return fail(
            "this torrent is a season bundle: choose an episode with --episode N "
            "(--plain plays its files without tiers)",
            2);
      input.manifest = *manifest;
      return -1;
    }
  }
  if (cmd.torrent.list) {
    std::fputs(stream::format_file_list((*torrent)->files()).c_str(), stdout);
    return 0;
  }
  auto file = (*torrent)->select_file(cmd.torrent.file);
  if (!file) return fail(file.error().message);
  auto source = (*torrent)->open(*file);
  if (!source) return fail(source.error().message);
  decoder::trace("play: file {} opened", static_cast<int>(*file));
  input.opened.torrent = *torrent;
  input.opened.source = std::move(*source);
  return -1;  // go on and play
}

}  // namespace

int run_play(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(player::kPlayUsage, stdout);
    return 0;
  }
  player::PlayCommandLine cmd;
  std::string error;
  if (!player::parse_play_command_line(args, cmd, error))
    return fail(error + " (see 'swarmtv play --help')", 2);

  // Data from a swarm arrives at its pace: buffer after the first picture rather than stall
  // right after it. A local file is there at once.
  cmd.player.cache_pause_initial =
      cmd.cache_pause_initial.value_or(stream::is_torrent_input(cmd.input));
  TorrentInput torrent;
  std::unique_ptr<decoder::FileByteSource> file;
  decoder::ByteSource* source = nullptr;
  if (stream::is_torrent_input(cmd.input)) {
    if (int code = open_torrent(cmd, torrent); code >= 0) return code;
    if (torrent.manifest) {
      cmd.player.interrupted = &g_interrupted;
      int code;
      player::PlaybackStats stats;
      {
        player::Player player(cmd.player);
        std::optional<player::InputFileReader> input;
        if (!cmd.input_file.empty()) input.emplace(cmd.input_file, player);
        player::BundleArgs bundle = cmd.bundle;
        bundle.list = cmd.torrent.list;
        code = play_bundle_episode(player, torrent.opened.torrent, *torrent.manifest, bundle,
                                   cmd.item);
        stats = player.stats();
      }
      if (!cmd.stats_json.empty() && !stats.write(cmd.stats_json, error)) return fail(error);
      return code;
    }
    source = torrent.opened.source.get();
    stream::TorrentByteSource* ts = torrent.opened.source.get();
    cmd.item.status_text = [ts] { return stream::format_status_line(ts->status()); };
  } else {
    if (cmd.torrent.list) return fail("--list needs a .torrent file or a magnet link", 2);
    file = decoder::FileByteSource::open(cmd.input, error);
    if (!file) return fail(error);
    source = file.get();
  }
  cmd.item.title = source->describe();
  cmd.player.interrupted = &g_interrupted;

  player::PlayResult result;
  player::PlaybackStats stats;
  {
    player::Player player(cmd.player);
    std::optional<player::InputFileReader> input;
    if (!cmd.input_file.empty()) input.emplace(cmd.input_file, player);
    result = player.play(*source, cmd.item);
    stats = player.stats();
  }
  for (const std::string& w : stats.warnings)
    std::fprintf(stderr, "swarmtv: warning: %s\n", w.c_str());
  if (!cmd.stats_json.empty() && !stats.write(cmd.stats_json, error)) return fail(error);
  if (result.reason == player::EndReason::error) return fail(result.error);
  return 0;
}

}  // namespace swarmtv::app

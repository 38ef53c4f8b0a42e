// `swarmtv serve`: stream a .torrent or magnet link over HTTP to any player.
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "commands.h"
#include "serve_command_line.h"
#include "swarmtv/http/catalog.h"
#include "swarmtv/http/server.h"
#include "swarmtv/stream/open_stream.h"
#include "swarmtv/stream/session.h"

namespace swarmtv::app {

int run_serve(const std::vector<std::string>& args) {
  auto parsed = parse_serve_command_line(args);
  if (!parsed) return fail(parsed.error().message + " (see 'swarmtv serve --help')", 2);
  const ServeCommandLine& cmd = *parsed;
  if (cmd.help) {
    std::fputs(kServeUsage, stdout);
    return 0;
  }

  stream::SessionOptions session_options;
  session_options.loopback = cmd.loopback;
  if (!cmd.download_dir.empty()) session_options.download_dir = cmd.download_dir;
  // Declared before the server so it outlives it: the server must stop before the session.
  stream::Session session(session_options);
  stream::OpenOptions open;
  open.peers = cmd.peers;
  open.metadata_timeout = cmd.metadata_timeout;
  open.on_metadata_progress = [](const stream::MetadataProgress& p) {
    std::fprintf(stderr, "swarmtv: fetching metadata... %lds, %d peers\n",
                 long(p.elapsed.count() / 1000), p.peers);
  };
  open.interrupted = quit_token();
  auto torrent = stream::open_torrent(session, cmd.input, open);
  if (g_interrupted) return 0;
  if (!torrent) return fail(torrent.error().message);

  http::CatalogOptions catalog_options;
  catalog_options.trust_file = cmd.trust_file;
  catalog_options.licence_dir = cmd.licence_dir;
  catalog_options.interrupted = quit_token();
  auto catalog = http::build_catalog(*torrent, catalog_options);
  if (g_interrupted) return 0;
  if (!catalog) return fail(catalog.error().message);
  if (!catalog->tier.empty())
    std::fprintf(stderr, "swarmtv: %s tier: %s\n", catalog->tier.c_str(),
                 catalog->tier_explanation.c_str());

  http::ServerOptions server_options;
  server_options.host = cmd.host;
  server_options.port = cmd.port;
  http::Server server(*torrent, std::move(*catalog), server_options);
  if (auto started = server.start(); !started) return fail(started.error().message);
  std::printf("Serving %s at %s\n", (*torrent)->name().c_str(), server.url().c_str());
  std::printf("  playlist: %splaylist.m3u\n", server.url().c_str());
  std::fflush(stdout);
  while (!g_interrupted) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.stop();
  return 0;
}

}  // namespace swarmtv::app

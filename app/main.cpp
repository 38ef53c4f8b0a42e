// The swarmtv command line: one binary, one subcommand per job.
#include <SDL2/SDL.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

extern "C" {
#include <libavutil/log.h>
}

#include "commands.h"
#include "swarmtv/decoder/ffmpeg_limits.h"
#include "swarmtv/stream/tls_trust.h"

namespace {

using namespace swarmtv;

void on_signal(int) {
  app::g_interrupted = true;
}

const char* const kUsage =
    "usage: swarmtv <command> [arguments]\n"
    "  play <file|.torrent|magnet:> [options]   watch (see 'swarmtv play --help')\n"
    "  seed <file|dir|.torrent> [options]       seed and print the magnet link\n"
    "  serve <.torrent|magnet:> [options]       stream its files over HTTP (see 'swarmtv serve "
    "--help')\n"
    "  help                                     this text\n";

}  // namespace

int main(int argc, char** argv) {
  // Before any thread: it may set SSL_CERT_FILE (saves ~35 ms of every session's start).
  stream::prefer_lazy_ca_lookup();
  std::vector<std::string> args(argv + 1, argv + argc);
  // FFmpeg's own messages would drown the one-line errors swarmtv prints itself.
  av_log_set_level(std::getenv("SWARMTV_FFMPEG_LOG") ? AV_LOG_INFO : AV_LOG_QUIET);
  decoder::limit_ffmpeg_allocations();
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const std::jthread signal_watcher = app::watch_for_signals();
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::FILE* out = args.empty() ? stderr : stdout;
    std::fputs(kUsage, out);
    std::fputs(app::kPublisherUsage, out);
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  int code;
  if (command == "play") {
    if (SDL_Init(0) != 0) return app::fail(std::string("cannot start SDL: ") + SDL_GetError());
    code = app::run_play(rest);
    SDL_Quit();
  } else if (command == "serve") {
    code = app::run_serve(rest);
  } else if (command == "seed") {
    code = app::run_seed(rest);
  } else if ((code = app::run_publisher_command(command, rest)) < 0) {
    std::fputs(kUsage, stderr);
    code = app::fail("unknown command '" + command + "'", 2);
  }
  return code;
}

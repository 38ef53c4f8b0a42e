// The swarmtv command line: one binary, one subcommand per job.
#include <SDL2/SDL.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

extern "C" {
#include <libavutil/log.h>
}

#include "publisher_commands.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/player/play_command_line.h"
#include "swarmtv/player/player.h"

namespace {

using namespace swarmtv;

std::atomic<bool> g_interrupted{false};

void on_signal(int) {
  g_interrupted = true;
}

int fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "swarmtv: %s\n", message.c_str());
  return code;
}

const char* const kUsage =
    "usage: swarmtv <command> [arguments]\n"
    "  play <input> [options]   play a video file (see 'swarmtv play --help')\n"
    "  help                     this text\n";

int run_play(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(player::kPlayUsage, stdout);
    return 0;
  }
  player::PlayCommandLine cmd;
  std::string error;
  if (!player::parse_play_command_line(args, cmd, error))
    return fail(error + " (see 'swarmtv play --help')", 2);

  auto source = decoder::FileByteSource::open(cmd.input, error);
  if (!source) return fail(error);
  cmd.item.title = source->describe();
  cmd.player.interrupted = &g_interrupted;

  player::PlayResult result;
  player::PlaybackStats stats;
  {
    player::Player player(cmd.player);
    result = player.play(*source, cmd.item);
    stats = player.stats();
  }
  for (const std::string& w : stats.warnings)
    std::fprintf(stderr, "swarmtv: warning: %s\n", w.c_str());
  if (!cmd.stats_json.empty() && !stats.write(cmd.stats_json, error)) return fail(error);
  if (result.reason == player::EndReason::error) return fail(result.error);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // FFmpeg's own messages would drown the one-line errors swarmtv prints itself.
  av_log_set_level(std::getenv("SWARMTV_FFMPEG_LOG") ? AV_LOG_INFO : AV_LOG_QUIET);
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    std::fputs(cli::kPublisherUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (SDL_Init(0) != 0) return fail(std::string("cannot start SDL: ") + SDL_GetError());
  int code;
  if (command == "play")
    code = run_play(rest);
  else if ((code = cli::run_publisher_command(command, rest)) < 0)
    code = fail("unknown command '" + command + "'\n" + kUsage + cli::kPublisherUsage, 2);
  SDL_Quit();
  return code;
}

// The subcommands of the swarmtv executable, each parsing its own arguments with CommandArgs.
#pragma once

#include <atomic>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace swarmtv::app {

// `swarmtv play`'s exit status after a quit by SIGINT or SIGTERM (mpv's "Quit due to a signal").
// Errors are 1, usage errors 2; `serve` and `seed` end with 0 on a signal, as daemons do.
inline constexpr int kExitSignalled = 4;

// Set by SIGINT/SIGTERM: stop as if the viewer quit. (A signal handler can only store to a
// lock-free atomic; it cannot trigger a stop_source, whose callbacks take locks.)
extern std::atomic<bool> g_interrupted;
// Triggered within about 20 ms of g_interrupted, by the thread watch_for_signals() starts: every
// blocking wait and read of a command carries it, so a signal ends the command in any phase.
std::stop_token quit_token();
// Ends the command as a signal would (the viewer quit the start-up screen): triggers
// quit_token().
void request_quit();
// Starts that watcher (main() does, once); it ends with the returned thread.
std::jthread watch_for_signals();

int run_play(const std::vector<std::string>& args);
struct PlayCommandLine;
// `swarmtv play` of a parsed command line (tests set PlayerOptions hooks on it first).
int run_play(PlayCommandLine& cmd);
int run_seed(const std::vector<std::string>& args);
// Serves a .torrent or magnet link over HTTP until SIGINT/SIGTERM (g_interrupted). Returns the
// exit status: 0 after an interrupt, 1 on errors, 2 on bad arguments.
int run_serve(const std::vector<std::string>& args);
// keygen, bundle, licence, trust; -1 when `command` is none of them.
int run_publisher_command(const std::string& command, const std::vector<std::string>& args);
extern const char* const kPublisherUsage;

// Prints "swarmtv: <message>" on stderr and returns `code`.
int fail(const std::string& message, int code = 1);

}  // namespace swarmtv::app

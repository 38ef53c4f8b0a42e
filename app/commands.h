// The subcommands of the swarmtv executable, each parsing its own arguments with CommandArgs.
#pragma once

#include <atomic>
#include <string>
#include <vector>

namespace swarmtv::app {

// Set by SIGINT/SIGTERM: stop as if the viewer quit.
extern std::atomic<bool> g_interrupted;

int run_play(const std::vector<std::string>& args);
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

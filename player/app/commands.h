// The subcommands of the swarmtv executable that live in player/app.
#pragma once

#include <atomic>
#include <string>
#include <vector>

namespace swarmtv::app {

// Set by SIGINT/SIGTERM: stop as if the viewer quit.
extern std::atomic<bool> g_interrupted;

int run_play(const std::vector<std::string>& args);
int run_seed(const std::vector<std::string>& args);

// Prints "swarmtv: <message>" on stderr and returns `code`.
int fail(const std::string& message, int code = 1);

}  // namespace swarmtv::app

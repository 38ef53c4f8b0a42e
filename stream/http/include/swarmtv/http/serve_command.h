// `swarmtv serve`, defined in player/app/serve_command.cpp (the swarmtv executable's commands
// live there; this declaration sits here so main.cpp needs no other header).
#pragma once

#include <string>
#include <vector>

namespace swarmtv::app {

// Serves a .torrent or magnet link over HTTP until SIGINT/SIGTERM (g_interrupted). Returns the
// exit status: 0 after an interrupt, 1 on errors, 2 on bad arguments.
int run_serve(const std::vector<std::string>& args);

}  // namespace swarmtv::app

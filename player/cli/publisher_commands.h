// The publisher's subcommands of `swarmtv`: keygen, bundle create, licence issue/add.
#pragma once

#include <string>
#include <vector>

namespace swarmtv::cli {

// Runs `swarmtv <command> <args...>` if `command` is a publisher command and returns its exit
// status; returns -1 if `command` is not one of them.
int run_publisher_command(const std::string& command, const std::vector<std::string>& args);

// Lines for `swarmtv help`.
extern const char* const kPublisherUsage;

}  // namespace swarmtv::cli

// Text commands for the player, read from a file or a FIFO (`--input-file`), as mpv's input
// commands: scripts, tests and benchmarks drive a headless player with them.
//
//   seek <value> [relative|absolute|absolute-percent|relative-percent] [exact|keyframes]
//   cycle pause | cycle sub [up|down] | cycle sub-visibility | frame-step | screenshot | skip
//   quit
//
// One command a line; empty lines and lines starting with '#' are ignored.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "swarmtv/base/result.h"
#include "swarmtv/player/command.h"

namespace swarmtv::player {

class Player;

// Parses one line: the command, nullopt for a blank line or a comment, or an invalid_argument
// with a one-line message for an unknown or malformed command.
Result<std::optional<Command>> parse_input_command(std::string_view line);

// Reads commands from `path` ("-" for standard input) on its own thread and posts them to the
// player; a malformed line is reported on stderr and skipped. Stops at end of file or when
// destroyed (it polls, so a FIFO that never closes does not keep it alive).
class InputFileReader {
 public:
  InputFileReader(std::string path, Player& player);
  ~InputFileReader();
  InputFileReader(const InputFileReader&) = delete;
  InputFileReader& operator=(const InputFileReader&) = delete;

 private:
  void run();

  std::string path_;
  Player& player_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace swarmtv::player

#include "commands.h"

#include <chrono>
#include <cstdio>

namespace swarmtv::app {

std::atomic<bool> g_interrupted{false};

namespace {

std::stop_source& quit_source() {
  static std::stop_source source;
  return source;
}

}  // namespace

std::stop_token quit_token() {
  return quit_source().get_token();
}

void request_quit() {
  quit_source().request_stop();
}

std::jthread watch_for_signals() {
  return std::jthread([](std::stop_token stop) {
    while (!stop.stop_requested()) {
      if (g_interrupted) {
        quit_source().request_stop();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
}

int fail(const std::string& message, int code) {
  // A message may quote bytes from a file or a peer (a field name, a file name): no control
  // character of theirs reaches the terminal.
  std::string printable = message;
  for (char& c : printable)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) c = '?';
  std::fprintf(stderr, "swarmtv: %s\n", printable.c_str());
  return code;
}

}  // namespace swarmtv::app

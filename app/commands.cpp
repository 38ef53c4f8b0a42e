#include "commands.h"

#include <cstdio>

namespace swarmtv::app {

std::atomic<bool> g_interrupted{false};

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

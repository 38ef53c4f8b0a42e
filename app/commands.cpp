#include "commands.h"

#include <cstdio>

namespace swarmtv::app {

std::atomic<bool> g_interrupted{false};

int fail(const std::string& message, int code) {
  std::fprintf(stderr, "swarmtv: %s\n", message.c_str());
  return code;
}

}  // namespace swarmtv::app

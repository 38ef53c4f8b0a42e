#include "swarmtv/base/trace.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace swarmtv {

namespace {

// Static initialisation runs before main(): close enough to the launch for a timeline.
const auto g_start = std::chrono::steady_clock::now();
const bool g_enabled = std::getenv("SWARMTV_TRACE") != nullptr;

}  // namespace

bool trace_enabled() {
  return g_enabled;
}

void trace_line(std::string_view text) {
  static std::mutex mutex;
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - g_start).count();
  std::lock_guard lock(mutex);
  std::fprintf(stderr, "[%8.1f ms] %.*s\n", ms, static_cast<int>(text.size()), text.data());
}

}  // namespace swarmtv

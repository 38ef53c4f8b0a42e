#pragma once
// A timeline for diagnosing start-up and seek latency across layers: with SWARMTV_TRACE set in
// the environment, each call prints "[  123.4 ms] <what>" (time since the process started) to
// stderr. Off by default; then a call costs one relaxed load.
#include <string_view>

#include <fmt/format.h>

namespace swarmtv {

// True when SWARMTV_TRACE is set (read once).
bool trace_enabled();

// Prints one line with the elapsed time since the first trace_enabled() call or program start.
void trace_line(std::string_view text);

template <typename... Args>
void trace(fmt::format_string<Args...> format, Args&&... args) {
  if (trace_enabled()) trace_line(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace swarmtv

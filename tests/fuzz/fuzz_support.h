// Shared by the libFuzzer targets: the input as text, and a check that stops the run with a
// message (a broken invariant is a finding, like a crash).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace swarmtv::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

[[noreturn]] inline void check_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
  std::abort();
}

// What a one-line message to a terminal may hold: no control character (a newline included) and
// no DEL, whatever bytes the input quoted.
inline bool printable(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

#define SWARMTV_FUZZ_CHECK(cond) \
  ((cond) ? (void)0 : ::swarmtv::fuzz::check_failed(#cond, __FILE__, __LINE__))

}  // namespace swarmtv::fuzz

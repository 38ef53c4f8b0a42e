// For quoting untrusted bytes (a key name, a file name from a manifest or a season.json) in a
// one-line message that reaches a terminal: every control character, newlines included, and DEL
// become '?', so no file can move the cursor, recolour the terminal or add a line.
#pragma once

#include <string>
#include <string_view>

namespace swarmtv {

inline std::string printable_text(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

}  // namespace swarmtv

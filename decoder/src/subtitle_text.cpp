#include "swarmtv/decoder/subtitle_text.h"

#include <string>

namespace swarmtv::decoder {

namespace {

constexpr int kFieldsBeforeText = 8;

// Inside an override block: does it switch drawing mode on ("\p1") or off ("\p0")?
void note_drawing_mode(std::string_view block, bool& drawing) {
  // "\pos" and "\pbo" also start with "\p"; only a digit makes it the drawing tag.
  for (std::size_t i = 0; i + 2 < block.size(); ++i)
    if (block[i] == '\\' && block[i + 1] == 'p' && block[i + 2] >= '0' && block[i + 2] <= '9')
      drawing = block[i + 2] != '0';
}

// Each line trimmed of spaces, blank lines dropped.
std::string trim_lines(std::string_view text) {
  std::string out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(begin, end - begin);
    const auto first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos) {
      if (!out.empty()) out += '\n';
      out += line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    }
    begin = end + 1;
  }
  return out;
}

}  // namespace

std::string ass_plain_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool drawing = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{') {
      const std::size_t close = text.find('}', i);
      if (close == std::string_view::npos) break;  // an unterminated block hides the rest
      note_drawing_mode(text.substr(i + 1, close - i - 1), drawing);
      i = close;
      continue;
    }
    if (drawing) continue;
    if (c == '\\' && i + 1 < text.size()) {
      const char n = text[i + 1];
      if (n == 'N' || n == 'n') {
        out += '\n';
        ++i;
        continue;
      }
      if (n == 'h') {
        out += ' ';
        ++i;
        continue;
      }
    }
    if (c == '\r') continue;
    out += c;
  }
  return trim_lines(out);
}

std::string ass_event_text(std::string_view event) {
  std::size_t at = 0;
  for (int field = 0; field < kFieldsBeforeText; ++field) {
    at = event.find(',', at);
    if (at == std::string_view::npos) return {};
    ++at;
  }
  return ass_plain_text(event.substr(at));
}

}  // namespace swarmtv::decoder

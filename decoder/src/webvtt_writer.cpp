#include "swarmtv/decoder/webvtt_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace swarmtv::decoder {

namespace {

std::string timestamp(MediaTime t) {
  const long long ms = (std::max(t, MediaTime(0)).count() + 500) / 1000;  // to the nearest ms
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60,
                ms / 1000 % 60, ms % 1000);
  return buf;
}

std::string escape_cue_text(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (c == '\n') {
      if (line_start) continue;  // a blank line would end the cue
      line_start = true;
      out += c;
      continue;
    }
    line_start = false;
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c != '\r')
      out += c;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

std::string webvtt_header() {
  return "WEBVTT\n";
}

std::string webvtt_cue(const SubtitleCue& cue) {
  const std::string text = escape_cue_text(cue.text);
  if (text.empty()) return {};
  return "\n" + timestamp(cue.start) + " --> " + timestamp(cue.end) + "\n" + text + "\n";
}

std::string to_webvtt(const std::vector<SubtitleCue>& cues) {
  std::string out = webvtt_header();
  for (const SubtitleCue& cue : cues) out += webvtt_cue(cue);
  return out;
}

}  // namespace swarmtv::decoder

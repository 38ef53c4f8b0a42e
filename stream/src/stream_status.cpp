#include "swarmtv/stream/stream_status.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>

namespace swarmtv::stream {

namespace {

// `value` in the first of `units` (largest first) it reaches, else in plain units.
struct Unit {
  double from;
  const char* format;  // printf of value / from
};
std::string format_scaled(std::int64_t value, std::initializer_list<Unit> units,
                          const char* plain) {
  char buf[32];
  const double v = static_cast<double>(value);
  for (const Unit& u : units)
    if (v >= u.from) {
      std::snprintf(buf, sizeof buf, u.format, v / u.from);
      return buf;
    }
  std::snprintf(buf, sizeof buf, plain, static_cast<long long>(value));
  return buf;
}

}  // namespace

std::string format_rate(std::int64_t bytes_per_second) {
  return format_scaled(bytes_per_second, {{1e6, "%.1f MB/s"}, {1e3, "%.0f kB/s"}}, "%lld B/s");
}

namespace {

std::string swarm_part(const StreamStatus& status) {
  return "peers " + std::to_string(status.peers) + " \xE2\x86\x93 " +
         format_rate(status.download_rate) + " \xE2\x86\x91 " + format_rate(status.upload_rate);
}

// "3 min", "45 s", "2 h 05 min".
std::string format_duration_left(double seconds) {
  const long s = long(std::ceil(seconds));
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%ld s", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%ld min", (s + 59) / 60);
  else
    std::snprintf(buf, sizeof buf, "%ld h %02ld min", s / 3600, (s % 3600 + 59) / 60);
  return buf;
}

}  // namespace

std::string format_size(std::int64_t bytes) {
  return format_scaled(bytes, {{1e9, "%.1f GB"}, {1e6, "%.0f MB"}, {1e3, "%.0f kB"}}, "%lld B");
}

std::string format_viewer_status(const StreamStatus& status) {
  std::string line = swarm_part(status);
  if (status.file_size <= 0) return line;
  if (status.file_progress >= 1.0) return line + " \xC2\xB7 downloaded";
  const int percent = std::clamp(int(status.file_progress * 100), 0, 99);
  line += " \xC2\xB7 " + std::to_string(percent) + "% of " + format_size(status.file_size);
  if (status.download_rate > 0) {
    const double left = (1.0 - status.file_progress) * double(status.file_size);
    line += ", " + format_duration_left(left / double(status.download_rate)) + " left";
  }
  return line;
}

std::string format_status_line(const StreamStatus& status) {
  std::string line = swarm_part(status);
  if (status.buffering) {
    line += " buffering " + std::to_string(static_cast<int>(status.buffering_progress * 100)) + "%";
    if (status.estimated_wait_seconds)
      line +=
          " ~" + std::to_string(static_cast<int>(std::ceil(*status.estimated_wait_seconds))) + "s";
  }
  if (!status.error.empty()) line += " error: " + status.error;
  return line;
}

}  // namespace swarmtv::stream

#include "swarmtv/stream/stream_status.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace swarmtv::stream {

std::string format_rate(std::int64_t bytes_per_second) {
  char buf[32];
  const double v = static_cast<double>(bytes_per_second);
  if (v >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1f MB/s", v / 1e6);
  else if (v >= 1e3)
    std::snprintf(buf, sizeof buf, "%.0f kB/s", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%lld B/s", static_cast<long long>(bytes_per_second));
  return buf;
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
  char buf[32];
  const double v = static_cast<double>(bytes);
  if (v >= 1e9)
    std::snprintf(buf, sizeof buf, "%.1f GB", v / 1e9);
  else if (v >= 1e6)
    std::snprintf(buf, sizeof buf, "%.0f MB", v / 1e6);
  else if (v >= 1e3)
    std::snprintf(buf, sizeof buf, "%.0f kB", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
  return buf;
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

#include "swarmtv/stream/stream_status.h"

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

std::string format_status_line(const StreamStatus& status) {
  std::string line = "peers " + std::to_string(status.peers) + " \xE2\x86\x93 " +
                     format_rate(status.download_rate) + " \xE2\x86\x91 " +
                     format_rate(status.upload_rate);
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

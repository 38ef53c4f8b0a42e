#include "swarmtv/player/osd_state.h"

#include <cstdio>

namespace swarmtv::player {

std::string format_time(std::optional<MediaTime> time) {
  if (!time || *time < MediaTime(0)) return "--:--";
  const long total = long(std::chrono::duration_cast<std::chrono::seconds>(*time).count());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  return buf;
}

std::optional<double> OsdState::played_fraction() const {
  if (!position || !duration || *duration <= MediaTime(0)) return std::nullopt;
  return media_time_ratio(*position, *duration);
}

}  // namespace swarmtv::player

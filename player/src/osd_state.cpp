#include "swarmtv/player/osd_state.h"

#include <cstdio>

namespace swarmtv::player {

std::string format_time(double seconds) {
  if (std::isnan(seconds) || seconds < 0) return "--:--";
  const long total = long(seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  return buf;
}

}  // namespace swarmtv::player

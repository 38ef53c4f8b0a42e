// The one media-time type: a position or a duration inside a piece of media, in integral
// microseconds (as in Media3), so positions compare exactly and content resumes on the exact
// frame asked for. The clocks of the decoder and player run in double seconds (FFmpeg's time
// bases, SDL's audio callback); they cross into MediaTime only through these two functions.
#pragma once

#include <chrono>
#include <cmath>

namespace swarmtv {

using MediaTime = std::chrono::microseconds;

// Rounds to the nearest microsecond (a truncation would put 0.3 s at 299999 us).
inline MediaTime seconds_to_media_time(double seconds) {
  return MediaTime(std::llround(seconds * 1e6));
}

inline double media_time_to_seconds(MediaTime t) {
  return static_cast<double>(t.count()) / 1e6;
}

}  // namespace swarmtv

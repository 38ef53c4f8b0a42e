// The one media-time type: a position or a duration inside a piece of media, in integral
// microseconds (as in Media3, and FFmpeg's AV_TIME_BASE), so positions compare exactly and
// content resumes on the exact frame asked for.
//
// Every module stores and passes media time as MediaTime: the decoder's frames, cues, seeks and
// MediaInfo, the player's clocks, items, results and OSD, the ads schedule, the watch-later
// store. An unknown time is an empty std::optional<MediaTime>, never a magic value. Double
// seconds remain for wall-clock time only (timers, waits, device latency, process time) and
// for what people read and write: options (--start=12.5), JSON, the OSD's text. They cross
// with the two functions below.
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

// `part` as a share of `whole` (a position of a duration, a buffer of its goal); `whole` > 0.
inline double media_time_ratio(MediaTime part, MediaTime whole) {
  return static_cast<double>(part.count()) / static_cast<double>(whole.count());
}

// "No end in sight": the buffer holds the rest of the media, nothing more is to come.
inline constexpr MediaTime kEndOfMedia = MediaTime::max();

}  // namespace swarmtv

// What the on-screen display shows this instant; the player fills it, the outputs draw it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "swarmtv/base/media_time.h"

namespace swarmtv::player {

struct OsdRange {
  double begin = 0.0;  // fractions of the duration, 0..1
  double end = 0.0;
};

struct OsdMarker {
  double at = 0.0;  // fraction of the duration
  bool done = false;
};

// The Skip button of a sponsor clip: "Skip in 3" (greyed) until its offset, then "Skip".
struct SkipButton {
  std::string text;
  bool enabled = false;
};

struct OsdState {
  std::optional<MediaTime> position;
  std::optional<MediaTime> duration;  // unknown if the container does not say
  bool show_bar = false;
  std::vector<OsdRange> buffered;        // downloaded/available parts of the input
  std::vector<OsdMarker> markers;        // e.g. ad breaks (played ones are `done`)
  std::optional<int> buffering_percent;  // set while playback waits for data
  std::string message;                   // transient (volume, seek, pause)
  std::string corner;                    // persistent top-left line (e.g. "Ad 1 of 2 · 0:12")
  std::string title;                     // "Starlane · The Long Orbit", shown with the bar
  std::string status;                    // peers and rates, shown with the bar
  std::optional<SkipButton> skip;        // bottom right; a click asks the controller to skip
  std::string subtitle;                  // the subtitle showing now (lines split by '\n')
  // Before the first picture (StartupPhase): the phase, centred, and a hint under it.
  std::string phase;
  std::string phase_hint;

  // position / duration; nullopt unless both are known and the duration is positive.
  std::optional<double> played_fraction() const;
};

// "01:02:03" for a media time; "--:--" when unknown (or negative).
std::string format_time(std::optional<MediaTime> time);

}  // namespace swarmtv::player

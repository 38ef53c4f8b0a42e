#pragma once

namespace swarmtv::player {

// The OSD's and the subtitles' face: DejaVu Sans, from Debian's fonts-dejavu-core, which covers
// Latin, Greek and Cyrillic. Without it the OSD draws no text (the bar still draws).
inline constexpr const char* kOsdFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

}  // namespace swarmtv::player

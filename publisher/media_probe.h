// What `bundle create` measures in the publisher's media: durations and chapters with
// libavformat, and the integrated loudness of sponsor clips (EBU R128) with the `ffmpeg` CLI's
// ebur128 filter (a subprocess: it keeps libavfilter out of the build for one measurement).
#pragma once

#include <filesystem>
#include <vector>

#include "swarmtv/ads/time_offset.h"
#include "swarmtv/base/result.h"

namespace swarmtv::publisher {

struct MediaProbe {
  MediaTime duration{0};
  std::vector<MediaTime> chapter_starts;  // sorted, as in the container
  bool has_video = false;
  bool has_audio = false;
};

// Opens `file` with libavformat. Errors: unreadable, no audio or video stream, no duration.
Result<MediaProbe> probe_media(const std::filesystem::path& file);

// Integrated loudness of `file`'s first audio stream in LUFS (rounded to 0.1 as ffmpeg prints
// it; -70 for silence). Runs `ffmpeg -af ebur128`; an error if ffmpeg is missing or fails.
Result<double> measure_loudness_lufs(const std::filesystem::path& file);

}  // namespace swarmtv::publisher

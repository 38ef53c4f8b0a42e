// Text subtitles as they cross the decoder/player boundary: cues as plain text, and what a
// track is. Only text formats are decoded (SubRip, ASS/SSA, mov_text, WebVTT); bitmap formats
// (PGS, DVD) are not offered as tracks.
#pragma once

#include <cstddef>
#include <string>

#include "swarmtv/base/media_time.h"

namespace swarmtv::decoder {

struct SubtitleCue {
  MediaTime start{0};
  MediaTime end{0};  // exclusive; always > start
  std::string text;  // plain UTF-8, lines separated by '\n', styling removed

  bool operator==(const SubtitleCue&) const = default;
};

struct SubtitleTrackInfo {
  std::string codec;     // FFmpeg's codec name ("subrip", "ass", "mov_text", "webvtt")
  std::string language;  // as the container says ("eng"); may be empty
  std::string title;     // may be empty
  bool is_default = false;
  bool forced = false;
  std::string file;  // the file an external track came from; empty for an embedded one
};

// Untrusted text gets bounded: a cue longer than this is cut (at a UTF-8 boundary), and a
// track keeps at most kMaxCues cues and kMaxTrackTextBytes of text (a feature film has about
// 1 500 cues and 100 KiB), so 32 tracks of a hostile file hold at most 128 MiB.
inline constexpr std::size_t kMaxCueTextBytes = 2048;
inline constexpr std::size_t kMaxSubtitleTracks = 32;  // of one file
inline constexpr std::size_t kMaxCues = 20000;
inline constexpr std::size_t kMaxTrackTextBytes = 4u << 20;

}  // namespace swarmtv::decoder

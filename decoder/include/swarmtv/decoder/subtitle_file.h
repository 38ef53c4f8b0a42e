// External subtitle files (.srt, .vtt, .ass/.ssa) read with FFmpeg's own demuxers and
// decoders, through a ByteSource like every other input: a local file or a file of a torrent.
//
// The text is untrusted: the file's size is capped, the demuxer is chosen by the name's
// extension (never probed, so a file cannot pass itself off as a playlist that opens URLs), and
// cues are bounded as in CueList.
#pragma once

#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>

#include "swarmtv/base/byte_source.h"
#include "swarmtv/base/result.h"
#include "swarmtv/decoder/cue_list.h"

namespace swarmtv::decoder {

inline constexpr std::int64_t kMaxSubtitleFileBytes = 16 << 20;

struct SubtitleFile {
  std::shared_ptr<CueList> cues;
  std::string codec;  // "subrip", "webvtt", "ass"
  long skipped = 0;   // events that could not be decoded or had no valid time
};

// Whether `name` ends in an extension read_subtitle_file() reads (case-insensitive).
bool is_subtitle_file_name(const std::string& name);

// Reads every cue of the file `source` holds; `name` (its file name) picks the format. A
// media_error with a one-line message for an unknown extension, a file over
// kMaxSubtitleFileBytes, one FFmpeg cannot open, or one without a single valid cue; cancelled if
// `stop` is triggered.
Result<SubtitleFile> read_subtitle_file(ByteSource& source, const std::string& name,
                                        std::stop_token stop = {});

}  // namespace swarmtv::decoder

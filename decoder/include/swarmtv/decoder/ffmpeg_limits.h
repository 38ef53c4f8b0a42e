// FFmpeg's process-wide allocation cap. Its demuxers size tables from fields of the file (an
// MP4's sample tables, a Matroska element's length): a hostile file names a gigabyte and FFmpeg
// allocates it. No picture, packet or index of a file swarmtv plays needs more than this (an 8K
// frame is 50 MB), so anything larger fails as the malformed input it is. Call once, before any
// thread runs FFmpeg (main, and each fuzz target).
#pragma once

#include <cstddef>

extern "C" {
#include <libavutil/mem.h>
}

namespace swarmtv::decoder {

inline constexpr std::size_t kMaxFfmpegAllocation = std::size_t(256) << 20;

inline void limit_ffmpeg_allocations() {
  av_max_alloc(kMaxFfmpegAllocation);
}

}  // namespace swarmtv::decoder

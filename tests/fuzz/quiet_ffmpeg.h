// For the targets that run FFmpeg: its log stays quiet, or every malformed input would print,
// and its allocations are capped as in swarmtv's main().
#pragma once

extern "C" {
#include <libavutil/log.h>
}

#include "swarmtv/decoder/ffmpeg_limits.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  av_log_set_level(AV_LOG_QUIET);
  swarmtv::decoder::limit_ffmpeg_allocations();
  return 0;
}

// For the targets that run FFmpeg: its log stays quiet, or every malformed input would print.
#pragma once

extern "C" {
#include <libavutil/log.h>
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  av_log_set_level(AV_LOG_QUIET);
  return 0;
}

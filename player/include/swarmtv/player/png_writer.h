// PNG files through FFmpeg's own encoder (no extra image library needed).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "swarmtv/base/result.h"

extern "C" {
#include <libavutil/frame.h>
}

namespace swarmtv::player {

// Writes packed RGB24 pixels; a media_error if encoding fails, an io_error if writing does.
Status write_png_rgb24(const std::filesystem::path& file, const std::uint8_t* pixels, int width,
                       int height, int stride);
// Converts any decoded picture to RGB24 (BT.601, as SDL shows it) and writes it (errors as above).
Status write_png_frame(const std::filesystem::path& file, const AVFrame& frame);

}  // namespace swarmtv::player

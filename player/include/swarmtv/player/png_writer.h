// PNG files through FFmpeg's own encoder (no extra image library needed).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

extern "C" {
#include <libavutil/frame.h>
}

namespace swarmtv::player {

// Writes packed RGB24 pixels.
bool write_png_rgb24(const std::filesystem::path& file, const std::uint8_t* pixels, int width,
                     int height, int stride, std::string& error);
// Converts any decoded picture to RGB24 (BT.601, as SDL shows it) and writes it.
bool write_png_frame(const std::filesystem::path& file, const AVFrame& frame, std::string& error);

}  // namespace swarmtv::player

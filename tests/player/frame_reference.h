// Reference pictures from the ffmpeg CLI, for comparing what the player showed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

extern "C" {
#include <libavutil/frame.h>
}

namespace swarmtv::test {

// The picture's yuv420p planes, packed (what `ffmpeg -f rawvideo -pix_fmt yuv420p` writes).
std::vector<std::uint8_t> packed_yuv420p(const AVFrame& frame);

// Frame number `index` of `file`'s first video stream, decoded by the ffmpeg CLI without
// seeking, as packed yuv420p.
std::vector<std::uint8_t> ffmpeg_frame_yuv(const std::filesystem::path& file, long index);

// PSNR in dB between two images of the same size, measured by ffmpeg's psnr filter.
double ffmpeg_psnr(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace swarmtv::test

#include "frame_reference.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "test_support.h"

namespace swarmtv::test {

std::vector<std::uint8_t> packed_yuv420p(const AVFrame& frame) {
  std::vector<std::uint8_t> out;
  const int cw = (frame.width + 1) / 2, ch = (frame.height + 1) / 2;
  const int widths[3] = {frame.width, cw, cw}, heights[3] = {frame.height, ch, ch};
  for (int p = 0; p < 3; ++p)
    for (int y = 0; y < heights[p]; ++y) {
      const std::uint8_t* row = frame.data[p] + std::ptrdiff_t(y) * frame.linesize[p];
      out.insert(out.end(), row, row + widths[p]);
    }
  return out;
}

std::vector<std::uint8_t> ffmpeg_frame_yuv(const std::filesystem::path& file, long index) {
  TempDir dir("ref");
  const auto out = dir / "frame.yuv";
  auto r = run("ffmpeg -nostdin -v error -i " + shell_quote(file.string()) +
               " -vf 'select=eq(n\\," + std::to_string(index) +
               ")' -fps_mode passthrough -frames:v 1 -f rawvideo -pix_fmt yuv420p " +
               shell_quote(out.string()));
  if (r.exit_code != 0) throw std::runtime_error("ffmpeg failed: " + r.output);
  std::ifstream in(out, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

double ffmpeg_psnr(const std::filesystem::path& a, const std::filesystem::path& b) {
  auto r = run("ffmpeg -nostdin -hide_banner -i " + shell_quote(a.string()) + " -i " +
               shell_quote(b.string()) + " -lavfi psnr -f null - 2>&1");
  const auto at = r.output.find("average:");
  if (at == std::string::npos) throw std::runtime_error("no PSNR in: " + r.output);
  const std::string value = r.output.substr(at + 8, r.output.find(' ', at) - at - 8);
  return value == "inf" ? 1000.0 : std::stod(value);
}

}  // namespace swarmtv::test

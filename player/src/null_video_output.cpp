#include "null_video_output.h"

#include "sdl_video_output.h"
#include "swarmtv/player/png_writer.h"

namespace swarmtv::player {

void NullVideoOutput::present(const AVFrame* frame, const OsdState&) {
  if (!frame) return;
  last_ = decoder::clone_frame(frame);
}

bool NullVideoOutput::screenshot(const std::filesystem::path& file, std::string& error) {
  if (!last_) {
    error = "no picture shown yet";
    return false;
  }
  return write_png_frame(file, *last_, error);
}

std::unique_ptr<VideoOutput> make_video_output(const std::string& name, std::string& error) {
  if (name == "null") return std::make_unique<NullVideoOutput>();
  if (name == "sdl" || name.empty()) return std::make_unique<SdlVideoOutput>();
  error = "unknown video output '" + name + "' (use sdl or null)";
  return nullptr;
}

}  // namespace swarmtv::player

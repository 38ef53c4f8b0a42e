#include "null_video_output.h"

#include "sdl_video_output.h"
#include "swarmtv/player/png_writer.h"

namespace swarmtv::player {

void NullVideoOutput::present(const AVFrame* frame, const OsdState&) {
  if (!frame) return;
  last_ = decoder::clone_frame(frame);
}

Status NullVideoOutput::screenshot(const std::filesystem::path& file) {
  if (!last_) return make_error(Errc::refused, "no picture shown yet");
  return write_png_frame(file, *last_);
}

Result<std::unique_ptr<VideoOutput>> make_video_output(const std::string& name) {
  if (name == "null") return std::unique_ptr<VideoOutput>(std::make_unique<NullVideoOutput>());
  if (name == "sdl" || name.empty())
    return std::unique_ptr<VideoOutput>(std::make_unique<SdlVideoOutput>());
  return make_error(Errc::invalid_argument,
                    "unknown video output '" + name + "' (use sdl or null)");
}

}  // namespace swarmtv::player

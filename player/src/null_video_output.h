#pragma once

#include "swarmtv/decoder/ffmpeg_ptr.h"
#include "swarmtv/player/video_output.h"

namespace swarmtv::player {

// Accepts pictures and shows them nowhere; keeps the last one for screenshots.
class NullVideoOutput final : public VideoOutput {
 public:
  NullVideoOutput() = default;
  Status open(const decoder::MediaInfo&, bool, const std::string&) override {
    return Status::success();
  }
  void present(const AVFrame* frame, const OsdState&) override;
  Status screenshot(const std::filesystem::path& file) override;

 private:
  decoder::AvFramePtr last_;
};

}  // namespace swarmtv::player

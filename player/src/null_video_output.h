#pragma once

#include "swarmtv/decoder/ffmpeg_ptr.h"
#include "swarmtv/player/video_output.h"

namespace swarmtv::player {

// Accepts pictures and shows them nowhere; keeps the last one for screenshots.
class NullVideoOutput final : public VideoOutput {
 public:
  NullVideoOutput() = default;
  bool open(const decoder::MediaInfo&, bool, const std::string&, std::string&) override {
    return true;
  }
  void present(const AVFrame* frame, const OsdState&) override;
  bool screenshot(const std::filesystem::path& file, std::string& error) override;

 private:
  decoder::AvFramePtr last_;
};

}  // namespace swarmtv::player

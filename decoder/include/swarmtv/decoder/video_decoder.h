// Decodes video into VideoFrames whose pixel format SDL can upload directly (planar YUV 4:2:0
// or NV12/NV21). Anything else is converted with libswscale to yuv420p, on this thread.
#pragma once

#include <memory>

#include "swarmtv/decoder/frame_ring.h"
#include "swarmtv/decoder/stream_decoder.h"

namespace swarmtv::decoder {

class VideoDecoder final : public StreamDecoder {
 public:
  static constexpr std::size_t kRingCapacity = 4;

  // Opens the decoder for `stream`; a media_error if there is none or it fails to open.
  static Result<std::unique_ptr<VideoDecoder>> open(AVStream* stream, PacketQueue& queue,
                                                    TargetLookup lookup);
  ~VideoDecoder() override;

  FrameRing<VideoFrame>& frames() { return frames_; }

  // True for formats passed through untouched.
  static bool is_native_format(int pixel_format);

  struct PrivateTag {};
  VideoDecoder(PrivateTag, AVStream* stream, PacketQueue& queue, TargetLookup lookup);

 private:
  bool on_frame(AVFrame* frame, int serial) override;
  void on_serial_change(int serial) override;
  void abort_output() override { frames_.abort(); }
  AvFramePtr convert(const AVFrame* frame);

  FrameRing<VideoFrame> frames_{kRingCapacity};
  MediaTime default_duration_;
  std::optional<MediaTime> next_pts_;  // the frame after the last one, if known
  SwsContextPtr sws_;
};

}  // namespace swarmtv::decoder

// Decodes audio and resamples it (libswresample) to the output's AudioFormat on this thread,
// so the audio callback only copies bytes.
#pragma once

#include <memory>

#include "swarmtv/decoder/frame_ring.h"
#include "swarmtv/decoder/stream_decoder.h"

namespace swarmtv::decoder {

class AudioDecoder final : public StreamDecoder {
 public:
  static constexpr std::size_t kRingCapacity = 12;

  // Opens the decoder for `stream`, resampling to `output`; a media_error if there is no
  // decoder or it fails to open.
  static Result<std::unique_ptr<AudioDecoder>> open(AVStream* stream, PacketQueue& queue,
                                                    TargetLookup lookup, AudioFormat output);
  ~AudioDecoder() override;

  FrameRing<AudioChunk>& chunks() { return chunks_; }
  const AudioFormat& output_format() const { return output_; }

  struct PrivateTag {};
  AudioDecoder(PrivateTag, AVStream* stream, PacketQueue& queue, TargetLookup lookup,
               AudioFormat output);

 private:
  bool on_frame(AVFrame* frame, int serial) override;
  void on_serial_change(int serial) override;
  void abort_output() override { chunks_.abort(); }
  bool ensure_resampler(const AVFrame* frame);

  FrameRing<AudioChunk> chunks_{kRingCapacity};
  AudioFormat output_;
  SwrContextPtr swr_;
  int swr_in_rate_ = 0;
  int swr_in_format_ = -1;
  AVChannelLayout swr_in_layout_{};
  std::optional<MediaTime> next_pts_;
};

}  // namespace swarmtv::decoder

// One text subtitle decoder (FFmpeg's avcodec_decode_subtitle2): a packet in, a plain-text cue
// out. Used for embedded tracks (SubtitleDecoder) and external files (read_subtitle_file).
#pragma once

#include <memory>
#include <optional>

#include "swarmtv/base/result.h"
#include "swarmtv/decoder/ffmpeg_ptr.h"
#include "swarmtv/decoder/subtitle_types.h"

namespace swarmtv::decoder {

class TextSubtitleCodec {
 public:
  // A text subtitle stream with a decoder in this FFmpeg (bitmap formats are not).
  static bool decodable(const AVCodecParameters* par);
  // A media_error if the stream cannot be decoded.
  static Result<std::unique_ptr<TextSubtitleCodec>> open(const AVCodecParameters* par,
                                                         AVRational time_base);

  // The cue `packet` holds, if any: a packet that decodes to nothing (an empty mov_text sample,
  // a drawing) or fails to decode gives none; a failure also counts in errors().
  std::optional<SubtitleCue> decode(const AVPacket& packet);
  // Forgets decoder state after a seek.
  void flush();
  long errors() const { return errors_; }

  struct PrivateTag {};
  TextSubtitleCodec(PrivateTag, AvCodecContextPtr codec, AVRational time_base)
      : codec_(std::move(codec)), time_base_(time_base) {}

 private:
  AvCodecContextPtr codec_;
  AVRational time_base_;
  long errors_ = 0;
};

// What a cue lasts when neither the decoder nor the packet says (a SubRip line without an end).
inline constexpr MediaTime kDefaultCueDuration = std::chrono::seconds(5);

}  // namespace swarmtv::decoder

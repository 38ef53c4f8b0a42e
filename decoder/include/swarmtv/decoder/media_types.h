// Values that cross the decoder/player boundary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "swarmtv/base/media_time.h"
#include "swarmtv/decoder/ffmpeg_ptr.h"

namespace swarmtv::decoder {

// A timestamp in `time_base` units as MediaTime (AV_TIME_BASE is microseconds: exact rescaling).
inline MediaTime to_media_time(std::int64_t ts, AVRational time_base) {
  return MediaTime(av_rescale_q(ts, time_base, AVRational{1, AV_TIME_BASE}));
}

// The PCM layout the audio output wants: interleaved samples of one format.
struct AudioFormat {
  int sample_rate = 48000;
  int channels = 2;
  AVSampleFormat sample_format = AV_SAMPLE_FMT_S16;  // packed (interleaved) formats only
  int bytes_per_frame() const { return channels * av_get_bytes_per_sample(sample_format); }
};

// A decoded picture in a pixel format the video outputs accept (see VideoDecoder).
struct VideoFrame {
  AvFramePtr frame;
  MediaTime pts{0};
  MediaTime duration{0};
  int serial = 0;
};

// Decoded audio already converted to the output's AudioFormat.
struct AudioChunk {
  std::vector<std::uint8_t> data;
  MediaTime pts{0};  // of the first sample
  MediaTime duration{0};
  int serial = 0;
};

struct MediaInfo {
  std::string container;              // FFmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  std::optional<MediaTime> duration;  // unknown if the container does not say
  std::int64_t bit_rate = 0;          // bits per second of the whole file; 0 if unknown
  bool has_video = false;
  bool has_audio = false;
  std::string video_codec, audio_codec;
  int width = 0, height = 0;
  AVRational sample_aspect_ratio{0, 1};
  double frame_rate = 0.0;
  int audio_sample_rate = 0;
  int audio_channels = 0;
  // Chapter start times (segment boundaries for the ad schedule).
  std::vector<MediaTime> chapters;
};

enum class SeekMode {
  keyframe,  // land on the nearest keyframe in the direction of the seek: fast
  exact,     // show the frame covering the target: decode and drop what comes before it
};

}  // namespace swarmtv::decoder

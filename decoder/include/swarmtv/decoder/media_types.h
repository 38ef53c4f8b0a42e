// Values that cross the decoder/player boundary.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "swarmtv/decoder/ffmpeg_ptr.h"

namespace swarmtv::decoder {

// The PCM layout the audio output wants: interleaved samples of one format.
struct AudioFormat {
  int sample_rate = 48000;
  int channels = 2;
  AVSampleFormat sample_format = AV_SAMPLE_FMT_S16;  // packed (interleaved) formats only
  int bytes_per_frame() const { return channels * av_get_bytes_per_sample(sample_format); }
  double bytes_per_second() const { return double(sample_rate) * bytes_per_frame(); }
};

// A decoded picture in a pixel format the video outputs accept (see VideoDecoder).
struct VideoFrame {
  AvFramePtr frame;
  double pts = NAN;       // seconds
  double duration = 0.0;  // seconds
  int serial = 0;
};

// Decoded audio already converted to the output's AudioFormat.
struct AudioChunk {
  std::vector<std::uint8_t> data;
  double pts = NAN;  // of the first sample, seconds
  double duration = 0.0;
  int serial = 0;
};

struct MediaInfo {
  std::string container;      // FFmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  double duration = NAN;      // seconds; NaN if unknown
  std::int64_t bit_rate = 0;  // bits per second of the whole file; 0 if unknown
  bool has_video = false;
  bool has_audio = false;
  std::string video_codec, audio_codec;
  int width = 0, height = 0;
  AVRational sample_aspect_ratio{0, 1};
  double frame_rate = 0.0;
  int audio_sample_rate = 0;
  int audio_channels = 0;
  // Chapter start times in seconds (segment boundaries for the ad schedule).
  std::vector<double> chapters;
};

enum class SeekMode {
  keyframe,  // land on the nearest keyframe in the direction of the seek: fast
  exact,     // show the frame covering the target: decode and drop what comes before it
};

}  // namespace swarmtv::decoder

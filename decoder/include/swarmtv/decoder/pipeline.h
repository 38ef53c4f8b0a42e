// The whole decode side for one input: a Demuxer and one decoder thread per selected stream.
// The player consumes pipeline.video()->frames() and pipeline.audio()->chunks().
//
// Threads: demux (reads the ByteSource), video decode, audio decode, subtitle decode. Shutdown
// order matters: cancel the demuxer's reads and abort the queues first so that no thread is left
// blocked.
#pragma once

#include <memory>
#include <string>

#include "swarmtv/decoder/audio_decoder.h"
#include "swarmtv/decoder/demuxer.h"
#include "swarmtv/decoder/subtitle_decoder.h"
#include "swarmtv/decoder/video_decoder.h"

namespace swarmtv::decoder {

class Pipeline {
 public:
  // Opens the container. On failure, the Demuxer's error (one line). `quit` cancels the open
  // and every later read (Demuxer::open).
  static Result<std::unique_ptr<Pipeline>> open(ByteSource& source, const DemuxerOptions& options,
                                                std::stop_token quit = {});
  // Opens the decoders; audio is converted to `audio_format`. A media_error on failure.
  Status open_decoders(const AudioFormat& audio_format);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  const MediaInfo& info() const { return demuxer_->info(); }
  Demuxer& demuxer() { return *demuxer_; }
  VideoDecoder* video() { return video_.get(); }  // null without a video stream
  AudioDecoder* audio() { return audio_.get(); }  // null without an audio stream
  // The embedded text subtitle tracks; null without any.
  SubtitleDecoder* subtitles() { return subtitles_.get(); }

  void start();
  void stop();

  // The serial of the current position: frames of other serials are stale.
  int serial() const;
  // Every decoder has drained the end of the current serial (nothing more will come).
  bool decoders_finished() const;
  // Decoding failed for part of the input (corrupt packets were skipped).
  long decode_errors() const;

  struct PrivateTag {};
  Pipeline(PrivateTag, ByteSource& source) : source_(source) {}

 private:
  ByteSource& source_;
  std::unique_ptr<Demuxer> demuxer_;
  std::unique_ptr<VideoDecoder> video_;
  std::unique_ptr<AudioDecoder> audio_;
  std::unique_ptr<SubtitleDecoder> subtitles_;
};

}  // namespace swarmtv::decoder

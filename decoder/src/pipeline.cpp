#include "swarmtv/decoder/pipeline.h"

namespace swarmtv::decoder {

std::unique_ptr<Pipeline> Pipeline::open(ByteSource& source, const DemuxerOptions& options,
                                         std::string& error) {
  auto pipeline = std::make_unique<Pipeline>(PrivateTag{}, source);
  pipeline->demuxer_ = Demuxer::open(source, options, error);
  if (!pipeline->demuxer_) return nullptr;
  return pipeline;
}

bool Pipeline::open_decoders(const AudioFormat& audio_format, std::string& error) {
  Demuxer* demuxer = demuxer_.get();
  auto lookup = [demuxer](int serial) -> std::optional<double> {
    auto t = demuxer->seek_target_for(serial);
    if (t && t->exact) return t->time;
    return std::nullopt;
  };
  std::string codec_error;
  if (AVStream* st = demuxer->video_stream()) {
    video_ = std::make_unique<VideoDecoder>(st, *demuxer->video_queue(), lookup, codec_error);
    if (!codec_error.empty()) {
      error = source_.describe() + ": video: " + codec_error;
      return false;
    }
  }
  if (AVStream* st = demuxer->audio_stream()) {
    audio_ = std::make_unique<AudioDecoder>(st, *demuxer->audio_queue(), lookup, audio_format,
                                            codec_error);
    if (!codec_error.empty()) {
      error = source_.describe() + ": audio: " + codec_error;
      return false;
    }
  }
  return true;
}

Pipeline::~Pipeline() {
  stop();
}

void Pipeline::start() {
  demuxer_->start();
  if (video_) video_->start();
  if (audio_) audio_->start();
}

void Pipeline::stop() {
  if (!demuxer_) return;
  demuxer_->stop();  // cancels the source and aborts the packet queues
  if (video_) video_->stop();
  if (audio_) audio_->stop();
}

int Pipeline::serial() const {
  const PacketQueue* q =
      demuxer_->video_queue() ? demuxer_->video_queue() : demuxer_->audio_queue();
  return q->serial();
}

bool Pipeline::decoders_finished() const {
  const int s = serial();
  return (!video_ || video_->finished_serial() == s) && (!audio_ || audio_->finished_serial() == s);
}

long Pipeline::decode_errors() const {
  return (video_ ? video_->decode_errors() : 0) + (audio_ ? audio_->decode_errors() : 0);
}

}  // namespace swarmtv::decoder

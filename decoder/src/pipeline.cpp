#include "swarmtv/decoder/pipeline.h"

namespace swarmtv::decoder {

Result<std::unique_ptr<Pipeline>> Pipeline::open(ByteSource& source, const DemuxerOptions& options,
                                                 std::stop_token quit) {
  auto pipeline = std::make_unique<Pipeline>(PrivateTag{}, source);
  auto demuxer = Demuxer::open(source, options, std::move(quit));
  if (!demuxer) return demuxer.error();
  pipeline->demuxer_ = std::move(*demuxer);
  return pipeline;
}

Status Pipeline::open_decoders(const AudioFormat& audio_format) {
  Demuxer* demuxer = demuxer_.get();
  auto lookup = [demuxer](int serial) -> std::optional<MediaTime> {
    auto t = demuxer->seek_target_for(serial);
    if (t && t->exact) return t->time;
    return std::nullopt;
  };
  if (AVStream* st = demuxer->video_stream()) {
    auto video = VideoDecoder::open(st, *demuxer->video_queue(), lookup);
    if (!video)
      return make_error(video.error().code,
                        source_.describe() + ": video: " + video.error().message);
    video_ = std::move(*video);
  }
  if (AVStream* st = demuxer->audio_stream()) {
    auto audio = AudioDecoder::open(st, *demuxer->audio_queue(), lookup, audio_format);
    if (!audio)
      return make_error(audio.error().code,
                        source_.describe() + ": audio: " + audio.error().message);
    audio_ = std::move(*audio);
  }
  if (PacketQueue* queue = demuxer->subtitle_queue())
    subtitles_ = std::make_unique<SubtitleDecoder>(demuxer->subtitle_streams(), *queue);
  return Status::success();
}

Pipeline::~Pipeline() {
  stop();
}

void Pipeline::start() {
  demuxer_->start();
  if (video_) video_->start();
  if (audio_) audio_->start();
  if (subtitles_) subtitles_->start();
}

void Pipeline::stop() {
  if (!demuxer_) return;
  demuxer_->stop();  // cancels its reads and aborts the packet queues
  if (video_) video_->stop();
  if (audio_) audio_->stop();
  if (subtitles_) subtitles_->stop();
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

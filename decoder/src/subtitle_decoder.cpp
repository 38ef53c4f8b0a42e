#include "swarmtv/decoder/subtitle_decoder.h"

#include "swarmtv/decoder/embedded_subtitles.h"

namespace swarmtv::decoder {

SubtitleDecoder::SubtitleDecoder(const std::vector<AVStream*>& streams, PacketQueue& queue)
    : queue_(queue) {
  for (const AVStream* st : streams) {
    auto codec = TextSubtitleCodec::open(st->codecpar, st->time_base);
    if (!codec) continue;
    tracks_.push_back({describe_subtitle_stream(st), std::make_shared<CueList>()});
    stream_index_.push_back(st->index);
    codecs_.push_back(std::move(*codec));
  }
}

SubtitleDecoder::~SubtitleDecoder() {
  stop();
}

void SubtitleDecoder::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void SubtitleDecoder::stop() {
  queue_.abort();
  if (thread_.joinable()) thread_.join();
}

void SubtitleDecoder::run() {
  int serial = -1;
  QueuedPacket item;
  while (queue_.get(item, /*block=*/true)) {
    if (item.serial != serial) {
      // After a seek: a decoder may hold state of the position left (mov_text styles do not,
      // but the API allows it).
      if (serial != -1)
        for (auto& codec : codecs_) codec->flush();
      serial = item.serial;
    }
    if (!item.packet) continue;
    for (std::size_t i = 0; i < tracks_.size(); ++i) {
      if (stream_index_[i] != item.packet->stream_index) continue;
      if (auto cue = codecs_[i]->decode(*item.packet)) tracks_[i].cues->add(std::move(*cue));
      break;
    }
  }
}

}  // namespace swarmtv::decoder

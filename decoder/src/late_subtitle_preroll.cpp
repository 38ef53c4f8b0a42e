#include "late_subtitle_preroll.h"

#include "swarmtv/base/trace.h"
#include "swarmtv/decoder/embedded_subtitles.h"

namespace swarmtv::decoder {

std::unique_ptr<LateSubtitlePreroll> LateSubtitlePreroll::start(ByteSource& source, ByteRange range,
                                                                std::vector<int> streams,
                                                                MediaTime from, MediaTime until,
                                                                PacketQueue& queue) {
  StreamingSource* streaming = source.streaming();
  std::unique_ptr<ByteSource> follower = source.open_follower();
  if (!streaming || !follower) return nullptr;
  trace("demuxer: late subtitle preroll of bytes {}-{}", range.begin, range.end);
  streaming->hint_wanted_soon(range);
  auto preroll = std::make_unique<LateSubtitlePreroll>(PrivateTag{}, source, std::move(follower));
  preroll->thread_ = std::jthread(
      [p = preroll.get(), streams = std::move(streams), from, until, &queue](std::stop_token stop) {
        p->run(std::move(stop), streams, from, until, queue);
      });
  return preroll;
}

LateSubtitlePreroll::LateSubtitlePreroll(PrivateTag, ByteSource& source,
                                         std::unique_ptr<ByteSource> follower)
    : source_(source), follower_(std::move(follower)) {}

LateSubtitlePreroll::~LateSubtitlePreroll() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  if (StreamingSource* streaming = source_.streaming()) streaming->hint_wanted_soon({});
}

void LateSubtitlePreroll::run(std::stop_token stop, std::vector<int> streams, MediaTime from,
                              MediaTime until, PacketQueue& queue) {
  int packets = 0;
  const Status read = read_subtitle_packets(
      *follower_, streams, from, until,
      [&](AvPacketPtr packet) {
        ++packets;
        queue.put(std::move(packet));
      },
      stop);
  trace("demuxer: late subtitle preroll done, {} packets{}", packets,
        read ? "" : " (" + read.error().message + ")");
  if (StreamingSource* streaming = source_.streaming()) streaming->hint_wanted_soon({});
}

}  // namespace swarmtv::decoder

// A subtitle preroll whose bytes were not downloaded when the seek came (see kSubtitlePreroll):
// fetching them first would delay every seek on a torrent by seconds, so the seek plays at once
// and this reads them afterwards, beside playback. The source fetches the range after the
// playhead's next pieces (hint_wanted_soon); a follower of the source reads it as it arrives, so
// the reading itself places no deadlines. A cue that began before the seek's keyframe then shows
// a moment late instead of never.
#pragma once

#include <memory>
#include <stop_token>
#include <thread>
#include <vector>

#include "swarmtv/base/byte_source.h"
#include "swarmtv/base/media_time.h"
#include "swarmtv/decoder/packet_queue.h"

namespace swarmtv::decoder {

class LateSubtitlePreroll {
 public:
  // Asks `source` for `range` and starts reading, through a follower of `source`, the packets of
  // `streams` from media time `from` until the first at or after `until`, onto `queue` (under its
  // current serial). Null when the source offers no follower. `source` and `queue` must outlive
  // the preroll.
  static std::unique_ptr<LateSubtitlePreroll> start(ByteSource& source, ByteRange range,
                                                    std::vector<int> streams, MediaTime from,
                                                    MediaTime until, PacketQueue& queue);
  // Stops the read (waking one blocked on a piece), joins, and cancels the fetch.
  ~LateSubtitlePreroll();
  LateSubtitlePreroll(const LateSubtitlePreroll&) = delete;
  LateSubtitlePreroll& operator=(const LateSubtitlePreroll&) = delete;

  struct PrivateTag {};
  LateSubtitlePreroll(PrivateTag, ByteSource& source, std::unique_ptr<ByteSource> follower);

 private:
  void run(std::stop_token stop, std::vector<int> streams, MediaTime from, MediaTime until,
           PacketQueue& queue);

  ByteSource& source_;
  std::unique_ptr<ByteSource> follower_;
  std::jthread thread_;  // last: joined before the follower goes
};

}  // namespace swarmtv::decoder

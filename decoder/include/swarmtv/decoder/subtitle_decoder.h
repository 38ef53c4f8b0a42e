// The decode thread of the embedded text subtitle tracks (ffplay's subtitle thread): takes the
// demuxer's subtitle packets and adds each track's cues to its CueList. Every text track is
// decoded, so switching tracks shows the new one's current cue at once.
#pragma once

#include <memory>
#include <thread>
#include <vector>

#include "swarmtv/decoder/cue_list.h"
#include "swarmtv/decoder/packet_queue.h"
#include "swarmtv/decoder/subtitle_types.h"
#include "swarmtv/decoder/text_subtitle_codec.h"

namespace swarmtv::decoder {

class SubtitleDecoder {
 public:
  struct Track {
    SubtitleTrackInfo info;
    std::shared_ptr<CueList> cues;
  };

  // Opens a decoder per stream; a stream whose decoder does not open is left out.
  SubtitleDecoder(const std::vector<AVStream*>& streams, PacketQueue& queue);
  ~SubtitleDecoder();
  SubtitleDecoder(const SubtitleDecoder&) = delete;
  SubtitleDecoder& operator=(const SubtitleDecoder&) = delete;

  // The tracks, in file order (mpv's subtitle track numbers are these indices + 1).
  const std::vector<Track>& tracks() const { return tracks_; }

  void start();
  // Aborts the queue and joins the thread.
  void stop();

 private:
  void run();

  PacketQueue& queue_;
  std::vector<Track> tracks_;
  std::vector<int> stream_index_;  // of each track
  std::vector<std::unique_ptr<TextSubtitleCodec>> codecs_;
  std::thread thread_;
};

}  // namespace swarmtv::decoder

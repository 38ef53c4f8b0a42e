// The text subtitle tracks inside an MP4 or Matroska file, read on their own: listed from the
// container's header, and one track's cues demuxed without decoding (or, for MP4, reading) the
// audio and video. For `swarmtv serve`, which offers embedded tracks to browsers as WebVTT; the
// native player demuxes its subtitles beside the video instead (Demuxer, SubtitleDecoder).
#pragma once

#include <functional>
#include <stop_token>
#include <vector>

#include "swarmtv/base/byte_source.h"
#include "swarmtv/base/result.h"
#include "swarmtv/decoder/ffmpeg_ptr.h"
#include "swarmtv/decoder/subtitle_types.h"

struct AVStream;

namespace swarmtv::decoder {

struct EmbeddedSubtitleTrack {
  int stream_index = 0;  // the container's stream number (read_embedded_subtitles)
  SubtitleTrackInfo info;
};

// What a subtitle stream says of itself (codec, language, title, flags), bounded in size: the
// container's metadata is untrusted.
SubtitleTrackInfo describe_subtitle_stream(const AVStream* stream);

// The decodable text subtitle tracks (at most kMaxSubtitleTracks) of the MP4 or Matroska file
// `source` holds, in stream order. Only the header is read (an MP4's moov, wherever it is). Any
// other container is not opened (FFmpeg's format whitelist): a media_error. Cancelled when
// `stop` is triggered.
Result<std::vector<EmbeddedSubtitleTrack>> list_embedded_subtitles(ByteSource& source,
                                                                   std::stop_token stop = {});

// Demuxes the track `stream_index` to its end and hands each of its cues to `on_cue`, in file
// order, bounded as a CueList (kMaxCues, kMaxTrackTextBytes, each text cut to
// kMaxCueTextBytes). Every other stream is discarded: an MP4 then reads only the track's
// samples; Matroska still reads every cluster. `on_cue` returning false stops the read (a
// success). A media_error if the track is not a decodable text track; cancelled if `stop` is
// triggered.
Status read_embedded_subtitles(ByteSource& source, int stream_index,
                               const std::function<bool(const SubtitleCue&)>& on_cue,
                               std::stop_token stop = {});

// Reads the packets of `streams` from media time `from` (a seek there, to the index entry at or
// before it) until the first of them at or after `until`, handing each to `on_packet`; every
// other stream is discarded. For a subtitle preroll read beside playback. A media_error if the
// file cannot be opened or positioned; cancelled if `stop` is triggered.
Status read_subtitle_packets(ByteSource& source, const std::vector<int>& streams, MediaTime from,
                             MediaTime until, const std::function<void(AvPacketPtr)>& on_packet,
                             std::stop_token stop = {});

}  // namespace swarmtv::decoder

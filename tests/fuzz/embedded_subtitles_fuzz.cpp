// The text tracks inside a video that `swarmtv serve` offers as WebVTT: the video's author
// controls every byte (verified pieces only prove they are the publisher's). Lists the tracks of
// an MP4 or Matroska file and reads each one's cues, as serve does.
#include "fuzz_support.h"
#include "memory_byte_source.h"
#include "quiet_ffmpeg.h"
#include "swarmtv/decoder/embedded_subtitles.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::MemoryByteSource source(data, size);
  auto tracks = decoder::list_embedded_subtitles(source);
  if (!tracks) return 0;
  SWARMTV_FUZZ_CHECK(tracks->size() <= decoder::kMaxSubtitleTracks);
  for (const auto& track : *tracks) {
    std::size_t cues = 0;
    (void)decoder::read_embedded_subtitles(
        source, track.stream_index, [&](const decoder::SubtitleCue& cue) {
          SWARMTV_FUZZ_CHECK(cue.end > cue.start);
          SWARMTV_FUZZ_CHECK(cue.text.size() <= decoder::kMaxCueTextBytes);
          return ++cues <= decoder::kMaxCues;
        });
  }
  return 0;
}

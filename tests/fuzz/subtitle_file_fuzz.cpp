// An external subtitle file (.srt, .vtt, .ass) beside a video or inside a torrent: its author
// controls every byte. The first byte picks the extension; FFmpeg's demuxer and decoder for it
// read the rest through the same ByteSource path as the player.
#include "fuzz_support.h"
#include "memory_byte_source.h"
#include "quiet_ffmpeg.h"
#include "swarmtv/decoder/subtitle_file.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const char* const kNames[] = {"fuzz.srt", "fuzz.vtt", "fuzz.ass", "fuzz.ssa"};
  fuzz::MemoryByteSource source(data + 1, size - 1);
  auto file = decoder::read_subtitle_file(source, kNames[data[0] % 4]);
  if (file) {
    SWARMTV_FUZZ_CHECK(file->cues != nullptr);
    SWARMTV_FUZZ_CHECK(file->cues->size() > 0);
  }
  return 0;
}

// The MP4 head reader runs on the first block of a torrent before its piece is verified: any
// peer chooses these bytes. Input: 8 bytes of file size (little-endian), then the head.
#include <cstring>

#include "fuzz_support.h"
#include "swarmtv/stream/container_index.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 8) return 0;
  std::uint64_t raw = 0;
  std::memcpy(&raw, data, 8);
  // Sizes up to 2^62, and the head's own size often, so both "head is the whole file" and
  // "box runs past the end" are reached.
  const auto file_size =
      (raw & 1) ? static_cast<std::int64_t>(size - 8) : static_cast<std::int64_t>(raw >> 2);
  const std::span head(reinterpret_cast<const std::byte*>(data + 8), size - 8);
  const auto layout = stream::parse_mp4_head(head, file_size);
  if (layout && layout->index) {
    SWARMTV_FUZZ_CHECK(!layout->index_at_front);
    SWARMTV_FUZZ_CHECK(layout->index->begin > 0);
    SWARMTV_FUZZ_CHECK(layout->index->begin < layout->index->end);
    SWARMTV_FUZZ_CHECK(layout->index->end == file_size);
  }
  for (auto kind : {stream::ContainerKind::mp4, stream::ContainerKind::matroska}) {
    if (const auto tail = stream::guess_index_tail(kind, file_size)) {
      SWARMTV_FUZZ_CHECK(tail->begin >= 0 && tail->begin < tail->end && tail->end == file_size);
    }
  }
  stream::container_from_path(fuzz::as_text(data + 8, size - 8));
  return 0;
}

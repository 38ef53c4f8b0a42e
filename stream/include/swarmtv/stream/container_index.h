// Where a container keeps the index the demuxer reads before the first frame: MP4 may have its
// `moov` box after the media data, Matroska writes its Cues near the end. The scheduler fetches
// those bytes together with the head, before the demuxer asks for them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "swarmtv/base/byte_source.h"

namespace swarmtv::stream {

enum class ContainerKind { mp4, matroska, other };

// From the file name's extension (.mp4 .m4v .mov .m4a / .mkv .webm .mka).
ContainerKind container_from_path(std::string_view path);

// A first guess of the file's tail worth fetching early, made before any byte is known: the last
// 1 % of the file, at least 64 KiB and at most 1 MiB, for Matroska (its Cues, read on the first
// seek). Nothing for MP4: its first block tells exactly where the moov is (parse_mp4_head), and
// a guessed tail would take bandwidth from the head when the moov is at the front, the common
// case. Nothing for other containers.
std::optional<ByteRange> guess_index_tail(ContainerKind kind, std::int64_t file_size);

// What the head of an MP4 file tells about its index.
struct Mp4Layout {
  bool index_at_front = false;     // `moov` comes before `mdat`: no tail needed
  std::optional<ByteRange> index;  // the bytes after `mdat` (the moov at the end)
};

// Walks the top-level boxes found in `head` (the first bytes of the file). Returns nullopt when
// the head is too short to tell or is not MP4.
std::optional<Mp4Layout> parse_mp4_head(std::span<const std::byte> head, std::int64_t file_size);

}  // namespace swarmtv::stream

#include "swarmtv/stream/container_index.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace swarmtv::stream {

ContainerKind container_from_path(std::string_view path) {
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return ContainerKind::other;
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "mp4" || ext == "m4v" || ext == "mov" || ext == "m4a") return ContainerKind::mp4;
  if (ext == "mkv" || ext == "webm" || ext == "mka") return ContainerKind::matroska;
  return ContainerKind::other;
}

std::optional<ByteRange> guess_index_tail(ContainerKind kind, std::int64_t file_size) {
  if (kind != ContainerKind::matroska || file_size <= 0) return std::nullopt;
  const std::int64_t tail = std::clamp<std::int64_t>(file_size / 100, 64 * 1024, 1024 * 1024);
  return ByteRange{std::max<std::int64_t>(file_size - tail, 0), file_size};
}

namespace {

std::uint64_t read_be(std::span<const std::byte> s, std::size_t at, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | std::to_integer<std::uint8_t>(s[at + i]);
  return v;
}

bool type_is(std::span<const std::byte> s, std::size_t at, std::string_view name) {
  for (std::size_t i = 0; i < 4; ++i)
    if (std::to_integer<char>(s[at + 4 + i]) != name[i]) return false;
  return true;
}

}  // namespace

std::optional<Mp4Layout> parse_mp4_head(std::span<const std::byte> head, std::int64_t file_size) {
  if (file_size <= 0) return std::nullopt;
  const auto file_end = static_cast<std::uint64_t>(file_size);
  std::uint64_t pos = 0;
  bool first = true;
  // The bytes are not verified yet (any peer may have sent them): every box must lie inside the
  // file, so `pos` grows by at least a header each turn and never wraps.
  while (pos + 8 <= head.size() && pos < file_end) {
    const std::uint64_t remaining = file_end - pos;
    std::uint64_t size = read_be(head, pos, 4);
    std::uint64_t header = 8;
    if (size == 1) {
      if (pos + 16 > head.size()) return std::nullopt;
      size = read_be(head, pos + 8, 8);
      header = 16;
    } else if (size == 0) {
      size = remaining;  // the box runs to the end of the file
    }
    if (size < header) return std::nullopt;  // not a box: not MP4
    if (first && !type_is(head, pos, "ftyp") && !type_is(head, pos, "moov") &&
        !type_is(head, pos, "free") && !type_is(head, pos, "mdat"))
      return std::nullopt;
    first = false;
    if (type_is(head, pos, "moov")) return Mp4Layout{true, std::nullopt};
    if (type_is(head, pos, "mdat")) {
      // The media runs to the end of the file (or past it: a truncated file): no index after it.
      if (size >= remaining) return Mp4Layout{false, std::nullopt};
      const std::uint64_t after = pos + size;
      return Mp4Layout{false, ByteRange{static_cast<std::int64_t>(after), file_size}};
    }
    if (size > remaining) return std::nullopt;  // a box past the end of the file
    pos += size;
  }
  return std::nullopt;
}

}  // namespace swarmtv::stream

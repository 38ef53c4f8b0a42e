// The `Range: bytes=...` request header (RFC 9110 §14), reduced to what a streaming server needs:
// one range of a file of known size.
#pragma once

#include <cstdint>
#include <string_view>

namespace swarmtv::http {

struct RangeRequest {
  enum class Kind {
    whole,          // no Range header (or one we ignore): 200 with the whole file
    partial,        // 206 with [begin, end)
    unsatisfiable,  // 416 with "Content-Range: bytes */size"
    malformed,      // 400: the header is not a byte range at all
  };
  Kind kind = Kind::whole;
  std::int64_t begin = 0;  // file offset of the first byte
  std::int64_t end = 0;    // one past the last byte
};

// Parses `header` (the Range field's value, empty when absent) against a file of `size` bytes.
// "bytes=A-B", "bytes=A-" and the suffix form "bytes=-N" are understood; B is clamped to the
// file. A range starting at or beyond the end, or "bytes=-0", is unsatisfiable. Several ranges
// ("bytes=0-1,5-6") are answered with the whole file, which RFC 9110 allows, because no player
// streaming video asks for multipart responses, and so is another range unit ("items=0-10"), which
// RFC 9110 §14.2 says to ignore. Anything else (garbage, A > B, signs, overflow) is malformed.
RangeRequest parse_range_header(std::string_view header, std::int64_t size);

}  // namespace swarmtv::http

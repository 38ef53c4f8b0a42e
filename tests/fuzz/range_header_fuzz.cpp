// `swarmtv serve`: the Range header of any HTTP client. Input: 8 bytes of file size, then the
// header's value. A partial answer always lies inside the file.
#include <cstring>

#include "fuzz_support.h"
#include "swarmtv/http/byte_range_header.h"

using namespace swarmtv;
using Kind = http::RangeRequest::Kind;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 8) return 0;
  std::uint64_t raw = 0;
  std::memcpy(&raw, data, 8);
  // Small sizes often (where off-by-ones are), and up to 2^63 - 1.
  const auto file_size = static_cast<std::int64_t>((raw & 1) ? (raw >> 1) % 4096 : raw >> 1);
  const auto r = http::parse_range_header(fuzz::as_text(data + 8, size - 8), file_size);
  if (r.kind == Kind::partial) {
    SWARMTV_FUZZ_CHECK(r.begin >= 0);
    SWARMTV_FUZZ_CHECK(r.begin < r.end);
    SWARMTV_FUZZ_CHECK(r.end <= file_size);
  }
  return 0;
}

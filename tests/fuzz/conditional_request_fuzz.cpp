// `swarmtv serve`: If-None-Match and If-Range from any HTTP client, against a file's tag.
// Input: the file index (first byte), then the header's value; the info-hash is hex, as always.
#include "fuzz_support.h"
#include "swarmtv/http/conditional_request.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view header = fuzz::as_text(data + 1, size - 1);
  const std::string etag = http::file_etag("0123456789abcdef0123456789abcdef01234567", data[0]);
  (void)http::none_match_hits(header, etag);
  (void)http::if_range_allows(header, etag);
  // The tag itself always matches, strongly and weakly.
  SWARMTV_FUZZ_CHECK(http::none_match_hits(etag, etag));
  SWARMTV_FUZZ_CHECK(http::none_match_hits("W/" + etag, etag));
  SWARMTV_FUZZ_CHECK(http::if_range_allows(etag, etag));
  SWARMTV_FUZZ_CHECK(http::if_range_allows("", etag));
  return 0;
}

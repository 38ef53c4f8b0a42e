// `swarmtv serve`: If-None-Match and If-Range from any HTTP client, against a file's tag.
// Input: an info-hash-like prefix (first 40 bytes), then the header's value.
#include "fuzz_support.h"
#include "swarmtv/http/conditional_request.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const std::string_view hash = input.substr(0, std::min<std::size_t>(input.size(), 40));
  const std::string_view header = input.substr(hash.size());
  const std::string etag = http::file_etag(hash, static_cast<int>(size % 7));
  (void)http::none_match_hits(header, etag);
  (void)http::if_range_allows(header, etag);
  // The tag itself always matches, strongly and weakly.
  SWARMTV_FUZZ_CHECK(http::none_match_hits(etag, etag));
  SWARMTV_FUZZ_CHECK(http::none_match_hits("W/" + etag, etag));
  SWARMTV_FUZZ_CHECK(http::if_range_allows(etag, etag));
  SWARMTV_FUZZ_CHECK(http::if_range_allows("", etag));
  return 0;
}

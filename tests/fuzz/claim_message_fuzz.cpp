// The body of a peer's claim message (stream/src/claim_exchange.h), untrusted bytes from any
// peer: a malformed body is refused, every piece decoded is in range, and a decoded piece
// encodes back to the same bytes.
#include <cstring>

#include "claim_exchange.h"
#include "fuzz_support.h"

using namespace swarmtv::stream::aux;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const char> body(reinterpret_cast<const char*>(data), size);
  const int num_pieces = size > 0 ? data[0] * 4096 : 0;
  const auto pieces = decode_claims(body, num_pieces);
  SWARMTV_FUZZ_CHECK(pieces.has_value() ==
                     (size % 4 == 0 && size <= 4 * std::size_t(kMaxClaimsPerMessage)));
  if (!pieces) return 0;
  for (int piece : *pieces) {
    SWARMTV_FUZZ_CHECK(piece >= 0 && piece < num_pieces);
    const auto message = encode_claim(7, piece);
    const auto again = decode_claims({message.data() + 6, 4}, num_pieces);
    SWARMTV_FUZZ_CHECK(again && again->size() == 1 && again->front() == piece);
  }
  return 0;
}

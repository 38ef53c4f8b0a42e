// Break positions and skip offsets in a manifest: "hh:mm:ss[.mmm]", "n%" or a JSON number.
// Whatever parses resolves to a time inside [0, max(duration, kMaxSeconds)] and survives its
// own serialisation.
#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "swarmtv/ads/time_offset.h"

using namespace swarmtv;

namespace {

void check(const ads::TimeOffset& t) {
  const MediaTime duration = seconds_to_media_time(600);
  const auto at = t.resolve(duration);
  SWARMTV_FUZZ_CHECK(at.has_value());
  SWARMTV_FUZZ_CHECK(at->count() >= 0);
  SWARMTV_FUZZ_CHECK(at->count() <= seconds_to_media_time(ads::TimeOffset::kMaxSeconds).count());
  if (t.is_percent()) {
    SWARMTV_FUZZ_CHECK(*at <= duration);
    SWARMTV_FUZZ_CHECK(!t.resolve(std::nullopt));
  }
  auto again = ads::TimeOffset::from_json(t.to_json());
  SWARMTV_FUZZ_CHECK(again && *again == t);
  ads::format_clock(*at);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  if (auto t = ads::TimeOffset::parse(text)) check(*t);
  const auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded()) {
    if (auto t = ads::TimeOffset::from_json(doc)) check(*t);
  }
  return 0;
}

// A licence file comes from whoever hands it to `licence add` (a buyer, a forum, an attacker).
// Parsed, then verified against a store trusting the seeds' key, for the seeds' series.
#include <nlohmann/json.hpp>

#include "fuzz_keys.h"
#include "fuzz_support.h"
#include "swarmtv/ads/licence.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  (void)ads::parse_utc_time(text.substr(0, 64));
  auto token = ads::LicenceToken::parse(text);
  if (!token) {
    SWARMTV_FUZZ_CHECK(fuzz::printable(token.error().message));
    return 0;
  }
  const auto now = ads::Clock::time_point(std::chrono::seconds(1767225600));  // 2026-01-01
  for (int season : {1, 2}) {
    const auto check = token->verify(fuzz::fuzz_trust(), "demo", season, now);
    SWARMTV_FUZZ_CHECK(fuzz::printable(check.message));
    if (check.ok()) {
      SWARMTV_FUZZ_CHECK(check.licence && check.licence->series == "demo");
      SWARMTV_FUZZ_CHECK(check.licence->covers_season(season));
      // A valid licence's payload survives its own serialisation.
      auto again = ads::Licence::from_json(check.licence->to_json());
      SWARMTV_FUZZ_CHECK(again && *again == *check.licence);
    }
  }
  auto reparsed = ads::LicenceToken::parse(token->to_text());
  SWARMTV_FUZZ_CHECK(reparsed && reparsed->claimed_id() == token->claimed_id());
  return 0;
}

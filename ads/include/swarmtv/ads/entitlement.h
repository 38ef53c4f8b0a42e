// Tiers are derived from valid licences at play time, never stored:
//   premium  = ad-free + bonus (with the bonus content key)
//   ad-free  = no sponsor clips in the covered season
//   free     = everything else; sponsor clips between segments
// Pilot episodes never show ads, whatever the tier. Invalid licences are ignored with a one-line
// note each: a bad licence can only fail to unlock, it never blocks free content.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/licence.h"
#include "swarmtv/ads/trust_store.h"

namespace swarmtv::ads {

enum class Tier { free, ad_free, premium };

std::string_view to_string(Tier tier);  // "free", "ad-free", "premium"

struct Entitlement {
  Tier tier = Tier::free;
  std::optional<ContentKey> bonus_key;   // set for premium
  std::vector<std::string> licence_ids;  // valid licences that contributed
  std::vector<LicenceCheck> checks;      // every licence considered, valid or not

  bool ad_free() const { return tier != Tier::free; }
  bool bonus_unlocked() const { return tier == Tier::premium; }
  // One line for the OSD/log, e.g. "free tier: licence L-1: expired on 2026-01-01 00:00 UTC".
  std::string explanation() const;
};

// Verifies every token for (`series`, `season`) at `now` and combines the grants of the valid
// ones (several licences add up: an ad-free one and a bonus one make premium). A bonus grant
// only counts when the licence carries the bonus key, since without it nothing can be unlocked.
// With `publisher_key_id` (the key that signed the season's manifest), a licence counts only
// when that same key signed it: another trusted publisher cannot unlock this one's season.
Entitlement resolve_entitlement(std::string_view series, int season,
                                std::span<const LicenceToken> tokens, const TrustStore& trust,
                                Clock::time_point now,
                                std::optional<std::string_view> publisher_key_id = std::nullopt);

// Whether sponsor clips play in `episode`: never for pilots, never when ad-free.
bool episode_shows_ads(const Entitlement& entitlement, const Episode& episode);

}  // namespace swarmtv::ads

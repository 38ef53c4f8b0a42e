#include "swarmtv/ads/entitlement.h"
#include "swarmtv/base/enum_names.h"

namespace swarmtv::ads {

std::string_view to_string(Tier tier) {
  static constexpr std::array<std::string_view, 3> kNames{"free", "ad-free", "premium"};
  return enum_name(tier, kNames);
}

std::string Entitlement::explanation() const {
  std::string line = std::string(to_string(tier)) + " tier";
  if (!licence_ids.empty()) {
    line += " (licence";
    for (const std::string& id : licence_ids) line += " " + id;
    line += ")";
  }
  if (tier == Tier::free) {
    // The first refusal is the one worth a line; the log has the others in `checks`.
    for (const LicenceCheck& c : checks) {
      if (!c.ok()) return line + ": " + c.message;
    }
    if (checks.empty()) line += ": no licence for this season";
  }
  return line;
}

Entitlement resolve_entitlement(std::string_view series, int season,
                                std::span<const LicenceToken> tokens, const TrustStore& trust,
                                Clock::time_point now,
                                std::optional<std::string_view> publisher_key_id) {
  Entitlement e;
  bool ad_free = false;
  for (const LicenceToken& token : tokens) {
    LicenceCheck check = token.verify(trust, series, season, now);
    if (check.ok() && publisher_key_id && token.key_id() != *publisher_key_id) {
      check.status = LicenceStatus::other_publisher;
      check.message = "licence " + check.licence->licence_id + " is signed by key " +
                      token.key_id().substr(0, 16) + ", not by this season's publisher (key " +
                      std::string(publisher_key_id->substr(0, 16)) + ")";
      check.licence.reset();
    }
    if (check.ok()) {
      const Licence& l = *check.licence;
      bool counted = false;
      if (l.has_grant(Grant::ad_free)) {
        ad_free = true;
        counted = true;
      }
      if (l.has_grant(Grant::bonus) && l.bonus_key) {
        if (!e.bonus_key) e.bonus_key = l.bonus_key;
        counted = true;
      }
      if (counted) e.licence_ids.push_back(l.licence_id);
    }
    e.checks.push_back(std::move(check));
  }
  if (ad_free && e.bonus_key) {
    e.tier = Tier::premium;
  } else if (ad_free) {
    e.tier = Tier::ad_free;
  } else {
    e.tier = Tier::free;
  }
  // Bonus without ad-free is not a tier of its own; premium is defined as both.
  if (e.tier != Tier::premium) e.bonus_key.reset();
  return e;
}

bool episode_shows_ads(const Entitlement& entitlement, const Episode& episode) {
  return !episode.pilot && !entitlement.ad_free();
}

}  // namespace swarmtv::ads

// What a product or a licence unlocks. Tiers are derived from grants, never stored (tier.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swarmtv::ads {

enum class Grant {
  ad_free,  // no sponsor clips in any episode of the covered seasons
  bonus,    // the encrypted bonus files can be decrypted (the licence carries the key)
};

// "ad-free" / "bonus": the spelling used in manifests and licence files.
std::string_view to_string(Grant grant);
// Parses "ad-free" or "bonus"; nullopt otherwise. ("premium" is a product, not a grant: it is
// expanded to both grants by whoever reads it, e.g. `licence issue --grant premium`.)
std::optional<Grant> parse_grant(std::string_view text);

// What a product name sold by the publisher tools grants: "ad-free" -> {ad_free},
// "premium" -> {ad_free, bonus}; nullopt for anything else.
std::optional<std::vector<Grant>> grants_for_product(std::string_view product);

}  // namespace swarmtv::ads

#include "swarmtv/ads/grant.h"

#include "swarmtv/base/enum_names.h"

namespace swarmtv::ads {

std::string_view to_string(Grant grant) {
  static constexpr std::array<std::string_view, 2> kNames{"ad-free", "bonus"};
  return enum_name(grant, kNames);
}

std::optional<Grant> parse_grant(std::string_view text) {
  if (text == "ad-free") return Grant::ad_free;
  if (text == "bonus") return Grant::bonus;
  return std::nullopt;
}

std::optional<std::vector<Grant>> grants_for_product(std::string_view product) {
  if (product == "ad-free") return std::vector<Grant>{Grant::ad_free};
  if (product == "premium") return std::vector<Grant>{Grant::ad_free, Grant::bonus};
  return std::nullopt;
}

}  // namespace swarmtv::ads

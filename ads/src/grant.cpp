#include "swarmtv/ads/grant.h"

namespace swarmtv::ads {

std::string_view to_string(Grant grant) {
  switch (grant) {
    case Grant::ad_free:
      return "ad-free";
    case Grant::bonus:
      return "bonus";
  }
  return "?";
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

#include "swarmtv/http/conditional_request.h"

#include "header_text.h"

namespace swarmtv::http {

namespace {

std::string_view without_weak_prefix(std::string_view tag) {
  if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
  return tag;
}

}  // namespace

std::string file_etag(std::string_view info_hash, int file) {
  return "\"" + std::string(info_hash.substr(0, 16)) + "-" + std::to_string(file) + "\"";
}

bool none_match_hits(std::string_view header, std::string_view etag) {
  header = trim_ows(header);
  if (header.empty()) return false;
  if (header == "*") return true;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view item = trim_ows(header.substr(0, comma));
    if (without_weak_prefix(item) == without_weak_prefix(etag)) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

bool if_range_allows(std::string_view header, std::string_view etag) {
  header = trim_ows(header);
  if (header.empty()) return true;
  // A weak tag never satisfies If-Range (strong comparison), nor does a date.
  return header.substr(0, 2) != "W/" && header == etag;
}

}  // namespace swarmtv::http

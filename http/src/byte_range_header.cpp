#include "swarmtv/http/byte_range_header.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>

#include "header_text.h"

namespace swarmtv::http {

namespace {

// Only plain decimal digits: from_chars alone would accept a leading '-'.
std::optional<std::int64_t> parse_number(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

// A range unit other than "bytes" (RFC 9110 §14.1: a token before '=').
bool is_other_unit(std::string_view header) {
  const auto eq = header.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  const std::string_view unit = header.substr(0, eq);
  constexpr std::string_view kTchar = "!#$%&'*+-.^_`|~";
  for (char c : unit)
    if (!std::isalnum(static_cast<unsigned char>(c)) && kTchar.find(c) == std::string_view::npos)
      return false;
  std::string lower(unit);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower != "bytes";
}

}  // namespace

RangeRequest parse_range_header(std::string_view header, std::int64_t size) {
  using Kind = RangeRequest::Kind;
  header = trim_ows(header);
  if (header.empty()) return {Kind::whole, 0, size};
  // RFC 9110 §14.2: a server ignores a Range with a unit it does not know (200, whole file).
  if (is_other_unit(header)) return {Kind::whole, 0, size};
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() < kUnit.size()) return {Kind::malformed};
  for (std::size_t i = 0; i < kUnit.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != kUnit[i]) return {Kind::malformed};
  std::string_view spec = trim_ows(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) {
    // Validate each part anyway, so garbage after a comma is still a 400.
    std::string_view rest = spec;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const std::string_view part = trim_ows(rest.substr(0, comma));
      if (!part.empty() &&
          parse_range_header(std::string("bytes=").append(part), size).kind == Kind::malformed)
        return {Kind::malformed};
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    return {Kind::whole, 0, size};
  }
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {Kind::malformed};
  const std::string_view first = trim_ows(spec.substr(0, dash));
  const std::string_view last = trim_ows(spec.substr(dash + 1));
  if (first.empty()) {  // suffix: the last N bytes
    const auto n = parse_number(last);
    if (!n) return {Kind::malformed};
    if (*n == 0 || size == 0) return {Kind::unsatisfiable};
    return {Kind::partial, size - std::min(*n, size), size};
  }
  const auto begin = parse_number(first);
  if (!begin) return {Kind::malformed};
  std::int64_t end = size;
  if (!last.empty()) {
    const auto l = parse_number(last);
    if (!l || *l < *begin) return {Kind::malformed};
    end = std::min(*l + 1, size);
  }
  if (*begin >= size) return {Kind::unsatisfiable};
  return {Kind::partial, *begin, end};
}

}  // namespace swarmtv::http

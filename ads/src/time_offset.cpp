#include "swarmtv/ads/time_offset.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "swarmtv/base/printable.h"

namespace swarmtv::ads {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Digits only, at most 9 of them: a clock field never needs more, and it cannot overflow.
std::optional<long> to_long(std::string_view s) {
  if (!all_digits(s) || s.size() > 9) return std::nullopt;
  long v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// A plain decimal ("12", "12.5"): no sign, no exponent, no hex, no "nan".
std::optional<double> to_decimal(std::string_view s) {
  auto dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (!all_digits(whole) || whole.size() > 9) return std::nullopt;
  if (dot != std::string_view::npos && !all_digits(s.substr(dot + 1))) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string format_clock(MediaTime t) {
  long long total = t.count() < 0 ? 0 : t.count() / 1000000;
  long long h = total / 3600, m = (total / 60) % 60, s = total % 60;
  char buf[32];
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", h, m, s);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", m, s);
  }
  return buf;
}

TimeOffset TimeOffset::from_seconds(double seconds) {
  return TimeOffset(Form::seconds, seconds, {});
}

TimeOffset TimeOffset::from_percent(double percent) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", percent);
  return TimeOffset(Form::percent, percent, buf);
}

Result<TimeOffset> TimeOffset::from_json(const nlohmann::json& value) {
  if (value.is_string()) return parse(value.get_ref<const std::string&>());
  if (!value.is_number()) {
    return make_error(Errc::parse_error,
                      "expected seconds (a number), \"hh:mm:ss[.mmm]\" or \"n%\"");
  }
  double s = value.get<double>();
  if (!std::isfinite(s) || s < 0 || s > kMaxSeconds) {
    return make_error(Errc::parse_error,
                      "seconds must be between 0 and " + std::to_string(int(kMaxSeconds)));
  }
  return TimeOffset(Form::seconds, s, {});
}

Result<TimeOffset> TimeOffset::parse(std::string_view text) {
  const std::string quoted = "\"" + printable_text(text.substr(0, 40)) + "\"";
  if (!text.empty() && text.back() == '%') {
    auto v = to_decimal(text.substr(0, text.size() - 1));
    if (!v || *v > 100) {
      return make_error(Errc::parse_error, quoted + " is not a percentage between 0% and 100%");
    }
    return TimeOffset(Form::percent, *v, std::string(text));
  }
  // hh:mm:ss[.mmm] (VAST's skipoffset / VMAP's timeOffset form).
  auto bad = [&] {
    return make_error(Errc::parse_error,
                      quoted + " is not \"hh:mm:ss[.mmm]\", \"n%\" or a number of seconds");
  };
  auto c1 = text.find(':');
  if (c1 == std::string_view::npos) return bad();
  auto c2 = text.find(':', c1 + 1);
  if (c2 == std::string_view::npos) return bad();
  std::string_view hh = text.substr(0, c1), mm = text.substr(c1 + 1, c2 - c1 - 1);
  std::string_view rest = text.substr(c2 + 1), ss = rest, frac;
  if (auto dot = rest.find('.'); dot != std::string_view::npos) {
    ss = rest.substr(0, dot);
    frac = rest.substr(dot + 1);
    if (frac.empty() || frac.size() > 3 || !all_digits(frac)) return bad();
  }
  if (mm.size() != 2 || ss.size() != 2) return bad();
  auto h = to_long(hh), m = to_long(mm), s = to_long(ss);
  if (!h || !m || !s || *m >= 60 || *s >= 60) return bad();
  double ms = 0;
  if (!frac.empty()) {
    ms = static_cast<double>(*to_long(frac));
    for (std::size_t i = frac.size(); i < 3; ++i) ms *= 10;
  }
  double seconds = double(*h) * 3600 + double(*m) * 60 + double(*s) + ms / 1000.0;
  if (seconds > kMaxSeconds) return bad();
  return TimeOffset(Form::clock, seconds, std::string(text));
}

std::optional<MediaTime> TimeOffset::resolve(std::optional<MediaTime> duration) const {
  if (form_ != Form::percent) return seconds_to_media_time(value_);
  if (!duration) return std::nullopt;
  return MediaTime(std::llround(static_cast<double>(duration->count()) * value_ / 100.0));
}

nlohmann::json TimeOffset::to_json() const {
  if (form_ == Form::seconds) {
    // Whole seconds stay integers ("60", not "60.0") so hand-written manifests round-trip.
    if (value_ == std::floor(value_)) return static_cast<std::int64_t>(value_);
    return value_;
  }
  return text_;
}

bool operator==(const TimeOffset& a, const TimeOffset& b) {
  return a.form_ == b.form_ && a.value_ == b.value_ && a.text_ == b.text_;
}

}  // namespace swarmtv::ads

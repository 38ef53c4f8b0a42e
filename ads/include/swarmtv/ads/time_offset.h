// A point in time inside a piece of media, as written in the bundle manifest: plain seconds
// (`95.5`), a clock value (`"00:01:35.500"`), or a share of the duration (`"25%"`, VAST style).
// Percentages can only become a time once the duration is known, so they stay symbolic until
// resolve() is called with it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "swarmtv/base/media_time.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

// "m:ss" or "h:mm:ss" for user-facing text (the OSD's "Ad 1 of 2 · 0:12").
std::string format_clock(MediaTime t);

class TimeOffset {
 public:
  enum class Form { seconds, clock, percent };

  // Longest offset accepted: 100 hours keeps every conversion far from overflow.
  static constexpr double kMaxSeconds = 100.0 * 3600.0;

  static TimeOffset from_seconds(double seconds);
  static TimeOffset from_percent(double percent);

  // Parses a JSON value: a non-negative number of seconds, "hh:mm:ss[.mmm]" or "n%" (0..100).
  // The error message names what was wrong but not where; callers prefix the field path.
  static Result<TimeOffset> from_json(const nlohmann::json& value);
  // Parses the two string forms.
  static Result<TimeOffset> parse(std::string_view text);

  Form form() const { return form_; }
  bool is_percent() const { return form_ == Form::percent; }

  // The absolute time, given the media's duration (needed only for the percent form).
  // Returns nullopt for a percentage when `duration` is unknown.
  std::optional<MediaTime> resolve(std::optional<MediaTime> duration) const;

  // Serialises back to the form it was written in (numbers as numbers, strings verbatim) so a
  // parsed-then-written manifest keeps its meaning and its bytes are stable for signing.
  nlohmann::json to_json() const;

  friend bool operator==(const TimeOffset& a, const TimeOffset& b);

 private:
  TimeOffset(Form form, double value, std::string text)
      : form_(form), value_(value), text_(std::move(text)) {}

  Form form_ = Form::seconds;
  double value_ = 0;  // seconds for seconds/clock; 0..100 for percent
  std::string text_;  // the original string for clock/percent
};

}  // namespace swarmtv::ads

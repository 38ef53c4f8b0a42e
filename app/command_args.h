// The one option parser of every swarmtv subcommand: "--name VALUE", "--name=VALUE", flags,
// options whose value is optional ("--loopback[=ADDR]", only with '='), repeatable options and
// positional arguments, with mpv's spellings. Unknown options are errors, so a typo never
// silently does nothing.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "swarmtv/base/result.h"

namespace swarmtv::app {

struct OptionSpec {
  enum class Kind { value, flag, optional_value };
  std::string_view name;  // without the leading "--"
  Kind kind = Kind::value;
  bool repeatable = false;
  std::string_view alias = {};  // a second spelling ("license-dir", "fullscreen")
};

class CommandArgs {
 public:
  // Every argument that does not start with "--" (and "--" itself) is positional. With a "help"
  // flag among `options`, "-h" and "--help" anywhere ask for help instead of parsing the rest.
  // An option given twice keeps its last value, as in mpv (a repeatable one keeps them all).
  static Result<CommandArgs> parse(const std::vector<std::string>& args,
                                   std::initializer_list<OptionSpec> options);
  // Shorthands for the publisher commands: `value_options` take a value, `flags` do not, and an
  // option given twice is refused (a key or an output given twice is a mistake).
  static Result<CommandArgs> parse(const std::vector<std::string>& args,
                                   std::initializer_list<std::string_view> value_options,
                                   std::initializer_list<std::string_view> flags = {});

  bool help() const { return help_; }
  const std::vector<std::string>& positional() const { return positional_; }
  // The value given (the last one of a repeatable option; "" for a flag or a bare
  // optional-value option); nullopt when absent.
  std::optional<std::string> get(std::string_view name) const;
  const std::vector<std::string>& all(std::string_view name) const;
  bool has(std::string_view name) const { return options_.count(std::string(name)) != 0; }

 private:
  enum class Repeats { last_wins, refused };
  static Result<CommandArgs> parse_specs(const std::vector<std::string>& args,
                                         std::span<const OptionSpec> options, Repeats repeats);

  bool help_ = false;
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>, std::less<>> options_;
};

// Converters for option values, each with a one-line error naming the option.
Result<long> parse_number(std::string_view option, const std::string& value, long lo, long hi);
// Seconds ("90", "12.5") or [[hh:]mm:]ss[.ms] ("1:30", "01:02:03.5").
Result<double> parse_time_option(std::string_view option, const std::string& value);
// A duration as parse_time_option, from `lo` to `hi` seconds: what becomes a timeout, so a huge
// value is refused rather than overflowing a count of milliseconds.
Result<double> parse_duration_option(std::string_view option, const std::string& value, double lo,
                                     double hi);
// "yes" or "no".
Result<bool> parse_yes_no(std::string_view option, const std::string& value);
// Sets `target` from --`option`=yes|no when it was given; leaves it alone when not.
Status read_yes_no(const CommandArgs& args, std::string_view option, bool& target);
Status read_yes_no(const CommandArgs& args, std::string_view option, std::optional<bool>& target);
// The value of --loopback[=ADDR]: empty for 127.0.0.1, else an IPv4 address in 127.0.0.0/8
// (its canonical spelling).
Result<std::string> parse_loopback_address(const std::string& value);

}  // namespace swarmtv::app

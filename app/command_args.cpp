#include "command_args.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/ip/address_v4.hpp>

namespace swarmtv::app {

namespace {

// One field of [[hh:]mm:]ss[.ms]: digits with an optional fraction, nothing strtod would
// also take ("inf", "nan", "1e400", "0x10").
bool is_time_field(const std::string& part) {
  if (part.empty() || part == ".") return false;
  bool dot = false;
  for (char c : part) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

Error usage_error(std::string message) {
  return make_error(Errc::invalid_argument, std::move(message));
}

const OptionSpec* find_spec(std::span<const OptionSpec> specs, std::string_view name) {
  for (const OptionSpec& s : specs)
    if (s.name == name || (!s.alias.empty() && s.alias == name)) return &s;
  return nullptr;
}

}  // namespace

Result<CommandArgs> CommandArgs::parse(const std::vector<std::string>& args,
                                       std::initializer_list<OptionSpec> options) {
  return parse_specs(args, std::span(options.begin(), options.size()), Repeats::last_wins);
}

Result<CommandArgs> CommandArgs::parse_specs(const std::vector<std::string>& args,
                                             std::span<const OptionSpec> options, Repeats repeats) {
  CommandArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--help" || a == "-h") && find_spec(options, "help")) {
      out.help_ = true;
      return out;
    }
    if (a.size() < 3 || a.rfind("--", 0) != 0) {
      out.positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const OptionSpec* spec = find_spec(options, name);
    if (!spec) return usage_error("unknown option --" + name);
    if (spec->kind == OptionSpec::Kind::flag && value)
      return usage_error("--" + name + " takes no value");
    if (spec->kind == OptionSpec::Kind::value && !value) {
      if (i + 1 >= args.size()) return usage_error("--" + name + " needs a value");
      value = args[++i];
    }
    auto& values = out.options_[std::string(spec->name)];
    if (!values.empty() && !spec->repeatable && repeats == Repeats::refused)
      return usage_error("--" + name + " given twice");
    values.push_back(value.value_or(""));
  }
  return out;
}

Result<CommandArgs> CommandArgs::parse(const std::vector<std::string>& args,
                                       std::initializer_list<std::string_view> value_options,
                                       std::initializer_list<std::string_view> flags) {
  std::vector<OptionSpec> specs;
  for (auto name : value_options) specs.push_back({name, OptionSpec::Kind::value});
  for (auto name : flags) specs.push_back({name, OptionSpec::Kind::flag});
  return parse_specs(args, specs, Repeats::refused);
}

std::optional<std::string> CommandArgs::get(std::string_view name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second.back();
}

const std::vector<std::string>& CommandArgs::all(std::string_view name) const {
  static const std::vector<std::string> kNone;
  auto it = options_.find(name);
  return it == options_.end() ? kNone : it->second;
}

Result<long> parse_number(std::string_view option, const std::string& value, long lo, long hi) {
  char* end = nullptr;
  const long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || v < lo || v > hi)
    return usage_error("option --" + std::string(option) + ": '" + value +
                       "' is not a number from " + std::to_string(lo) + " to " +
                       std::to_string(hi));
  return v;
}

Result<double> parse_time_option(std::string_view option, const std::string& value) {
  double total = 0.0;
  std::vector<std::string> parts;
  std::stringstream in(value);
  for (std::string part; std::getline(in, part, ':');) parts.push_back(part);
  if (!value.empty() && value.back() == ':') parts.emplace_back();
  bool ok = !parts.empty() && parts.size() <= 3;
  for (std::size_t i = 0; ok && i < parts.size(); ++i) {
    ok = is_time_field(parts[i]);
    const double v = ok ? std::strtod(parts[i].c_str(), nullptr) : 0.0;
    // Minutes and seconds after the first field are below 60, as on a clock ("1:30", not
    // "99:99").
    ok = ok && std::isfinite(v) && (i == 0 || v < 60);
    total = total * 60 + v;
  }
  if (!ok || !std::isfinite(total))
    return usage_error("option --" + std::string(option) + ": '" + value + "' is not a time");
  return total;
}

Result<double> parse_duration_option(std::string_view option, const std::string& value, double lo,
                                     double hi) {
  auto seconds = parse_time_option(option, value);
  if (!seconds) return seconds;
  if (*seconds < lo || *seconds > hi)
    return usage_error("option --" + std::string(option) + ": '" + value + "' is out of range (" +
                       fmt::format("{:g} to {:g} seconds", lo, hi) + ")");
  return seconds;
}

Result<bool> parse_yes_no(std::string_view option, const std::string& value) {
  if (value == "yes" || value == "no") return value == "yes";
  return usage_error("option --" + std::string(option) + ": use yes or no, not '" + value + "'");
}

Status read_yes_no(const CommandArgs& args, std::string_view option, std::optional<bool>& target) {
  const auto value = args.get(option);
  if (!value) return {};
  auto yes = parse_yes_no(option, *value);
  if (!yes) return yes.error();
  target = *yes;
  return {};
}

Status read_yes_no(const CommandArgs& args, std::string_view option, bool& target) {
  std::optional<bool> given;
  auto s = read_yes_no(args, option, given);
  if (given) target = *given;
  return s;
}

Result<std::string> parse_loopback_address(const std::string& value) {
  if (value.empty()) return std::string("127.0.0.1");
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address_v4(value, ec);
  if (ec || !address.is_loopback())
    return usage_error("--loopback=" + value + ": not an address in 127.0.0.0/8");
  return address.to_string();
}

}  // namespace swarmtv::app

// What a user (or a script fed by others: a magnet page, a playlist) puts on the command line:
// the one option parser and the value converters, --start/--end/--metadata-timeout times first.
// Input: arguments separated by NUL bytes.
#include <cmath>
#include <string>
#include <vector>

#include "command_args.h"
#include "fuzz_support.h"

using namespace swarmtv;
using app::OptionSpec;
using Kind = OptionSpec::Kind;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  std::vector<std::string> args;
  for (std::size_t at = 0; at <= input.size();) {
    const auto nul = std::min(input.find('\0', at), input.size());
    args.emplace_back(input.substr(at, nul - at));
    at = nul + 1;
  }
  for (const std::string& arg : args) {
    if (auto t = app::parse_time_option("start", arg)) {
      SWARMTV_FUZZ_CHECK(std::isfinite(*t) && *t >= 0);
    }
    if (auto n = app::parse_number("volume", arg, 0, 100)) {
      SWARMTV_FUZZ_CHECK(*n >= 0 && *n <= 100);
    }
    (void)app::parse_yes_no("cache-pause-initial", arg);
    if (auto a = app::parse_loopback_address(arg)) SWARMTV_FUZZ_CHECK(a->rfind("127.", 0) == 0);
  }
  auto parsed = app::CommandArgs::parse(args, {{"start"},
                                               {"end"},
                                               {"pause", Kind::flag},
                                               {"fs", Kind::flag, false, "fullscreen"},
                                               {"sub-file", Kind::value, true},
                                               {"licence-dir", Kind::value, false, "license-dir"},
                                               {"loopback", Kind::optional_value},
                                               {"peer", Kind::value, true},
                                               {"help", Kind::flag}});
  if (parsed && !parsed->help()) {
    for (const char* name : {"start", "end"}) {
      if (auto v = parsed->get(name)) (void)app::parse_time_option(name, *v);
    }
    (void)parsed->all("peer");
  }
  (void)app::CommandArgs::parse(args, {"key", "out"}, {"force"});
  return 0;
}

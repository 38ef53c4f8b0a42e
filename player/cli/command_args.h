// A small option parser for the publisher subcommands: "--name VALUE", "--name=VALUE", flags
// and positional arguments. Unknown options are errors, so a typo never silently does nothing.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "swarmtv/ads/result.h"

namespace swarmtv::cli {

class CommandArgs {
 public:
  // `value_options` take a value ("--out DIR"); `flags` do not ("--force").
  static ads::Result<CommandArgs> parse(const std::vector<std::string>& args,
                                        std::initializer_list<std::string_view> value_options,
                                        std::initializer_list<std::string_view> flags = {});

  const std::vector<std::string>& positional() const { return positional_; }
  std::optional<std::string> get(std::string_view name) const;
  bool has(std::string_view name) const { return options_.count(std::string(name)) != 0; }

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> options_;
};

}  // namespace swarmtv::cli

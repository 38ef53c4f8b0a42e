#include "command_args.h"

#include <algorithm>

namespace swarmtv::cli {

ads::Result<CommandArgs> CommandArgs::parse(const std::vector<std::string>& args,
                                            std::initializer_list<std::string_view> value_options,
                                            std::initializer_list<std::string_view> flags) {
  auto contains = [](std::initializer_list<std::string_view> list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  CommandArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
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
    if (contains(flags, name)) {
      if (value)
        return ads::make_error(ads::ErrorCode::invalid_argument, "--" + name + " takes no value");
      out.options_[name] = "";
    } else if (contains(value_options, name)) {
      if (!value) {
        if (i + 1 >= args.size())
          return ads::make_error(ads::ErrorCode::invalid_argument, "--" + name + " needs a value");
        value = args[++i];
      }
      if (out.options_.count(name))
        return ads::make_error(ads::ErrorCode::invalid_argument, "--" + name + " given twice");
      out.options_[name] = *value;
    } else {
      return ads::make_error(ads::ErrorCode::invalid_argument, "unknown option --" + name);
    }
  }
  return out;
}

std::optional<std::string> CommandArgs::get(std::string_view name) const {
  auto it = options_.find(std::string(name));
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

}  // namespace swarmtv::cli

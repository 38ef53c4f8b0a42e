// Names of enumerators for logs, files and messages, from one table per enum.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace swarmtv {

// `names` lists one name per enumerator in declaration order; enumerators take the default
// values 0, 1, 2 ... (every enum named this way does). "?" for a value outside the table.
template <typename Enum, std::size_t N>
constexpr std::string_view enum_name(Enum value, const std::array<std::string_view, N>& names) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view("?");
}

}  // namespace swarmtv

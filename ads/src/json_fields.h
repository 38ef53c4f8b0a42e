// Internal: strict, non-throwing reading of JSON objects with one-line, path-prefixed errors
// ("episodes[2].title: expected a non-empty string"). Shared by the manifest, licence, caps and
// tracking-log readers so every file format is validated the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "swarmtv/base/printable.h"
#include "swarmtv/base/result.h"

// Returns the Error of a failed Status/Result from the enclosing function.
#define SWARMTV_ADS_TRY(expr)         \
  do {                                \
    if (auto s_ = (expr); !s_.ok()) { \
      return s_.error();              \
    }                                 \
  } while (false)

namespace swarmtv::ads::internal {

// Parses `text` without exceptions; the error names the line/byte nlohmann reports.
Result<nlohmann::json> parse_json(std::string_view text, const std::string& what);

Error field_error(const std::string& path, const std::string& message);

// A short identifier: 1..64 of [A-Za-z0-9._-], not starting with '.' (safe as a file name).
bool is_identifier(const std::string& s);
// A relative path inside a torrent: no leading '/', no '\\', no empty, '.' or '..' component.
bool is_safe_relative_path(const std::string& s);

class ObjectReader {
 public:
  // Fails unless `value` is an object.
  static Result<ObjectReader> open(const nlohmann::json& value, std::string path);

  std::string path_of(const std::string& key) const;
  bool has(const std::string& key) const;
  const nlohmann::json* get(const std::string& key);  // marks the key as known

  Status string(const std::string& key, std::string& out);  // required, non-empty
  Status optional_string(const std::string& key, std::optional<std::string>& out);
  Status identifier(const std::string& key, std::string& out);
  Status relative_path(const std::string& key, std::string& out);
  Status integer(const std::string& key, std::int64_t min, std::int64_t max, std::int64_t& out);
  Status optional_integer(const std::string& key, std::int64_t min, std::int64_t max,
                          std::optional<std::int64_t>& out);
  Status number(const std::string& key, double min, double max, double& out);
  Status optional_number(const std::string& key, double min, double max,
                         std::optional<double>& out);
  Status boolean(const std::string& key, bool default_value, bool& out);
  // Required array (possibly empty); `out` points at it.
  Status array(const std::string& key, const nlohmann::json*& out);
  Status optional_array(const std::string& key, const nlohmann::json*& out);
  Status optional_object(const std::string& key, const nlohmann::json*& out);

  // Fails on the first key that no accessor asked for: typos must not pass silently.
  Status finish() const;

 private:
  ObjectReader(const nlohmann::json& value, std::string path)
      : value_(&value), path_(std::move(path)) {}

  const nlohmann::json* value_;
  std::string path_;
  std::set<std::string> known_;
};

}  // namespace swarmtv::ads::internal

#include "json_fields.h"

#include <cmath>
#include <optional>
#include <set>
#include <vector>

namespace swarmtv::ads::internal {
namespace {
using nlohmann::json;

std::string type_name(const json& v) {
  return v.type_name();
}
}  // namespace

namespace {

// Finds a key given twice in one object. Two JSON readers may keep different copies of it (the
// first or the last), so a signed document with one is refused rather than read one way.
class DuplicateKeyFinder {
 public:
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        keys_.emplace_back(std::set<std::string>{});
        break;
      case json::parse_event_t::array_start:
        keys_.emplace_back(std::nullopt);
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!keys_.empty()) keys_.pop_back();
        break;
      case json::parse_event_t::key:
        if (!keys_.empty() && keys_.back() &&
            !keys_.back()->insert(parsed.get<std::string>()).second && duplicate_.empty())
          duplicate_ = parsed.get<std::string>();
        break;
      default:
        break;
    }
    return true;
  }
  const std::string& duplicate() const { return duplicate_; }

 private:
  std::vector<std::optional<std::set<std::string>>> keys_;
  std::string duplicate_;
};

}  // namespace

Result<json> parse_json(std::string_view text, const std::string& what) {
  DuplicateKeyFinder finder;
  json value = json::parse(
      text.begin(), text.end(),
      [&finder](int depth, json::parse_event_t event, json& parsed) {
        return finder(depth, event, parsed);
      },
      /*allow_exceptions=*/false);
  if (!value.is_discarded() && !finder.duplicate().empty())
    return make_error(
        Errc::parse_error,
        what + " has the key \"" + printable_text(finder.duplicate().substr(0, 64)) + "\" twice");
  if (value.is_discarded()) {
    // Re-parse with exceptions off is not informative, so find the position the slow way: the
    // sax parser reports it without throwing.
    struct Locator : nlohmann::json_sax<json> {
      std::size_t position = 0;
      std::string message;
      bool null() override { return true; }
      bool boolean(bool) override { return true; }
      bool number_integer(number_integer_t) override { return true; }
      bool number_unsigned(number_unsigned_t) override { return true; }
      bool number_float(number_float_t, const string_t&) override { return true; }
      bool string(string_t&) override { return true; }
      bool binary(binary_t&) override { return true; }
      bool start_object(std::size_t) override { return true; }
      bool key(string_t&) override { return true; }
      bool end_object() override { return true; }
      bool start_array(std::size_t) override { return true; }
      bool end_array() override { return true; }
      bool parse_error(std::size_t pos, const std::string&,
                       const nlohmann::detail::exception& ex) override {
        position = pos;
        message = ex.what();
        return false;
      }
    } locator;
    json::sax_parse(text.begin(), text.end(), &locator, nlohmann::detail::input_format_t::json,
                    /*strict=*/true);
    std::string detail = locator.message;
    // nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, ...".
    if (auto p = detail.find("] "); p != std::string::npos) detail = detail.substr(p + 2);
    // nlohmann escapes control characters in the token it quotes, but not DEL.
    return make_error(Errc::parse_error, what + " is not valid JSON: " + printable_text(detail));
  }
  return value;
}

Error field_error(const std::string& path, const std::string& message) {
  // Paths and messages quote the file's keys and values, which may hold any byte.
  return make_error(Errc::parse_error, printable_text((path.empty() ? "" : path + ": ") + message));
}

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > 64 || s[0] == '.') return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool is_safe_relative_path(const std::string& s) {
  if (s.empty() || s.size() > 1024 || s[0] == '/') return false;
  std::size_t start = 0;
  while (true) {
    std::size_t end = s.find('/', start);
    std::string part = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  for (unsigned char c : s) {
    if (c < 0x20 || c == '\\' || c == 0x7f) return false;
  }
  return true;
}

Result<ObjectReader> ObjectReader::open(const json& value, std::string path) {
  if (!value.is_object()) {
    return field_error(path.empty() ? "document" : path,
                       "expected an object, found " + type_name(value));
  }
  return ObjectReader(value, std::move(path));
}

std::string ObjectReader::path_of(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

bool ObjectReader::has(const std::string& key) const {
  return value_->contains(key);
}

const json* ObjectReader::get(const std::string& key) {
  known_.insert(key);
  auto it = value_->find(key);
  return it == value_->end() ? nullptr : &*it;
}

Status ObjectReader::string(const std::string& key, std::string& out) {
  const json* v = get(key);
  if (!v) return field_error(path_of(key), "missing (a non-empty string is required)");
  if (!v->is_string() || v->get_ref<const std::string&>().empty()) {
    return field_error(path_of(key), "expected a non-empty string, found " +
                                         (v->is_string() ? std::string("\"\"") : type_name(*v)));
  }
  out = v->get<std::string>();
  if (out.size() > 4096) return field_error(path_of(key), "longer than 4096 bytes");
  return {};
}

Status ObjectReader::optional_string(const std::string& key, std::optional<std::string>& out) {
  if (!has(key)) {
    get(key);
    out.reset();
    return {};
  }
  std::string s;
  SWARMTV_ADS_TRY(string(key, s));
  out = std::move(s);
  return {};
}

Status ObjectReader::identifier(const std::string& key, std::string& out) {
  SWARMTV_ADS_TRY(string(key, out));
  if (!is_identifier(out)) {
    return field_error(path_of(key), "\"" + out.substr(0, 64) +
                                         "\" is not an identifier (1-64 of A-Z a-z 0-9 . _ -)");
  }
  return {};
}

Status ObjectReader::relative_path(const std::string& key, std::string& out) {
  SWARMTV_ADS_TRY(string(key, out));
  if (!is_safe_relative_path(out)) {
    return field_error(path_of(key),
                       "\"" + out.substr(0, 64) + "\" is not a relative path inside the torrent");
  }
  return {};
}

Status ObjectReader::integer(const std::string& key, std::int64_t min, std::int64_t max,
                             std::int64_t& out) {
  const json* v = get(key);
  if (!v) return field_error(path_of(key), "missing (an integer is required)");
  if (v->is_number_unsigned()) {
    auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max)) {
      return field_error(path_of(key), "must be at most " + std::to_string(max));
    }
    out = static_cast<std::int64_t>(u);
  } else if (v->is_number_integer()) {
    out = v->get<std::int64_t>();
  } else {
    return field_error(path_of(key), "expected an integer, found " + type_name(*v));
  }
  if (out < min || out > max) {
    return field_error(path_of(key), "must be between " + std::to_string(min) + " and " +
                                         std::to_string(max) + ", found " + std::to_string(out));
  }
  return {};
}

Status ObjectReader::optional_integer(const std::string& key, std::int64_t min, std::int64_t max,
                                      std::optional<std::int64_t>& out) {
  if (!has(key)) {
    get(key);
    out.reset();
    return {};
  }
  std::int64_t v = 0;
  SWARMTV_ADS_TRY(integer(key, min, max, v));
  out = v;
  return {};
}

Status ObjectReader::number(const std::string& key, double min, double max, double& out) {
  const json* v = get(key);
  if (!v) return field_error(path_of(key), "missing (a number is required)");
  if (!v->is_number()) {
    return field_error(path_of(key), "expected a number, found " + type_name(*v));
  }
  out = v->get<double>();
  if (!std::isfinite(out) || out < min || out > max) {
    return field_error(path_of(key), "must be between " + json(min).dump() + " and " +
                                         json(max).dump() + ", found " + v->dump());
  }
  return {};
}

Status ObjectReader::optional_number(const std::string& key, double min, double max,
                                     std::optional<double>& out) {
  if (!has(key)) {
    get(key);
    out.reset();
    return {};
  }
  double v = 0;
  SWARMTV_ADS_TRY(number(key, min, max, v));
  out = v;
  return {};
}

Status ObjectReader::boolean(const std::string& key, bool default_value, bool& out) {
  const json* v = get(key);
  if (!v) {
    out = default_value;
    return {};
  }
  if (!v->is_boolean()) {
    return field_error(path_of(key), "expected true or false, found " + type_name(*v));
  }
  out = v->get<bool>();
  return {};
}

Status ObjectReader::array(const std::string& key, const json*& out) {
  const json* v = get(key);
  if (!v) return field_error(path_of(key), "missing (an array is required)");
  if (!v->is_array()) {
    return field_error(path_of(key), "expected an array, found " + type_name(*v));
  }
  out = v;
  return {};
}

Status ObjectReader::optional_array(const std::string& key, const json*& out) {
  out = nullptr;
  if (!has(key)) {
    get(key);
    return {};
  }
  return array(key, out);
}

Status ObjectReader::optional_object(const std::string& key, const json*& out) {
  out = get(key);
  if (out && !out->is_object()) {
    return field_error(path_of(key), "expected an object, found " + type_name(*out));
  }
  return {};
}

Status ObjectReader::finish() const {
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    if (!known_.count(it.key())) {
      return field_error(path_.empty() ? "document" : path_,
                         "unknown field \"" + it.key().substr(0, 64) + "\"");
    }
  }
  return {};
}

}  // namespace swarmtv::ads::internal

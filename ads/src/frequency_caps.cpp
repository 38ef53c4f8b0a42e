#include "swarmtv/ads/frequency_caps.h"

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include <nlohmann/json.hpp>

#include "file_util.h"
#include "json_fields.h"

namespace swarmtv::ads {
namespace {

constexpr std::int64_t kDay = 24 * 3600;

std::int64_t unix_seconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<std::filesystem::path> FrequencyCapStore::default_path() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && xdg[0] == '/') {
    return std::filesystem::path(xdg) / "swarmtv" / "frequency-caps.json";
  }
  if (const char* home = std::getenv("HOME"); home && home[0] == '/') {
    return std::filesystem::path(home) / ".local" / "state" / "swarmtv" / "frequency-caps.json";
  }
  return make_error(Errc::not_found, "neither $XDG_STATE_HOME nor $HOME is set");
}

Result<FrequencyCapStore> FrequencyCapStore::open(const std::filesystem::path& file) {
  FrequencyCapStore store;
  store.file_ = file;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return store;
  auto text = internal::read_file(file);
  if (!text) return text.error();
  auto doc = internal::parse_json(*text, file.string());
  if (!doc) return doc.error();
  auto bad = [&](const std::string& why) {
    return make_error(Errc::parse_error, file.string() + ": " + why);
  };
  if (!doc->is_object() || !doc->contains("format") || (*doc)["format"] != 1 ||
      !doc->contains("clips") || !(*doc)["clips"].is_object()) {
    return bad("not a frequency-cap file (format 1)");
  }
  for (auto it = (*doc)["clips"].begin(); it != (*doc)["clips"].end(); ++it) {
    const nlohmann::json& v = it.value();
    if (!v.is_object() || !v.contains("total") || !v["total"].is_number_integer() ||
        !v.contains("recent") || !v["recent"].is_array()) {
      return bad("clip \"" + it.key().substr(0, 64) + "\" has no total/recent views");
    }
    Views views;
    views.total = v["total"].get<std::int64_t>();
    for (const auto& t : v["recent"]) {
      if (!t.is_number_integer()) return bad("a view time is not an integer");
      views.recent.push_back(t.get<std::int64_t>());
    }
    store.views_[it.key()] = std::move(views);
  }
  return store;
}

FrequencyCapStore FrequencyCapStore::from_tracking(const TrackingLog& log) {
  FrequencyCapStore store;
  // Views older than a day only count towards the total; keep `recent` as record_view would.
  for (const TrackingLog::Impression& i : log.impressions()) {
    Views& v = store.views_[key(i.series_id, i.clip_id)];
    v.total += 1;
    v.recent.push_back(unix_seconds(i.time));
  }
  for (auto& [k, v] : store.views_) std::sort(v.recent.begin(), v.recent.end());
  return store;
}

std::string FrequencyCapStore::key(std::string_view series_id, std::string_view clip_id) {
  return std::string(series_id) + "/" + std::string(clip_id);
}

int FrequencyCapStore::total_views(const std::string& key) const {
  auto it = views_.find(key);
  return it == views_.end() ? 0 : static_cast<int>(it->second.total);
}

int FrequencyCapStore::views_in_last_day(const std::string& key, Clock::time_point now) const {
  auto it = views_.find(key);
  if (it == views_.end()) return 0;
  const std::int64_t since = unix_seconds(now) - kDay;
  int n = 0;
  for (std::int64_t t : it->second.recent) {
    if (t > since) ++n;
  }
  return n;
}

bool FrequencyCapStore::allows(const std::string& key, const FrequencyCap& cap,
                               Clock::time_point now, int planned) const {
  if (cap.total && total_views(key) + planned >= *cap.total) return false;
  if (cap.per_day && views_in_last_day(key, now) + planned >= *cap.per_day) return false;
  return true;
}

Status FrequencyCapStore::record_view(const std::string& key, Clock::time_point now) {
  Views& v = views_[key];
  v.total += 1;
  const std::int64_t t = unix_seconds(now);
  std::erase_if(v.recent, [&](std::int64_t x) { return x <= t - kDay; });
  v.recent.push_back(t);
  return save();
}

Status FrequencyCapStore::save() const {
  if (file_.empty()) return {};
  nlohmann::json clips = nlohmann::json::object();
  for (const auto& [key, v] : views_) clips[key] = {{"total", v.total}, {"recent", v.recent}};
  nlohmann::json doc = {{"format", 1}, {"clips", std::move(clips)}};
  std::error_code ec;
  if (file_.has_parent_path()) std::filesystem::create_directories(file_.parent_path(), ec);
  return internal::write_file_atomic(
      file_, doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

}  // namespace swarmtv::ads

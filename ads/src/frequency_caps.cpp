#include "swarmtv/ads/frequency_caps.h"

#include <algorithm>

namespace swarmtv::ads {
namespace {

constexpr std::int64_t kDay = 24 * 3600;

std::int64_t unix_seconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

FrequencyCapStore FrequencyCapStore::from_tracking(const TrackingLog& log, Clock::time_point now) {
  FrequencyCapStore store;
  // Views older than a day only count towards the total; `recent` keeps what record_view would
  // have kept at `now`.
  const std::int64_t oldest_kept = unix_seconds(now) - kDay;
  for (const TrackingLog::Impression& i : log.impressions()) {
    Views& v = store.views_[key(i.series_id, i.clip_id)];
    v.total += 1;
    if (const std::int64_t t = unix_seconds(i.time); t > oldest_kept) v.recent.push_back(t);
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

void FrequencyCapStore::record_view(const std::string& key, Clock::time_point now) {
  Views& v = views_[key];
  v.total += 1;
  const std::int64_t t = unix_seconds(now);
  std::erase_if(v.recent, [&](std::int64_t x) { return x <= t - kDay; });
  v.recent.push_back(t);
}

std::size_t FrequencyCapStore::kept_view_times() const {
  std::size_t n = 0;
  for (const auto& [k, v] : views_) n += v.recent.size();
  return n;
}

}  // namespace swarmtv::ads

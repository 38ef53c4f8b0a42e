#include "swarmtv/ads/tracking_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <nlohmann/json.hpp>

#include "file_util.h"
#include "json_fields.h"
#include "swarmtv/base/enum_names.h"

namespace swarmtv::ads {

std::string_view to_string(TrackingEvent event) {
  static constexpr std::array<std::string_view, 10> kNames{
      "impression", "start", "firstQuartile", "midpoint", "thirdQuartile",
      "complete",   "skip",  "pause",         "resume",   "error"};
  return enum_name(event, kNames);
}

std::string ClipInstance::key() const {
  return view_id + "/" + std::to_string(break_index) + "/" + std::to_string(clip_index) + "/" +
         clip_id;
}

Result<TrackingLog> TrackingLog::open(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return TrackingLog(file);
  auto text = internal::read_file(file, 256 << 20);
  if (!text) return text.error();
  return from_text(file, *text);
}

TrackingLog TrackingLog::from_text(const std::filesystem::path& file, std::string_view text) {
  TrackingLog log(file);
  std::string_view rest = text;
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (line.empty()) continue;
    auto doc = internal::parse_json(line, "tracking line");
    if (!doc || !doc->is_object() || !doc->contains("instance") || !doc->contains("event") ||
        !(*doc)["instance"].is_string() || !(*doc)["event"].is_string()) {
      ++log.skipped_lines_;
      continue;
    }
    log.remember(*doc);
  }
  return log;
}

void TrackingLog::remember(const nlohmann::json& line) {
  const std::string event = line["event"].get<std::string>();
  fired_.emplace(line["instance"].get<std::string>(), event);
  if (event != to_string(TrackingEvent::impression)) return;
  // Lines written before impressions were counted by series carry none: no cap can use them.
  const auto text = [&](const char* key) {
    auto it = line.find(key);
    return it != line.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string series = text("series");
  const std::string clip = text("clip_id");
  auto time = line.find("time");
  if (series.empty() || clip.empty() || time == line.end() || !time->is_number_integer()) return;
  // The clock counts nanoseconds in 64 bits (to the year 2262): a time outside 1970..2200 is
  // not one this program wrote, and converting it would overflow.
  constexpr std::int64_t kLatestMillis = 7'258'118'400'000;  // 2200-01-01
  const std::int64_t millis = time->get<std::int64_t>();
  if (millis < 0 || millis > kLatestMillis) return;
  impressions_.push_back({series, clip, Clock::time_point(std::chrono::milliseconds(millis))});
}

bool TrackingLog::has_fired(const ClipInstance& instance, TrackingEvent event) const {
  return fired_.count({instance.key(), std::string(to_string(event))}) > 0;
}

Result<bool> TrackingLog::fire(const ClipInstance& instance, TrackingEvent event,
                               Clock::time_point now, std::optional<MediaTime> media_time) {
  auto key = std::make_pair(instance.key(), std::string(to_string(event)));
  if (fired_.count(key)) return false;
  nlohmann::json line = {
      {"event", key.second},
      {"instance", key.first},
      {"view", instance.view_id},
      {"break", instance.break_index},
      {"clip", instance.clip_index},
      {"clip_id", instance.clip_id},
      {"advertiser", instance.advertiser},
      {"series", instance.series_id},
      {"time",
       std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count()}};
  if (media_time) line["media_time"] = double(media_time->count()) / 1e6;
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::error_code ec;
  if (file_.has_parent_path()) std::filesystem::create_directories(file_.parent_path(), ec);
  // One write() with O_APPEND: lines from concurrent writers never interleave mid-line.
  int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return make_error(Errc::io_error,
                      "cannot open " + file_.string() + ": " + std::strerror(errno));
  }
  ssize_t n = ::write(fd, text.data(), text.size());
  int err = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size())) {
    return make_error(Errc::io_error,
                      "cannot append to " + file_.string() + ": " + std::strerror(err));
  }
  remember(line);
  return true;
}

Result<std::vector<TrackingEvent>> TrackingLog::on_progress(const ClipInstance& instance,
                                                            MediaTime position, MediaTime duration,
                                                            Clock::time_point now) {
  std::vector<TrackingEvent> due = {TrackingEvent::impression, TrackingEvent::start};
  const auto reached = [&](int quarter) {
    return duration.count() > 0 && position.count() * 4 >= duration.count() * quarter;
  };
  if (reached(1)) due.push_back(TrackingEvent::first_quartile);
  if (reached(2)) due.push_back(TrackingEvent::midpoint);
  if (reached(3)) due.push_back(TrackingEvent::third_quartile);
  if (reached(4)) due.push_back(TrackingEvent::complete);
  std::vector<TrackingEvent> written;
  for (TrackingEvent e : due) {
    auto r = fire(instance, e, now, position);
    if (!r) return r.error();
    if (*r) written.push_back(e);
  }
  return written;
}

}  // namespace swarmtv::ads

#include "swarmtv/player/playback_stats.h"

#include <fstream>

#include "swarmtv/player/clock.h"

namespace swarmtv::player {

namespace {
// Initialised during static initialisation, before main(): the closest cheap stand-in for
// the moment the process started.
const double g_process_start = now_seconds();
const std::chrono::steady_clock::time_point g_process_start_time = std::chrono::steady_clock::now();
// Media times in the JSON are seconds (to the microsecond); an unknown one is -1.
double json_seconds(std::optional<MediaTime> t) {
  return t ? media_time_to_seconds(*t) : -1.0;
}

}  // namespace

std::chrono::steady_clock::time_point process_start_time() {
  return g_process_start_time;
}

double process_seconds() {
  return now_seconds() - g_process_start;
}

nlohmann::json PlaybackStats::to_json() const {
  using nlohmann::json;
  json j;
  j["time_to_first_frame"] = time_to_first_frame;
  j["bytes_before_first_frame"] = bytes_before_first_frame;
  j["bytes_fetched_before_first_frame"] = bytes_fetched_before_first_frame;
  j["startup_buffering"] = startup_buffering;
  j["stalls"] = json::array();
  double stall_total = 0.0;
  for (const auto& s : stalls) {
    j["stalls"].push_back(
        {{"start", s.start}, {"duration", s.duration}, {"position", json_seconds(s.position)}});
    stall_total += s.duration;
  }
  j["stall_time"] = stall_total;
  j["seeks"] = json::array();
  for (const auto& s : seeks)
    j["seeks"].push_back({{"target", json_seconds(s.target)},
                          {"exact", s.exact},
                          {"requested", s.requested},
                          {"latency", s.latency},
                          {"bytes_read", s.latency < 0 ? 0 : s.bytes_read},
                          {"bytes_fetched", s.latency < 0 ? 0 : s.bytes_fetched},
                          {"buffering", s.buffering}});
  j["segments"] = json::array();
  for (const auto& s : segments)
    j["segments"].push_back(
        {{"kind", s.kind},
         {"title", s.title},
         {"started", s.started},
         {"ended", s.ended},
         {"first_position", json_seconds(s.first_position)},
         {"last_position", json_seconds(s.last_position)},
         {"end_reason", s.end_reason},
         {"first_frame_crc", s.first_frame_crc},
         {"first_frame_at", s.first_frame_at},
         {"last_frame_at", s.last_frame_at},
         {"bytes_fetched_before_first_frame", s.bytes_fetched_before_first_frame},
         {"startup_buffering", s.startup_buffering}});
  j["subtitles"] = json::array();
  for (const auto& s : subtitles)
    j["subtitles"].push_back({{"text", s.text},
                              {"start", json_seconds(s.start)},
                              {"end", json_seconds(s.end)},
                              {"shown", s.shown}});
  j["frames"] = {{"decoded", frames_decoded}, {"shown", frames_shown}, {"dropped", frames_dropped}};
  j["max_av_drift"] = json_seconds(max_av_drift);
  j["end_reason"] = end_reason;
  j["warnings"] = warnings;
  if (network_downloaded >= 0)
    j["network"] = {{"downloaded", network_downloaded}, {"uploaded", network_uploaded}};
  return j;
}

Status PlaybackStats::write(const std::filesystem::path& file) const {
  std::ofstream out(file, std::ios::trunc);
  out << to_json().dump(2) << "\n";
  if (!out) return make_error(Errc::io_error, "cannot write " + file.string());
  return Status::success();
}

}  // namespace swarmtv::player

#include "swarmtv/watch/watch_later_store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <system_error>

#include <nlohmann/json.hpp>

#include "swarmtv/base/file_reader.h"
#include "swarmtv/base/file_writer.h"
#include "swarmtv/base/xdg_dirs.h"

namespace swarmtv::watch {
namespace {

// An entry is about 200 bytes; anything much larger is not one of ours.
constexpr std::size_t kMaxFileBytes = 64 << 10;
constexpr int kFormat = 1;
// Longer than any episode (a year), short enough for MediaTime's microseconds.
constexpr double kMaxSeconds = 365.0 * 24 * 3600;

// FNV-1a, 64 bits: stable across builds and platforms (std::hash is not), which is all a file
// name needs; the key inside the file settles a collision.
std::string digest_hex(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

Error malformed(const std::filesystem::path& file, const std::string& why) {
  return make_error(Errc::parse_error, "watch-later entry " + file.string() + ": " + why);
}

Result<WatchEntry> parse_entry(const nlohmann::json& j, const std::filesystem::path& file) {
  if (!j.is_object()) return malformed(file, "not a JSON object");
  if (!j.contains("format") || j["format"] != kFormat) return malformed(file, "unknown format");
  WatchEntry e;
  if (!j.contains("key") || !j["key"].is_string()) return malformed(file, "no key");
  e.key = j["key"].get<std::string>();
  if (j.contains("title") && j["title"].is_string()) e.title = j["title"].get<std::string>();
  if (!j.contains("position") || !j["position"].is_number()) return malformed(file, "no position");
  // Seconds in the file. Bounded before converting: a hostile number must not overflow.
  const double position = j["position"].get<double>();
  if (!(position >= 0 && position <= kMaxSeconds)) return malformed(file, "bad position");
  e.position = seconds_to_media_time(position);
  if (j.contains("duration") && j["duration"].is_number()) {
    const double duration = j["duration"].get<double>();
    if (duration > 0 && duration <= kMaxSeconds) e.duration = seconds_to_media_time(duration);
  }
  if (!j.contains("watched") || !j["watched"].is_boolean()) return malformed(file, "no watched");
  e.watched = j["watched"].get<bool>();
  if (j.contains("updated") && j["updated"].is_number_integer())
    e.updated = j["updated"].get<std::int64_t>();
  return e;
}

// Seconds, rounded to the millisecond: what the file holds.
double seconds_to_the_ms(MediaTime t) {
  return double(std::chrono::round<std::chrono::milliseconds>(t).count()) / 1000.0;
}

}  // namespace

double WatchEntry::progress() const {
  if (watched) return 1.0;
  if (!duration || *duration <= MediaTime(0)) return 0.0;
  return std::clamp(media_time_ratio(position, *duration), 0.0, 1.0);
}

std::string torrent_file_key(const std::string& info_hash, int file_index) {
  return "btih:" + info_hash + "/file/" + std::to_string(file_index);
}

std::string local_file_key(const std::filesystem::path& file, std::int64_t size) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(file, ec);
  if (ec) absolute = file;
  return "file:" + absolute.lexically_normal().string() + "#size=" + std::to_string(size);
}

bool near_end(MediaTime position, std::optional<MediaTime> duration) {
  if (!duration || *duration <= MediaTime(0)) return false;
  const MediaTime tail = std::min<MediaTime>(std::chrono::seconds(10), *duration / 20);
  return position >= *duration - tail;
}

std::optional<MediaTime> resume_position(const WatchEntry& entry) {
  if (entry.watched || near_end(entry.position, entry.duration)) return std::nullopt;
  // Less than a second in is the start: nothing worth a seek.
  if (entry.position < std::chrono::seconds(1)) return std::nullopt;
  return entry.position;
}

std::filesystem::path WatchLaterStore::default_dir() {
  if (auto state = xdg_dir(XdgDir::state)) return *state / "swarmtv/watch_later";
  return "swarmtv-watch-later";
}

std::filesystem::path WatchLaterStore::file_for(const std::string& key) const {
  return dir_ / (digest_hex(key) + ".json");
}

Result<std::optional<WatchEntry>> WatchLaterStore::load(const std::string& key) const {
  const std::filesystem::path file = file_for(key);
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::optional<WatchEntry>();
  auto text = read_small_file(file, kMaxFileBytes);
  if (!text) return text.error();
  auto j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return malformed(file, "not JSON");
  auto entry = parse_entry(j, file);
  if (!entry) return entry.error();
  if (entry->key != key) return malformed(file, "holds another episode's entry");
  return std::optional<WatchEntry>(std::move(*entry));
}

Status WatchLaterStore::save(const WatchEntry& entry) const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return make_error(Errc::io_error, "cannot create " + dir_.string() + ": " + ec.message());
  std::int64_t updated = entry.updated;
  if (updated == 0)
    updated = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  nlohmann::json j{{"format", kFormat},        {"key", entry.key},
                   {"title", entry.title},     {"position", seconds_to_the_ms(entry.position)},
                   {"watched", entry.watched}, {"updated", updated}};
  if (entry.duration) j["duration"] = seconds_to_the_ms(*entry.duration);
  return write_file_atomically(file_for(entry.key), j.dump() + "\n", 0600);
}

}  // namespace swarmtv::watch

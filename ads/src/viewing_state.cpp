#include "swarmtv/ads/viewing_state.h"

#include <system_error>

#include <nlohmann/json.hpp>

#include "file_util.h"
#include "json_fields.h"
#include "swarmtv/base/file_writer.h"

namespace swarmtv::ads {
namespace {

// Viewing states are a few hundred bytes; anything much larger is not one of ours.
constexpr std::size_t kMaxFileBytes = 1 << 20;

std::optional<ClipState> state_named(const std::string& name) {
  for (ClipState s :
       {ClipState::available, ClipState::played, ClipState::skipped, ClipState::error}) {
    if (to_string(s) == name) return s;
  }
  return std::nullopt;
}

const SponsorClip* find_clip(const BundleManifest& manifest, const std::string& id) {
  for (const SponsorClip& c : manifest.sponsor_clips) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

Result<AdBreak> parse_break(const nlohmann::json& j, const BundleManifest& manifest) {
  auto bad = [](const std::string& why) { return make_error(Errc::parse_error, why); };
  if (!j.is_object() || !j.contains("position_us") || !j.contains("clips") ||
      !j["clips"].is_array())
    return bad("a break has no position_us/clips");
  AdBreak br;
  const nlohmann::json& pos = j["position_us"];
  if (pos == "end") {
    br.position = kEndOfContent;
  } else if (pos.is_number_integer() && pos.get<std::int64_t>() >= 0) {
    br.position = MediaTime(pos.get<std::int64_t>());
  } else {
    return bad("a break's position_us is neither a non-negative integer nor \"end\"");
  }
  for (const nlohmann::json& c : j["clips"]) {
    if (!c.is_object() || !c.contains("id") || !c["id"].is_string() || !c.contains("state") ||
        !c["state"].is_string())
      return bad("a clip has no id/state");
    const SponsorClip* clip = find_clip(manifest, c["id"].get<std::string>());
    if (!clip)
      return bad("clip \"" + printable_text(c["id"].get<std::string>().substr(0, 64)) +
                 "\" is unknown");
    auto state = state_named(c["state"].get<std::string>());
    if (!state) return bad("a clip's state is not one of available/played/skipped/error");
    br.clips.push_back({*clip, *state});
  }
  return br;
}

}  // namespace

std::filesystem::path ViewingStateStore::file_for(const std::string& view_id) const {
  // View ids hold '/' (info-hash/episode/day): keep the file name to one safe component.
  std::string name;
  for (char ch : view_id) {
    const bool safe = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
    name += safe ? ch : '_';
  }
  // Two ids that differ only in unsafe characters must not share a file.
  return dir_ / (name.substr(0, 160) + "-" + internal::digest_hex(view_id).substr(0, 12) + ".json");
}

Result<std::optional<AdSchedule>> ViewingStateStore::load(const std::string& view_id,
                                                          const BundleManifest& manifest) const {
  const std::filesystem::path file = file_for(view_id);
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::optional<AdSchedule>();
  auto text = internal::read_file(file, kMaxFileBytes);
  if (!text) return text.error();
  auto schedule = parse(*text, view_id, manifest, file.string());
  if (!schedule) return schedule.error();
  return std::optional<AdSchedule>(std::move(*schedule));
}

Result<AdSchedule> ViewingStateStore::parse(std::string_view text, const std::string& view_id,
                                            const BundleManifest& manifest,
                                            const std::string& name) {
  auto doc = internal::parse_json(text, name);
  if (!doc) return doc.error();
  auto bad = [&](const std::string& why) {
    return make_error(Errc::parse_error, name + ": " + why);
  };
  if (!doc->is_object() || !doc->contains("format") || (*doc)["format"] != 1 ||
      !doc->contains("view") || (*doc)["view"] != view_id || !doc->contains("breaks") ||
      !(*doc)["breaks"].is_array())
    return bad("not the viewing state (format 1) of this viewing");
  std::vector<AdBreak> breaks;
  for (const nlohmann::json& b : (*doc)["breaks"]) {
    auto br = parse_break(b, manifest);
    if (!br) return bad(br.error().message);
    breaks.push_back(std::move(*br));
  }
  return AdSchedule(std::move(breaks));
}

Status ViewingStateStore::save(const std::string& view_id, const AdSchedule& schedule) const {
  nlohmann::json breaks = nlohmann::json::array();
  for (const AdBreak& b : schedule.breaks()) {
    nlohmann::json clips = nlohmann::json::array();
    for (const ScheduledClip& c : b.clips)
      clips.push_back({{"id", c.clip.id}, {"state", std::string(to_string(c.state))}});
    nlohmann::json position =
        b.is_post_roll() ? nlohmann::json("end") : nlohmann::json(b.position.count());
    breaks.push_back({{"position_us", std::move(position)}, {"clips", std::move(clips)}});
  }
  nlohmann::json doc = {{"format", 1}, {"view", view_id}, {"breaks", std::move(breaks)}};
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (!pruned_) {
    pruned_ = true;
    prune();
  }
  return write_file_atomically(
      file_for(view_id), doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

std::size_t ViewingStateStore::prune() const {
  // Only names this store writes: "<id>-<hash>.json" and write_file_atomically's
  // "<that>.tmp.<pid>.<n>" (a crash between write and rename).
  const auto ours = [](const std::string& name) {
    return name.ends_with(".json") || name.find(".json.tmp.") != std::string::npos;
  };
  const auto oldest = std::filesystem::file_time_type::clock::now() - max_age_;
  std::size_t removed = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code fec;
    if (!it->is_regular_file(fec) || !ours(it->path().filename().string())) continue;
    const auto written = it->last_write_time(fec);
    if (fec || written >= oldest) continue;
    if (std::filesystem::remove(it->path(), fec)) ++removed;
  }
  return removed;
}

}  // namespace swarmtv::ads

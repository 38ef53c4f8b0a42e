#include "swarmtv/ads/bundle_manifest.h"

#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "json_fields.h"

namespace swarmtv::ads {
namespace {

// Limits on what a publisher's manifest may hold (docs/bundle-format.md): a signed manifest is
// still input, and a player must not schedule thousands of breaks or read thousands of files.
constexpr std::size_t kMaxListItems = 1000;  // episodes, sponsor clips, products, bonus
constexpr std::size_t kMaxBreaksPerEpisode = 100;
constexpr std::size_t kMaxSubtitlesPerEpisode = 32;

using internal::field_error;
using internal::ObjectReader;
using nlohmann::json;

std::string index_path(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

Result<SeriesInfo> read_series(const json& v) {
  auto r = ObjectReader::open(v, "series");
  if (!r) return r.error();
  SeriesInfo s;
  SWARMTV_ADS_TRY(r->identifier("id", s.id));
  SWARMTV_ADS_TRY(r->string("title", s.title));
  SWARMTV_ADS_TRY(r->finish());
  return s;
}

// "en", "pt-BR", "zh-Hant": letters, digits and '-', at most 35 characters (BCP 47's longest
// common form); never a control or escape character, as it is printed and put in HTML.
bool is_language_tag(const std::string& s) {
  if (s.size() > 35) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  return true;
}

Result<SubtitleRef> read_subtitle(const json& v, const std::string& path) {
  auto r = ObjectReader::open(v, path);
  if (!r) return r.error();
  SubtitleRef sub;
  std::optional<std::string> language, title;
  SWARMTV_ADS_TRY(r->relative_path("file", sub.file));
  SWARMTV_ADS_TRY(r->optional_string("language", language));
  SWARMTV_ADS_TRY(r->optional_string("title", title));
  SWARMTV_ADS_TRY(r->finish());
  sub.language = language.value_or("");
  sub.title = title.value_or("");
  if (!is_language_tag(sub.language))
    return field_error(r->path_of("language"), "not a language tag such as \"en\" or \"pt-BR\"");
  if (sub.title.size() > 200) return field_error(r->path_of("title"), "longer than 200 bytes");
  return sub;
}

Status read_subtitles(ObjectReader& r, Episode& e) {
  const json* list = nullptr;
  SWARMTV_ADS_TRY(r.optional_array("subtitles", list));
  if (!list) return {};
  if (list->size() > kMaxSubtitlesPerEpisode)
    return field_error(r.path_of("subtitles"),
                       "more than " + std::to_string(kMaxSubtitlesPerEpisode) + " files");
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto sub = read_subtitle((*list)[i], index_path(r.path_of("subtitles"), i));
    if (!sub) return sub.error();
    e.subtitles.push_back(std::move(*sub));
  }
  return {};
}

Result<Episode> read_episode(const json& v, const std::string& path) {
  auto r = ObjectReader::open(v, path);
  if (!r) return r.error();
  Episode e;
  std::int64_t number = 0;
  std::optional<double> duration;
  const json* breaks = nullptr;
  SWARMTV_ADS_TRY(r->relative_path("file", e.file));
  SWARMTV_ADS_TRY(r->integer("number", 0, 9999, number));
  SWARMTV_ADS_TRY(r->string("title", e.title));
  SWARMTV_ADS_TRY(r->boolean("pilot", false, e.pilot));
  SWARMTV_ADS_TRY(r->optional_number("duration", 0.001, TimeOffset::kMaxSeconds, duration));
  SWARMTV_ADS_TRY(r->optional_array("ad_breaks", breaks));
  SWARMTV_ADS_TRY(r->optional_number("loudness_lufs", -70, 0, e.loudness_lufs));
  SWARMTV_ADS_TRY(read_subtitles(*r, e));
  SWARMTV_ADS_TRY(r->finish());
  e.number = static_cast<int>(number);
  if (duration) e.duration = seconds_to_media_time(*duration);
  if (breaks && breaks->size() > kMaxBreaksPerEpisode) {
    return field_error(r->path_of("ad_breaks"),
                       "more than " + std::to_string(kMaxBreaksPerEpisode) + " breaks");
  }
  if (breaks) {
    std::vector<TimeOffset> positions;
    for (std::size_t i = 0; i < breaks->size(); ++i) {
      const std::string at = index_path(r->path_of("ad_breaks"), i);
      auto t = TimeOffset::from_json((*breaks)[i]);
      if (!t) return field_error(at, t.error().message);
      // Mid-rolls sit strictly inside the episode: 0 is the pre-roll, the end is the post-roll,
      // and the policy switches those on and off.
      auto resolved = t->resolve(e.duration);
      if (resolved && resolved->count() == 0) {
        return field_error(at, "a mid-roll cannot be at 0 (use ad_policy.pre_roll)");
      }
      if (t->is_percent() && t->resolve(MediaTime(100))->count() >= 100) {
        return field_error(at, "a mid-roll cannot be at 100% (use ad_policy.post_roll)");
      }
      if (resolved && e.duration && *resolved >= *e.duration) {
        return field_error(at, "is not before the end of the episode (duration " +
                                   json(media_time_to_seconds(*e.duration)).dump() + " s)");
      }
      positions.push_back(std::move(*t));
    }
    e.ad_breaks = std::move(positions);
  }
  return e;
}

Result<SponsorClip> read_clip(const json& v, const std::string& path) {
  auto r = ObjectReader::open(v, path);
  if (!r) return r.error();
  SponsorClip c;
  double duration = 0;
  SWARMTV_ADS_TRY(r->identifier("id", c.id));
  SWARMTV_ADS_TRY(r->relative_path("file", c.file));
  SWARMTV_ADS_TRY(r->string("advertiser", c.advertiser));
  SWARMTV_ADS_TRY(r->string("category", c.category));
  SWARMTV_ADS_TRY(r->number("duration", 0.001, 3600, duration));
  SWARMTV_ADS_TRY(r->optional_number("loudness_lufs", -70, 0, c.loudness_lufs));
  c.duration = seconds_to_media_time(duration);
  if (const json* skip = r->get("skip_offset")) {
    auto t = TimeOffset::from_json(*skip);
    if (!t) return field_error(r->path_of("skip_offset"), t.error().message);
    if (*t->resolve(c.duration) >= c.duration) {
      return field_error(r->path_of("skip_offset"), "is not before the end of the clip");
    }
    c.skip_offset = std::move(*t);
  }
  SWARMTV_ADS_TRY(r->finish());
  return c;
}

Result<FrequencyCap> read_cap(const json& v, const std::string& path) {
  auto r = ObjectReader::open(v, path);
  if (!r) return r.error();
  std::optional<std::int64_t> per_day, total;
  SWARMTV_ADS_TRY(r->optional_integer("per_day", 0, 1000000, per_day));
  SWARMTV_ADS_TRY(r->optional_integer("total", 0, 1000000, total));
  SWARMTV_ADS_TRY(r->finish());
  if (!per_day && !total) return field_error(path, "needs \"per_day\", \"total\" or both");
  FrequencyCap cap;
  if (per_day) cap.per_day = static_cast<int>(*per_day);
  if (total) cap.total = static_cast<int>(*total);
  return cap;
}

Result<AdPolicy> read_policy(const json& v) {
  auto r = ObjectReader::open(v, "ad_policy");
  if (!r) return r.error();
  AdPolicy p;
  std::int64_t per_break = 0;
  const json* caps = nullptr;
  SWARMTV_ADS_TRY(r->integer("clips_per_break", 1, 10, per_break));
  SWARMTV_ADS_TRY(r->boolean("pre_roll", true, p.pre_roll));
  SWARMTV_ADS_TRY(r->boolean("post_roll", true, p.post_roll));
  SWARMTV_ADS_TRY(r->optional_object("frequency_caps", caps));
  SWARMTV_ADS_TRY(r->finish());
  p.clips_per_break = static_cast<int>(per_break);
  if (caps) {
    for (auto it = caps->begin(); it != caps->end(); ++it) {
      auto cap = read_cap(it.value(), r->path_of("frequency_caps") + "." + it.key());
      if (!cap) return cap.error();
      p.frequency_caps.emplace(it.key(), *cap);
    }
  }
  return p;
}

Result<Product> read_product(const json& v, const std::string& path) {
  auto r = ObjectReader::open(v, path);
  if (!r) return r.error();
  Product p;
  const json* grants = nullptr;
  SWARMTV_ADS_TRY(r->identifier("id", p.id));
  SWARMTV_ADS_TRY(r->string("title", p.title));
  SWARMTV_ADS_TRY(r->array("grants", grants));
  SWARMTV_ADS_TRY(r->finish());
  if (grants->empty()) return field_error(r->path_of("grants"), "grants nothing");
  for (std::size_t i = 0; i < grants->size(); ++i) {
    const json& g = (*grants)[i];
    auto grant = g.is_string() ? parse_grant(g.get_ref<const std::string&>()) : std::nullopt;
    if (!grant) {
      return field_error(index_path(r->path_of("grants"), i),
                         "expected \"ad-free\" or \"bonus\", found " + g.dump().substr(0, 40));
    }
    for (Grant seen : p.grants) {
      if (seen == *grant) {
        return field_error(index_path(r->path_of("grants"), i), "is listed twice");
      }
    }
    p.grants.push_back(*grant);
  }
  return p;
}

Result<BonusFile> read_bonus(const json& v, const std::string& path) {
  auto r = ObjectReader::open(v, path);
  if (!r) return r.error();
  BonusFile b;
  std::int64_t chunk = 0;
  SWARMTV_ADS_TRY(r->relative_path("file", b.file));
  SWARMTV_ADS_TRY(r->string("title", b.title));
  SWARMTV_ADS_TRY(r->integer("chunk_size", 1024, 16 * 1024 * 1024, chunk));
  SWARMTV_ADS_TRY(r->finish());
  b.chunk_size = static_cast<std::uint32_t>(chunk);
  return b;
}

// Reads array `key` of `r`, converting each element with `read`.
template <typename T, typename Reader>
Status read_list(ObjectReader& r, const std::string& key, bool required, Reader read,
                 std::vector<T>& out) {
  const json* list = nullptr;
  if (required) {
    SWARMTV_ADS_TRY(r.array(key, list));
  } else {
    SWARMTV_ADS_TRY(r.optional_array(key, list));
  }
  if (!list) return {};
  if (list->size() > kMaxListItems)
    return field_error(key, "more than " + std::to_string(kMaxListItems) + " items");
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto item = read((*list)[i], index_path(key, i));
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
  return {};
}

}  // namespace

Result<BundleManifest> BundleManifest::parse(std::string_view json_text) {
  auto doc = internal::parse_json(json_text, "the bundle manifest");
  if (!doc) return doc.error();
  return from_json(*doc);
}

Result<BundleManifest> BundleManifest::from_json(const json& document) {
  auto r = ObjectReader::open(document, "");
  if (!r) return r.error();
  BundleManifest m;
  std::int64_t format = 0, season = 0;
  SWARMTV_ADS_TRY(r->integer("format", 0, 1000000, format));
  if (format != kManifestFormatVersion) {
    return field_error("format", "version " + std::to_string(format) +
                                     " is not supported (this player reads version " +
                                     std::to_string(kManifestFormatVersion) + ")");
  }
  m.format = static_cast<int>(format);
  const json* series = r->get("series");
  if (!series) return field_error("series", "missing (an object with id and title is required)");
  auto s = read_series(*series);
  if (!s) return s.error();
  m.series = std::move(*s);
  SWARMTV_ADS_TRY(r->integer("season", 0, 9999, season));
  m.season = static_cast<int>(season);
  SWARMTV_ADS_TRY(read_list(*r, "episodes", true, read_episode, m.episodes));
  SWARMTV_ADS_TRY(read_list(*r, "sponsor_clips", false, read_clip, m.sponsor_clips));
  if (const json* policy = r->get("ad_policy")) {
    auto p = read_policy(*policy);
    if (!p) return p.error();
    m.ad_policy = std::move(*p);
  }
  SWARMTV_ADS_TRY(read_list(*r, "products", false, read_product, m.products));
  SWARMTV_ADS_TRY(read_list(*r, "bonus", false, read_bonus, m.bonus));
  SWARMTV_ADS_TRY(r->finish());
  SWARMTV_ADS_TRY(m.validate());
  return m;
}

Status BundleManifest::validate() const {
  if (format != kManifestFormatVersion) return field_error("format", "unsupported version");
  if (!internal::is_identifier(series.id)) return field_error("series.id", "not an identifier");
  if (series.title.empty()) return field_error("series.title", "empty");
  if (episodes.empty()) return field_error("episodes", "the season has no episode");
  std::set<int> numbers;
  std::set<std::string> files;
  for (std::size_t i = 0; i < episodes.size(); ++i) {
    const Episode& e = episodes[i];
    std::string at = index_path("episodes", i);
    if (!numbers.insert(e.number).second) {
      return field_error(at + ".number",
                         "episode " + std::to_string(e.number) + " is listed twice");
    }
    if (!internal::is_safe_relative_path(e.file)) {
      return field_error(at + ".file", "not a relative path inside the torrent");
    }
    if (!files.insert(e.file).second) return field_error(at + ".file", "is used twice");
    for (std::size_t j = 0; j < e.subtitles.size(); ++j) {
      const std::string sub_at = index_path(at + ".subtitles", j) + ".file";
      if (!internal::is_safe_relative_path(e.subtitles[j].file))
        return field_error(sub_at, "not a relative path inside the torrent");
      if (!files.insert(e.subtitles[j].file).second) return field_error(sub_at, "is used twice");
    }
  }
  std::set<std::string> clip_ids;
  for (std::size_t i = 0; i < sponsor_clips.size(); ++i) {
    const SponsorClip& c = sponsor_clips[i];
    std::string at = index_path("sponsor_clips", i);
    if (!internal::is_identifier(c.id)) return field_error(at + ".id", "not an identifier");
    if (!clip_ids.insert(c.id).second) {
      return field_error(at + ".id", "clip \"" + c.id + "\" is listed twice");
    }
    if (!internal::is_safe_relative_path(c.file)) {
      return field_error(at + ".file", "not a relative path inside the torrent");
    }
    if (!files.insert(c.file).second) return field_error(at + ".file", "is used twice");
    if (c.duration.count() <= 0) return field_error(at + ".duration", "must be positive");
  }
  if (ad_policy.clips_per_break < 1 || ad_policy.clips_per_break > 10) {
    return field_error("ad_policy.clips_per_break", "must be between 1 and 10");
  }
  for (const auto& [id, cap] : ad_policy.frequency_caps) {
    if (!clip_ids.count(id)) {
      return field_error("ad_policy.frequency_caps." + id.substr(0, 64), "names no sponsor clip");
    }
  }
  std::set<std::string> product_ids;
  for (std::size_t i = 0; i < products.size(); ++i) {
    if (!product_ids.insert(products[i].id).second) {
      return field_error(index_path("products", i) + ".id", "is listed twice");
    }
  }
  for (std::size_t i = 0; i < bonus.size(); ++i) {
    if (!internal::is_safe_relative_path(bonus[i].file)) {
      return field_error(index_path("bonus", i) + ".file",
                         "not a relative path inside the torrent");
    }
    if (!files.insert(bonus[i].file).second) {
      return field_error(index_path("bonus", i) + ".file", "is used twice");
    }
  }
  return {};
}

json BundleManifest::to_json() const {
  json doc = json::object();
  doc["format"] = format;
  doc["series"] = {{"id", series.id}, {"title", series.title}};
  doc["season"] = season;
  json eps = json::array();
  for (const Episode& e : episodes) {
    json j = {{"file", e.file}, {"number", e.number}, {"title", e.title}, {"pilot", e.pilot}};
    if (e.duration)
      j["duration"] = TimeOffset::from_seconds(media_time_to_seconds(*e.duration)).to_json();
    if (e.ad_breaks) {
      json list = json::array();
      for (const TimeOffset& t : *e.ad_breaks) list.push_back(t.to_json());
      j["ad_breaks"] = std::move(list);
    }
    if (e.loudness_lufs) j["loudness_lufs"] = *e.loudness_lufs;
    // Only when there are some: a manifest without subtitles keeps its bytes (and signature).
    if (!e.subtitles.empty()) {
      json subs = json::array();
      for (const SubtitleRef& sub : e.subtitles) {
        json one = {{"file", sub.file}};
        if (!sub.language.empty()) one["language"] = sub.language;
        if (!sub.title.empty()) one["title"] = sub.title;
        subs.push_back(std::move(one));
      }
      j["subtitles"] = std::move(subs);
    }
    eps.push_back(std::move(j));
  }
  doc["episodes"] = std::move(eps);
  json clips = json::array();
  for (const SponsorClip& c : sponsor_clips) {
    json j = {{"id", c.id},
              {"file", c.file},
              {"advertiser", c.advertiser},
              {"category", c.category},
              {"duration", TimeOffset::from_seconds(media_time_to_seconds(c.duration)).to_json()}};
    if (c.skip_offset) j["skip_offset"] = c.skip_offset->to_json();
    if (c.loudness_lufs) j["loudness_lufs"] = *c.loudness_lufs;
    clips.push_back(std::move(j));
  }
  doc["sponsor_clips"] = std::move(clips);
  json caps = json::object();
  for (const auto& [id, cap] : ad_policy.frequency_caps) {
    json j = json::object();
    if (cap.per_day) j["per_day"] = *cap.per_day;
    if (cap.total) j["total"] = *cap.total;
    caps[id] = std::move(j);
  }
  doc["ad_policy"] = {{"clips_per_break", ad_policy.clips_per_break},
                      {"pre_roll", ad_policy.pre_roll},
                      {"post_roll", ad_policy.post_roll},
                      {"frequency_caps", std::move(caps)}};
  json prods = json::array();
  for (const Product& p : products) {
    json grants = json::array();
    for (Grant g : p.grants) grants.push_back(std::string(to_string(g)));
    prods.push_back({{"id", p.id}, {"title", p.title}, {"grants", std::move(grants)}});
  }
  doc["products"] = std::move(prods);
  json bonus_files = json::array();
  for (const BonusFile& b : bonus) {
    bonus_files.push_back({{"file", b.file}, {"title", b.title}, {"chunk_size", b.chunk_size}});
  }
  doc["bonus"] = std::move(bonus_files);
  return doc;
}

std::string BundleManifest::to_canonical_string() const {
  // nlohmann's object is a std::map, so keys come out sorted; strings invalid as UTF-8 (only
  // possible for a manifest built in code) are replaced rather than thrown on.
  return to_json().dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

const Episode* BundleManifest::find_episode(int number) const {
  for (const Episode& e : episodes) {
    if (e.number == number) return &e;
  }
  return nullptr;
}

const SponsorClip* BundleManifest::find_clip(std::string_view id) const {
  for (const SponsorClip& c : sponsor_clips) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace swarmtv::ads

#include "swarmtv/http/catalog.h"

#include <algorithm>
#include <cctype>

#include "swarmtv/decoder/subtitle_file.h"
#include "swarmtv/http/content_type.h"
#include "swarmtv/season/season.h"

namespace swarmtv::http {

namespace {

std::string last_component(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// Links every video to the subtitle files beside it.
void attach_subtitles(std::vector<CatalogEntry>& entries) {
  for (auto& video : entries) {
    if (video.content_type.rfind("video/", 0) != 0) continue;
    for (const auto& sub : entries)
      if (&sub != &video && folder_of(sub.path) == folder_of(video.path) &&
          subtitle_language(video.name, sub.name))
        video.subtitles.push_back(sub.file);
  }
}

// The entry of torrent path `path` ("Show/ep1.mkv"), matched as the manifest names it (relative
// to the torrent's root folder).
CatalogEntry* entry_for(std::vector<CatalogEntry>& entries, const std::string& manifest_path) {
  for (auto& e : entries)
    if (e.path == manifest_path || (e.path.size() > manifest_path.size() &&
                                    e.path.compare(e.path.size() - manifest_path.size(),
                                                   manifest_path.size(), manifest_path) == 0 &&
                                    e.path[e.path.size() - manifest_path.size() - 1] == '/'))
      return &e;
  return nullptr;
}

// The subtitle files a verified bundle's manifest lists for each episode (whatever their names).
void attach_manifest_subtitles(std::vector<CatalogEntry>& entries,
                               const ads::BundleManifest& manifest) {
  for (const ads::Episode& e : manifest.episodes) {
    CatalogEntry* video = entry_for(entries, e.file);
    if (!video) continue;
    for (const ads::SubtitleRef& ref : e.subtitles) {
      const CatalogEntry* sub = entry_for(entries, ref.file);
      if (sub && std::find(video->subtitles.begin(), video->subtitles.end(), sub->file) ==
                     video->subtitles.end())
        video->subtitles.push_back(sub->file);
    }
  }
}

// Titles, kinds and refusals of a verified bundle's files, by the viewer's entitlement.
void apply_tier_rules(Catalog& catalog, const ads::BundleManifest& manifest,
                      const ads::Entitlement& entitlement) {
  catalog.tier = std::string(ads::to_string(entitlement.tier));
  catalog.tier_explanation = entitlement.explanation();
  catalog.bonus_key = entitlement.bonus_key;
  if (!manifest.series.title.empty())
    catalog.title = manifest.series.title + " — season " + std::to_string(manifest.season);

  for (auto& e : catalog.entries)
    if (e.name == ads::kManifestFileName || e.name == ads::kManifestSignatureFileName)
      e.kind = EntryKind::bundle_metadata;
  for (const auto& clip : manifest.sponsor_clips)
    if (auto* e = entry_for(catalog.entries, clip.file)) {
      e->kind = EntryKind::sponsor_clip;
      e->title = "Sponsor clip: " + (clip.advertiser.empty() ? clip.id : clip.advertiser);
    }
  for (const auto& episode : manifest.episodes) {
    CatalogEntry* e = entry_for(catalog.entries, episode.file);
    if (!e) continue;
    e->kind = EntryKind::episode;
    e->episode_number = episode.number;
    e->title = "Episode " + std::to_string(episode.number) +
               (episode.title.empty() ? "" : ": " + episode.title);
    if (ads::episode_shows_ads(entitlement, episode))
      e->refusal =
          "this episode is ad-supported: the free tier plays in the native player with its "
          "sponsor clips ('swarmtv play'); an ad-free licence lets swarmtv serve it";
  }
  for (const auto& bonus : manifest.bonus) {
    CatalogEntry* e = entry_for(catalog.entries, bonus.file);
    if (!e) continue;
    e->kind = EntryKind::bonus;
    e->title = "Bonus: " + (bonus.title.empty() ? e->name : bonus.title);
    e->content_type = content_type_for(e->path);  // without ".enc"
    e->playable = is_playable_in_browser(e->path);
    if (entitlement.bonus_unlocked() && entitlement.bonus_key)
      e->decrypt = true;
    else
      e->refusal = "this bonus file is locked: it needs a premium licence";
  }
  // A file ending in .enc that the manifest does not list is never served raw either.
  for (auto& e : catalog.entries)
    if (e.kind != EntryKind::bonus && e.name.size() > 4 &&
        e.name.compare(e.name.size() - 4, 4, ".enc") == 0)
      e.refusal = "encrypted files are never served raw";
}

}  // namespace

std::string url_encode(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : segment) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string CatalogEntry::url_path() const {
  return "/files/" + std::to_string(int(file)) + "/" + url_encode(name);
}

std::string CatalogEntry::subtitle_url(std::size_t n) const {
  return "/files/" + std::to_string(int(file)) + "/subtitles/" + std::to_string(n) + ".vtt";
}

std::string CatalogEntry::subtitle_url_list() const {
  return "/files/" + std::to_string(int(file)) + "/subtitles/tracks.json";
}

std::optional<std::string> subtitle_language(const std::string& video,
                                             const std::string& subtitle) {
  if (!decoder::is_subtitle_file_name(subtitle)) return std::nullopt;
  const std::string stem = video.substr(0, video.rfind('.'));
  const std::string base = subtitle.substr(0, subtitle.rfind('.'));
  if (base == stem) return std::string();
  if (base.size() <= stem.size() + 1 || base.compare(0, stem.size(), stem) != 0 ||
      base[stem.size()] != '.')
    return std::nullopt;
  std::string language = base.substr(stem.size() + 1);
  // A language tag ("en", "pt-BR"), not any other suffix ("ep1.final.srt" has none).
  const bool tag =
      language.size() <= 12 && std::all_of(language.begin(), language.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
      });
  return tag ? language : std::string();
}

const CatalogEntry* Catalog::find(int file_index) const {
  for (const auto& e : entries)
    if (int(e.file) == file_index) return &e;
  return nullptr;
}

Result<Catalog> build_catalog(const std::shared_ptr<stream::Torrent>& torrent,
                              const CatalogOptions& options) {
  Catalog catalog;
  catalog.title = torrent->name();
  for (const auto& f : torrent->files()) {
    CatalogEntry e;
    e.file = f.index;
    e.path = f.path;
    e.name = last_component(f.path);
    e.title = e.name;
    e.size = f.size;
    e.content_type = content_type_for(f.path);
    e.playable = is_playable_in_browser(f.path);
    catalog.entries.push_back(std::move(e));
  }
  attach_subtitles(catalog.entries);
  const auto manifest_file = season::find_manifest(*torrent);
  if (!manifest_file) return catalog;

  // A bundle: its tier rules apply only to a manifest signed by a key the user trusts.
  season::SeasonOptions season_options;
  season_options.trust_file = options.trust_file;
  season_options.licence_dir = options.licence_dir;
  season_options.interrupted = options.interrupted;
  auto season = season::Season::open(torrent, *manifest_file, season_options);
  if (!season) return season.error();
  if (!season->verified()) return make_error(Errc::crypto_error, season->refusal());
  apply_tier_rules(catalog, season->manifest(), season->entitlement());
  attach_manifest_subtitles(catalog.entries, season->manifest());
  // Episodes first, by number; then everything else in torrent order.
  std::stable_sort(catalog.entries.begin(), catalog.entries.end(),
                   [](const CatalogEntry& a, const CatalogEntry& b) {
                     const bool ea = a.kind == EntryKind::episode;
                     const bool eb = b.kind == EntryKind::episode;
                     if (ea != eb) return ea;
                     return ea && a.episode_number < b.episode_number;
                   });
  return catalog;
}

}  // namespace swarmtv::http

#include "swarmtv/http/catalog.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/entitlement.h"
#include "swarmtv/ads/licence_store.h"
#include "swarmtv/ads/manifest_signature.h"
#include "swarmtv/ads/trust_store.h"
#include "swarmtv/http/content_type.h"
#include "swarmtv/stream/torrent_byte_source.h"

namespace swarmtv::http {

namespace {

stream::Error error(std::string message) {
  return stream::Error{stream::Errc::invalid_argument, std::move(message)};
}

// Reads a small file of the torrent completely, waiting for its pieces; gives up when
// `interrupted` becomes true (a watcher cancels the blocked read).
stream::Result<std::string> read_whole(stream::Torrent& torrent, lt::file_index_t file,
                                       const std::atomic<bool>* interrupted) {
  auto source = torrent.open(file);
  if (!source) return source.error();
  stream::TorrentByteSource& s = **source;
  std::jthread watcher([&s, interrupted](std::stop_token stop) {
    while (!stop.stop_requested()) {
      if (interrupted && *interrupted) {
        s.cancel();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  std::string out(std::size_t(s.size()), '\0');
  std::int64_t done = 0;
  while (done < s.size()) {
    auto r = s.read_at(done, std::span(reinterpret_cast<std::byte*>(out.data()) + done,
                                       out.size() - std::size_t(done)));
    if (r.status != decoder::ReadStatus::ok)
      return stream::Error{stream::Errc::cancelled, "cannot read " + s.describe()};
    done += std::int64_t(r.bytes);
  }
  return out;
}

std::string last_component(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
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

const CatalogEntry* Catalog::find(int file_index) const {
  for (const auto& e : entries)
    if (int(e.file) == file_index) return &e;
  return nullptr;
}

stream::Result<Catalog> build_catalog(const std::shared_ptr<stream::Torrent>& torrent,
                                      const CatalogOptions& options) {
  Catalog catalog;
  catalog.title = torrent->name();
  std::optional<lt::file_index_t> manifest_file;
  for (const auto& f : torrent->files()) {
    CatalogEntry e;
    e.file = f.index;
    e.path = f.path;
    e.name = last_component(f.path);
    e.title = e.name;
    e.size = f.size;
    e.content_type = content_type_for(f.path);
    e.playable = is_playable_in_browser(f.path);
    if (e.name == ads::kManifestFileName) manifest_file = f.index;
    catalog.entries.push_back(std::move(e));
  }
  if (!manifest_file) return catalog;

  // A bundle: the manifest, verified against keys the user trusts (never keys from the bundle).
  auto manifest_text = read_whole(*torrent, *manifest_file, options.interrupted);
  if (!manifest_text) return manifest_text.error();
  std::optional<std::string> signature_text;
  const std::string manifest_path = torrent->files()[std::size_t(int(*manifest_file))].path;
  if (auto sig = torrent->select_file(manifest_path + ".sig")) {
    auto text = read_whole(*torrent, *sig, options.interrupted);
    if (!text) return text.error();
    signature_text = std::move(*text);
  }
  ads::TrustStore trust;
  {
    std::filesystem::path trust_path = options.trust_file;
    if (trust_path.empty())
      if (auto p = ads::TrustStore::default_path()) trust_path = *p;
    if (!trust_path.empty()) {
      auto loaded = ads::TrustStore::load(trust_path);
      if (!loaded) return error(loaded.error().message);
      trust = std::move(*loaded);
    }
  }
  const auto verification = ads::verify_manifest(
      *manifest_text,
      signature_text ? std::optional<std::string_view>(*signature_text) : std::nullopt, trust);
  if (!verification.ok())
    return error("bundle refused: " + verification.message +
                 " (trust the publisher with 'swarmtv trust add KEY')");
  auto manifest = ads::BundleManifest::parse(*manifest_text);
  if (!manifest) return error("bundle manifest: " + manifest.error().message);

  // The tier, from the viewer's licences; a bad licence never blocks free content.
  std::vector<ads::LicenceToken> tokens;
  {
    std::filesystem::path dir = options.licence_dir;
    if (dir.empty())
      if (auto d = ads::LicenceStore::default_directory()) dir = *d;
    if (!dir.empty()) tokens = ads::LicenceStore(dir).tokens();
  }
  const auto entitlement = ads::resolve_entitlement(manifest->series.id, manifest->season, tokens,
                                                    trust, ads::Clock::now());
  catalog.tier = std::string(ads::to_string(entitlement.tier));
  catalog.tier_explanation = entitlement.explanation();
  catalog.bonus_key = entitlement.bonus_key;
  if (!manifest->series.title.empty())
    catalog.title = manifest->series.title + " — season " + std::to_string(manifest->season);

  for (auto& e : catalog.entries)
    if (e.name == ads::kManifestFileName || e.name == ads::kManifestSignatureFileName)
      e.kind = EntryKind::bundle_metadata;
  for (const auto& clip : manifest->sponsor_clips)
    if (auto* e = entry_for(catalog.entries, clip.file)) {
      e->kind = EntryKind::sponsor_clip;
      e->title = "Sponsor clip: " + (clip.advertiser.empty() ? clip.id : clip.advertiser);
    }
  for (const auto& episode : manifest->episodes) {
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
  for (const auto& bonus : manifest->bonus) {
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

#include "bundle_creator.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <system_error>

#include <nlohmann/json.hpp>

#include "media_probe.h"
#include "swarmtv/ads/bonus_cipher.h"
#include "swarmtv/ads/content_key_file.h"
#include "swarmtv/ads/manifest_signature.h"
#include "swarmtv/base/file_reader.h"
#include "swarmtv/base/printable.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/decoder/subtitle_file.h"
#include "swarmtv/stream/torrent_creator.h"

namespace swarmtv::publisher {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kEncryptedSuffix = ".enc";
constexpr std::uint32_t kDefaultChunkSize = 64 * 1024;

// Manifest times are written in seconds rounded to the millisecond: exact enough for a cut,
// and short, stable numbers in the signed bytes.
double to_seconds_ms(MediaTime t) {
  return std::round(static_cast<double>(t.count()) / 1000.0) / 1000.0;
}

std::string index_path(std::string_view array, std::size_t i) {
  return std::string(array) + "[" + std::to_string(i) + "]";
}

// The media file an item of season.json names, which must exist inside `folder`.
Result<fs::path> source_of(const fs::path& folder, const json& item, const std::string& at) {
  if (!item.is_object() || !item.contains("file") || !item["file"].is_string()) {
    return make_error(Errc::parse_error, "season.json: " + at + ".file: missing");
  }
  const fs::path rel = item["file"].get<std::string>();
  bool safe = !rel.empty() && rel.is_relative();
  for (const auto& part : rel) safe = safe && part != ".." && part != ".";
  if (!safe) {
    return make_error(Errc::parse_error,
                      "season.json: " + at + ".file: not a relative path inside the folder");
  }
  std::error_code ec;
  // A symbolic link (to a file outside the folder, or inside it) would not go into the torrent
  // as the file it points to: the bundle would miss the episode. Say so rather than drop it.
  fs::path walked = folder;
  for (const auto& part : rel) {
    walked /= part;
    if (fs::is_symlink(walked, ec)) {
      return make_error(Errc::invalid_argument,
                        "season.json: " + at + ".file: " + printable_text(rel.string()) +
                            " is a symbolic link; put the file itself in the folder");
    }
  }
  if (!fs::is_regular_file(folder / rel, ec)) {
    return make_error(Errc::not_found, "season.json: " + at +
                                           ".file: " + printable_text(rel.string()) +
                                           " not found in " + folder.string());
  }
  return folder / rel;
}

Result<std::string> read_text(const fs::path& path) {
  return read_small_file(path, 16 << 20);  // a season.json, a manifest: kilobytes
}

Status write_text(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.flush();
  if (!out) return make_error(Errc::io_error, "cannot write " + path.string());
  return {};
}

// Media go into the bundle as hard links when the folders share a file system (a season is
// gigabytes), as copies otherwise.
Status place_file(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (!ec) fs::create_hard_link(from, to, ec);
  if (ec) {
    ec.clear();
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  }
  if (ec) return make_error(Errc::io_error, "cannot copy " + from.string() + ": " + ec.message());
  return {};
}

// Removes the temporary folder unless the bundle was moved into place.
class TempFolder {
 public:
  explicit TempFolder(fs::path path) : path_(std::move(path)) {}
  ~TempFolder() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

json default_products() {
  return json::array({{{"id", "ad-free"}, {"title", "Ad-free season"}, {"grants", {"ad-free"}}},
                      {{"id", "premium"},
                       {"title", "Ad-free season and bonus material"},
                       {"grants", {"ad-free", "bonus"}}}});
}

std::string bundle_name(const ads::BundleManifest& m) {
  char season[16];
  std::snprintf(season, sizeof season, "-s%02d", m.season);
  return m.series.id + season;
}

// Whether `out` may be replaced: it holds this bundle from an earlier run, or nothing but a
// bonus.key (how a publisher rebuilds the same bundle elsewhere), or nothing at all.
bool holds_bundle_or_key(const fs::path& out, const std::string& name) {
  std::error_code ec;
  if (!fs::is_directory(out, ec)) return false;
  if (fs::exists(out / name / ads::kManifestFileName, ec)) return true;
  for (const auto& entry : fs::directory_iterator(out, ec)) {
    if (entry.path().filename() != ads::kContentKeyFileName) return false;
  }
  return !ec;
}

// An episode's subtitle files (season.json's episodes[i].subtitles): each must be in the folder
// and readable, so a broken .srt is the publisher's error now, not every viewer's warning later.
Status check_subtitles(const fs::path& folder, const json& episode, const std::string& at) {
  if (!episode.is_object() || !episode.contains("subtitles") || !episode["subtitles"].is_array())
    return {};
  const json& subs = episode["subtitles"];
  for (std::size_t j = 0; j < subs.size(); ++j) {
    const std::string sub_at = index_path(at + ".subtitles", j);
    auto file = source_of(folder, subs[j], sub_at);
    if (!file) return file.error();
    const std::string name = file->filename().string();
    if (!decoder::is_subtitle_file_name(name))
      return make_error(Errc::parse_error, "season.json: " + sub_at + ".file: " + name +
                                               " is not a .srt, .vtt, .ass or .ssa file");
    auto source = decoder::FileByteSource::open(*file);
    if (!source) return source.error();
    if (auto read = decoder::read_subtitle_file(**source, name); !read)
      return make_error(Errc::parse_error, "season.json: " + sub_at + ": " + read.error().message);
  }
  return {};
}

}  // namespace

Result<ads::BundleManifest> manifest_from_season(const fs::path& folder,
                                                 std::string_view season_json) {
  json doc = json::parse(season_json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return make_error(Errc::parse_error, "season.json is not a JSON object");
  }
  static const std::set<std::string> kFields = {
      "series", "season", "episodes", "ad_policy", "sponsor_clips", "products", "bonus"};
  for (const auto& item : doc.items()) {
    if (!kFields.count(item.key()))
      return make_error(Errc::parse_error,
                        "season.json: unknown field \"" + printable_text(item.key()) + "\"");
  }
  doc["format"] = ads::kManifestFormatVersion;

  if (doc.contains("episodes") && doc["episodes"].is_array()) {
    json& episodes = doc["episodes"];
    for (std::size_t i = 0; i < episodes.size(); ++i) {
      const std::string at = index_path("episodes", i);
      auto file = source_of(folder, episodes[i], at);
      if (!file) return file.error();
      if (auto subs = check_subtitles(folder, episodes[i], at); !subs) return subs.error();
      auto probe = probe_media(*file);
      if (!probe)
        return make_error(probe.error().code, "season.json: " + at + ": " + probe.error().message);
      if (!probe->has_video) {
        return make_error(Errc::parse_error,
                          "season.json: " + at + ": " + file->string() + " has no video stream");
      }
      episodes[i]["duration"] = to_seconds_ms(probe->duration);
      // Measured as for clips, so that a clip is gained to the episode it interrupts.
      if (probe->has_audio) {
        auto lufs = measure_loudness_lufs(*file);
        if (!lufs)
          return make_error(lufs.error().code, "season.json: " + at + ": " + lufs.error().message);
        episodes[i]["loudness_lufs"] = *lufs;
      }
      if (!episodes[i].contains("ad_breaks")) {
        // The chapters are the default segment boundaries: a mid-roll at each chapter start
        // strictly inside the episode.
        json breaks = json::array();
        for (MediaTime start : probe->chapter_starts) {
          if (start.count() > 0 && start < probe->duration) breaks.push_back(to_seconds_ms(start));
        }
        episodes[i]["ad_breaks"] = breaks;
      }
    }
  }
  if (doc.contains("sponsor_clips") && doc["sponsor_clips"].is_array()) {
    json& clips = doc["sponsor_clips"];
    for (std::size_t i = 0; i < clips.size(); ++i) {
      const std::string at = index_path("sponsor_clips", i);
      auto file = source_of(folder, clips[i], at);
      if (!file) return file.error();
      auto probe = probe_media(*file);
      if (!probe)
        return make_error(probe.error().code, "season.json: " + at + ": " + probe.error().message);
      clips[i]["duration"] = to_seconds_ms(probe->duration);
      if (probe->has_audio) {
        auto lufs = measure_loudness_lufs(*file);
        if (!lufs)
          return make_error(lufs.error().code, "season.json: " + at + ": " + lufs.error().message);
        clips[i]["loudness_lufs"] = *lufs;
      }
    }
  }
  if (doc.contains("bonus") && doc["bonus"].is_array()) {
    json& bonus = doc["bonus"];
    for (std::size_t i = 0; i < bonus.size(); ++i) {
      const std::string at = index_path("bonus", i);
      auto file = source_of(folder, bonus[i], at);
      if (!file) return file.error();
      bonus[i]["file"] = bonus[i]["file"].get<std::string>() + std::string(kEncryptedSuffix);
      if (!bonus[i].contains("chunk_size")) bonus[i]["chunk_size"] = kDefaultChunkSize;
    }
  }
  if (!doc.contains("products")) doc["products"] = default_products();

  auto manifest = ads::BundleManifest::from_json(doc);
  if (!manifest) {
    return make_error(manifest.error().code, "season.json: " + manifest.error().message);
  }
  return manifest;
}

namespace {

// The content key: reused from an earlier run, so the ciphertext (and the info-hash) stays the
// same and licences already sold keep working. None for a season without bonus files.
Result<std::optional<ads::ContentKey>> content_key_for(const fs::path& out,
                                                       const ads::BundleManifest& manifest) {
  std::error_code ec;
  const fs::path old_key_file = out / ads::kContentKeyFileName;
  if (fs::exists(old_key_file, ec)) {
    auto k = ads::load_content_key(old_key_file);
    if (!k) return k.error();
    return std::optional<ads::ContentKey>(*k);
  }
  if (manifest.bonus.empty()) return std::optional<ads::ContentKey>();
  auto k = ads::generate_content_key();
  if (!k) return k.error();
  return std::optional<ads::ContentKey>(*k);
}

// Episodes and clips copied (or linked), bonus files encrypted, into `content`.
Status place_media(const BundleOptions& options, const ads::BundleManifest& manifest,
                   const fs::path& content, const std::optional<ads::ContentKey>& key) {
  for (const ads::Episode& e : manifest.episodes) {
    if (auto s = place_file(options.folder / e.file, content / e.file); !s) return s;
    for (const ads::SubtitleRef& sub : e.subtitles)
      if (auto s = place_file(options.folder / sub.file, content / sub.file); !s) return s;
  }
  for (const ads::SponsorClip& c : manifest.sponsor_clips)
    if (auto s = place_file(options.folder / c.file, content / c.file); !s) return s;
  for (const ads::BonusFile& b : manifest.bonus) {
    const std::string source = b.file.substr(0, b.file.size() - kEncryptedSuffix.size());
    std::error_code ec;
    fs::create_directories((content / b.file).parent_path(), ec);
    if (auto s = ads::encrypt_bonus_file(options.folder / source, content / b.file, *key, b.file,
                                         b.chunk_size);
        !s)
      return s;
  }
  return {};
}

// Signs the exact canonical bytes, checks them as a player would, and writes both files.
Status write_signed_manifest(const ads::BundleManifest& manifest, const ads::PublisherKeyPair& key,
                             const fs::path& content) {
  const std::string bytes = manifest.to_canonical_string();
  const ads::ManifestSignature signature = ads::ManifestSignature::sign(bytes, key);
  ads::TrustStore self;
  self.add(key.public_key());
  const ads::ManifestVerification check = ads::verify_manifest(bytes, signature.to_text(), self);
  if (!check.ok() || !ads::BundleManifest::parse(bytes))
    return make_error(Errc::crypto_error, "the signed manifest does not verify: " + check.message);
  if (auto s = write_text(content / ads::kManifestFileName, bytes); !s) return s;
  return write_text(content / ads::kManifestSignatureFileName, signature.to_text());
}

// Swaps the finished bundle in `tmp` into `out`; an earlier one is removed only after that.
Status swap_into_place(TempFolder& tmp, const fs::path& out, bool replacing) {
  std::error_code ec;
  const fs::path old =
      out.parent_path() / ("." + out.filename().string() + ".old-" + std::to_string(getpid()));
  if (replacing) {
    fs::rename(out, old, ec);
    if (ec)
      return make_error(Errc::io_error, "cannot replace " + out.string() + ": " + ec.message());
  }
  fs::rename(tmp.path(), out, ec);
  if (ec) {
    std::error_code ignored;
    if (replacing) fs::rename(old, out, ignored);
    return make_error(Errc::io_error, "cannot create " + out.string() + ": " + ec.message());
  }
  tmp.release();
  if (replacing) fs::remove_all(old, ec);
  return {};
}

// Where the bundle goes: --out, or a folder named after the series beside the current one.
Result<fs::path> output_folder(const BundleOptions& options, const std::string& name) {
  std::error_code ec;
  const fs::path out =
      fs::absolute(options.out.empty() ? fs::path(name) : options.out, ec).lexically_normal();
  if (ec) return make_error(Errc::io_error, "cannot resolve " + options.out.string());
  return out.has_filename() ? out : out.parent_path();
}

}  // namespace

Result<CreatedBundle> create_bundle(const BundleOptions& options,
                                    const ads::PublisherKeyPair& key) {
  std::error_code ec;
  if (!fs::is_directory(options.folder, ec))
    return make_error(Errc::not_found, options.folder.string() + " is not a folder");
  const fs::path season_file = options.folder / kSeasonFileName;
  if (!fs::exists(fs::symlink_status(season_file, ec)))
    return make_error(Errc::not_found, "no " + std::string(kSeasonFileName) + " in " +
                                           options.folder.string() +
                                           " (see docs/bundle-format.md)");
  auto season = read_text(season_file);  // a directory, a device, too large: says which
  if (!season) return season.error();
  auto manifest = manifest_from_season(options.folder, *season);
  if (!manifest) return manifest.error();

  CreatedBundle result;
  const std::string name = bundle_name(*manifest);
  auto out = output_folder(options, name);
  if (!out) return out.error();
  result.out = *out;
  const bool replacing = fs::exists(result.out, ec);
  if (replacing && !holds_bundle_or_key(result.out, name))
    return make_error(Errc::refused, result.out.string() +
                                         " exists and does not hold this bundle; not "
                                         "replacing it");
  auto content_key = content_key_for(result.out, *manifest);
  if (!content_key) return content_key.error();

  TempFolder tmp(result.out.parent_path() /
                 ("." + result.out.filename().string() + ".partial-" + std::to_string(getpid())));
  fs::remove_all(tmp.path(), ec);
  const fs::path content = tmp.path() / name;
  fs::create_directories(content, ec);
  if (ec)
    return make_error(Errc::io_error, "cannot create " + content.string() + ": " + ec.message());
  if (auto s = place_media(options, *manifest, content, *content_key); !s) return s.error();
  if (auto s = write_signed_manifest(*manifest, key, content); !s) return s.error();
  if (*content_key)
    if (auto s = ads::save_content_key(tmp.path() / ads::kContentKeyFileName, **content_key); !s)
      return s.error();

  stream::CreateOptions torrent_options;
  torrent_options.piece_size = options.piece_size;
  auto torrent = stream::create_torrent(content, torrent_options);
  if (!torrent)
    return make_error(Errc::io_error, "cannot create the torrent: " + torrent.error().message);
  const std::string torrent_name = name + ".torrent";
  if (auto s = stream::write_torrent_file(tmp.path() / torrent_name, torrent->data); !s)
    return make_error(Errc::io_error, s.error().message);
  if (auto s = swap_into_place(tmp, result.out, replacing); !s) return s.error();

  result.content = result.out / name;
  result.torrent_file = result.out / torrent_name;
  result.info_hash = torrent->info_hash;
  result.magnet = torrent->magnet_uri;
  result.manifest = std::move(*manifest);
  return result;
}

}  // namespace swarmtv::publisher

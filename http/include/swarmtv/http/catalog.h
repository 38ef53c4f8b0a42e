// What `swarmtv serve` offers: every file of the torrent, and for a signed season bundle the
// episodes in order with the tier rules already applied (which files are refused, and why).
// Built once at startup; the server only looks entries up.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include <libtorrent/units.hpp>

#include "swarmtv/ads/licence.h"
#include "swarmtv/base/result.h"
#include "swarmtv/stream/torrent.h"

namespace swarmtv::http {

enum class EntryKind { file, episode, sponsor_clip, bonus, bundle_metadata };

struct CatalogEntry {
  lt::file_index_t file{0};
  std::string path;  // inside the torrent
  std::string name;  // the last path component, used in URLs
  std::string title;
  std::int64_t size = 0;  // of the file in the torrent (a bonus file: the encrypted size)
  EntryKind kind = EntryKind::file;
  std::string content_type;
  bool playable = false;  // a browser <video> may play it
  // Non-empty: the file is refused with 403 and this one line (tier rules).
  std::string refusal;
  // An encrypted bonus file served decrypted with the catalog's bonus key.
  bool decrypt = false;
  int episode_number = -1;
  // The subtitle files beside a video: in its folder, named as it is without its extension,
  // then optionally ".LANG", then .srt, .vtt, .ass or .ssa ("ep1.srt", "ep1.en.vtt"). Served as
  // WebVTT at subtitle_url(n), n from 1, in torrent order; for a bundle's episode, then those
  // its manifest lists (whatever their names).
  std::vector<lt::file_index_t> subtitles;

  bool served() const { return refusal.empty(); }
  // "/files/<index>/<name>": the index identifies the file; the name only helps players that
  // guess the type from the URL.
  std::string url_path() const;
  // "/files/<index>/subtitles/<n>.vtt": n from 1, the files of `subtitles` first, then the
  // text tracks inside the video (as many as it has).
  std::string subtitle_url(std::size_t n) const;
  // "/files/<index>/subtitles/tracks.json": all of them, with labels and languages.
  std::string subtitle_url_list() const;
};

// The LANG of a subtitle file `subtitle` beside the video `video` ("ep1.en.srt" beside
// "ep1.mkv": "en"); empty when it has none; nullopt when it is not a subtitle file of that
// video. Both are file names without folders.
std::optional<std::string> subtitle_language(const std::string& video, const std::string& subtitle);

struct Catalog {
  std::string title;                  // the torrent's (or the series') name
  std::string tier;                   // "free", "ad-free", "premium"; empty for a plain torrent
  std::string tier_explanation;       // one line, for the index page
  std::vector<CatalogEntry> entries;  // display order: episodes by number first
  std::optional<ads::ContentKey> bonus_key;

  const CatalogEntry* find(int file_index) const;
};

struct CatalogOptions {
  std::filesystem::path trust_file;   // empty: the default trust store
  std::filesystem::path licence_dir;  // empty: the default licence directory
  // Reading a bundle's manifest waits for its pieces; triggering this gives up.
  std::stop_token interrupted;
};

// Lists the files of `torrent` (metadata must be here). A bundle's manifest is read from the
// torrent and verified against the trusted publisher keys; an unverified bundle is an error (its
// tier rules cannot be trusted, so nothing of it is served), as in `swarmtv play`.
Result<Catalog> build_catalog(const std::shared_ptr<stream::Torrent>& torrent,
                              const CatalogOptions& options);

// URL-encodes one path segment (RFC 3986 unreserved characters stay).
std::string url_encode(std::string_view segment);

}  // namespace swarmtv::http

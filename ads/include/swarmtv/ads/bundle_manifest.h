// The season bundle's manifest (`swarmtv.bundle.json`, see kManifestFileName): what the torrent
// contains and the publisher's ad rules. Parsing validates every field and never throws; a
// manifest that fails validation is refused as a whole with a one-line error naming the field.
//
// Example (format 1):
//   {
//     "format": 1,
//     "series": {"id": "demo", "title": "Demo Series"},
//     "season": 1,
//     "episodes": [
//       {"file": "s01e00.mkv", "number": 0, "title": "Pilot", "pilot": true},
//       {"file": "s01e01.mkv", "number": 1, "title": "One", "duration": 600,
//        "ad_breaks": [150, "00:05:00", "75%"]}          // absent: container chapters are used
//     ],
//     "sponsor_clips": [
//       {"id": "acme-1", "file": "ads/acme.mkv", "advertiser": "Acme", "category": "tools",
//        "duration": 15, "skip_offset": "00:00:05", "loudness_lufs": -18.5}
//     ],
//     "ad_policy": {"clips_per_break": 2, "pre_roll": true, "post_roll": false,
//                   "frequency_caps": {"acme-1": {"per_day": 3, "total": 20}}},
//     "products": [{"id": "ad-free", "title": "No ads", "grants": ["ad-free"]},
//                  {"id": "premium", "title": "Premium", "grants": ["ad-free", "bonus"]}],
//     "bonus": [{"file": "bonus/making-of.mkv.enc", "title": "Making of", "chunk_size": 65536}]
//   }
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "swarmtv/ads/grant.h"
#include "swarmtv/ads/time_offset.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

inline constexpr std::string_view kManifestFileName = "swarmtv.bundle.json";
inline constexpr int kManifestFormatVersion = 1;

struct SeriesInfo {
  std::string id;  // identifier (A-Z a-z 0-9 . _ -), what licences name
  std::string title;
  friend bool operator==(const SeriesInfo&, const SeriesInfo&) = default;
};

// A subtitle file of an episode, in the torrent: shown as an extra track (SubRip, WebVTT, ASS).
struct SubtitleRef {
  std::string file;      // path inside the torrent
  std::string language;  // a BCP 47 tag ("en", "pt-BR"); may be empty
  std::string title;     // "English (SDH)"; may be empty
  friend bool operator==(const SubtitleRef&, const SubtitleRef&) = default;
};

struct Episode {
  std::string file;  // path inside the torrent
  int number = 0;    // unique within the season
  std::string title;
  bool pilot = false;                 // pilots never carry ads, whatever the tier
  std::optional<MediaTime> duration;  // needed only to resolve "n%" break positions
  // Mid-roll positions. nullopt: the caller supplies the container's chapter starts instead.
  // An empty list means "no mid-rolls". Order in the file does not matter.
  std::optional<std::vector<TimeOffset>> ad_breaks;
  // Integrated loudness (EBU R128, LUFS) measured by `bundle create`: the clips that interrupt
  // the episode are gained to it. Absent (no audio, older bundle): the EBU R128 target.
  std::optional<double> loudness_lufs;
  std::vector<SubtitleRef> subtitles;  // in the publisher's order
  friend bool operator==(const Episode&, const Episode&) = default;
};

struct SponsorClip {
  std::string id;  // identifier, unique in the manifest; frequency caps are kept per id
  std::string file;
  std::string advertiser;  // no two clips of one advertiser in the same break
  std::string category;
  MediaTime duration{0};
  std::optional<TimeOffset> skip_offset;  // absent: the clip cannot be skipped
  std::optional<double> loudness_lufs;    // integrated loudness (EBU R128), for the gain
  friend bool operator==(const SponsorClip&, const SponsorClip&) = default;
};

struct FrequencyCap {
  std::optional<int> per_day;  // views in any rolling 24 hours
  std::optional<int> total;    // views ever (on this device)
  friend bool operator==(const FrequencyCap&, const FrequencyCap&) = default;
};

struct AdPolicy {
  int clips_per_break = 2;
  bool pre_roll = true;
  bool post_roll = true;
  std::map<std::string, FrequencyCap> frequency_caps;  // by clip id
  friend bool operator==(const AdPolicy&, const AdPolicy&) = default;
};

struct Product {
  std::string id;  // e.g. "ad-free", "premium"
  std::string title;
  std::vector<Grant> grants;
  friend bool operator==(const Product&, const Product&) = default;
};

struct BonusFile {
  std::string file;  // the encrypted file inside the torrent
  std::string title;
  std::uint32_t chunk_size = 65536;  // plaintext bytes per AEAD chunk
  friend bool operator==(const BonusFile&, const BonusFile&) = default;
};

class BundleManifest {
 public:
  int format = kManifestFormatVersion;
  SeriesInfo series;
  int season = 1;
  std::vector<Episode> episodes;
  std::vector<SponsorClip> sponsor_clips;  // in the publisher's preferred order
  AdPolicy ad_policy;
  std::vector<Product> products;
  std::vector<BonusFile> bonus;

  // Parses and validates manifest text. Errors are one line, e.g.
  // "episodes[1].ad_breaks[0]: \"1:2\" is not \"hh:mm:ss[.mmm]\", \"n%\" or a number of seconds".
  static Result<BundleManifest> parse(std::string_view json_text);
  static Result<BundleManifest> from_json(const nlohmann::json& document);

  // Checks the cross-field rules (unique ids, known clip ids in caps, ...). parse() calls it;
  // publishers building a manifest in code call it before signing.
  Status validate() const;

  nlohmann::json to_json() const;
  // Deterministic bytes for signing: sorted keys, no whitespace, one trailing newline. The same
  // manifest always yields the same bytes, so re-creating a bundle gives the same info-hash.
  std::string to_canonical_string() const;

  const Episode* find_episode(int number) const;
  const SponsorClip* find_clip(std::string_view id) const;

  friend bool operator==(const BundleManifest&, const BundleManifest&) = default;
};

}  // namespace swarmtv::ads

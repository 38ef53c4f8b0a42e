// `swarmtv bundle create`: turns a publisher's season folder into a signed, streamable bundle.
//
// Input: the folder holds the media and `season.json` (format in docs/bundle-format.md), the
// manifest minus what can be measured. Output (all or nothing, see create_bundle()):
//   <out>/<series>-s<NN>/          the torrent's content: media, encrypted bonus files,
//                                  swarmtv.bundle.json and its .sig
//   <out>/<series>-s<NN>.torrent
//   <out>/bonus.key                the bonus content key (mode 0600; reused on re-runs so an
//                                  unchanged folder gives the same info-hash)
#pragma once

#include <filesystem>
#include <string>

#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/publisher_key.h"
#include "swarmtv/base/result.h"

namespace swarmtv::publisher {

inline constexpr std::string_view kSeasonFileName = "season.json";

struct BundleOptions {
  std::filesystem::path folder;  // holds season.json and the media it names
  std::filesystem::path out;     // empty: "<series>-s<NN>" in the current directory
  int piece_size = 0;            // 0: the stream module's streaming default
};

struct CreatedBundle {
  std::filesystem::path out;
  std::filesystem::path content;  // the torrent's root folder
  std::filesystem::path torrent_file;
  std::string info_hash;
  std::string magnet;
  ads::BundleManifest manifest;
};

// Reads season.json, measures the media, writes and signs the manifest, encrypts the bonus
// files and makes the torrent — all in a temporary folder beside `out`, renamed into place at
// the end, so a failure leaves nothing behind. Re-running replaces an earlier bundle in `out`
// (only if `out` holds one); an unchanged folder gives the same bytes and info-hash.
Result<CreatedBundle> create_bundle(const BundleOptions& options, const ads::PublisherKeyPair& key);

// Builds the manifest from season.json's text, measuring the files in `folder`. Exposed for
// tests; create_bundle() calls it.
Result<ads::BundleManifest> manifest_from_season(const std::filesystem::path& folder,
                                                 std::string_view season_json);

}  // namespace swarmtv::publisher

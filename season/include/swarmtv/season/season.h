// A signed season bundle, opened from its torrent. The one way in for every consumer: the
// manifest and its signature are read from the torrent (size-capped, waiting for their pieces),
// verified against the keys the viewer trusts (never keys from the bundle), parsed, and the
// viewer's licences resolved into an entitlement. Episodes, sponsor clips and bonus files are
// then opened by the paths the manifest names; a locked bonus file is refused before a byte of
// it is fetched.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/entitlement.h"
#include "swarmtv/ads/manifest_signature.h"
#include "swarmtv/ads/trust_store.h"
#include "swarmtv/base/byte_source.h"
#include "swarmtv/base/result.h"
#include "swarmtv/stream/torrent.h"
#include "swarmtv/stream/torrent_byte_source.h"

namespace swarmtv::season {

struct SeasonOptions {
  std::filesystem::path trust_file;   // empty: the default trust store
  std::filesystem::path licence_dir;  // empty: the default licence directory
  // Reading the manifest waits for its pieces; triggering this gives up (a signal, a quit).
  std::stop_token interrupted;
};

// The manifest and its signature are a few kilobytes; a torrent that declares more is refused
// before anything is fetched or allocated.
inline constexpr std::int64_t kMaxManifestBytes = 1 << 20;
inline constexpr std::int64_t kMaxSignatureBytes = 64 << 10;

// The file index of the bundle manifest in `torrent` (metadata must be here), if it is a bundle.
std::optional<lt::file_index_t> find_manifest(const stream::Torrent& torrent);

class Season {
 public:
  // Reads, verifies and parses the manifest in `manifest_file` and resolves the entitlement. A
  // manifest that fails verification but parses is not an error here: verified() is false,
  // refusal() says why, and each caller applies its own rule (the player's --plain, the server's
  // refusal). Errors: the files cannot be read, the trust store is broken, or the manifest does
  // not parse (refused, when it is not verified either).
  static Result<Season> open(std::shared_ptr<stream::Torrent> torrent,
                             lt::file_index_t manifest_file, const SeasonOptions& options);

  bool verified() const { return verification_.ok(); }
  const ads::ManifestVerification& verification() const { return verification_; }
  // "bundle refused: <why> (trust the publisher with ...)", for an unverified manifest.
  std::string refusal() const;
  // Precondition for the rest: verified() or the caller accepts an unverified manifest.
  const ads::BundleManifest& manifest() const { return manifest_; }
  // The tier when the season was opened.
  const ads::Entitlement& entitlement() const { return entitlement_; }
  // The tier from the licences stored now (a licence added while a sponsor clip plays).
  ads::Entitlement current_entitlement() const;
  // Where current_entitlement() reads the licences (empty: nowhere).
  const std::filesystem::path& licence_dir() const { return licence_dir_; }

  const std::shared_ptr<stream::Torrent>& torrent() const { return torrent_; }
  // The episode numbered `number`, or the lowest-numbered one for -1.
  Result<const ads::Episode*> episode(int number) const;
  // The torrent file a manifest path names (relative to the torrent's root folder).
  Result<lt::file_index_t> file_index(const std::string& manifest_path) const;
  Result<std::unique_ptr<stream::TorrentByteSource>> open_file(
      const std::string& manifest_path) const;
  // Bonus file `index` as plaintext; refused without a premium licence, before it is opened.
  // Reading its header waits for its first piece; triggering `stop` gives up.
  Result<std::unique_ptr<ByteSource>> open_bonus(std::size_t index,
                                                 std::stop_token stop = {}) const;

 private:
  Season() = default;

  std::shared_ptr<stream::Torrent> torrent_;
  ads::TrustStore trust_;
  std::filesystem::path licence_dir_;
  ads::ManifestVerification verification_;
  ads::BundleManifest manifest_;
  ads::Entitlement entitlement_;
};

}  // namespace swarmtv::season

// Detached Ed25519 signatures over the manifest's exact bytes, kept beside it in the torrent as
// `swarmtv.bundle.json.sig`:
//   {"algorithm": "ed25519", "key_id": "<16 hex>", "signature": "<128 hex>"}
// The bytes are verified as they are on disk (not re-serialised), so any edit is detected.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/publisher_key.h"
#include "swarmtv/ads/trust_store.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

inline constexpr std::string_view kManifestSignatureFileName = "swarmtv.bundle.json.sig";

struct ManifestSignature {
  std::string key_id;
  Signature signature{};

  static ManifestSignature sign(std::string_view manifest_bytes, const PublisherKeyPair& key);
  static Result<ManifestSignature> parse(std::string_view text);
  std::string to_text() const;  // the .sig file's content (canonical JSON + newline)
};

enum class ManifestTrust {
  unsigned_manifest,  // no signature at all
  bad_signature,      // malformed signature file, or the bytes were changed after signing
  untrusted_key,      // well signed, but by a key the user has not configured as trusted
  valid,              // signed by a trusted publisher key, bytes intact
};

struct ManifestVerification {
  ManifestTrust trust = ManifestTrust::unsigned_manifest;
  std::string key_id;   // the key the signature names (empty when unsigned/malformed)
  std::string message;  // one line for the user
  bool ok() const { return trust == ManifestTrust::valid; }
};

// `signature_text` is the .sig file's content, or nullopt when there is none.
ManifestVerification verify_manifest(std::string_view manifest_bytes,
                                     std::optional<std::string_view> signature_text,
                                     const TrustStore& trust);

// Reads `manifest_path` and `<manifest_path>.sig`, verifies, then parses. Any failure (I/O,
// trust, validation) is one refusal message; the player shows it and plays no tier logic.
Result<BundleManifest> load_trusted_manifest(const std::filesystem::path& manifest_path,
                                             const TrustStore& trust);

}  // namespace swarmtv::ads

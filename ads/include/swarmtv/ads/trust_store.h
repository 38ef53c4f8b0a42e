// The publisher keys this player trusts, configured by the user. Manifests and licences are
// only ever verified against these: a bundle or licence can name a key but never vouch for it.
//
// File format: one public key line per key ("swarmtv-ed25519-public <hex>"); blank lines and
// lines starting with '#' are ignored.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "swarmtv/ads/publisher_key.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

class TrustStore {
 public:
  TrustStore() = default;

  // $XDG_CONFIG_HOME/swarmtv/trusted-keys, else ~/.config/swarmtv/trusted-keys.
  static Result<std::filesystem::path> default_path();

  // Parses the file format; the error names the offending line.
  static Result<TrustStore> parse(std::string_view text);
  // A missing file is an empty store (nothing trusted yet), not an error.
  static Result<TrustStore> load(const std::filesystem::path& path);
  Status save(const std::filesystem::path& path) const;

  // Adds `key`; adding a key twice is harmless.
  void add(const PublicKey& key);
  bool remove(std::string_view key_id);

  // The trusted key with this fingerprint (PublicKey::key_id), or nullptr.
  const PublicKey* find(std::string_view key_id) const;
  bool trusts(const PublicKey& key) const { return find(key.key_id()) != nullptr; }

  const std::vector<PublicKey>& keys() const { return keys_; }
  bool empty() const { return keys_.empty(); }

 private:
  std::vector<PublicKey> keys_;
};

}  // namespace swarmtv::ads

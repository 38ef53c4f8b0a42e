// The user's licences on disk: one file per licence, named after its id. `swarmtv licence add
// FILE` calls add(); the player calls load_all() and hands the tokens to resolve_entitlement().
// Storing does not require the licence to be valid for anything: validity depends on the bundle
// and the clock, and is decided at play time.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "swarmtv/ads/licence.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

class LicenceStore {
 public:
  // `directory` is created on first add(). Tests pass a temporary directory.
  explicit LicenceStore(std::filesystem::path directory) : directory_(std::move(directory)) {}

  // $XDG_DATA_HOME/swarmtv/licences, else $HOME/.local/share/swarmtv/licences.
  static Result<std::filesystem::path> default_directory();

  // Checks that `file` is a well-formed licence and copies it in atomically as
  // "<licence id>.licence.json", replacing a licence with the same id. Returns the stored path.
  Result<std::filesystem::path> add(const std::filesystem::path& file);
  Result<std::filesystem::path> add_text(std::string_view text);

  struct Entry {
    std::filesystem::path file;
    std::optional<LicenceToken> token;  // nullopt: unreadable or malformed, see `error`
    std::string error;
  };
  // Every "*.licence.json" in the directory, sorted by file name; a missing directory is empty.
  std::vector<Entry> load_all() const;
  // Just the well-formed tokens of load_all().
  std::vector<LicenceToken> tokens() const;

  // What the directory holds, as far as licences go: name, size, modification time and inode
  // of each licence file, from stat() alone. While it stays equal, load_all() would read the
  // same licences: a player watching for a licence added mid-break compares this instead of
  // reading and verifying every licence each time.
  std::string fingerprint() const;

  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
};

}  // namespace swarmtv::ads

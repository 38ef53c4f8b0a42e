#include "swarmtv/ads/trust_store.h"

#include <cstdlib>
#include <system_error>

#include "file_util.h"
#include "swarmtv/base/file_writer.h"
#include "swarmtv/base/xdg_dirs.h"

namespace swarmtv::ads {

Result<std::filesystem::path> TrustStore::default_path() {
  if (auto config = xdg_dir(XdgDir::config)) return *config / "swarmtv" / "trusted-keys";
  return make_error(Errc::not_found, "neither $XDG_CONFIG_HOME nor $HOME is set");
}

Result<TrustStore> TrustStore::parse(std::string_view text) {
  TrustStore store;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    auto key = PublicKey::parse(line);
    if (!key) {
      return make_error(Errc::parse_error, "trusted keys, line " + std::to_string(line_no) + ": " +
                                               key.error().message);
    }
    store.add(*key);
  }
  return store;
}

Result<TrustStore> TrustStore::load(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return TrustStore();
  auto text = internal::read_file(path, 1 << 20);
  if (!text) return text.error();
  auto store = parse(*text);
  if (!store) return make_error(store.error().code, path.string() + ": " + store.error().message);
  return store;
}

Status TrustStore::save(const std::filesystem::path& path) const {
  std::string text = "# swarmtv trusted publisher keys\n";
  for (const PublicKey& k : keys_) text += k.to_file_text();
  return write_file_atomically(path, text, 0644);
}

void TrustStore::add(const PublicKey& key) {
  if (!trusts(key)) keys_.push_back(key);
}

bool TrustStore::remove(std::string_view key_id) {
  for (auto it = keys_.begin(); it != keys_.end(); ++it) {
    if (it->key_id() == key_id) {
      keys_.erase(it);
      return true;
    }
  }
  return false;
}

const PublicKey* TrustStore::find(std::string_view key_id) const {
  for (const PublicKey& k : keys_) {
    if (k.key_id() == key_id) return &k;
  }
  return nullptr;
}

}  // namespace swarmtv::ads

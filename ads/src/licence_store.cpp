#include "swarmtv/ads/licence_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "file_util.h"
#include "swarmtv/base/file_writer.h"
#include "swarmtv/base/xdg_dirs.h"

namespace swarmtv::ads {
namespace {
constexpr std::string_view kSuffix = ".licence.json";
// Different licences that may share one id in a store.
constexpr int kMaxSameId = 16;
}  // namespace

Result<std::filesystem::path> LicenceStore::default_directory() {
  if (auto data = xdg_dir(XdgDir::data)) return *data / "swarmtv" / "licences";
  return make_error(Errc::not_found,
                    "neither $XDG_DATA_HOME nor $HOME is set; cannot locate the licence store");
}

Result<std::filesystem::path> LicenceStore::add(const std::filesystem::path& file) {
  auto text = internal::read_file(file, 1 << 20);
  if (!text) return text.error();
  auto stored = add_text(*text);
  if (!stored)
    return make_error(stored.error().code, file.string() + ": " + stored.error().message);
  return stored;
}

Result<std::filesystem::path> LicenceStore::add_text(std::string_view text) {
  auto token = LicenceToken::parse(text);
  if (!token) return make_error(token.error().code, "not a licence: " + token.error().message);
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) {
    return make_error(Errc::io_error, "cannot create " + directory_.string() + ": " + ec.message());
  }
  // claimed_id() is an identifier (checked by parse), so it is a safe file name. Another
  // licence with the same id (another series, another publisher) is never replaced: the new one
  // goes beside it; the same licence added again is already stored.
  const std::string text_to_store = token->to_text();
  for (int n = 1; n <= kMaxSameId; ++n) {
    const std::string stem = token->claimed_id() + (n == 1 ? "" : "-" + std::to_string(n));
    const std::filesystem::path dest = directory_ / (stem + std::string(kSuffix));
    if (std::filesystem::exists(dest, ec)) {
      auto stored = internal::read_file(dest, 1 << 20);
      if (stored && *stored == text_to_store) return dest;
      continue;
    }
    if (auto s = write_file_atomically(dest, text_to_store, 0600); !s) return s.error();
    return dest;
  }
  return make_error(Errc::refused, "already " + std::to_string(kMaxSameId) +
                                       " different licences with the id " + token->claimed_id());
}

std::vector<LicenceStore::Entry> LicenceStore::load_all() const {
  std::vector<Entry> entries;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(directory_, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) continue;
    Entry e;
    e.file = it->path();
    auto text = internal::read_file(e.file, 1 << 20);
    if (!text) {
      e.error = text.error().message;
    } else if (auto token = LicenceToken::parse(*text)) {
      e.token = std::move(*token);
    } else {
      e.error = e.file.string() + ": " + token.error().message;
    }
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.file < b.file; });
  return entries;
}

std::vector<LicenceToken> LicenceStore::tokens() const {
  std::vector<LicenceToken> out;
  for (Entry& e : load_all()) {
    if (e.token) out.push_back(std::move(*e.token));
  }
  return out;
}

std::string LicenceStore::fingerprint() const {
  std::vector<std::string> entries;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(directory_, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) continue;
    // The inode too: add() replaces a file by a rename, which may keep size and mtime second.
    struct stat st {};
    if (::stat(it->path().c_str(), &st) != 0) {
      entries.push_back(name + " ?");
      continue;
    }
    entries.push_back(name + " " + std::to_string(st.st_size) + " " +
                      std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) +
                      " " + std::to_string(st.st_ino));
  }
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (const std::string& e : entries) out += e + "\n";
  return out;
}

}  // namespace swarmtv::ads

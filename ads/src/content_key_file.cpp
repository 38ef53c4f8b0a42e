#include "swarmtv/ads/content_key_file.h"

#include "file_util.h"
#include "swarmtv/base/file_writer.h"

namespace swarmtv::ads {
namespace {
constexpr std::string_view kPrefix = "swarmtv-bonus-key ";
}

std::string content_key_to_file_text(const ContentKey& key) {
  return std::string(kPrefix) + internal::to_hex(key) + "\n";
}

Result<ContentKey> parse_content_key(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.remove_suffix(1);
  ContentKey key{};
  if (!text.starts_with(kPrefix) || !internal::from_hex(text.substr(kPrefix.size()), key)) {
    return make_error(Errc::crypto_error,
                      "not a bonus key (expected \"swarmtv-bonus-key <64 hex digits>\")");
  }
  return key;
}

Result<ContentKey> load_content_key(const std::filesystem::path& path) {
  auto text = internal::read_file(path, 4096);
  if (!text) return text.error();
  auto key = parse_content_key(*text);
  if (!key) return make_error(key.error().code, path.string() + ": " + key.error().message);
  return key;
}

Status save_content_key(const std::filesystem::path& path, const ContentKey& key) {
  return write_new_file(path, content_key_to_file_text(key), 0600);
}

}  // namespace swarmtv::ads

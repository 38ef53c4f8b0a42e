// The bonus content key on the publisher's disk (`bundle create` writes it beside the bundle as
// `bonus.key`; `licence issue --grant premium --bonus-key FILE` reads it). One line:
//   "swarmtv-bonus-key <64 hex digits>\n"    (mode 0600, never overwritten)
// Whoever holds this file can unlock the season's bonus material: keep it with the secret key.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "swarmtv/ads/licence.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

inline constexpr std::string_view kContentKeyFileName = "bonus.key";

std::string content_key_to_file_text(const ContentKey& key);
Result<ContentKey> parse_content_key(std::string_view text);
Result<ContentKey> load_content_key(const std::filesystem::path& path);
// Creates `path` with mode 0600; refuses to overwrite: a lost key orphans the premium licences.
Status save_content_key(const std::filesystem::path& path, const ContentKey& key);

}  // namespace swarmtv::ads

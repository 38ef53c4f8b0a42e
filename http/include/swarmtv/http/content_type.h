// The Content-Type a player expects for a file, from its extension.
#pragma once

#include <string>
#include <string_view>

namespace swarmtv::http {

// "video/mp4", "video/x-matroska", "video/webm", ...; "application/octet-stream" when unknown.
// A trailing ".enc" (an encrypted bonus file) is ignored: the decrypted bytes are served.
std::string content_type_for(std::string_view path);

// True when a browser's <video> element may play it (the index page shows a player for it).
bool is_playable_in_browser(std::string_view path);

}  // namespace swarmtv::http

#include "swarmtv/http/content_type.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace swarmtv::http {

namespace {

std::string extension_of(std::string_view path) {
  if (path.size() > 4 && path.substr(path.size() - 4) == ".enc") path.remove_suffix(4);
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
    {"mp4", "video/mp4"},   {"m4v", "video/mp4"},         {"mkv", "video/x-matroska"},
    {"webm", "video/webm"}, {"avi", "video/x-msvideo"},   {"mov", "video/quicktime"},
    {"ts", "video/mp2t"},   {"m2ts", "video/mp2t"},       {"mpg", "video/mpeg"},
    {"mpeg", "video/mpeg"}, {"wmv", "video/x-ms-wmv"},    {"flv", "video/x-flv"},
    {"ogv", "video/ogg"},   {"3gp", "video/3gpp"},        {"mp3", "audio/mpeg"},
    {"m4a", "audio/mp4"},   {"ogg", "audio/ogg"},         {"opus", "audio/ogg"},
    {"flac", "audio/flac"}, {"wav", "audio/wav"},         {"srt", "application/x-subrip"},
    {"vtt", "text/vtt"},    {"json", "application/json"}, {"txt", "text/plain; charset=utf-8"},
    {"jpg", "image/jpeg"},  {"jpeg", "image/jpeg"},       {"png", "image/png"},
};

}  // namespace

std::string content_type_for(std::string_view path) {
  const std::string ext = extension_of(path);
  for (const auto& [e, type] : kTypes)
    if (e == ext) return std::string(type);
  return "application/octet-stream";
}

bool is_playable_in_browser(std::string_view path) {
  const std::string ext = extension_of(path);
  // Chromium plays MP4 (H.264/AAC), WebM and, in practice, Matroska with VP9/Opus or H.264.
  return ext == "mp4" || ext == "m4v" || ext == "webm" || ext == "mkv" || ext == "mov" ||
         ext == "ogv" || ext == "mp3" || ext == "m4a" || ext == "ogg" || ext == "opus";
}

}  // namespace swarmtv::http

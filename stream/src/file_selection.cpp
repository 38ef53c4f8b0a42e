#include "swarmtv/stream/file_selection.h"

#include <algorithm>
#include <cctype>

#include "swarmtv/stream/container_index.h"

namespace swarmtv::stream {

bool is_video_path(std::string_view path) {
  static constexpr std::string_view kVideo[] = {"mp4",  "m4v", "mkv",  "webm", "avi", "mov", "ts",
                                                "m2ts", "mpg", "mpeg", "wmv",  "flv", "ogv", "3gp"};
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(std::begin(kVideo), std::end(kVideo), ext) != std::end(kVideo);
}

std::vector<FileEntry> list_files(const lt::file_storage& files) {
  std::vector<FileEntry> out;
  for (const lt::file_index_t i : files.file_range()) {
    if (files.pad_file_at(i)) continue;
    FileEntry e;
    e.index = i;
    e.path = files.file_path(i);
    std::replace(e.path.begin(), e.path.end(), '\\', '/');
    e.size = files.file_size(i);
    e.offset = files.file_offset(i);
    e.video = is_video_path(e.path);
    out.push_back(std::move(e));
  }
  return out;
}

Result<lt::file_index_t> select_file(const std::vector<FileEntry>& files,
                                     std::string_view selector) {
  if (selector.empty()) {
    const FileEntry* best = nullptr;
    for (const FileEntry& f : files)
      if (f.video && (best == nullptr || f.size > best->size)) best = &f;
    if (best == nullptr)
      return Error{Errc::no_video_file, "the torrent holds no video file (pick one with --file)"};
    return best->index;
  }
  if (std::all_of(selector.begin(), selector.end(),
                  [](unsigned char c) { return std::isdigit(c) != 0; })) {
    const std::size_t n = std::stoul(std::string(selector));
    if (n >= files.size())
      return Error{Errc::no_such_file, "no file #" + std::string(selector) +
                                           " in the torrent (it has " +
                                           std::to_string(files.size()) + " files)"};
    return files[n].index;
  }
  for (const FileEntry& f : files) {
    if (f.path == selector) return f.index;
  }
  for (const FileEntry& f : files) {
    if (f.path.size() > selector.size() &&
        f.path.compare(f.path.size() - selector.size(), selector.size(), selector) == 0 &&
        f.path[f.path.size() - selector.size() - 1] == '/')
      return f.index;
  }
  return Error{Errc::no_such_file, "no file '" + std::string(selector) + "' in the torrent"};
}

}  // namespace swarmtv::stream

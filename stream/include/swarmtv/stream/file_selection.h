// The files of a multi-file torrent and which one to play.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <libtorrent/file_storage.hpp>
#include <libtorrent/units.hpp>

#include "swarmtv/base/result.h"

namespace swarmtv::stream {

struct FileEntry {
  lt::file_index_t index{0};
  std::string path;  // inside the torrent, '/'-separated, starting with the torrent name
  std::int64_t size = 0;
  std::int64_t offset = 0;  // of its first byte in the torrent
  bool video = false;       // by extension
};

// True for the extensions of video containers FFmpeg plays (.mp4 .mkv .webm .avi .mov .ts ...).
bool is_video_path(std::string_view path);

// Every file of the torrent except pad files, in torrent order.
std::vector<FileEntry> list_files(const lt::file_storage& files);

// The file `selector` names: empty = the largest video file; all digits = that index (as listed);
// otherwise a path, matched exactly or as a '/'-aligned suffix ("ep2.mkv", "Show/ep2.mkv").
Result<lt::file_index_t> select_file(const std::vector<FileEntry>& files,
                                     std::string_view selector);

}  // namespace swarmtv::stream

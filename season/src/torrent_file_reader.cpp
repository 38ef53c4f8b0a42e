#include "torrent_file_reader.h"

#include <span>

#include "swarmtv/stream/torrent_byte_source.h"

namespace swarmtv::season {

Result<std::string> read_torrent_file(stream::Torrent& torrent, lt::file_index_t file,
                                      std::int64_t max_bytes, const std::stop_token& interrupted) {
  const stream::FileEntry entry = torrent.files()[std::size_t(int(file))];  // files() is a copy
  if (entry.size > max_bytes)
    return make_error(Errc::invalid_argument, entry.path + " declares " +
                                                  std::to_string(entry.size) +
                                                  " bytes, more than a bundle file may hold (" +
                                                  std::to_string(max_bytes) + ")");
  auto opened = torrent.open(file);
  if (!opened) return opened.error();
  stream::TorrentByteSource& source = **opened;
  std::string out(std::size_t(source.size()), '\0');
  std::int64_t done = 0;
  while (done < source.size()) {
    auto r = source.read_at(done, std::as_writable_bytes(std::span(out)).subspan(std::size_t(done)),
                            interrupted);
    if (r.status == ReadStatus::cancelled)
      return make_error(Errc::cancelled, "cancelled reading " + source.describe());
    if (r.status != ReadStatus::ok)
      return make_error(Errc::io_error, "cannot read " + source.describe());
    done += std::int64_t(r.bytes);
  }
  return out;
}

}  // namespace swarmtv::season

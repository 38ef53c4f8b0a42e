#include "swarmtv/stream/open_stream.h"

#include <cstdio>

#include "swarmtv/stream/torrent_input.h"

namespace swarmtv::stream {

bool is_torrent_input(std::string_view input) {
  return is_magnet_uri(input) || (input.size() > 8 && input.substr(input.size() - 8) == ".torrent");
}

Result<std::shared_ptr<Torrent>> open_torrent(Session& session, std::string_view torrent_or_magnet,
                                              const OpenOptions& options) {
  AddOptions add;
  add.peers = options.peers;
  auto torrent = session.add(torrent_or_magnet, add);
  if (!torrent) return torrent.error();
  auto metadata = (*torrent)->wait_for_metadata(options.metadata_timeout,
                                                options.on_metadata_progress, options.interrupted);
  if (!metadata) return metadata.error();
  return torrent;
}

Result<OpenedStream> open_stream(Session& session, std::string_view torrent_or_magnet,
                                 const OpenOptions& options) {
  auto torrent = open_torrent(session, torrent_or_magnet, options);
  if (!torrent) return torrent.error();
  OpenedStream out;
  out.torrent = std::move(*torrent);
  auto file = out.torrent->select_file(options.file);
  if (!file) return file.error();
  auto source = out.torrent->open(file.value());
  if (!source) return source.error();
  out.source = std::move(source).value();
  return out;
}

std::string format_file_list(const std::vector<FileEntry>& files) {
  std::string out;
  for (std::size_t i = 0; i < files.size(); ++i) {
    char size[32];
    std::snprintf(size, sizeof size, "%.1f MB", static_cast<double>(files[i].size) / 1e6);
    out += "  " + std::to_string(i) + "  " + files[i].path + "  " + size + "\n";
  }
  return out;
}

}  // namespace swarmtv::stream

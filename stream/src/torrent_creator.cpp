#include "swarmtv/stream/torrent_creator.h"

#include <algorithm>
#include <fstream>

#include <libtorrent/create_torrent.hpp>
#include <libtorrent/magnet_uri.hpp>

#include "swarmtv/stream/torrent_input.h"

namespace swarmtv::stream {

namespace fs = std::filesystem;

int streaming_piece_size(std::int64_t total_bytes) {
  constexpr std::int64_t MiB = 1024 * 1024;
  if (total_bytes <= 256 * MiB) return 256 * 1024;
  if (total_bytes <= 1024 * MiB) return 512 * 1024;
  return 1024 * 1024;
}

Result<CreatedTorrent> create_torrent(const fs::path& content, const CreateOptions& options) {
  std::error_code ec;
  const fs::path root = fs::absolute(content, ec).lexically_normal();
  const fs::path name_path = root.has_filename() ? root : root.parent_path();
  if (!fs::exists(name_path, ec))
    return Error{Errc::io_error,
                 "cannot create a torrent: '" + content.string() + "' does not exist"};

  lt::file_storage files;
  const std::string name = name_path.filename().string();
  if (fs::is_regular_file(name_path, ec)) {
    files.add_file(name, static_cast<std::int64_t>(fs::file_size(name_path, ec)));
  } else {
    // Sorted, so directory iteration order (which differs between file systems) cannot change
    // the info-hash.
    std::vector<std::pair<std::string, std::int64_t>> found;
    for (auto it = fs::recursive_directory_iterator(name_path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::path rel = fs::relative(it->path(), name_path, ec);
      const bool hidden = std::any_of(rel.begin(), rel.end(), [](const fs::path& part) {
        return !part.empty() && part.string()[0] == '.';
      });
      if (hidden || !it->is_regular_file()) continue;
      found.emplace_back(rel.generic_string(), static_cast<std::int64_t>(it->file_size()));
    }
    std::sort(found.begin(), found.end());
    for (const auto& [rel, size] : found) files.add_file(name + "/" + rel, size);
  }
  if (files.num_files() == 0 || files.total_size() == 0)
    return Error{Errc::invalid_argument,
                 "cannot create a torrent: '" + content.string() + "' holds no data"};

  const int piece_size =
      options.piece_size > 0 ? options.piece_size : streaming_piece_size(files.total_size());
  try {
    lt::create_torrent ct(files, piece_size, lt::create_torrent::v1_only);
    ct.set_creator(options.creator.c_str());
    ct.set_creation_date(0);
    if (!options.comment.empty()) ct.set_comment(options.comment.c_str());
    for (const auto& url : options.web_seeds) ct.add_url_seed(url);
    lt::error_code lec;
    lt::set_piece_hashes(ct, name_path.parent_path().string(), lec);
    if (lec)
      return Error{Errc::io_error, "cannot hash '" + content.string() + "': " + lec.message()};

    CreatedTorrent out;
    out.data = ct.generate_buf();
    auto info = std::make_shared<lt::torrent_info>(out.data, lec, lt::from_span);
    if (lec) return Error{Errc::invalid_torrent, "created an unreadable torrent: " + lec.message()};
    out.info_hash = info_hash_hex(info->info_hashes());
    out.magnet_uri = lt::make_magnet_uri(*info);
    out.info = std::move(info);
    out.save_path = name_path.parent_path();
    return out;
  } catch (const std::exception& e) {
    return Error{Errc::invalid_argument, std::string("cannot create a torrent: ") + e.what()};
  }
}

Status write_torrent_file(const fs::path& path, const std::vector<char>& data) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) return Error{Errc::io_error, "cannot write '" + path.string() + "'"};
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Error{Errc::io_error, "cannot write '" + path.string() + "': " + ec.message()};
  return Status::success();
}

std::string magnet_with_peer(const std::string& magnet, const std::string& host, int port) {
  return magnet + "&x.pe=" + host + ":" + std::to_string(port);
}

}  // namespace swarmtv::stream

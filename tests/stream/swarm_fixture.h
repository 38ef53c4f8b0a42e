// A test's content: a copy of a generated media file and its torrent (small pieces).
#pragma once

#include <filesystem>
#include <string>

#include "swarm.h"
#include "test_support.h"

namespace swarmtv::stream::test {

struct Content {
  Content(const std::string& tag, const std::string& media, int piece_size = 16 * 1024);
  swarmtv::test::TempDir dir;
  std::filesystem::path file;  // the content (a copy of the media)
  CreatedTorrent created;
  std::vector<std::byte> bytes;  // the file's bytes, to compare with what is read
  int num_pieces() const { return created.info->num_pieces(); }
  std::int64_t size() const { return static_cast<std::int64_t>(bytes.size()); }
};

}  // namespace swarmtv::stream::test

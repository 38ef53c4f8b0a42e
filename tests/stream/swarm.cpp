#include "swarm.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <iterator>

namespace swarmtv::stream::test {

SessionOptions loopback(const std::filesystem::path& dir, int upload_limit) {
  SessionOptions o;
  o.download_dir = dir;
  o.loopback = true;
  o.listen_port = 0;
  o.upload_rate_limit = upload_limit;
  return o;
}

TestSeeder::TestSeeder(const CreatedTorrent& created, const std::filesystem::path& state_dir,
                       int upload_limit, const std::filesystem::path& content_dir,
                       const std::string& address) {
  SessionOptions options = loopback(state_dir, upload_limit);
  options.loopback_address = address;
  session = std::make_unique<Session>(options);
  AddOptions add;
  add.seed = true;
  add.save_path = content_dir.empty() ? created.save_path : content_dir;
  auto t = session->add(params_of(created), add);
  REQUIRE(t);
  torrent = std::move(t).value();
  REQUIRE(torrent->wait_until_finished(std::chrono::seconds(30)));
  REQUIRE(session->listen_port() > 0);
}

SeederSet::SeederSet(const CreatedTorrent& created, const std::filesystem::path& dir, int count,
                     int upload_limit) {
  for (int i = 0; i < count; ++i) {
    seeders.push_back(
        std::make_unique<TestSeeder>(created, dir / ("seed" + std::to_string(i)), upload_limit));
    peers.push_back(seeders.back()->endpoint());
  }
}

std::vector<std::byte> file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> chars{std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>()};
  std::vector<std::byte> out(chars.size());
  std::memcpy(out.data(), chars.data(), chars.size());
  return out;
}

std::vector<std::byte> read_exact(ByteSource& source, std::int64_t offset, std::int64_t length) {
  std::vector<std::byte> out(static_cast<std::size_t>(length));
  std::int64_t done = 0;
  while (done < length) {
    const auto r =
        source.read_at(offset + done, std::span(out).subspan(static_cast<std::size_t>(done)), {});
    REQUIRE(r.status == ReadStatus::ok);
    REQUIRE(r.bytes > 0);
    done += static_cast<std::int64_t>(r.bytes);
  }
  return out;
}

lt::add_torrent_params params_of(const CreatedTorrent& created) {
  lt::add_torrent_params p;
  p.ti = std::make_shared<lt::torrent_info>(*created.info);
  return p;
}

}  // namespace swarmtv::stream::test

#include "swarm_fixture.h"

namespace swarmtv::stream::test {

Content::Content(const std::string& tag, const std::string& media, int piece_size) : dir(tag) {
  std::filesystem::create_directories(dir / "content");
  file = dir / "content" / media;
  std::filesystem::copy_file(swarmtv::test::media(media), file);
  CreateOptions options;
  options.piece_size = piece_size;
  auto c = create_torrent(file, options);
  REQUIRE(c);
  created = std::move(c).value();
  bytes = file_bytes(file);
}

}  // namespace swarmtv::stream::test

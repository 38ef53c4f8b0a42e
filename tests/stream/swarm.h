// Loopback swarms for the stream tests: seeders and a downloader, each a real libtorrent session
// bound to 127.0.0.1 with DHT, LSD, UPnP and NAT-PMP off. No other address is ever contacted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "swarmtv/stream/session.h"
#include "swarmtv/stream/torrent_creator.h"

namespace swarmtv::stream::test {

// Loopback session options writing under `dir`.
SessionOptions loopback(const std::filesystem::path& dir, int upload_limit = 0);

// A session seeding `created`'s files found in `content_dir` (default: where they were created).
struct TestSeeder {
  // `address`: its own loopback address (as an Internet peer has its own), default 127.0.0.1.
  TestSeeder(const CreatedTorrent& created, const std::filesystem::path& state_dir,
             int upload_limit, const std::filesystem::path& content_dir = {},
             const std::string& address = "127.0.0.1");
  lt::tcp::endpoint endpoint() const { return session->loopback_endpoint(); }
  std::unique_ptr<Session> session;
  std::shared_ptr<Torrent> torrent;
};

// `count` seeders of the same files (state under dir/seed0, seed1, ...), each capped at
// `upload_limit`, and their endpoints for a downloader's peer list.
struct SeederSet {
  SeederSet(const CreatedTorrent& created, const std::filesystem::path& dir, int count,
            int upload_limit);
  std::vector<std::unique_ptr<TestSeeder>> seeders;
  std::vector<lt::tcp::endpoint> peers;
};

std::vector<std::byte> file_bytes(const std::filesystem::path& path);

// Reads exactly `length` bytes at `offset` through `source` (several read_at calls); fails the
// test on anything but ok.
std::vector<std::byte> read_exact(ByteSource& source, std::int64_t offset, std::int64_t length);

// add_torrent_params for `created` (what a .torrent file gives).
lt::add_torrent_params params_of(const CreatedTorrent& created);

}  // namespace swarmtv::stream::test

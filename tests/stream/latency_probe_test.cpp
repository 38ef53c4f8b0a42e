// A manual latency probe (hidden: run with "[.probe]" and SWARMTV_PROBE_MEDIA=<a ~3 Mbit/s MP4>):
// 3 loopback seeders x 400 kB/s, 256 KiB pieces; time and bytes to read the head, and to read
// after a seek to 50 % and 90 %. The bench/ scripts measure the real player; this isolates the
// stream library.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "swarm.h"
#include "swarmtv/stream/torrent_byte_source.h"
#include "test_support.h"

using namespace swarmtv::stream;
using namespace swarmtv::stream::test;

TEST_CASE("latency probe", "[.probe]") {
  const char* media = std::getenv("SWARMTV_PROBE_MEDIA");
  if (media == nullptr) return;
  swarmtv::test::TempDir dir("stream-probe");
  CreateOptions create;
  create.piece_size = 256 * 1024;
  auto created = create_torrent(media, create);
  REQUIRE(created);
  std::vector<std::unique_ptr<TestSeeder>> seeders;
  std::vector<lt::tcp::endpoint> peers;
  for (int i = 0; i < 3; ++i) {
    seeders.push_back(std::make_unique<TestSeeder>(
        *created, dir / ("seed" + std::to_string(i)),
        std::getenv("SWARMTV_PROBE_RATE") ? std::atoi(std::getenv("SWARMTV_PROBE_RATE"))
                                          : 400'000));
    peers.push_back(seeders.back()->endpoint());
  }
  Session session(loopback(dir / "dl"));
  AddOptions add;
  add.peers = peers;
  auto torrent = session.add(params_of(*created), add).value();
  const auto t0 = std::chrono::steady_clock::now();
  auto source = torrent->open(lt::file_index_t{0}).value();
  const auto ms = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 t0)
        .count();
  };
  std::thread watch([&] {
    for (int i = 0; i < 12; ++i) {
      const auto st = torrent->status();
      std::cout << "  " << ms() << " ms: peers " << st.peers << " downloaded "
                << st.total_downloaded << " pieces " << torrent->num_pieces_had() << "\n";
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
  });
  read_exact(*source, 0, 512 * 1024);
  std::cout << "head 512 KiB: " << ms() << " ms, downloaded " << torrent->status().total_downloaded
            << "\n";
  watch.join();
  source->hint_bitrate(3'200'000);
  for (const double at : {0.5, 0.9}) {
    const auto offset = static_cast<std::int64_t>(at * static_cast<double>(source->size()));
    const auto before = ms();
    const auto bytes_before = torrent->status().total_downloaded;
    source->hint_upcoming_read(offset);
    read_exact(*source, offset, 256 * 1024);
    std::cout << "seek " << at << ": " << ms() - before << " ms, downloaded "
              << torrent->status().total_downloaded - bytes_before << "\n";
  }
}

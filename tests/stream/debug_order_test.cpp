#include <catch2/catch.hpp>
#include <iostream>
#include <mutex>
#include "swarm.h"
#include "swarm_fixture.h"
#include "swarmtv/stream/torrent_byte_source.h"
using namespace swarmtv::stream;
using namespace swarmtv::stream::test;
TEST_CASE("debug piece order", "[.debug]") {
  Content content("stream-dbg", "h264_aac_front.mp4");
  std::vector<std::unique_ptr<TestSeeder>> seeders;
  std::vector<lt::tcp::endpoint> peers;
  for (int i = 0; i < 3; ++i) {
    seeders.push_back(std::make_unique<TestSeeder>(content.created, content.dir / ("seed" + std::to_string(i)), 100'000));
    peers.push_back(seeders.back()->endpoint());
  }
  Session session(loopback(content.dir / "dl"));
  AddOptions add; add.peers = peers;
  auto torrent = session.add(params_of(content.created), add).value();
  std::mutex m; std::vector<std::pair<int,long>> order;
  const auto t0 = std::chrono::steady_clock::now();
  torrent->on_piece_finished([&](lt::piece_index_t p) { std::lock_guard l(m); order.push_back({static_cast<int>(p), (long)std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()-t0).count()}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto source = torrent->open(lt::file_index_t{0}).value();
  std::cout << "open at " << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()-t0).count() << " peers " << torrent->status().peers << "\n";
  read_exact(*source, 0, 64*1024);
  std::cout << "head read at " << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()-t0).count() << "\n";
  std::lock_guard l(m);
  for (auto [p, t] : order) std::cout << p << "@" << t << " ";
  std::cout << "\n";
}

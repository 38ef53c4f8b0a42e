#include <catch2/catch.hpp>

#include <thread>

#include "swarmtv/decoder/frame_ring.h"
#include "swarmtv/decoder/packet_queue.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::decoder;
namespace test = swarmtv::test;

namespace {
AvPacketPtr packet_of(int size, int duration) {
  AvPacketPtr p = make_packet();
  REQUIRE(av_new_packet(p.get(), size) == 0);
  p->duration = duration;
  return p;
}
}  // namespace

TEST_CASE("Packets without a duration count the gap between their timestamps", "[queue]") {
  // Matroska audio without BlockDuration: FFmpeg hands out packets of duration 0.
  PacketQueue q(AVRational{1, 1000});
  for (int i = 0; i < 50; ++i) {
    AvPacketPtr p = packet_of(100, 0);
    p->pts = p->dts = 1000 + i * 21;
    q.put(std::move(p));
  }
  CHECK(test::seconds_of(q.duration()) == Approx(49 * 0.021));
  QueuedPacket out;
  while (q.get(out, false)) {
  }
  CHECK(test::seconds_of(q.duration()) == Approx(0.0));
  // After a flush (a seek) the first packet has no predecessor to measure against.
  q.flush();
  AvPacketPtr p = packet_of(100, 0);
  p->pts = p->dts = 90000;
  q.put(std::move(p));
  CHECK(test::seconds_of(q.duration()) == Approx(0.0));
}

TEST_CASE("Packet queue counts bytes and seconds and tags packets with the serial", "[queue]") {
  PacketQueue q(AVRational{1, 1000});
  q.put(packet_of(100, 40));
  q.put(packet_of(200, 40));
  CHECK(q.packet_count() == 2);
  CHECK(test::seconds_of(q.duration()) == Approx(0.08));
  CHECK(q.bytes() >= 300);

  const int serial = q.flush();
  CHECK(serial == 1);
  CHECK(q.packet_count() == 0);
  CHECK(q.bytes() == 0);
  q.put(packet_of(10, 40));
  q.put(nullptr);
  CHECK(q.holds_end_marker());
  QueuedPacket out;
  REQUIRE(q.get(out, false));
  CHECK(out.serial == 1);
  CHECK(out.packet->size == 10);
  REQUIRE(q.get(out, false));
  CHECK_FALSE(out.packet);  // the end marker
  CHECK_FALSE(q.get(out, false));
}

TEST_CASE("Abort wakes a blocked consumer and a blocked producer", "[queue]") {
  PacketQueue q(AVRational{1, 1000});
  FrameRing<int> ring(1);
  REQUIRE(ring.push(1));
  bool got = true, pushed = true;
  std::thread consumer([&] {
    QueuedPacket out;
    got = q.get(out, true);
  });
  std::thread producer([&] { pushed = ring.push(2); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  q.abort();
  ring.abort();
  consumer.join();
  producer.join();
  CHECK_FALSE(got);
  CHECK_FALSE(pushed);
}

#include <catch2/catch.hpp>

#include <thread>

#include "scripted_byte_source.h"
#include "swarmtv/decoder/avio_adapter.h"
#include "swarmtv/decoder/demuxer.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/decoder/packet_queue.h"
#include "test_support.h"

extern "C" {
#include <libavformat/avio.h>
}

using namespace swarmtv;

TEST_CASE("AVIO adapter reads, seeks and reports the size of its source", "[avio]") {
  test::ScriptedByteSource source(test::media("video_only.mp4"));
  decoder::AvioAdapter avio(source);
  AVIOContext* pb = avio.context();
  CHECK(avio_size(pb) == source.size());
  unsigned char head[8];
  REQUIRE(avio_read(pb, head, 8) == 8);
  CHECK(std::string(reinterpret_cast<char*>(head) + 4, 4) == "ftyp");
  REQUIRE(avio_seek(pb, source.size() - 4, SEEK_SET) == source.size() - 4);
  unsigned char tail[16];
  CHECK(avio_read(pb, tail, 16) == 4);
  // At the true end: EOF, never 0.
  CHECK(avio_read(pb, tail, 16) == AVERROR_EOF);
}

TEST_CASE("A cancelled read returns AVERROR_EXIT and the context recovers after clearing",
          "[avio]") {
  test::ScriptedByteSource source(test::media("video_only.mp4"));
  source.gate_at(1000);
  decoder::AvioAdapter avio(source);
  std::stop_source reads;
  avio.set_stop_token(reads.get_token());
  AVIOContext* pb = avio.context();
  // Far enough that AVIO seeks rather than reading through the gap.
  REQUIRE(avio_seek(pb, 100000, SEEK_SET) == 100000);
  std::thread canceller([&] {
    while (!source.blocked()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    reads.request_stop();
  });
  unsigned char buf[64];
  CHECK(avio_read(pb, buf, 64) == AVERROR_EXIT);
  canceller.join();
  CHECK(avio.was_cancelled());
  CHECK(pb->error != 0);  // sticky until cleared

  // The cancel is one-way: reading on takes a new token, as the demuxer does after a seek.
  std::byte byte[1];
  CHECK(source.read_at(0, byte, reads.get_token()).status == ReadStatus::cancelled);
  CHECK(source.read_at(0, byte, {}).status == ReadStatus::ok);  // other readers read on
  reads = std::stop_source();
  avio.set_stop_token(reads.get_token());
  source.release();
  avio.clear_cancellation();
  CHECK(pb->error == 0);
  REQUIRE(avio_seek(pb, 4, SEEK_SET) == 4);
  REQUIRE(avio_read(pb, buf, 4) == 4);
  CHECK(std::string(reinterpret_cast<char*>(buf), 4) == "ftyp");
}

TEST_CASE("Opening blocks on a stalled source and a cancel ends it promptly", "[avio]") {
  test::ScriptedByteSource source(test::media("h264_aac_end.mp4"));
  source.gate_at(source.size() - 100000);  // the moov at the end never arrives
  std::stop_source quit;
  std::thread canceller([&] {
    while (!source.blocked()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    quit.request_stop();
  });
  auto start = std::chrono::steady_clock::now();
  auto demuxer = decoder::Demuxer::open(source, {}, quit.get_token());
  canceller.join();
  REQUIRE_FALSE(demuxer);
  CHECK(demuxer.error().message.find("cancelled") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("Closing one demuxer leaves another reader of the same source reading", "[avio]") {
  // The season opener probes an episode's header, closes the probe and plays the same source:
  // the probe's cancel must not reach the player's reads.
  test::ScriptedByteSource source(test::media("h264_aac_end.mp4"));
  auto probe = decoder::Demuxer::open(source, {});
  REQUIRE(probe);
  auto player = decoder::Demuxer::open(source, {});
  REQUIRE(player);
  (*probe)->start();
  probe->reset();  // stops its read thread, cancelling its reads for good
  decoder::PacketQueue* queue = (*player)->video_queue();
  REQUIRE(queue);
  (*player)->start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (queue->packet_count() < 10 && !(*player)->at_end() &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(queue->packet_count() >= 10);
  CHECK((*player)->read_error().empty());
}

TEST_CASE("A seek cancels a read blocked on missing data and reading goes on after it", "[avio]") {
  test::ScriptedByteSource source(test::media("h264_aac_end.mp4"));
  auto demuxer = decoder::Demuxer::open(source, {});
  REQUIRE(demuxer);
  source.gate_at(source.size() / 4);  // 5 s in: never arrives (the queues hold 8 s)
  (*demuxer)->start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!source.blocked() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  REQUIRE(source.blocked());
  (*demuxer)->seek_to(MediaTime(0), decoder::SeekMode::keyframe);  // back to data that is there
  const int blocked_before = source.times_blocked();
  decoder::PacketQueue* queue = (*demuxer)->video_queue();
  while (queue->serial() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(queue->serial() == 1);  // the seek was carried out: the blocked read let go
  while (queue->packet_count() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(queue->packet_count() > 0);  // and the new read sequence was not born cancelled
  // It reads on up to the missing data and waits there again, rather than failing at once.
  while (source.times_blocked() == blocked_before && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(source.times_blocked() > blocked_before);
  CHECK((*demuxer)->read_error().empty());
}

TEST_CASE("A file source reports missing files with the reason", "[avio]") {
  auto source = decoder::FileByteSource::open("/nonexistent/x.mp4");
  REQUIRE_FALSE(source);
  CHECK(source.error().message.find("No such file") != std::string::npos);
}

#include <catch2/catch.hpp>

#include <thread>

#include "scripted_byte_source.h"
#include "swarmtv/decoder/avio_adapter.h"
#include "swarmtv/decoder/demuxer.h"
#include "swarmtv/decoder/file_byte_source.h"
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
  AVIOContext* pb = avio.context();
  // Far enough that AVIO seeks rather than reading through the gap.
  REQUIRE(avio_seek(pb, 100000, SEEK_SET) == 100000);
  std::thread canceller([&] {
    while (!source.blocked()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    source.cancel();
  });
  unsigned char buf[64];
  CHECK(avio_read(pb, buf, 64) == AVERROR_EXIT);
  canceller.join();
  CHECK(avio.was_cancelled());
  CHECK(pb->error != 0);  // sticky until cleared

  source.resume();
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
  std::thread canceller([&] {
    while (!source.blocked()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    source.cancel();
  });
  auto start = std::chrono::steady_clock::now();
  auto demuxer = decoder::Demuxer::open(source, {});
  canceller.join();
  REQUIRE_FALSE(demuxer);
  CHECK(demuxer.error().message.find("cancelled") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("A file source reports missing files with the reason", "[avio]") {
  auto source = decoder::FileByteSource::open("/nonexistent/x.mp4");
  REQUIRE_FALSE(source);
  CHECK(source.error().message.find("No such file") != std::string::npos);
}

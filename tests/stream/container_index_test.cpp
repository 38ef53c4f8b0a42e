#include <catch2/catch.hpp>

#include <cstring>

#include "swarm.h"
#include "swarmtv/stream/container_index.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::stream;

TEST_CASE("container kind from the file name") {
  CHECK(container_from_path("Show/ep1.MP4") == ContainerKind::mp4);
  CHECK(container_from_path("a.webm") == ContainerKind::matroska);
  CHECK(container_from_path("a.avi") == ContainerKind::other);
  CHECK(!guess_index_tail(ContainerKind::other, 1000));
  CHECK(!guess_index_tail(ContainerKind::mp4, 100'000'000));  // the head tells
  const auto tail = guess_index_tail(ContainerKind::matroska, 100'000'000);
  REQUIRE(tail);
  CHECK(tail->length() == 1'000'000);
  CHECK(tail->end == 100'000'000);
}

TEST_CASE("the MP4 head tells whether the moov index is at the front or at the end") {
  const auto front = stream::test::file_bytes(swarmtv::test::media("h264_aac_front.mp4"));
  const auto front_layout =
      parse_mp4_head(std::span(front).first(4096), static_cast<std::int64_t>(front.size()));
  REQUIRE(front_layout);
  CHECK(front_layout->index_at_front);

  const auto end = stream::test::file_bytes(swarmtv::test::media("h264_aac_end.mp4"));
  const auto end_layout =
      parse_mp4_head(std::span(end).first(4096), static_cast<std::int64_t>(end.size()));
  REQUIRE(end_layout);
  CHECK_FALSE(end_layout->index_at_front);
  REQUIRE(end_layout->index);
  CHECK(end_layout->index->end == static_cast<std::int64_t>(end.size()));
  // The range starts exactly at the moov box.
  CHECK(std::memcmp(end.data() + end_layout->index->begin + 4, "moov", 4) == 0);

  const std::byte junk[64]{};
  CHECK(!parse_mp4_head(junk, 1000));
}

#include <catch2/catch.hpp>

#include <cstring>
#include <optional>
#include <vector>

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

namespace {

// Appends a box header: a 32-bit size (1: a 64-bit size follows) and a four-letter type.
void put_box(std::vector<std::byte>& out, std::uint32_t size, const char* type,
             std::optional<std::uint64_t> large_size = std::nullopt) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(std::byte((size >> shift) & 0xff));
  for (int i = 0; i < 4; ++i) out.push_back(std::byte(type[i]));
  if (large_size)
    for (int shift = 56; shift >= 0; shift -= 8)
      out.push_back(std::byte((*large_size >> shift) & 0xff));
}

}  // namespace

TEST_CASE("a hostile MP4 head ends the parse at once: no box may reach past the file") {
  // An ftyp, then a box whose 64-bit size brings the position back to 0 (it used to wrap and
  // spin forever on the bytes of any peer).
  std::vector<std::byte> head;
  put_box(head, 16, "ftyp");
  head.resize(16);
  put_box(head, 1, "free", std::uint64_t(0) - 16);
  head.resize(4096);
  CHECK_FALSE(parse_mp4_head(head, 1'000'000));

  // An mdat running past the end of the file (truncated, or lying) has no index after it.
  std::vector<std::byte> past;
  put_box(past, 16, "ftyp");
  past.resize(16);
  put_box(past, 1, "mdat", std::uint64_t(1) << 62);
  past.resize(4096);
  const auto layout = parse_mp4_head(past, 1'000'000);
  REQUIRE(layout);
  CHECK_FALSE(layout->index);

  // A size-0 box (to the end of the file) at an offset the file does not have.
  std::vector<std::byte> zero;
  put_box(zero, 16, "ftyp");
  zero.resize(16);
  put_box(zero, 0, "mdat");
  zero.resize(64);
  CHECK_FALSE(parse_mp4_head(zero, 10));
  CHECK_FALSE(parse_mp4_head(zero, 0));
}

// The scheduler's arithmetic as pure functions: no session involved.
#include <catch2/catch.hpp>

#include "swarmtv/stream/window_planner.h"

using namespace swarmtv;
using namespace swarmtv::stream;
using namespace std::chrono_literals;

namespace {

const auto none = [](lt::piece_index_t) { return false; };
lt::piece_index_t P(int i) {
  return lt::piece_index_t{i};
}

}  // namespace

TEST_CASE("pieces_covering maps byte ranges to the pieces holding them") {
  const PieceLayout layout{16, 100};
  CHECK(layout.num_pieces() == 7);
  CHECK(layout.piece_end(P(6)) == 100);
  CHECK(pieces_covering(layout, {0, 1}) == PieceSpan{P(0), P(1)});
  CHECK(pieces_covering(layout, {15, 17}) == PieceSpan{P(0), P(2)});
  CHECK(pieces_covering(layout, {16, 32}) == PieceSpan{P(1), P(2)});
  CHECK(pieces_covering(layout, {90, 200}) == PieceSpan{P(5), P(7)});
  CHECK(pieces_covering(layout, {50, 50}).empty());
}

TEST_CASE("the window covers several seconds of media and of download capacity") {
  WindowPolicy policy;
  policy.media_ahead = 8s;
  policy.download_seconds = 3;
  // 1 Mbit/s media, slow download: 8 s of media = 1 MB.
  CHECK(window_bytes(1'000'000, 10'000, policy) == 1'000'000);
  // Fast download: 3 s at 2 MB/s = 6 MB beats 8 s of media.
  CHECK(window_bytes(1'000'000, 2'000'000, policy) == 6'000'000);
  // Unknown bitrate: the fallback.
  CHECK(window_bytes(0, 0, policy) == policy.fallback_bitrate);
}

TEST_CASE("plan_window spaces deadlines by each piece's playback time") {
  const PieceLayout layout{100'000, 10'000'000};  // 100 pieces of 100 kB
  WindowPolicy policy;
  policy.media_ahead = 4s;
  policy.download_seconds = 0;
  // 800 kbit/s = 100 kB/s: one piece per second of playback; 4 s = 4 pieces, +1 for the
  // partly read piece at the playhead.
  const auto plan = plan_window(layout, 250'000, layout.total_size, 800'000, 0, policy, none);
  REQUIRE(plan.size() == 5);
  CHECK(plan[0] == PieceDeadline{P(2), 0});
  CHECK(plan[1] == PieceDeadline{P(3), 500});  // its first byte plays 0.5 s from the playhead
  CHECK(plan[2] == PieceDeadline{P(4), 1500});
  CHECK(plan[4] == PieceDeadline{P(6), 3500});
}

TEST_CASE("plan_window skips pieces already had and stops at the end of the file") {
  const PieceLayout layout{100, 1000};
  WindowPolicy policy;
  policy.max_pieces = 64;
  const auto have = [](lt::piece_index_t p) { return p == lt::piece_index_t{8}; };
  // The file being played ends at byte 950, inside piece 9.
  const auto plan = plan_window(layout, 700, 950, 8000, 0, policy, have);
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].piece == P(7));
  CHECK(plan[1].piece == P(9));
}

TEST_CASE("plan_window is clamped to max_pieces and at least min_pieces") {
  const PieceLayout layout{16 * 1024, 100LL * 1024 * 1024};
  WindowPolicy policy;
  policy.max_pieces = 10;
  CHECK(plan_window(layout, 0, layout.total_size, 50'000'000, 0, policy, none).size() == 10);
  policy.min_pieces = 3;
  policy.media_ahead = 0s;
  policy.download_seconds = 0;
  CHECK(plan_window(layout, 0, layout.total_size, 1000, 0, policy, none).size() == 3);
}

TEST_CASE("plan_range gives a prefetch's missing pieces increasing deadlines") {
  const PieceLayout layout{10, 100};
  const auto have = [](lt::piece_index_t p) { return p == lt::piece_index_t{3}; };
  const auto plan = plan_range(layout, {25, 55}, 100, 50, have);
  REQUIRE(plan.size() == 3);
  CHECK(plan[0] == PieceDeadline{P(2), 100});
  CHECK(plan[1] == PieceDeadline{P(4), 150});
  CHECK(plan[2] == PieceDeadline{P(5), 200});
}

TEST_CASE("verified_ranges and contiguous_available read the have-bitfield") {
  const PieceLayout layout{10, 100};
  const auto have = [](lt::piece_index_t p) {
    const int i = static_cast<int>(p);
    return i == 1 || i == 2 || i == 5 || i == 9;
  };
  // A file from byte 15 to 95.
  const auto ranges = verified_ranges(layout, {15, 95}, have);
  REQUIRE(ranges.size() == 3);
  CHECK(ranges[0] == swarmtv::ByteRange{0, 15});   // bytes 15..30 of the torrent
  CHECK(ranges[1] == swarmtv::ByteRange{35, 45});  // piece 5
  CHECK(ranges[2] == swarmtv::ByteRange{75, 80});  // piece 9, up to the file's end
  CHECK(contiguous_available(layout, 12, 100, have) == 18);
  CHECK(contiguous_available(layout, 12, 20, have) == 8);
  CHECK(contiguous_available(layout, 30, 100, have) == 0);
}

// The claim board alone: what other viewers' claims hold back, for how long, and how little an
// untrusted peer can do with them.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "claim_exchange.h"

using swarmtv::stream::aux::ClaimBoard;
using namespace std::chrono_literals;

TEST_CASE("a peer's claim holds a piece back until the piece is had or the claim lapses",
          "[stream][claims]") {
  ClaimBoard board(200ms);
  board.set_num_pieces(100);
  int changes = 0;
  board.set_on_change([&] { ++changes; });
  const int peer = 0;
  board.on_peer_claim(&peer, 7);
  board.on_peer_claim(&peer, 9);
  CHECK(board.claimed_by_peers() == std::vector<int>{7, 9});
  CHECK(changes == 2);
  board.on_peer_have(7);  // the claimer has it: fetch it from that viewer
  CHECK(board.claimed_by_peers() == std::vector<int>{9});
  std::this_thread::sleep_for(250ms);
  CHECK(board.claimed_by_peers().empty());  // lapsed: a slow or silent claimer holds no one
  CHECK(board.claims_received() == 2);
}

TEST_CASE("a claim lasts about twice what our own pieces from a seed take, within bounds",
          "[stream][claims]") {
  ClaimBoard board(100ms, 400ms);
  board.set_num_pieces(100);
  CHECK(board.patience() == 100ms);
  REQUIRE(board.claim_own(1));
  std::this_thread::sleep_for(300ms);  // a seed shared by many viewers: our piece took 300 ms
  board.on_own_piece_passed(1);
  CHECK(board.patience() > 200ms);
  const int peer = 0;
  board.on_peer_claim(&peer, 5);
  std::this_thread::sleep_for(150ms);  // past the shortest patience, within the new one
  CHECK(board.claimed_by_peers() == std::vector<int>{5});
  for (int p = 10; p < 13; ++p) {
    REQUIRE(board.claim_own(p));
    std::this_thread::sleep_for(500ms);
    board.on_own_piece_passed(p);
  }
  CHECK(board.patience() == 400ms);  // never past the longest, whatever a piece takes
}

TEST_CASE("a peer's HAVE is taken at once, once", "[stream][claims]") {
  ClaimBoard board;
  board.set_num_pieces(10);
  board.on_peer_have(4);
  board.on_peer_have(12);  // not a piece of the torrent
  CHECK(board.take_peer_haves() == std::vector<int>{4});
  CHECK(board.take_peer_haves().empty());
}

TEST_CASE("our own claims are announced once and never hold us back", "[stream][claims]") {
  ClaimBoard board;
  board.set_num_pieces(100);
  CHECK(board.claim_own(3));
  CHECK_FALSE(board.claim_own(3));  // one announcement per piece
  const int peer = 0;
  board.on_peer_claim(&peer, 3);  // both asked at once: we keep fetching what we started
  CHECK(board.claimed_by_peers().empty());
  board.on_own_piece_passed(3);
  CHECK(board.claimed_by_peers() == std::vector<int>{3});
}

TEST_CASE("an untrusted peer cannot claim everything nor keep a claim alive", "[stream][claims]") {
  ClaimBoard board(200ms);
  board.set_num_pieces(100);
  const int liar = 0;
  const int honest = 0;
  for (int p = -5; p < 200; ++p) board.on_peer_claim(&liar, p);
  // Out-of-range indices are ignored, and a peer holds at most kMaxClaimsPerPeer claims.
  CHECK(board.claimed_by_peers().size() == std::size_t(ClaimBoard::kMaxClaimsPerPeer));
  board.on_peer_claim(&honest, 50);
  CHECK(board.claimed_by_peers().size() == std::size_t(ClaimBoard::kMaxClaimsPerPeer) + 1);
  // Repeating a claim does not extend it.
  std::this_thread::sleep_for(120ms);
  for (int p = 0; p < 100; ++p) board.on_peer_claim(&liar, p);
  std::this_thread::sleep_for(120ms);
  CHECK(board.claimed_by_peers().empty());
  // Nor does claiming it again once it lapsed: each piece is held back once per peer.
  for (int p = 0; p < 100; ++p) board.on_peer_claim(&liar, p);
  CHECK(board.claimed_by_peers() == std::vector<int>{8, 9, 10, 11, 12, 13, 14, 15});
  std::this_thread::sleep_for(250ms);
  for (int p = 0; p < 16; ++p) board.on_peer_claim(&liar, p);
  CHECK(board.claimed_by_peers().empty());
  // Another peer's claim of a piece is its own.
  board.on_peer_claim(&honest, 3);
  CHECK(board.claimed_by_peers() == std::vector<int>{3});
}

TEST_CASE("a claim message is a list of 4-byte piece indices, anything else is refused",
          "[stream][claims]") {
  using swarmtv::stream::aux::decode_claims;
  using swarmtv::stream::aux::encode_claim;
  const auto one = encode_claim(9, 258);
  CHECK(one[3] == 6);   // length: the extended id, our id, 4 bytes
  CHECK(one[4] == 20);  // BEP 10 extended message
  CHECK(one[5] == 9);   // the peer's id for the extension
  CHECK(decode_claims({one.data() + 6, 4}, 1000) == std::vector<int>{258});
  CHECK(decode_claims({one.data() + 6, 4}, 100) == std::vector<int>{});  // out of range: dropped
  CHECK_FALSE(decode_claims({one.data() + 6, 3}, 1000));                 // not whole indices
  const std::vector<char> too_many(4 * (swarmtv::stream::aux::kMaxClaimsPerMessage + 1), 0);
  CHECK_FALSE(decode_claims(too_many, 1000));
  CHECK(decode_claims({}, 1000) == std::vector<int>{});
}

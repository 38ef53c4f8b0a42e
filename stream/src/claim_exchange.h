// Claims: swarmtv viewers in a crowd tell each other which pieces they are fetching from a seed,
// so that the others wait for that viewer's HAVE and fetch the piece from it, instead of asking
// the seed for it too. A seed divides its upload among every viewer that asks it: eight viewers
// stalled on the same new piece each get an eighth of the seed for it, and the seed sends it
// eight times (docs/premiere.md). Carried as a BEP 10 extension message ("swarmtv_claim");
// peers without it are unaffected.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include <libtorrent/torrent_handle.hpp>

namespace swarmtv::stream::aux {

// Thread-safe: libtorrent's network thread records, the scheduler's side reads.
class ClaimBoard {
 public:
  static constexpr int kMaxClaimsPerPeer = 8;

  // A claim older than the patience no longer holds anyone back (its viewer may be slow or
  // gone). The patience is `patience`, or longer, up to `max_patience`, when our own pieces from
  // a seed take longer: a seed shared by k viewers gives each of them a piece k times slower, and
  // a claim that lapses while its piece is still coming makes the next viewer ask the seed for
  // it too, which slows both.
  explicit ClaimBoard(std::chrono::milliseconds patience = std::chrono::milliseconds(2000),
                      std::chrono::milliseconds max_patience = std::chrono::milliseconds(5000));

  void set_num_pieces(int pieces);  // claims of other indices are ignored (untrusted input)
  // Called on the network thread whenever claimed_by_peers() may have changed.
  void set_on_change(std::function<void()> on_change);

  // We asked a seed for a block of `piece`: true the first time, when it is to be announced.
  bool claim_own(int piece);
  void on_own_piece_passed(int piece);
  // A peer announced a claim, or now has the piece (HAVE): the claim is fulfilled. `peer` tells
  // peers apart (any stable key). A peer is untrusted: a claim counts from its first
  // announcement (repeating it does not extend it, nor claiming it again once it lapsed) and a
  // peer has at most kMaxClaimsPerPeer claims at a time, so a peer claiming everything delays
  // each piece by `patience` at most, once, and never stops a download.
  void on_peer_claim(const void* peer, int piece);
  void on_peer_have(int piece);
  // Pieces peers announced (HAVE) since the last call: held by another viewer at once, where
  // libtorrent's availability is read once a second.
  std::vector<int> take_peer_haves();
  std::chrono::milliseconds patience() const;

  // Pieces other viewers claimed within `patience`, not claimed by us.
  std::vector<int> claimed_by_peers();
  int claims_received() const;

 private:
  struct Claim {
    std::chrono::steady_clock::time_point at;
    const void* peer = nullptr;
  };
  void prune_locked(std::chrono::steady_clock::time_point now);
  void changed();

  const std::chrono::milliseconds min_patience_;
  const std::chrono::milliseconds max_patience_;
  std::chrono::milliseconds patience_;  // guarded by mutex_
  mutable std::mutex mutex_;
  int num_pieces_ = 0;
  std::map<int, std::chrono::steady_clock::time_point> own_;  // our claims, since when
  std::vector<int> peer_haves_;
  std::map<int, Claim> others_;
  std::set<std::pair<const void*, int>> lapsed_;  // (peer, piece): that claim is spent
  int received_ = 0;
  std::function<void()> on_change_;
};

// The message: zero or more 4-byte big-endian piece indices, at most kMaxClaimsPerMessage.
constexpr int kMaxClaimsPerMessage = 64;
// The pieces of a message's body (untrusted bytes): nullopt for a malformed body; indices at or
// past `num_pieces` are dropped.
std::optional<std::vector<int>> decode_claims(std::span<const char> body, int num_pieces);
// One claim as a whole BitTorrent message: length, 20 (extended), the peer's id for our
// extension, the piece.
std::array<char, 10> encode_claim(int their_id, int piece);

// Installs the claim exchange on `handle`, recording into and announcing from `board`.
void attach_claim_exchange(lt::torrent_handle handle, std::shared_ptr<ClaimBoard> board);

}  // namespace swarmtv::stream::aux

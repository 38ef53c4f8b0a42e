#include "claim_exchange.h"

#include "lt_call.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <utility>

#include <libtorrent/bdecode.hpp>
#include <libtorrent/entry.hpp>
#include <libtorrent/extensions.hpp>
#include <libtorrent/peer_connection_handle.hpp>
#include <libtorrent/peer_request.hpp>

namespace swarmtv::stream::aux {

ClaimBoard::ClaimBoard(std::chrono::milliseconds patience, std::chrono::milliseconds max_patience)
    : min_patience_(patience),
      max_patience_(std::max(patience, max_patience)),
      patience_(patience) {}

std::chrono::milliseconds ClaimBoard::patience() const {
  std::lock_guard lock(mutex_);
  return patience_;
}

void ClaimBoard::set_num_pieces(int pieces) {
  std::lock_guard lock(mutex_);
  num_pieces_ = pieces;
}

void ClaimBoard::set_on_change(std::function<void()> on_change) {
  std::lock_guard lock(mutex_);
  on_change_ = std::move(on_change);
}

bool ClaimBoard::claim_own(int piece) {
  std::lock_guard lock(mutex_);
  return own_.emplace(piece, std::chrono::steady_clock::now()).second;
}

void ClaimBoard::on_own_piece_passed(int piece) {
  std::lock_guard lock(mutex_);
  const auto it = own_.find(piece);
  if (it == own_.end()) return;
  // What our own claims take, averaged over the last few: others' claims take about as long.
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - it->second);
  own_.erase(it);
  const auto average = (3 * patience_ + 2 * took) / 4;  // tends to twice what they take
  patience_ = std::clamp(average, min_patience_, max_patience_);
}

void ClaimBoard::on_peer_claim(const void* peer, int piece) {
  {
    std::lock_guard lock(mutex_);
    if (piece < 0 || piece >= num_pieces_) return;
    ++received_;
    const auto now = std::chrono::steady_clock::now();
    prune_locked(now);
    if (others_.count(piece) != 0) return;          // the first claim stands
    if (lapsed_.count({peer, piece}) != 0) return;  // once: a lapsed claim is not renewed
    const auto held = std::count_if(others_.begin(), others_.end(), [peer](const auto& entry) {
      return entry.second.peer == peer;
    });
    if (held >= kMaxClaimsPerPeer) return;
    others_[piece] = Claim{now, peer};
  }
  changed();
}

void ClaimBoard::prune_locked(std::chrono::steady_clock::time_point now) {
  std::erase_if(others_, [&](const auto& entry) {
    if (now - entry.second.at < patience_) return false;
    lapsed_.insert({entry.second.peer, entry.first});
    return true;
  });
}

void ClaimBoard::on_peer_have(int piece) {
  {
    std::lock_guard lock(mutex_);
    if (piece < 0 || piece >= num_pieces_) return;
    others_.erase(piece);
    if (peer_haves_.size() < 4096) peer_haves_.push_back(piece);
  }
  changed();
}

std::vector<int> ClaimBoard::take_peer_haves() {
  std::lock_guard lock(mutex_);
  return std::exchange(peer_haves_, {});
}

std::vector<int> ClaimBoard::claimed_by_peers() {
  std::lock_guard lock(mutex_);
  prune_locked(std::chrono::steady_clock::now());
  std::vector<int> out;
  for (const auto& [piece, claim] : others_)
    if (own_.count(piece) == 0) out.push_back(piece);
  return out;
}

int ClaimBoard::claims_received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void ClaimBoard::changed() {
  std::function<void()> notify;
  {
    std::lock_guard lock(mutex_);
    notify = on_change_;
  }
  if (notify) notify();
}

std::optional<std::vector<int>> decode_claims(std::span<const char> body, int num_pieces) {
  if (body.size() % 4 != 0 || body.size() > 4 * std::size_t(kMaxClaimsPerMessage))
    return std::nullopt;
  std::vector<int> pieces;
  for (std::size_t i = 0; i < body.size(); i += 4) {
    std::uint32_t piece = 0;
    for (std::size_t k = 0; k < 4; ++k)
      piece = piece << 8 | static_cast<std::uint32_t>(static_cast<unsigned char>(body[i + k]));
    if (piece < static_cast<std::uint32_t>(std::max(num_pieces, 0)))
      pieces.push_back(static_cast<int>(piece));
  }
  return pieces;
}

std::array<char, 10> encode_claim(int their_id, int piece) {
  const auto p = static_cast<std::uint32_t>(piece);
  return {0,
          0,
          0,
          6,
          20,
          static_cast<char>(their_id),
          static_cast<char>(p >> 24),
          static_cast<char>(p >> 16),
          static_cast<char>(p >> 8),
          static_cast<char>(p)};
}

namespace {

constexpr int kClaimMessage = 42;  // our id for the message, in our extension handshake

class ClaimTorrent;

class ClaimPeer final : public lt::peer_plugin {
 public:
  ClaimPeer(lt::peer_connection_handle peer, std::shared_ptr<ClaimBoard> board,
            std::weak_ptr<ClaimTorrent> torrent)
      : peer_(std::move(peer)), board_(std::move(board)), torrent_(std::move(torrent)) {}

  lt::string_view type() const override { return "swarmtv_claim"; }
  void add_handshake(lt::entry& handshake) override {
    handshake["m"]["swarmtv_claim"] = kClaimMessage;
  }
  bool on_extension_handshake(const lt::bdecode_node& handshake) override {
    const lt::bdecode_node m = handshake.dict_find_dict("m");
    const std::int64_t id = m ? m.dict_find_int_value("swarmtv_claim", 0) : 0;
    their_id_ = id > 0 && id < 256 ? static_cast<int>(id) : 0;
    return true;  // stay: HAVEs fulfil claims whether or not this peer claims
  }
  bool on_extended(int length, int msg, lt::span<const char> body) override;
  bool on_have(lt::piece_index_t piece) override {
    board_->on_peer_have(static_cast<int>(piece));
    return false;
  }
  void sent_request(const lt::peer_request& r) override;

  // Announces our claim of `piece` to this peer, if it speaks the extension.
  void send_claim(int piece) {
    if (their_id_ == 0 || peer_.is_seed()) return;
    const std::array<char, 10> message = encode_claim(their_id_, piece);
    peer_.send_buffer(message.data(), static_cast<int>(message.size()));
  }

 private:
  lt::peer_connection_handle peer_;
  const std::shared_ptr<ClaimBoard> board_;
  const std::weak_ptr<ClaimTorrent> torrent_;
  int their_id_ = 0;  // the peer's id for the message; 0: it does not speak it
};

class ClaimTorrent final : public lt::torrent_plugin,
                           public std::enable_shared_from_this<ClaimTorrent> {
 public:
  explicit ClaimTorrent(std::shared_ptr<ClaimBoard> board) : board_(std::move(board)) {}

  std::shared_ptr<lt::peer_plugin> new_connection(const lt::peer_connection_handle& peer) override {
    auto plugin = std::make_shared<ClaimPeer>(peer, board_, weak_from_this());
    std::erase_if(peers_, [](const std::weak_ptr<ClaimPeer>& p) { return p.expired(); });
    peers_.push_back(plugin);
    return plugin;
  }
  void on_piece_pass(lt::piece_index_t piece) override {
    board_->on_own_piece_passed(static_cast<int>(piece));
  }
  void announce(int piece) {
    for (const auto& weak : peers_)
      if (auto peer = weak.lock()) peer->send_claim(piece);
  }

 private:
  const std::shared_ptr<ClaimBoard> board_;
  std::vector<std::weak_ptr<ClaimPeer>> peers_;  // network thread only
};

bool ClaimPeer::on_extended(int length, int msg, lt::span<const char> body) {
  if (msg != kClaimMessage) return false;
  if (static_cast<int>(body.size()) < length) return true;  // the rest is still coming
  const auto pieces = decode_claims({body.data(), static_cast<std::size_t>(length)},
                                    std::numeric_limits<int>::max());
  if (pieces)
    for (int piece : *pieces) board_->on_peer_claim(this, piece);  // the board bounds them
  return true;
}

void ClaimPeer::sent_request(const lt::peer_request& r) {
  if (!peer_.is_seed() || !board_->claim_own(static_cast<int>(r.piece))) return;
  if (auto torrent = torrent_.lock()) torrent->announce(static_cast<int>(r.piece));
}

}  // namespace

void attach_claim_exchange(lt::torrent_handle handle, std::shared_ptr<ClaimBoard> board) {
  lt_do("add_extension", [&] {
    handle.add_extension([board](const lt::torrent_handle&, lt::client_data_t) {
      return std::shared_ptr<lt::torrent_plugin>(std::make_shared<ClaimTorrent>(board));
    });
  });
}

}  // namespace swarmtv::stream::aux

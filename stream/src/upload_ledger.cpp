#include "upload_ledger.h"

#include <libtorrent/peer_connection_handle.hpp>
#include <libtorrent/peer_request.hpp>

#include <algorithm>
#include <cmath>

#include "lt_call.h"

namespace swarmtv::stream {

double UploadCounts::copies(std::size_t piece) const {
  if (piece >= blocks_sent.size() || piece >= blocks_in_piece.size() || blocks_in_piece[piece] <= 0)
    return 0.0;
  return double(blocks_sent[piece]) / blocks_in_piece[piece];
}

std::vector<int> UploadCounts::copies_histogram(int buckets) const {
  std::vector<int> histogram(std::size_t(std::max(buckets, 2)), 0);
  const int last = int(histogram.size()) - 1;
  for (std::size_t p = 0; p < blocks_sent.size(); ++p) {
    const double c = copies(p);
    const int bucket = c <= 0.0 ? 0 : std::min(last, int(std::ceil(c - 1e-9)));
    ++histogram[std::size_t(bucket)];
  }
  return histogram;
}

std::string format_copies_histogram(const UploadCounts& counts) {
  const std::vector<int> h = counts.copies_histogram();
  std::string labels, values;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const char* sep = i == 0 ? "" : "/";
    labels += sep + std::to_string(i) + (i + 1 == h.size() ? "+" : "");
    values += sep + std::to_string(h[i]);
  }
  return "pieces sent " + labels + " times: " + values;
}

namespace aux {

namespace {

int blocks_of(int bytes) {
  return (bytes + lt::default_block_size - 1) / lt::default_block_size;
}

}  // namespace

void UploadLedger::set_pieces(int piece_count, int piece_length, int last_piece_size) {
  std::lock_guard lock(mutex_);
  if (piece_count <= 0 || !counts_.blocks_sent.empty()) return;
  counts_.blocks_sent.assign(std::size_t(piece_count), 0);
  counts_.blocks_in_piece.assign(std::size_t(piece_count), blocks_of(piece_length));
  counts_.blocks_in_piece.back() = blocks_of(last_piece_size);
}

void UploadLedger::record_block(int piece) {
  std::lock_guard lock(mutex_);
  if (piece >= 0 && std::size_t(piece) < counts_.blocks_sent.size())
    ++counts_.blocks_sent[std::size_t(piece)];
}

std::shared_ptr<std::atomic<std::int64_t>> UploadLedger::bytes_counter(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto& counter = bytes_[address];
  if (!counter) counter = std::make_shared<std::atomic<std::int64_t>>(0);
  return counter;
}

UploadCounts UploadLedger::counts() const {
  std::lock_guard lock(mutex_);
  UploadCounts out = counts_;
  for (const auto& [address, bytes] : bytes_) out.bytes_by_address[address] = bytes->load();
  return out;
}

namespace {

class CountingPeer final : public lt::peer_plugin {
 public:
  CountingPeer(std::shared_ptr<UploadLedger> ledger, const std::string& address)
      : ledger_(std::move(ledger)), bytes_(ledger_->bytes_counter(address)) {}

  lt::string_view type() const override { return "swarmtv_upload_ledger"; }

  void sent_piece(const lt::peer_request& r) override {
    ledger_->record_block(static_cast<int>(r.piece));
  }
  void sent_payload(int bytes) override { *bytes_ += bytes; }

 private:
  const std::shared_ptr<UploadLedger> ledger_;
  const std::shared_ptr<std::atomic<std::int64_t>> bytes_;
};

class CountingTorrent final : public lt::torrent_plugin {
 public:
  explicit CountingTorrent(std::shared_ptr<UploadLedger> ledger) : ledger_(std::move(ledger)) {}

  std::shared_ptr<lt::peer_plugin> new_connection(const lt::peer_connection_handle& peer) override {
    return std::make_shared<CountingPeer>(ledger_, peer.remote().address().to_string());
  }

 private:
  const std::shared_ptr<UploadLedger> ledger_;
};

}  // namespace

void attach_upload_ledger(lt::torrent_handle handle, std::shared_ptr<UploadLedger> ledger) {
  lt_do("add_extension", [&] {
    handle.add_extension([ledger](const lt::torrent_handle&, lt::client_data_t) {
      return std::shared_ptr<lt::torrent_plugin>(std::make_shared<CountingTorrent>(ledger));
    });
  });
}

}  // namespace aux
}  // namespace swarmtv::stream

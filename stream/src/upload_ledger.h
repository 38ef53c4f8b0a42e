// A libtorrent torrent plugin that counts what the torrent sends (UploadCounts). libtorrent's
// peer_info gives bytes per connection only while the peer is connected, and nothing per piece.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <libtorrent/extensions.hpp>
#include <libtorrent/torrent_handle.hpp>

#include "swarmtv/stream/upload_counts.h"

namespace swarmtv::stream::aux {

// Thread-safe: libtorrent's network thread records, any thread reads.
class UploadLedger {
 public:
  // The torrent's pieces, once its metadata is here (a magnet link's arrives later, and
  // nothing can be sent before it).
  void set_pieces(int piece_count, int piece_length, int last_piece_size);
  // From libtorrent's network thread, which must not call blocking torrent_handle functions:
  // the plugin records only the piece index.
  void record_block(int piece);
  // The byte counter of one peer address, taken once per connection: a connection adds to it
  // without a lock on every payload it sends.
  std::shared_ptr<std::atomic<std::int64_t>> bytes_counter(const std::string& address);
  UploadCounts counts() const;

 private:
  mutable std::mutex mutex_;
  UploadCounts counts_;  // bytes_by_address is filled from bytes_ in counts()
  std::map<std::string, std::shared_ptr<std::atomic<std::int64_t>>> bytes_;
};

// Installs a counting plugin on `handle` that records into `ledger`.
void attach_upload_ledger(lt::torrent_handle handle, std::shared_ptr<UploadLedger> ledger);

}  // namespace swarmtv::stream::aux

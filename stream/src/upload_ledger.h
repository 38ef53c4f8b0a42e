// A libtorrent torrent plugin that counts what the torrent sends (UploadCounts). libtorrent's
// peer_info gives bytes per connection only while the peer is connected, and nothing per piece.
#pragma once

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
  // The torrent's pieces, once its metadata is here (a magnet link's arrives later). Blocks
  // recorded before are kept.
  void set_pieces(int piece_count, int piece_length, int last_piece_size);
  // From libtorrent's network thread, which must not call blocking torrent_handle functions:
  // the plugin records only the piece index.
  void record_block(int piece);
  void record_bytes(const std::string& address, std::int64_t bytes);
  UploadCounts counts() const;

 private:
  mutable std::mutex mutex_;
  UploadCounts counts_;
  std::vector<int> early_;  // pieces of blocks recorded before set_pieces()
};

// Installs a counting plugin on `handle` that records into `ledger`.
void attach_upload_ledger(lt::torrent_handle handle, std::shared_ptr<UploadLedger> ledger);

}  // namespace swarmtv::stream::aux

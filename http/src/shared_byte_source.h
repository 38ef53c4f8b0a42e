// A ByteSource forwarding everything to a shared TorrentByteSource. The connection keeps its own
// reference so the monitor thread can cancel the torrent source whatever wraps it (a decrypting
// source owns its inner source and may destroy it inside open()).
#pragma once

#include <memory>

#include "swarmtv/stream/torrent_byte_source.h"

namespace swarmtv::http {

class SharedByteSource final : public ForwardingByteSource {
 public:
  explicit SharedByteSource(std::shared_ptr<stream::TorrentByteSource> inner)
      : inner_(std::move(inner)) {}

 protected:
  ByteSource& inner() const override { return *inner_; }

 private:
  std::shared_ptr<stream::TorrentByteSource> inner_;
};

}  // namespace swarmtv::http

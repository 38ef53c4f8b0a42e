// A ByteSource forwarding to a shared TorrentByteSource. The connection keeps its own reference
// so the monitor thread can cancel the torrent source whatever wraps it (a decrypting source owns
// its inner source and may destroy it inside open()).
#pragma once

#include <memory>

#include "swarmtv/stream/torrent_byte_source.h"

namespace swarmtv::http {

class SharedByteSource final : public ByteSource {
 public:
  explicit SharedByteSource(std::shared_ptr<stream::TorrentByteSource> inner)
      : inner_(std::move(inner)) {}
  std::int64_t size() const override { return inner_->size(); }
  ReadResult read_at(std::int64_t offset, std::span<std::byte> buffer) override {
    return inner_->read_at(offset, buffer);
  }
  void cancel() override { inner_->cancel(); }
  void resume() override { inner_->resume(); }
  std::vector<ByteRange> available_ranges() const override { return inner_->available_ranges(); }
  void hint_bitrate(std::int64_t bits_per_second) override {
    inner_->hint_bitrate(bits_per_second);
  }
  void hint_upcoming_read(std::int64_t offset) override { inner_->hint_upcoming_read(offset); }
  std::string describe() const override { return inner_->describe(); }

 private:
  std::shared_ptr<stream::TorrentByteSource> inner_;
};

}  // namespace swarmtv::http

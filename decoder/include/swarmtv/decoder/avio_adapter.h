// The blocking-source-to-FFmpeg boundary: an AVIOContext whose reads and seeks go to a
// ByteSource.
//
// Why this is more than a trivial callback pair (see docs/architecture.md):
//  - FFmpeg >= 5 loops forever on a read that returns 0, so a read returns bytes, AVERROR_EOF
//    (only at the true end), AVERROR_EXIT (cancelled) or an error, never 0.
//  - AVIOInterruptCB is only polled between operations; cancellation must come from the source,
//    which wakes its own blocked read when the reads' stop token is triggered.
//  - AVIOContext keeps an error sticky (`error`, `eof_reached`); after a cancelled read the
//    demuxer calls clear_cancellation() before it seeks on.
//  - The context always says it is seekable: MP4 with a trailing moov and Matroska cues need it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <system_error>

#include "swarmtv/base/byte_source.h"
#include "swarmtv/decoder/read_log.h"

struct AVIOContext;

namespace swarmtv::decoder {

class AvioAdapter {
 public:
  explicit AvioAdapter(ByteSource& source, int buffer_size = 32 * 1024);
  ~AvioAdapter();
  AvioAdapter(const AvioAdapter&) = delete;
  AvioAdapter& operator=(const AvioAdapter&) = delete;

  AVIOContext* context() const { return context_; }
  ByteSource& source() const { return source_; }

  // The token every later read carries (ByteSource::read_at). Call from the reading thread, or
  // before reading starts.
  void set_stop_token(std::stop_token stop) { stop_ = std::move(stop); }

  // True if a read returned AVERROR_EXIT because its stop token was triggered since the last
  // clear_cancellation().
  bool was_cancelled() const { return cancelled_; }
  // Forgets a cancelled read: clears the flag and the AVIOContext's sticky error state.
  void clear_cancellation();
  // The source's error behind the last AVERROR(EIO), if any.
  std::error_code last_error() const { return last_error_; }
  // Bytes handed to FFmpeg so far (for measuring what a first frame costs).
  std::int64_t bytes_read() const { return bytes_read_; }
  // The ranges handed to FFmpeg since the last call, merged (StreamingSource::bytes_arrived_for
  // turns them into what had to be fetched).
  std::vector<ByteRange> take_reads() { return reads_.take(); }

 private:
  static int read_callback(void* opaque, std::uint8_t* buf, int size);
  static std::int64_t seek_callback(void* opaque, std::int64_t offset, int whence);

  ByteSource& source_;
  AVIOContext* context_ = nullptr;  // owned; freed in the destructor with its buffer
  std::int64_t position_ = 0;
  std::stop_token stop_;
  std::atomic<bool> cancelled_{false};
  std::error_code last_error_;
  std::atomic<std::int64_t> bytes_read_{0};
  ReadLog reads_;
};

}  // namespace swarmtv::decoder

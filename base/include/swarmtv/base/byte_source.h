// The one interface between where bytes come from (a file, a torrent, a decrypting wrapper) and
// the FFmpeg demuxer. The decoder knows nothing else about its input.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stop_token>
#include <string>
#include <system_error>
#include <vector>

#include "swarmtv/base/media_time.h"

namespace swarmtv {

// A half-open byte range [begin, end).
struct ByteRange {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::int64_t length() const { return end - begin; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

enum class ReadStatus {
  ok,           // `bytes` (> 0) bytes were copied into the buffer.
  end_of_file,  // offset >= size(): there is nothing more, ever.
  cancelled,    // the reader's stop token was triggered; nothing was read.
  error,        // `error` says why; the bytes at this offset cannot be had.
};

struct ReadResult {
  ReadStatus status = ReadStatus::ok;
  std::size_t bytes = 0;
  std::error_code error;

  static ReadResult bytes_read(std::size_t n) { return {ReadStatus::ok, n, {}}; }
  static ReadResult end_of_file() { return {ReadStatus::end_of_file, 0, {}}; }
  static ReadResult cancelled() { return {ReadStatus::cancelled, 0, {}}; }
  static ReadResult failed(std::error_code ec) { return {ReadStatus::error, 0, ec}; }
};

class StreamingSource;

// A random-access, possibly slow source of bytes of known size: what every source must have.
//
// Cancelling is per reader and one-way, as in Chromium's BlockingUrlProtocol::Abort: every read
// carries its reader's std::stop_token, and once that token is triggered the reader's reads
// return `cancelled` without blocking, for good. A reader that reads on (a demuxer after a seek)
// takes a fresh std::stop_source. Nothing a reader does can cancel, or undo the cancel of,
// another reader of the same source.
//
// Thread-safety: one reader calls read_at() from one thread at a time; a token may be triggered
// from any thread at any time.
class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Total size in bytes; known up front and constant.
  virtual std::int64_t size() const = 0;

  // Copies bytes starting at `offset` into `buffer`. Blocks until at least one byte at `offset`
  // is available (for a torrent: its piece has passed the hash check), then returns as many
  // contiguous available bytes as fit, never fewer than one. Returns end_of_file only when
  // offset >= size(). Returns cancelled at once if `stop` was triggered, and promptly when it is
  // triggered while the read blocks. A default-constructed token never triggers.
  virtual ReadResult read_at(std::int64_t offset, std::span<std::byte> buffer,
                             std::stop_token stop) = 0;

  // A short name for messages ("episode01.mp4", "torrent 3f2a…/episode01.mp4").
  virtual std::string describe() const = 0;

  // The streaming side of a source that downloads as it is read (a torrent); null for one that
  // has every byte (a local file).
  virtual StreamingSource* streaming() { return nullptr; }
  const StreamingSource* streaming() const { return const_cast<ByteSource*>(this)->streaming(); }

  // A second reader of the same bytes whose reads only wait for what the download brings: it
  // steers nothing (no deadlines, no window), so a pass beside playback (a late subtitle
  // preroll) costs the playback no bandwidth. Null when the source offers none; decorators do
  // not forward it, since the inner source's bytes are not theirs.
  virtual std::unique_ptr<ByteSource> open_follower() { return nullptr; }
};

// What a downloading source offers beside its bytes: what is here, and hints from the consumer
// that steer what it fetches next. May be called from any thread at any time.
class StreamingSource {
 public:
  virtual ~StreamingSource() = default;

  // Byte ranges readable now without blocking, sorted and disjoint (the seek bar shows them).
  virtual std::vector<ByteRange> available_ranges() const = 0;

  // The media's average bitrate in bits per second, once the demuxer knows it.
  virtual void hint_bitrate(std::int64_t bits_per_second) = 0;
  // The consumer is about to read from `offset` (e.g. a seek target found in the index).
  virtual void hint_upcoming_read(std::int64_t offset) = 0;
  // The media the consumer holds, read but not yet played (0 right after a seek; kEndOfMedia
  // once it holds the rest). A source gives all its bandwidth to the next bytes only when this
  // runs low.
  virtual void hint_buffered(MediaTime buffered) = 0;
  // Fetch `range` soon, after the bytes the consumer reads next (a late subtitle preroll's
  // bytes, behind a seek target); replaces the previous such range, and an empty one cancels.
  virtual void hint_wanted_soon(ByteRange range) { (void)range; }

  // The media a consumer should hold before its clock runs on after a start, a seek or a
  // stall, or 0 for no advice (the consumer's own minimum applies either way). A source that
  // fetches in large units cannot hand over the bytes after a buffer sooner than the units
  // holding them arrive: a torrent fetches whole pieces, each verified before it is read.
  virtual MediaTime refill_goal() const = 0;

  // Bytes that had to arrive after `since` before `ranges` could be read: the cost of a first
  // frame or a seek in transfer. A source that fetches in units (a torrent's pieces, which are
  // verified whole) counts every unit the ranges touch.
  virtual std::int64_t bytes_arrived_for(const std::vector<ByteRange>& ranges,
                                         std::chrono::steady_clock::time_point since) const = 0;
};

// What is readable now: the streaming side's answer, or everything.
inline std::vector<ByteRange> available_ranges(const ByteSource& source) {
  if (const StreamingSource* s = source.streaming()) return s->available_ranges();
  return {{0, source.size()}};
}

// A decorator's base: forwards everything, the streaming side included, to `inner()`, so a
// decorator overrides only what it changes.
class ForwardingByteSource : public ByteSource {
 public:
  std::int64_t size() const override { return inner().size(); }
  ReadResult read_at(std::int64_t offset, std::span<std::byte> buffer,
                     std::stop_token stop) override {
    return inner().read_at(offset, buffer, std::move(stop));
  }
  std::string describe() const override { return inner().describe(); }
  StreamingSource* streaming() override { return inner().streaming(); }

 protected:
  virtual ByteSource& inner() const = 0;
};

}  // namespace swarmtv

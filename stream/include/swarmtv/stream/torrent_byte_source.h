// ByteSource over one file of a torrent: the demuxer reads verified bytes while the
// torrent downloads, and its reads drive the streaming scheduler (the playhead is the read
// offset). Obtain one from Torrent::open() or open_stream().
//
// Reads only ever return bytes of pieces that passed their hash check. The bytes are read from
// the file libtorrent writes, which is safe because the session uses libtorrent's POSIX disk
// backend: it writes each block to the file before hashing the piece from the file, so a piece
// reported as passed is in the file. (The default mmap backend in 2.0.8 can hash a piece from its
// write buffer before the bytes reach the file; read_piece() on a missing piece would pause the
// torrent. Neither is used.)
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include <libtorrent/units.hpp>

#include "swarmtv/base/byte_source.h"
#include "swarmtv/stream/container_index.h"
#include "swarmtv/stream/stream_status.h"
#include "swarmtv/stream/streaming_scheduler.h"

namespace swarmtv::stream {

class Torrent;

class TorrentByteSource final : public ByteSource, public StreamingSource {
 public:
  // Registers a reader of `file` with the torrent's scheduler: the file's head and (for MP4 and
  // Matroska) its index at the end get the earliest deadlines. Precondition: metadata is here.
  // A follower's reads only wait for the download (ReadRole).
  TorrentByteSource(std::shared_ptr<Torrent> torrent, lt::file_index_t file,
                    ReadRole role = ReadRole::playback);
  ~TorrentByteSource() override;
  TorrentByteSource(const TorrentByteSource&) = delete;
  TorrentByteSource& operator=(const TorrentByteSource&) = delete;

  std::int64_t size() const override { return size_; }
  ReadResult read_at(std::int64_t offset, std::span<std::byte> buffer,
                     std::stop_token stop) override;
  StreamingSource* streaming() override { return this; }
  // Verified ranges of this file, from the torrent's have-bitfield.
  std::vector<ByteRange> available_ranges() const override;
  // Every piece the ranges touch that was not had at `since`, whole: reads wait for whole
  // verified pieces.
  std::int64_t bytes_arrived_for(const std::vector<ByteRange>& ranges,
                                 std::chrono::steady_clock::time_point since) const override;
  void hint_bitrate(std::int64_t bits_per_second) override;
  // A seek target: the scheduler clears its deadlines and puts the window there at once.
  void hint_upcoming_read(std::int64_t offset) override;
  void hint_buffered(MediaTime buffered) override;
  // A prefetch of `range` with deadlines from 1.5 s on: after the playhead's next pieces.
  void hint_wanted_soon(ByteRange range) override;
  // A ReadRole::follower source over the same file.
  std::unique_ptr<ByteSource> open_follower() override;
  // The next piece's download time at the swarm's measured rate, two pieces' once a piece failed
  // (StreamingScheduler::refill_goal).
  MediaTime refill_goal() const override;
  std::string describe() const override;

  // The swarm and this file: rates, peers, verified ranges, buffered seconds, buffering state.
  StreamStatus status() const;

  lt::file_index_t file() const { return file_; }
  const std::string& path_in_torrent() const { return path_in_torrent_; }
  const std::shared_ptr<Torrent>& torrent() const { return torrent_; }

 private:
  // Reads exactly `n` bytes at file offset `offset` from the file on disk.
  bool read_file(std::int64_t offset, std::byte* out, std::int64_t n, std::error_code& ec);
  void learn_from_head(std::span<const std::byte> head);
  // A block of the file's first piece reached the disk (alert thread): once the block holding
  // the file's first byte is there, an MP4's top-level boxes tell where its moov is, and the
  // scheduler fetches it beside the rest of the head instead of after it. Unverified bytes, so
  // for planning only: learn_from_head() sets the index again from the verified head.
  void on_head_block_written(int block);

  const std::shared_ptr<Torrent> torrent_;
  const lt::file_index_t file_;
  std::int64_t size_ = 0;
  std::int64_t begin_ = 0;  // torrent offset of the file's first byte
  std::string path_in_torrent_;
  std::filesystem::path path_on_disk_;
  ContainerKind container_ = ContainerKind::other;
  int reader_ = 0;

  std::atomic<bool> blocked_{false};      // a read is waiting for a piece
  bool head_parsed_ = false;              // only touched by read_at's thread
  std::atomic<bool> head_peeked_{false};  // on_head_block_written() found the index
  int head_listener_ = 0;                 // Torrent::add_block_listener id, 0: none
  std::atomic<int> wanted_soon_{0};       // Torrent::prefetch id of hint_wanted_soon, 0: none

  std::mutex fd_mutex_;
  int fd_ = -1;
};

}  // namespace swarmtv::stream

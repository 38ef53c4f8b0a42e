#include "swarmtv/stream/torrent_byte_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "message_error.h"
#include "swarmtv/base/trace.h"
#include "swarmtv/stream/torrent.h"

namespace swarmtv::stream {

TorrentByteSource::TorrentByteSource(std::shared_ptr<Torrent> torrent, lt::file_index_t file,
                                     ReadRole role)
    : torrent_(std::move(torrent)), file_(file) {
  const auto info = torrent_->info();
  const lt::file_storage& fs = info->files();
  size_ = fs.file_size(file_);
  begin_ = fs.file_offset(file_);
  path_in_torrent_ = fs.file_path(file_);
  path_on_disk_ = torrent_->save_path() / path_in_torrent_;
  container_ = container_from_path(path_in_torrent_);
  reader_ = torrent_->scheduler()->add_reader(file_, guess_index_tail(container_, size_), role);
  const lt::piece_index_t head = torrent_->scheduler()->layout().piece_at(begin_);
  if (role == ReadRole::playback && container_ == ContainerKind::mp4 && size_ > 0 &&
      !torrent_->have_piece(head))
    head_listener_ =
        torrent_->add_block_listener(head, [this](int block) { on_head_block_written(block); });
}

TorrentByteSource::~TorrentByteSource() {
  if (head_listener_ != 0) torrent_->remove_block_listener(head_listener_);
  if (const int id = wanted_soon_.exchange(0); id != 0) torrent_->cancel_prefetch(id);
  if (auto s = torrent_->scheduler()) s->remove_reader(reader_);
  if (fd_ >= 0) ::close(fd_);
}

void TorrentByteSource::hint_wanted_soon(ByteRange range) {
  if (const int id = wanted_soon_.exchange(0); id != 0) torrent_->cancel_prefetch(id);
  range.begin = std::clamp<std::int64_t>(range.begin, 0, size_);
  range.end = std::clamp<std::int64_t>(range.end, range.begin, size_);
  if (range.length() <= 0) return;
  if (auto id = torrent_->prefetch(file_, range, std::chrono::milliseconds(1500)))
    wanted_soon_ = *id;
}

std::unique_ptr<ByteSource> TorrentByteSource::open_follower() {
  auto follower = torrent_->open(file_, ReadRole::follower);
  if (!follower) return nullptr;
  return std::move(*follower);
}

ReadResult TorrentByteSource::read_at(std::int64_t offset, std::span<std::byte> buffer,
                                      std::stop_token stop) {
  if (stop.stop_requested()) return {ReadStatus::cancelled, 0, {}};
  if (offset >= size_) return {ReadStatus::end_of_file, 0, {}};
  if (offset < 0) return {ReadStatus::error, 0, std::make_error_code(std::errc::invalid_argument)};
  if (buffer.empty()) return {ReadStatus::ok, 0, {}};

  const auto scheduler = torrent_->scheduler();
  const PieceLayout& layout = scheduler->layout();
  scheduler->on_read(reader_, offset);

  const std::int64_t abs = begin_ + offset;
  const lt::piece_index_t piece = layout.piece_at(abs);
  if (!torrent_->have_piece(piece) || scheduler->file_priorities_pending()) {
    blocked_ = true;
    trace("source: read at {} (+{}) waits for piece {}", offset, buffer.size(),
          static_cast<int>(piece));
    Error why;
    // The canceller's thread wakes the wait; the token is checked under the torrent's lock.
    const std::stop_callback wake(stop, [this] { torrent_->wake_waiters(); });
    const Torrent::WaitResult r = torrent_->wait_for_piece(piece, stop, &why);
    blocked_ = false;
    trace("source: piece {} ready", static_cast<int>(piece));
    if (r == Torrent::WaitResult::cancelled) return {ReadStatus::cancelled, 0, {}};
    // The real cause (a disk full, no data from the swarm), not "Input/output error".
    if (r == Torrent::WaitResult::failed)
      return {ReadStatus::error, 0, aux::message_error_code(why.message)};
  }

  const auto have = [this](lt::piece_index_t p) { return torrent_->have_piece(p); };
  const std::int64_t limit =
      std::min<std::int64_t>(abs + static_cast<std::int64_t>(buffer.size()), begin_ + size_);
  const std::int64_t n = std::max<std::int64_t>(contiguous_available(layout, abs, limit, have), 1);
  std::error_code ec;
  if (!read_file(offset, buffer.data(), n, ec)) return {ReadStatus::error, 0, ec};
  if (offset == 0 && !head_parsed_) learn_from_head(buffer.first(static_cast<std::size_t>(n)));
  return {ReadStatus::ok, static_cast<std::size_t>(n), {}};
}

bool TorrentByteSource::read_file(std::int64_t offset, std::byte* out, std::int64_t n,
                                  std::error_code& ec) {
  std::lock_guard lock(fd_mutex_);
  if (fd_ < 0) {
    fd_ = ::open(path_on_disk_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      ec = std::error_code(errno, std::generic_category());
      return false;
    }
  }
  std::int64_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd_, out + done, static_cast<std::size_t>(n - done), offset + done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ec = std::error_code(errno, std::generic_category());
      return false;
    }
    if (got == 0) {
      // A verified piece is in the file (POSIX backend); a short file means it was altered.
      ec = std::make_error_code(std::errc::io_error);
      return false;
    }
    done += got;
  }
  return true;
}

void TorrentByteSource::learn_from_head(std::span<const std::byte> head) {
  if (container_ != ContainerKind::mp4) {
    head_parsed_ = true;
    return;
  }
  const auto layout = parse_mp4_head(head, size_);
  if (!layout) {
    // Too short to tell (a tiny first read): keep the guess, try on the next read at 0.
    if (head.size() >= 4096) head_parsed_ = true;
    return;
  }
  head_parsed_ = true;
  torrent_->scheduler()->set_index_tail(
      reader_, layout->index_at_front ? std::nullopt : layout->index, /*read_first=*/true);
}

void TorrentByteSource::on_head_block_written(int block) {
  if (head_peeked_.load()) return;
  const PieceLayout& layout = torrent_->scheduler()->layout();
  const std::int64_t block_begin =
      layout.piece_begin(layout.piece_at(begin_)) + std::int64_t{block} * lt::default_block_size;
  if (begin_ < block_begin || begin_ >= block_begin + lt::default_block_size) return;
  const std::int64_t n =
      std::min<std::int64_t>(block_begin + lt::default_block_size - begin_, size_);
  std::vector<std::byte> head(static_cast<std::size_t>(n));
  std::error_code ec;
  if (!read_file(0, head.data(), n, ec)) return;
  const auto mp4 = parse_mp4_head(head, size_);
  if (!mp4) return;  // too short to tell: the verified head will
  head_peeked_ = true;
  trace("source: unverified head: MP4 index {}",
        mp4->index_at_front ? "at the front" : "at the end");
  torrent_->scheduler()->set_index_tail(reader_, mp4->index_at_front ? std::nullopt : mp4->index,
                                        /*read_first=*/true);
}

std::vector<ByteRange> TorrentByteSource::available_ranges() const {
  const auto scheduler = torrent_->scheduler();
  return verified_ranges(scheduler->layout(), {begin_, begin_ + size_},
                         [this](lt::piece_index_t p) { return torrent_->have_piece(p); });
}

std::int64_t TorrentByteSource::bytes_arrived_for(
    const std::vector<ByteRange>& ranges, std::chrono::steady_clock::time_point since) const {
  const PieceLayout& layout = torrent_->scheduler()->layout();
  std::int64_t total = 0;
  lt::piece_index_t next{0};  // ranges are sorted: a piece two ranges share counts once
  for (const auto& r : ranges) {
    const std::int64_t begin = std::clamp<std::int64_t>(r.begin, 0, size_);
    const std::int64_t end = std::clamp<std::int64_t>(r.end, begin, size_);
    if (end <= begin) continue;
    const PieceSpan span = pieces_covering(layout, {begin_ + begin, begin_ + end});
    for (lt::piece_index_t p = std::max(span.first, next); p < span.last; ++p) {
      if (torrent_->arrived_after(p, since)) total += layout.piece_end(p) - layout.piece_begin(p);
    }
    next = std::max(next, span.last);
  }
  return total;
}

void TorrentByteSource::hint_bitrate(std::int64_t bits_per_second) {
  torrent_->scheduler()->set_bitrate(reader_, bits_per_second);
}

void TorrentByteSource::hint_upcoming_read(std::int64_t offset) {
  if (offset < 0 || offset >= size_) return;
  torrent_->scheduler()->seek(reader_, offset);
}

void TorrentByteSource::hint_buffered(MediaTime buffered) {
  torrent_->scheduler()->set_buffered(reader_, buffered);
}

MediaTime TorrentByteSource::refill_goal() const {
  return torrent_->scheduler()->refill_goal(reader_);
}

std::string TorrentByteSource::describe() const {
  return "torrent " + torrent_->info_hash().substr(0, 8) + "\xE2\x80\xA6/" + path_in_torrent_;
}

StreamStatus TorrentByteSource::status() const {
  StreamStatus s = torrent_->status();
  const auto scheduler = torrent_->scheduler();
  const PieceLayout& layout = scheduler->layout();
  const auto have = [this](lt::piece_index_t p) { return torrent_->have_piece(p); };
  s.file_size = size_;
  s.verified = available_ranges();
  std::int64_t verified = 0;
  for (const auto& r : s.verified) verified += r.length();
  s.file_progress = size_ > 0 ? static_cast<double>(verified) / static_cast<double>(size_) : 1.0;
  s.playhead = scheduler->playhead(reader_);
  const std::int64_t abs = begin_ + s.playhead;
  s.buffered_bytes = contiguous_available(layout, abs, begin_ + size_, have);
  const std::int64_t bitrate = scheduler->bitrate(reader_);
  if (bitrate > 0)
    s.buffered_seconds = static_cast<double>(s.buffered_bytes) * 8 / static_cast<double>(bitrate);

  s.buffering = blocked_.load();
  if (s.buffering) {
    // What the read needs to go on: its piece and ~1 s of media after it.
    const std::int64_t one_second = bitrate > 0 ? bitrate / 8 : 0;
    const PieceSpan span = pieces_covering(
        layout, {abs, std::min(abs + std::max<std::int64_t>(one_second, 1), begin_ + size_)});
    std::int64_t needed = 0;
    std::int64_t missing = 0;
    for (lt::piece_index_t p = span.first; p < span.last; ++p) {
      const std::int64_t len = layout.piece_end(p) - layout.piece_begin(p);
      needed += len;
      if (!have(p)) missing += len;
    }
    s.buffering_progress =
        needed > 0 ? 1.0 - static_cast<double>(missing) / static_cast<double>(needed) : 1.0;
    if (s.download_rate > 0)
      s.estimated_wait_seconds =
          static_cast<double>(missing) / static_cast<double>(s.download_rate);
  }
  return s;
}

}  // namespace swarmtv::stream

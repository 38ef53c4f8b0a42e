#include "swarmtv/ads/decrypting_byte_source.h"

#include <algorithm>
#include <cstring>
#include <system_error>

namespace swarmtv::ads {
namespace {

// Reads exactly `out.size()` bytes at `offset`: the inner source may return fewer per call.
ReadResult read_fully(ByteSource& source, std::int64_t offset, std::span<unsigned char> out,
                      const std::stop_token& stop) {
  std::size_t done = 0;
  while (done < out.size()) {
    auto r = source.read_at(offset + static_cast<std::int64_t>(done),
                            std::as_writable_bytes(out.subspan(done)), stop);
    if (r.status == ReadStatus::ok) {
      done += r.bytes;
      continue;
    }
    // A file shorter than its header says is damaged, not finished.
    if (r.status == ReadStatus::end_of_file)
      return ReadResult::failed(std::make_error_code(std::errc::io_error));
    return r;
  }
  return ReadResult::bytes_read(done);
}

}  // namespace

Result<std::unique_ptr<DecryptingByteSource>> DecryptingByteSource::open(
    std::unique_ptr<ByteSource> encrypted, const std::optional<ContentKey>& key,
    std::stop_token stop) {
  if (!encrypted) return make_error(Errc::invalid_argument, "no source to decrypt");
  if (!key) {
    return make_error(Errc::refused,
                      encrypted->describe() + " is locked: it needs a premium licence");
  }
  std::array<unsigned char, kBonusHeaderBytes> header{};
  if (encrypted->size() < static_cast<std::int64_t>(header.size())) {
    return make_error(Errc::parse_error,
                      encrypted->describe() + " is not an encrypted bonus file (too short)");
  }
  const ReadResult r = read_fully(*encrypted, 0, header, stop);
  if (r.status == ReadStatus::cancelled) {
    return make_error(Errc::refused, "reading " + encrypted->describe() + " was cancelled");
  }
  if (r.status != ReadStatus::ok) {
    return make_error(Errc::io_error,
                      "cannot read " + encrypted->describe() + ": " + r.error.message());
  }
  auto decryptor = BonusDecryptor::create(header, *key);
  if (!decryptor) {
    return make_error(decryptor.error().code,
                      encrypted->describe() + ": " + decryptor.error().message);
  }
  if (static_cast<std::uint64_t>(encrypted->size()) != decryptor->layout().encrypted_size()) {
    return make_error(Errc::parse_error,
                      encrypted->describe() + ": size does not match its bonus header");
  }
  return std::make_unique<DecryptingByteSource>(PrivateTag{}, std::move(encrypted),
                                                std::move(*decryptor));
}

DecryptingByteSource::DecryptingByteSource(PrivateTag, std::unique_ptr<ByteSource> inner,
                                           BonusDecryptor decryptor)
    : inner_(std::move(inner)),
      decryptor_(std::move(decryptor)),
      sealed_(decryptor_.layout().chunk_size() + kBonusTagBytes),
      chunk_(decryptor_.layout().chunk_size()) {}

std::int64_t DecryptingByteSource::size() const {
  return static_cast<std::int64_t>(layout().plaintext_size());
}

ReadResult DecryptingByteSource::load_chunk(std::uint64_t index, const std::stop_token& stop) {
  if (chunk_index_ == index) return ReadResult::bytes_read(layout().plaintext_chunk_size(index));
  chunk_index_.reset();
  const FileRange range = layout().ciphertext_range(index);
  const std::span<unsigned char> sealed(sealed_.data(), static_cast<std::size_t>(range.length));
  const ReadResult r = read_fully(*inner_, static_cast<std::int64_t>(range.offset), sealed, stop);
  if (r.status != ReadStatus::ok) return r;
  if (!decryptor_.decrypt_chunk(index, sealed, chunk_)) {
    // Tampered or damaged: this read fails; the chunk is not cached, so a re-downloaded (or
    // repaired) chunk can still be read later.
    return ReadResult::failed(std::make_error_code(std::errc::bad_message));
  }
  chunk_index_ = index;
  return ReadResult::bytes_read(layout().plaintext_chunk_size(index));
}

bool DecryptingByteSource::chunk_available(std::uint64_t index,
                                           const std::vector<ByteRange>& ranges) const {
  const FileRange c = layout().ciphertext_range(index);
  const auto begin = static_cast<std::int64_t>(c.offset);
  const auto end = static_cast<std::int64_t>(c.offset + c.length);
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const ByteRange& r) { return r.begin <= begin && end <= r.end; });
}

ReadResult DecryptingByteSource::read_at(std::int64_t offset, std::span<std::byte> buffer,
                                         std::stop_token stop) {
  if (offset < 0) return ReadResult::failed(std::make_error_code(std::errc::invalid_argument));
  if (offset >= size()) return ReadResult::end_of_file();
  if (buffer.empty()) return ReadResult::bytes_read(0);
  const std::uint64_t chunk_size = layout().chunk_size();
  std::size_t copied = 0;
  std::vector<ByteRange> available;  // fetched only if the read spans more than one chunk
  while (copied < buffer.size()) {
    const std::uint64_t at = static_cast<std::uint64_t>(offset) + copied;
    if (at >= layout().plaintext_size()) break;
    const std::uint64_t index = layout().chunk_for_offset(at);
    if (copied > 0) {
      // Beyond the first chunk, only take what will not block; the caller asks again.
      if (available.empty()) available = swarmtv::available_ranges(*inner_);
      if (chunk_index_ != index && !chunk_available(index, available)) break;
    }
    const ReadResult r = load_chunk(index, stop);
    if (r.status != ReadStatus::ok) {
      if (copied > 0) break;  // hand over what we have; the next read reports the failure
      return r;
    }
    const std::uint64_t within = at - index * chunk_size;
    const std::size_t take =
        static_cast<std::size_t>(std::min<std::uint64_t>(r.bytes - within, buffer.size() - copied));
    std::memcpy(buffer.data() + copied, chunk_.data() + within, take);
    copied += take;
  }
  return ReadResult::bytes_read(copied);
}

std::int64_t DecryptingByteSource::bytes_arrived_for(
    const std::vector<ByteRange>& ranges, std::chrono::steady_clock::time_point since) const {
  std::vector<ByteRange> sealed;  // sorted and merged, as the ranges are
  const std::uint64_t size = layout().plaintext_size();
  for (const ByteRange& r : ranges) {
    if (r.begin < 0 || r.end <= r.begin || static_cast<std::uint64_t>(r.begin) >= size) continue;
    const std::uint64_t last_byte = std::min<std::uint64_t>(r.end, size) - 1;
    const FileRange first = layout().ciphertext_range(layout().chunk_for_offset(r.begin));
    const FileRange last = layout().ciphertext_range(layout().chunk_for_offset(last_byte));
    const ByteRange c{static_cast<std::int64_t>(first.offset),
                      static_cast<std::int64_t>(last.offset + last.length)};
    if (!sealed.empty() && c.begin <= sealed.back().end)
      sealed.back().end = std::max(sealed.back().end, c.end);
    else
      sealed.push_back(c);
  }
  const StreamingSource* inner = inner_->streaming();
  return sealed.empty() || !inner ? 0 : inner->bytes_arrived_for(sealed, since);
}

std::vector<ByteRange> DecryptingByteSource::available_ranges() const {
  const std::vector<ByteRange> inner = swarmtv::available_ranges(*inner_);
  std::vector<ByteRange> out;
  const std::uint64_t chunk_size = layout().chunk_size();
  for (const ByteRange& r : inner) {
    // The chunks lying wholly inside r.
    const std::uint64_t sealed = chunk_size + kBonusTagBytes;
    if (r.end <= static_cast<std::int64_t>(kBonusHeaderBytes)) continue;
    const std::uint64_t from = std::max<std::int64_t>(r.begin, kBonusHeaderBytes);
    std::uint64_t first = (from - kBonusHeaderBytes + sealed - 1) / sealed;
    for (std::uint64_t i = first; i < layout().chunk_count(); ++i) {
      const FileRange c = layout().ciphertext_range(i);
      if (static_cast<std::int64_t>(c.offset + c.length) > r.end) break;
      const auto begin = static_cast<std::int64_t>(i * chunk_size);
      const auto end = begin + static_cast<std::int64_t>(layout().plaintext_chunk_size(i));
      if (!out.empty() && out.back().end == begin)
        out.back().end = end;
      else
        out.push_back({begin, end});
    }
  }
  return out;
}

void DecryptingByteSource::hint_bitrate(std::int64_t bits_per_second) {
  // The tags add 16 bytes per chunk: negligible, but keep the scheduler honest.
  const std::int64_t chunk = layout().chunk_size();
  if (StreamingSource* inner = inner_->streaming())
    inner->hint_bitrate(bits_per_second + bits_per_second * kBonusTagBytes / chunk);
}

void DecryptingByteSource::hint_upcoming_read(std::int64_t offset) {
  if (offset < 0 || offset >= size()) return;
  const auto index = layout().chunk_for_offset(static_cast<std::uint64_t>(offset));
  if (StreamingSource* inner = inner_->streaming())
    inner->hint_upcoming_read(static_cast<std::int64_t>(layout().ciphertext_range(index).offset));
}

std::string DecryptingByteSource::describe() const {
  return inner_->describe() + " (decrypted)";
}

}  // namespace swarmtv::ads

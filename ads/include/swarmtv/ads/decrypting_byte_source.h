// The plaintext view of an encrypted bonus file: a ByteSource wrapping the
// ByteSource of the encrypted file (a torrent file while it downloads, or a local file), so the
// decoder and the player play bonus material without knowing it was encrypted.
//
// Each read decrypts the chunks (bonus_layout.h) covering the requested plaintext bytes. A chunk
// whose tag does not verify (tampered, truncated, wrong key) makes that read fail with
// ReadStatus::error — never garbage on screen — and later reads of other chunks still work.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "swarmtv/ads/bonus_cipher.h"
#include "swarmtv/ads/licence.h"
#include "swarmtv/base/byte_source.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

class DecryptingByteSource final : public ForwardingByteSource, private StreamingSource {
 public:
  // Reads and checks the header of `encrypted` (blocking until its first bytes arrive), then
  // decrypts with `key`. Without a key (no premium licence: Entitlement::bonus_key is empty) the
  // file is locked: refused at once, and not a byte of `encrypted` is read, so a torrent never
  // downloads it. Other errors: a read that failed or was cancelled (`stop`), or not a bonus
  // file.
  static Result<std::unique_ptr<DecryptingByteSource>> open(std::unique_ptr<ByteSource> encrypted,
                                                            const std::optional<ContentKey>& key,
                                                            std::stop_token stop = {});

  DecryptingByteSource(const DecryptingByteSource&) = delete;
  DecryptingByteSource& operator=(const DecryptingByteSource&) = delete;

  // The plaintext size (from the authenticated header).
  std::int64_t size() const override;
  // Returns plaintext from `offset`: at least one byte, crossing chunk boundaries while the next
  // chunk is already available in the inner source (so a read never blocks for data it does not
  // need). Errors: the chunk at `offset` failed authentication or could not be read.
  ReadResult read_at(std::int64_t offset, std::span<std::byte> buffer,
                     std::stop_token stop) override;
  std::string describe() const override;
  // The inner source's streaming side in plaintext terms; null when the inner source has none.
  StreamingSource* streaming() override { return inner_->streaming() ? this : nullptr; }

  // The plaintext chunks whose whole ciphertext is available in the inner source.
  std::vector<ByteRange> available_ranges() const override;
  // The inner source's answer for the sealed chunks (ciphertext and tag) the plaintext ranges
  // touch: a read decrypts whole chunks.
  std::int64_t bytes_arrived_for(const std::vector<ByteRange>& ranges,
                                 std::chrono::steady_clock::time_point since) const override;
  void hint_bitrate(std::int64_t bits_per_second) override;
  void hint_upcoming_read(std::int64_t offset) override;
  // Only while streaming() is not null.
  void hint_buffered(MediaTime buffered) override { inner_->streaming()->hint_buffered(buffered); }
  MediaTime refill_goal() const override { return inner_->streaming()->refill_goal(); }

  const BonusLayout& layout() const { return decryptor_.layout(); }

  struct PrivateTag {};
  DecryptingByteSource(PrivateTag, std::unique_ptr<ByteSource> inner, BonusDecryptor decryptor);

 protected:
  ByteSource& inner() const override { return *inner_; }

 private:
  // Decrypts chunk `index` into chunk_ (cached: demuxers read a chunk in several small reads).
  ReadResult load_chunk(std::uint64_t index, const std::stop_token& stop);
  // True if the whole ciphertext of chunk `index` is in `ranges` (the inner available ranges).
  bool chunk_available(std::uint64_t index, const std::vector<ByteRange>& ranges) const;

  std::unique_ptr<ByteSource> inner_;
  BonusDecryptor decryptor_;
  // Touched only by read_at() (one thread at a time, per the ByteSource contract).
  std::vector<unsigned char> sealed_;
  std::vector<unsigned char> chunk_;
  std::optional<std::uint64_t> chunk_index_;
};

}  // namespace swarmtv::ads

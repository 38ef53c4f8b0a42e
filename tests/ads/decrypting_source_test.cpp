#include <catch2/catch.hpp>

#include <cstring>
#include <random>

#include "cipher_fixtures.h"
#include "swarmtv/ads/bonus_cipher.h"
#include "swarmtv/ads/decrypting_byte_source.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using swarmtv::ByteRange;
using swarmtv::ReadResult;
using swarmtv::ReadStatus;
using namespace swarmtv::ads::test;

namespace {

// Bytes in memory, like a torrent file: short reads, a configurable "downloaded" set, and a
// count of reads so a test can tell whether anything was fetched.
class MemorySource final : public swarmtv::ByteSource, public swarmtv::StreamingSource {
 public:
  explicit MemorySource(Bytes data, std::size_t max_read = 700)
      : data_(std::move(data)), max_read_(max_read), available_{{0, size()}} {}
  std::int64_t size() const override { return std::int64_t(data_.size()); }
  ReadResult read_at(std::int64_t offset, std::span<std::byte> buffer,
                     std::stop_token stop) override {
    ++reads;
    cancelled = stop.stop_requested();
    if (cancelled) return ReadResult::cancelled();
    if (offset >= size()) return ReadResult::end_of_file();
    const std::size_t n = std::min({buffer.size(), max_read_, std::size_t(size() - offset)});
    std::memcpy(buffer.data(), data_.data() + offset, n);
    return ReadResult::bytes_read(n);
  }
  StreamingSource* streaming() override { return this; }
  std::vector<ByteRange> available_ranges() const override { return available_; }
  void hint_bitrate(std::int64_t) override {}
  void hint_upcoming_read(std::int64_t) override {}
  void hint_buffered(MediaTime) override {}
  MediaTime refill_goal() const override { return MediaTime(0); }
  // Every byte of the ranges "arrived"; the ranges asked about are kept for the test.
  std::int64_t bytes_arrived_for(const std::vector<ByteRange>& ranges,
                                 std::chrono::steady_clock::time_point) const override {
    asked = ranges;
    std::int64_t n = 0;
    for (const ByteRange& r : ranges) n += r.length();
    return n;
  }
  std::string describe() const override { return "bonus.mp4.enc"; }

  Bytes data_;
  std::size_t max_read_;
  std::vector<ByteRange> available_;
  mutable std::vector<ByteRange> asked;
  int reads = 0;
  bool cancelled = false;  // the last read's token was triggered
};

struct Fixture {
  Bytes plain = random_bytes(10 * kChunk + 123, 7);
  Bytes encrypted;
  MemorySource* inner = nullptr;  // owned by `source`
  std::unique_ptr<DecryptingByteSource> source;

  Fixture() {
    auto enc = encrypt_bonus(plain, key_of(3), "bonus/extra.mp4.enc", kChunk);
    REQUIRE(enc);
    encrypted = *enc;
  }
  void open(std::optional<ContentKey> key = key_of(3)) {
    auto owned = std::make_unique<MemorySource>(encrypted);
    inner = owned.get();
    auto s = DecryptingByteSource::open(std::move(owned), key);
    REQUIRE(s);
    source = std::move(*s);
  }
  // Reads [offset, offset + n) through the source, as the demuxer would (several calls).
  Bytes read(std::int64_t offset, std::size_t n, std::size_t buffer_size = 1500) {
    Bytes out;
    std::vector<std::byte> buf(buffer_size);
    while (out.size() < n) {
      auto r = source->read_at(offset + std::int64_t(out.size()),
                               std::span(buf).first(std::min(buf.size(), n - out.size())), {});
      REQUIRE(r.status == ReadStatus::ok);
      REQUIRE(r.bytes > 0);
      auto* p = reinterpret_cast<unsigned char*>(buf.data());
      out.insert(out.end(), p, p + r.bytes);
    }
    return out;
  }
};

}  // namespace

TEST_CASE("decrypting source: size is the plaintext size, reads past the end are EOF",
          "[ads][bonus][decrypt]") {
  Fixture f;
  f.open();
  CHECK(f.source->size() == std::int64_t(f.plain.size()));
  std::vector<std::byte> buf(16);
  CHECK(f.source->read_at(f.source->size(), buf, {}).status == ReadStatus::end_of_file);
  CHECK(f.source->describe() == "bonus.mp4.enc (decrypted)");
}

TEST_CASE("decrypting source: random-access reads across chunk boundaries equal the plaintext",
          "[ads][bonus][decrypt]") {
  Fixture f;
  f.open();
  CHECK(f.read(0, f.plain.size()) == f.plain);
  std::mt19937 rng(42);
  for (int i = 0; i < 200; ++i) {
    const std::size_t offset = rng() % f.plain.size();
    const std::size_t n = 1 + rng() % std::min<std::size_t>(3 * kChunk, f.plain.size() - offset);
    const Bytes got = f.read(std::int64_t(offset), n, 1 + rng() % (4 * kChunk));
    REQUIRE(got == Bytes(f.plain.begin() + offset, f.plain.begin() + offset + n));
  }
  // One read spanning three chunk boundaries, with everything available, is served whole.
  std::vector<std::byte> buf(3 * kChunk);
  auto r = f.source->read_at(kChunk / 2, buf, {});
  REQUIRE(r.status == ReadStatus::ok);
  CHECK(r.bytes == buf.size());
  CHECK(std::memcmp(buf.data(), f.plain.data() + kChunk / 2, buf.size()) == 0);
}

TEST_CASE("decrypting source: a tampered chunk fails that read only", "[ads][bonus][decrypt]") {
  Fixture f;
  const FileRange third = [&] {
    auto d = BonusDecryptor::create(std::span(f.encrypted).first(kBonusHeaderBytes), key_of(3));
    REQUIRE(d);
    return d->layout().ciphertext_range(3);
  }();
  f.encrypted[third.offset + 10] ^= 0x01;
  f.open();
  std::vector<std::byte> buf(100);
  CHECK(f.source->read_at(3 * kChunk + 5, buf, {}).status == ReadStatus::error);
  CHECK(f.source->read_at(3 * kChunk, buf, {}).status == ReadStatus::error);  // fails every time
  // The chunks around it still read correctly, and a read ending at the bad chunk returns
  // the good bytes before it.
  CHECK(f.read(2 * kChunk, kChunk) ==
        Bytes(f.plain.begin() + 2 * kChunk, f.plain.begin() + 3 * kChunk));
  CHECK(f.read(4 * kChunk, kChunk) ==
        Bytes(f.plain.begin() + 4 * kChunk, f.plain.begin() + 5 * kChunk));
  std::vector<std::byte> across(2 * kChunk);
  auto r = f.source->read_at(2 * kChunk + 24, across, {});
  REQUIRE(r.status == ReadStatus::ok);
  CHECK(r.bytes == kChunk - 24);
}

TEST_CASE("decrypting source: a wrong key fails reads, a damaged header fails open",
          "[ads][bonus][decrypt]") {
  Fixture f;
  f.open(key_of(9));
  std::vector<std::byte> buf(100);
  CHECK(f.source->read_at(0, buf, {}).status == ReadStatus::error);

  Fixture g;
  g.encrypted[0] = 'X';
  auto bad = DecryptingByteSource::open(std::make_unique<MemorySource>(g.encrypted), key_of(3));
  REQUIRE_FALSE(bad);
  Fixture h;
  h.encrypted.erase(h.encrypted.end() - 5, h.encrypted.end());
  auto short_file =
      DecryptingByteSource::open(std::make_unique<MemorySource>(h.encrypted), key_of(3));
  REQUIRE_FALSE(short_file);
}

TEST_CASE("decrypting source: no key means locked, and nothing is read", "[ads][bonus][decrypt]") {
  Fixture f;
  MemorySource inner(f.encrypted);
  // Borrows `inner` so the read count can be checked after the refused open().
  struct Borrow final : swarmtv::ForwardingByteSource {
    explicit Borrow(MemorySource& m) : m_(m) {}
    swarmtv::ByteSource& inner() const override { return m_; }
    MemorySource& m_;
  };
  auto s = DecryptingByteSource::open(std::make_unique<Borrow>(inner), std::nullopt);
  REQUIRE_FALSE(s);
  CHECK(s.error().code == Errc::refused);
  CHECK(s.error().message == "bonus.mp4.enc is locked: it needs a premium licence");
  CHECK(inner.reads == 0);
}

TEST_CASE("decrypting source: the reader's stop token reaches the inner source",
          "[ads][bonus][decrypt]") {
  Fixture f;
  f.open();
  std::stop_source reads;
  reads.request_stop();
  std::vector<std::byte> buf(100);
  CHECK(f.source->read_at(5 * kChunk, buf, reads.get_token()).status == ReadStatus::cancelled);
  CHECK(f.inner->cancelled);
  // Another reader, with its own token, reads on.
  CHECK(f.read(5 * kChunk, 100) ==
        Bytes(f.plain.begin() + 5 * kChunk, f.plain.begin() + 5 * kChunk + 100));
}

TEST_CASE("decrypting source: available ranges are the whole chunks available",
          "[ads][bonus][decrypt]") {
  Fixture f;
  f.open();
  CHECK(f.source->available_ranges() == std::vector<ByteRange>{{0, f.source->size()}});
  const auto& layout = f.source->layout();
  const FileRange c2 = layout.ciphertext_range(2);
  const FileRange c5 = layout.ciphertext_range(5);
  const FileRange c7 = layout.ciphertext_range(7);
  // Chunk 2 partly, chunks 3-4 fully (the range ends inside chunk 5), chunk 7 exactly.
  f.inner->available_ = {{std::int64_t(c2.offset + 1), std::int64_t(c5.offset + 3)},
                         {std::int64_t(c7.offset), std::int64_t(c7.offset + c7.length)}};
  CHECK(f.source->available_ranges() ==
        std::vector<ByteRange>{{3 * kChunk, 5 * kChunk}, {7 * kChunk, 8 * kChunk}});
  // A read does not cross into a chunk that is not available yet.
  std::vector<std::byte> buf(3 * kChunk);
  auto r = f.source->read_at(3 * kChunk + 10, buf, {});
  REQUIRE(r.status == ReadStatus::ok);
  CHECK(r.bytes == 2 * kChunk - 10);
}

TEST_CASE("decrypting source: bytes fetched are the sealed chunks the plaintext ranges touch",
          "[ads][bonus][decrypt]") {
  Fixture f;
  f.open();
  const auto& layout = f.source->layout();
  const auto at = [&](std::uint64_t chunk) {
    return std::int64_t(layout.ciphertext_range(chunk).offset);
  };
  const auto end = [&](std::uint64_t chunk) {
    const FileRange c = layout.ciphertext_range(chunk);
    return std::int64_t(c.offset + c.length);
  };
  // Chunks 0-2 and 2-3 merge; chunk 7 alone; a range past the end counts nothing.
  const std::vector<ByteRange> plain = {{100, 2 * kChunk + 5},
                                        {2 * kChunk + 50, 3 * kChunk + 1},
                                        {7 * kChunk, 8 * kChunk},
                                        {f.source->size() + 10, f.source->size() + 20}};
  const std::int64_t n = f.source->bytes_arrived_for(plain, std::chrono::steady_clock::now());
  CHECK(f.inner->asked == std::vector<ByteRange>{{at(0), end(3)}, {at(7), end(7)}});
  CHECK(n == end(3) - at(0) + end(7) - at(7));
  CHECK(f.source->bytes_arrived_for({}, std::chrono::steady_clock::now()) == 0);
}

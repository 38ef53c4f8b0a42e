#include <catch2/catch.hpp>

#include <fstream>
#include <random>

#include "cipher_fixtures.h"
#include "swarmtv/ads/bonus_cipher.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using swarmtv::test::TempDir;
using namespace swarmtv::ads::test;

namespace {

// What a decrypting byte source does: decrypt the chunks covering [offset, offset + n).
Result<Bytes> read_plain(const Bytes& file, const ContentKey& key, std::uint64_t offset,
                         std::size_t n) {
  auto d = BonusDecryptor::create(std::span(file).first(kBonusHeaderBytes), key);
  if (!d) return d.error();
  Bytes out;
  Bytes chunk(d->layout().chunk_size());
  while (out.size() < n) {
    const std::uint64_t at = offset + out.size();
    const std::uint64_t i = d->layout().chunk_for_offset(at);
    const FileRange r = d->layout().ciphertext_range(i);
    if (r.offset + r.length > file.size()) {
      return make_error(Errc::io_error, "truncated");
    }
    if (auto s = d->decrypt_chunk(i, std::span(file).subspan(r.offset, r.length), chunk); !s) {
      return s.error();
    }
    const std::uint64_t within = at - i * d->layout().chunk_size();
    const std::uint64_t take =
        std::min<std::uint64_t>(d->layout().plaintext_chunk_size(i) - within, n - out.size());
    out.insert(out.end(), chunk.begin() + within, chunk.begin() + within + take);
  }
  return out;
}

}  // namespace

TEST_CASE("bonus: random-access reads across chunk boundaries equal the plaintext",
          "[ads][bonus]") {
  const Bytes plain = random_bytes(10 * kChunk + 123, 1);
  auto enc = encrypt_bonus(plain, key_of(1), "bonus/making-of.mkv.enc", kChunk);
  REQUIRE(enc.ok());
  CHECK(enc->size() == kBonusHeaderBytes + plain.size() + 11 * kBonusTagBytes);
  std::mt19937 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    const std::uint64_t offset = rng() % plain.size();
    const std::size_t n = 1 + rng() % std::min<std::size_t>(3 * kChunk, plain.size() - offset);
    auto got = read_plain(*enc, key_of(1), offset, n);
    REQUIRE(got.ok());
    REQUIRE(std::equal(got->begin(), got->end(), plain.begin() + offset));
  }
  // The last, short chunk and the very last byte.
  auto tail = read_plain(*enc, key_of(1), plain.size() - 1, 1);
  REQUIRE(tail.ok());
  CHECK(tail->front() == plain.back());
}

TEST_CASE("bonus: a tampered chunk fails that read only", "[ads][bonus]") {
  const Bytes plain = random_bytes(4 * kChunk, 2);
  Bytes enc = *encrypt_bonus(plain, key_of(1), "b.enc", kChunk);
  auto d = BonusDecryptor::create(std::span(enc).first(kBonusHeaderBytes), key_of(1));
  REQUIRE(d.ok());
  enc[d->layout().ciphertext_range(2).offset + 10] ^= 0x40;
  auto bad = read_plain(enc, key_of(1), 2 * kChunk + 5, 10);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == Errc::crypto_error);
  CHECK_THAT(bad.error().message, Catch::Matchers::Contains("chunk 2"));
  CHECK(read_plain(enc, key_of(1), 0, 2 * kChunk).ok());
  CHECK(read_plain(enc, key_of(1), 3 * kChunk, kChunk).ok());
  // Swapping two chunks is caught too (the nonce carries the index).
  Bytes swapped = *encrypt_bonus(plain, key_of(1), "b.enc", kChunk);
  const FileRange r0 = d->layout().ciphertext_range(0), r1 = d->layout().ciphertext_range(1);
  std::swap_ranges(swapped.begin() + r0.offset, swapped.begin() + r0.offset + r0.length,
                   swapped.begin() + r1.offset);
  CHECK_FALSE(read_plain(swapped, key_of(1), 0, 1).ok());
}

TEST_CASE("bonus: without the right key nothing decrypts", "[ads][bonus]") {
  const Bytes plain = random_bytes(3000, 3);
  Bytes enc = *encrypt_bonus(plain, key_of(1), "b.enc", kChunk);
  auto wrong = read_plain(enc, key_of(2), 0, 100);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == Errc::crypto_error);
  // An edited size in the header (e.g. to hide truncation) breaks every chunk.
  Bytes edited = enc;
  edited[16] ^= 1;
  CHECK_FALSE(read_plain(edited, key_of(1), 0, 10).ok());
  // Not a bonus file at all.
  Bytes junk(64, 0);
  CHECK_FALSE(BonusDecryptor::create(junk, key_of(1)).ok());
  CHECK_FALSE(BonusDecryptor::create(std::span(enc).first(10), key_of(1)).ok());
}

TEST_CASE("bonus: encryption is deterministic per key, path and content", "[ads][bonus]") {
  const Bytes plain = random_bytes(5000, 4);
  const Bytes a = *encrypt_bonus(plain, key_of(1), "bonus/x.enc", kChunk);
  CHECK(*encrypt_bonus(plain, key_of(1), "bonus/x.enc", kChunk) == a);
  // Another path or changed content gets another nonce prefix (header bytes 24..40).
  const Bytes other_path = *encrypt_bonus(plain, key_of(1), "bonus/y.enc", kChunk);
  Bytes changed_plain = plain;
  changed_plain[4999] ^= 1;
  const Bytes changed = *encrypt_bonus(changed_plain, key_of(1), "bonus/x.enc", kChunk);
  CHECK_FALSE(std::equal(a.begin() + 24, a.begin() + 40, other_path.begin() + 24));
  CHECK_FALSE(std::equal(a.begin() + 24, a.begin() + 40, changed.begin() + 24));
  CHECK_FALSE(encrypt_bonus(plain, key_of(1), "x", 100).ok());  // chunk size below 1 KiB
}

TEST_CASE("bonus: file encryption matches the in-memory result, empty files work", "[ads][bonus]") {
  TempDir dir("ads-bonus");
  const Bytes plain = random_bytes(7 * kChunk + 1, 5);
  std::ofstream(dir / "plain.bin", std::ios::binary)
      .write(reinterpret_cast<const char*>(plain.data()),
             static_cast<std::streamsize>(plain.size()));
  REQUIRE(encrypt_bonus_file(dir / "plain.bin", dir / "out.enc", key_of(9), "bonus/p.enc", kChunk)
              .ok());
  std::ifstream in(dir / "out.enc", std::ios::binary);
  const Bytes file((std::istreambuf_iterator<char>(in)), {});
  CHECK(file == *encrypt_bonus(plain, key_of(9), "bonus/p.enc", kChunk));
  CHECK_FALSE(std::filesystem::exists(dir / "out.enc.partial"));
  CHECK_FALSE(encrypt_bonus_file(dir / "missing", dir / "m.enc", key_of(9), "m", kChunk).ok());
  CHECK_FALSE(std::filesystem::exists(dir / "m.enc"));

  auto empty = encrypt_bonus({}, key_of(1), "e", kChunk);
  REQUIRE(empty.ok());
  CHECK(empty->size() == kBonusHeaderBytes);
  auto d = BonusDecryptor::create(*empty, key_of(1));
  REQUIRE(d.ok());
  CHECK(d->layout().chunk_count() == 0);
}

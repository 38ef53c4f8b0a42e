#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>

extern "C" {
#include <libavutil/log.h>
}

#include "decode_all.h"
#include "swarmtv/ads/bonus_cipher.h"
#include "swarmtv/ads/decrypting_byte_source.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/decoder/pipeline.h"
#include "test_support.h"

using namespace swarmtv;
namespace fs = std::filesystem;

namespace {

using test::decode_all;
using test::Decoded;

ads::ContentKey test_key() {
  ads::ContentKey k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<unsigned char>(i * 7 + 1);
  return k;
}

}  // namespace

TEST_CASE("an encrypted bonus video decodes through the decrypting source, decoder unchanged",
          "[publisher][bonus][decode]") {
  // The index at the end makes the demuxer seek to the end and back: random access across
  // many small chunks.
  const std::string name = GENERATE("h264_aac_front.mp4", "h264_aac_end.mp4");
  INFO(name);
  test::TempDir dir("bonus-decode");
  const fs::path enc = dir / (name + ".enc");
  REQUIRE(
      ads::encrypt_bonus_file(test::media(name), enc, test_key(), "bonus/" + name + ".enc", 4096));

  auto plain = decoder::FileByteSource::open(test::media(name));
  REQUIRE(plain);
  const Decoded expected = decode_all(**plain);
  REQUIRE(expected.error.empty());

  auto file = decoder::FileByteSource::open(enc);
  REQUIRE(file);
  auto source = ads::DecryptingByteSource::open(std::move(*file), test_key());
  REQUIRE(source);
  const Decoded got = decode_all(**source);
  CHECK(got.error.empty());
  CHECK(long(got.video_pts.size()) == long(expected.video_pts.size()));
  CHECK(long(got.audio_pts.size()) == long(expected.audio_pts.size()));
  CHECK(got.decode_errors == 0);
  CHECK(long(got.video_pts.size()) > 0);
}

TEST_CASE("a tampered bonus chunk is a read error, never garbage: the decoder survives it",
          "[publisher][bonus][decode]") {
  test::TempDir dir("bonus-tamper");
  const fs::path enc = dir / "short.mp4.enc";
  REQUIRE(ads::encrypt_bonus_file(test::media("short_av.mp4"), enc, test_key(),
                                  "bonus/short.mp4.enc", 4096));
  {
    // Flip one byte in the middle of the file.
    std::fstream f(enc, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(0, std::ios::end);
    const auto middle = f.tellg() / 2;
    f.seekg(middle);
    char c = 0;
    f.get(c);
    f.seekp(middle);
    f.put(static_cast<char>(c ^ 0x40));
  }
  auto file = decoder::FileByteSource::open(enc);
  REQUIRE(file);
  auto source = ads::DecryptingByteSource::open(std::move(*file), test_key());
  REQUIRE(source);
  av_log_set_level(AV_LOG_QUIET);  // FFmpeg reports the failed reads at length
  std::vector<std::byte> buf(100);
  const std::int64_t bad = (*source)->size() / 2 / 4096 * 4096;
  CHECK((*source)->read_at(bad, buf, {}).status == ReadStatus::error);
  CHECK((*source)->read_at(0, buf, {}).status == ReadStatus::ok);
  // The pipeline ends (with an error or a short decode) instead of hanging or crashing.
  const Decoded got = decode_all(**source);
  CHECK(got.error != "timed out");
}

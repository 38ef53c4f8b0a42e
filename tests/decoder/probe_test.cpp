// What the demuxer accepts as media: FFmpeg's probe score, not its first guess.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>

#include "swarmtv/decoder/demuxer.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "test_support.h"

using namespace swarmtv;

namespace {

// A file and the demuxer reading it (which keeps a reference to its source).
struct Opened {
  std::unique_ptr<decoder::FileByteSource> source;
  Result<std::unique_ptr<decoder::Demuxer>> demuxer = Error{};
};

Opened open_file(const std::filesystem::path& path) {
  Opened out;
  auto source = decoder::FileByteSource::open(path);
  REQUIRE(source);
  out.source = std::move(*source);
  out.demuxer = decoder::Demuxer::open(*out.source, {}, {});
  return out;
}

}  // namespace

TEST_CASE("random bytes that FFmpeg only guesses as 'bin' are not a video file", "[decode]") {
  test::TempDir dir("probe-bin");
  // 1 MB of noise named *.bin: FFmpeg's BinText demuxer takes it from the extension (score 50)
  // and "plays" it as a 1280x50000 picture; the open used to succeed and fail later as "read
  // error".
  const auto path = dir / "noise.bin";
  {
    std::mt19937 random(20261202);
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 1000000; ++i) out.put(static_cast<char>(random() & 0xff));
  }
  const auto probed = test::run("ffprobe -v error -show_entries format=format_name -of csv=p=0 " +
                                test::shell_quote(path.string()));
  CHECK(probed.output == "bin\n");  // what FFmpeg alone makes of it

  Opened opened = open_file(path);
  const auto& demuxer = opened.demuxer;
  REQUIRE_FALSE(demuxer);
  CHECK(demuxer.error().code == Errc::media_error);
  CHECK_THAT(demuxer.error().message, Catch::Contains("noise.bin: not a video file FFmpeg "
                                                      "recognises") &&
                                          Catch::Contains("'bin'"));
  CHECK(demuxer.error().message.find('\n') == std::string::npos);
}

TEST_CASE("formats FFmpeg scores low on its first 2 KiB still open: MPEG-TS, MPEG-PS, raw H.264",
          "[decode]") {
  test::TempDir dir("probe-weak");
  for (const std::string name : {"a.ts", "a.mpg", "a.h264"}) {
    INFO(name);
    const auto path = dir / name;
    const auto made = test::run(
        "ffmpeg -nostdin -v error -y -f lavfi -i testsrc=size=64x48:rate=25:duration=2 "
        "-c:v " +
        std::string(name == "a.mpg" ? "mpeg2video" : "libx264") + " " +
        test::shell_quote(path.string()));
    REQUIRE(made.exit_code == 0);
    Opened opened = open_file(path);
    REQUIRE(opened.demuxer);
    CHECK_FALSE((*opened.demuxer)->info().container.empty());
  }
}

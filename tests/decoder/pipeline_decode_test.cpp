#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "decode_all.h"
#include "scripted_byte_source.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/decoder/pipeline.h"
#include "test_support.h"

using namespace swarmtv;

namespace {

using test::decode_all;
using test::Decoded;

bool strictly_increasing(const std::vector<double>& v) {
  return std::adjacent_find(v.begin(), v.end(), [](double a, double b) { return b <= a; }) ==
         v.end();
}

}  // namespace

TEST_CASE("Every frame of every stream is decoded, in increasing time order", "[decode]") {
  const std::string name = GENERATE("h264_aac_front.mp4", "h264_aac_end.mp4", "vp9_opus.mkv",
                                    "audio_only.m4a", "video_only.mp4", "odd_size.webm");
  INFO(name);
  const auto path = test::media(name);
  auto source = decoder::FileByteSource::open(path);
  REQUIRE(source);
  Decoded d = decode_all(**source);
  REQUIRE(d.error.empty());
  const auto probe = test::run("ffprobe -v error -show_entries stream=codec_type -of csv=p=0 " +
                               test::shell_quote(path.string()));
  const bool has_video = probe.output.find("video") != std::string::npos;
  const bool has_audio = probe.output.find("audio") != std::string::npos;
  if (has_video) {
    CHECK(long(d.video_pts.size()) == test::ffprobe_frame_count(path, "v:0"));
    CHECK(strictly_increasing(d.video_pts));
  } else {
    CHECK(d.video_pts.empty());
  }
  if (has_audio) {
    CHECK(long(d.audio_pts.size()) == test::ffprobe_frame_count(path, "a:0"));
    CHECK(strictly_increasing(d.audio_pts));
  } else {
    CHECK(d.audio_pts.empty());
  }
  if (name == "odd_size.webm") {
    CHECK(d.width == 173);
    CHECK(d.height == 97);
  }
}

TEST_CASE("Decoding through a source that stalls loses nothing", "[decode]") {
  const auto path = test::media("h264_aac_front.mp4");
  test::ScriptedByteSource source(path);
  source.stall_at(source.size() / 2, std::chrono::milliseconds(300));
  Decoded d = decode_all(source);
  REQUIRE(d.error.empty());
  CHECK(source.times_blocked() >= 1);
  CHECK(long(d.video_pts.size()) == test::ffprobe_frame_count(path, "v:0"));
  CHECK(long(d.audio_pts.size()) == test::ffprobe_frame_count(path, "a:0"));
}

TEST_CASE("Opening reads little more than the container's index", "[decode]") {
  // MP4 with the index at the front: the header plus the first samples, not the whole file.
  test::ScriptedByteSource source(test::media("h264_aac_front.mp4"));
  auto pipeline = decoder::Pipeline::open(source, {});
  REQUIRE(pipeline);
  CHECK((*pipeline)->demuxer().bytes_read() < 200 * 1024);
  CHECK((*pipeline)->info().has_video);
  CHECK((*pipeline)->info().has_audio);
  CHECK(test::seconds_of((*pipeline)->info().duration) == Approx(20.0).margin(0.1));
}

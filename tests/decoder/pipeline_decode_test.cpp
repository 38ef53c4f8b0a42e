#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "scripted_byte_source.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/decoder/pipeline.h"
#include "test_support.h"

using namespace swarmtv;

namespace {

struct Decoded {
  std::vector<double> video_pts;
  std::vector<double> audio_pts;
  int width = 0, height = 0;
  std::string error;
};

// Pulls every frame out of a pipeline until both decoders have drained the end.
Decoded decode_all(decoder::ByteSource& source) {
  Decoded out;
  auto pipeline = decoder::Pipeline::open(source, {}, out.error);
  if (!pipeline || !pipeline->open_decoders({48000, 2, AV_SAMPLE_FMT_S16}, out.error)) return out;
  pipeline->start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (;;) {
    bool got = false;
    if (auto* v = pipeline->video()) {
      while (auto f = v->frames().pop()) {
        out.video_pts.push_back(f->pts);
        out.width = f->frame->width;
        out.height = f->frame->height;
        got = true;
      }
    }
    if (auto* a = pipeline->audio()) {
      while (auto c = a->chunks().pop()) {
        out.audio_pts.push_back(c->pts);
        got = true;
      }
    }
    const bool video_done = !pipeline->video() || pipeline->video()->frames().size() == 0;
    const bool audio_done = !pipeline->audio() || pipeline->audio()->chunks().size() == 0;
    if (!got && pipeline->demuxer().at_end() && pipeline->decoders_finished() && video_done &&
        audio_done)
      break;
    if (std::chrono::steady_clock::now() > deadline) {
      out.error = "timed out";
      break;
    }
    if (!got) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return out;
}

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
  std::string error;
  auto source = decoder::FileByteSource::open(path, error);
  REQUIRE(source);
  Decoded d = decode_all(*source);
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
  std::string error;
  auto pipeline = decoder::Pipeline::open(source, {}, error);
  REQUIRE(pipeline);
  CHECK(pipeline->demuxer().bytes_read() < 200 * 1024);
  CHECK(pipeline->info().has_video);
  CHECK(pipeline->info().has_audio);
  CHECK(pipeline->info().duration == Approx(20.0).margin(0.1));
}

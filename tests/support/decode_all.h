// Decodes a whole input through decoder::Pipeline, as fast as it goes: for tests that check
// what comes out (frames, their times) rather than how it is played.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "swarmtv/decoder/pipeline.h"

namespace swarmtv::test {

struct Decoded {
  std::vector<double> video_pts;
  std::vector<double> audio_pts;  // one per audio chunk
  int width = 0, height = 0;      // of the last picture
  long decode_errors = 0;
  std::string error;  // open failure, or "timed out"
};

// Pulls every frame out of a pipeline until both decoders have drained the end (2 min at most).
inline Decoded decode_all(ByteSource& source) {
  Decoded out;
  auto opened = decoder::Pipeline::open(source, {});
  if (!opened) {
    out.error = opened.error().message;
    return out;
  }
  auto& pipeline = *opened;
  if (auto decoders = pipeline->open_decoders({48000, 2, AV_SAMPLE_FMT_S16}); !decoders) {
    out.error = decoders.error().message;
    return out;
  }
  pipeline->start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (;;) {
    bool got = false;
    if (auto* v = pipeline->video()) {
      while (auto f = v->frames().pop()) {
        out.video_pts.push_back(media_time_to_seconds(f->pts));
        out.width = f->frame->width;
        out.height = f->frame->height;
        got = true;
      }
    }
    if (auto* a = pipeline->audio()) {
      while (auto c = a->chunks().pop()) {
        out.audio_pts.push_back(media_time_to_seconds(c->pts));
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
  out.decode_errors = pipeline->decode_errors();
  pipeline->stop();
  return out;
}

}  // namespace swarmtv::test

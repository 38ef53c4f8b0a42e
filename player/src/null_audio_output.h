#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "swarmtv/player/audio_output.h"

namespace swarmtv::player {

// Consumes audio in 10 ms periods on its own thread, paced by the wall clock (or not at all
// when untimed), so headless runs exercise the same audio-master clock as the SDL device.
class NullAudioOutput final : public AudioOutput {
 public:
  explicit NullAudioOutput(bool untimed) : untimed_(untimed) {}
  ~NullAudioOutput() override { close(); }
  Result<decoder::AudioFormat> open(const decoder::AudioFormat& wanted, FillCallback fill) override;
  void set_paused(bool paused) override;
  double latency_seconds() const override { return untimed_ ? 0.0 : kPeriod; }
  void close() override;

 private:
  static constexpr double kPeriod = 0.010;
  void run();

  const bool untimed_;
  FillCallback fill_;
  decoder::AudioFormat format_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool paused_ = true;
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace swarmtv::player

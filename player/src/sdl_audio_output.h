#pragma once

#include <SDL2/SDL.h>

#include "swarmtv/player/audio_output.h"

namespace swarmtv::player {

class SdlAudioOutput final : public AudioOutput {
 public:
  SdlAudioOutput() = default;
  ~SdlAudioOutput() override { close(); }
  Result<decoder::AudioFormat> open(const decoder::AudioFormat& wanted, FillCallback fill) override;
  void set_paused(bool paused) override;
  double latency_seconds() const override { return latency_; }
  void close() override;

 private:
  static void callback(void* userdata, Uint8* stream, int len);
  FillCallback fill_;
  SDL_AudioDeviceID device_ = 0;
  double latency_ = 0.0;
  bool subsystem_ = false;
};

}  // namespace swarmtv::player

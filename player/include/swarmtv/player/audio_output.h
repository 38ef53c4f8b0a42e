// Where PCM goes: the SDL audio device or a null sink that consumes samples in real time (or
// as fast as possible with --untimed). Both pull from a FillCallback on their own thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "swarmtv/base/result.h"
#include "swarmtv/decoder/media_types.h"

namespace swarmtv::player {

class AudioOutput {
 public:
  // Fills `len` bytes of `out` completely (silence where it has nothing); must never block.
  // Returns how many of them were real audio rather than padding.
  using FillCallback = std::function<int(std::uint8_t* out, int len)>;

  virtual ~AudioOutput() = default;
  // Opens the device for roughly `wanted`; returns the format it really takes, or a
  // device_error.
  virtual Result<decoder::AudioFormat> open(const decoder::AudioFormat& wanted,
                                            FillCallback fill) = 0;
  virtual void set_paused(bool paused) = 0;
  // Seconds of audio handed over but not yet heard (the device's buffering).
  virtual double latency_seconds() const = 0;
  virtual void close() = 0;
};

// `name` is "sdl" or "null"; `untimed` makes the null sink consume as fast as possible. An
// invalid_argument for any other name.
Result<std::unique_ptr<AudioOutput>> make_audio_output(const std::string& name, bool untimed);

}  // namespace swarmtv::player

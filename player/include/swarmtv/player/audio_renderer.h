// Runs on the audio output's thread: copies decoded chunks into the device buffer, applies
// volume, and keeps the audio clock (the master clock when there is audio).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "swarmtv/decoder/audio_decoder.h"
#include "swarmtv/player/clock.h"

namespace swarmtv::player {

class AudioRenderer {
 public:
  AudioRenderer(decoder::AudioDecoder& decoder, std::function<int()> current_serial);

  // The audio output's FillCallback. Never blocks on decoding: pads with silence.
  int fill(std::uint8_t* out, int len);

  void set_output(const decoder::AudioFormat& format, double latency_seconds);
  void set_volume(int percent) { volume_ = percent; }
  void set_muted(bool muted) { muted_ = muted; }
  // Extra linear gain (e.g. loudness matching of sponsor clips).
  void set_gain(double gain) { gain_ = gain; }

  // The position being heard now; nullopt if unknown for the current serial.
  std::optional<MediaTime> clock() const;
  void set_clock_paused(bool paused);
  // The last fill() ran out of decoded audio.
  bool starved() const { return starved_; }
  // Serial of the audio heard most recently (-1 before any).
  int heard_serial() const { return heard_serial_; }
  long chunks_played() const { return chunks_played_; }

 private:
  void mix(std::uint8_t* out, const std::uint8_t* in, int len) const;

  decoder::AudioDecoder& decoder_;
  std::function<int()> current_serial_;
  decoder::AudioFormat format_;
  MediaTime latency_{0};  // how far behind what was handed over the device plays
  std::optional<decoder::AudioChunk> chunk_;
  std::size_t offset_ = 0;  // bytes of chunk_ already played
  std::atomic<int> volume_{100};
  std::atomic<bool> muted_{false};
  std::atomic<double> gain_{1.0};
  std::atomic<bool> starved_{false};
  std::atomic<int> heard_serial_{-1};
  std::atomic<long> chunks_played_{0};
  mutable std::mutex clock_mutex_;
  Clock clock_;
};

}  // namespace swarmtv::player

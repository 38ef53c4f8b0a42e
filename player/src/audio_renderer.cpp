#include "swarmtv/player/audio_renderer.h"

#include <algorithm>
#include <cstring>

namespace swarmtv::player {

AudioRenderer::AudioRenderer(decoder::AudioDecoder& decoder, std::function<int()> current_serial)
    : decoder_(decoder), current_serial_(std::move(current_serial)) {}

void AudioRenderer::set_output(const decoder::AudioFormat& format, double latency_seconds) {
  format_ = format;
  latency_ = seconds_to_media_time(latency_seconds);
}

int AudioRenderer::fill(std::uint8_t* out, int len) {
  const int serial = current_serial_();
  int written = 0;
  MediaTime end_pts{0};
  while (written < len) {
    if (chunk_ && (chunk_->serial != serial || offset_ >= chunk_->data.size())) chunk_.reset();
    if (!chunk_) {
      chunk_ = decoder_.chunks().pop();
      offset_ = 0;
      if (!chunk_) break;
      if (chunk_->serial != serial) continue;  // stale: from before a seek
      ++chunks_played_;
    }
    const int n = int(std::min<std::size_t>(len - written, chunk_->data.size() - offset_));
    mix(out + written, chunk_->data.data() + offset_, n);
    offset_ += std::size_t(n);
    written += n;
    end_pts =
        chunk_->pts + decoder::to_media_time(std::int64_t(offset_ / format_.bytes_per_frame()),
                                             AVRational{1, format_.sample_rate});
  }
  if (written > 0) {
    // What is heard now: the end of what was just handed over, less what the device holds
    // (its latency includes this buffer).
    std::lock_guard lock(clock_mutex_);
    clock_.set_current_serial(serial);
    clock_.set(end_pts - latency_, serial);
    heard_serial_ = serial;
  }
  if (written < len) std::memset(out + written, 0, std::size_t(len - written));
  starved_ = written < len;
  return written;
}

void AudioRenderer::mix(std::uint8_t* out, const std::uint8_t* in, int len) const {
  const double gain = muted_ ? 0.0 : gain_ * volume_ / 100.0;
  if (gain == 1.0) {
    std::memcpy(out, in, std::size_t(len));
    return;
  }
  // The outputs take signed 16-bit samples (see AudioOutput implementations).
  const int samples = len / 2;
  for (int i = 0; i < samples; ++i) {
    std::int16_t s;
    std::memcpy(&s, in + 2 * i, 2);
    const double v = std::clamp(double(s) * gain, -32768.0, 32767.0);
    const auto scaled = std::int16_t(v);
    std::memcpy(out + 2 * i, &scaled, 2);
  }
}

std::optional<MediaTime> AudioRenderer::clock() const {
  std::lock_guard lock(clock_mutex_);
  Clock copy = clock_;
  copy.set_current_serial(current_serial_());
  return copy.get();
}

void AudioRenderer::set_clock_paused(bool paused) {
  std::lock_guard lock(clock_mutex_);
  clock_.set_paused(paused);
}

}  // namespace swarmtv::player

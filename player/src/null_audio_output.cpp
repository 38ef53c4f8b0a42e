#include "null_audio_output.h"

#include <chrono>

#include "sdl_audio_output.h"

namespace swarmtv::player {

Result<decoder::AudioFormat> NullAudioOutput::open(const decoder::AudioFormat& wanted,
                                                   FillCallback fill) {
  fill_ = std::move(fill);
  format_ = wanted;
  format_.sample_format = AV_SAMPLE_FMT_S16;
  thread_ = std::thread([this] { run(); });
  return format_;
}

void NullAudioOutput::set_paused(bool paused) {
  {
    std::lock_guard lock(mutex_);
    paused_ = paused;
  }
  wake_.notify_all();
}

void NullAudioOutput::close() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void NullAudioOutput::run() {
  using clock = std::chrono::steady_clock;
  const int period_bytes = int(format_.sample_rate * kPeriod) * format_.bytes_per_frame();
  std::vector<std::uint8_t> buffer(static_cast<std::size_t>(period_bytes));
  auto next = clock::now();
  std::unique_lock lock(mutex_);
  while (!quit_) {
    if (paused_) {
      wake_.wait(lock, [&] { return quit_ || !paused_; });
      next = clock::now();
      continue;
    }
    lock.unlock();
    const int real = fill_(buffer.data(), period_bytes);
    lock.lock();
    if (untimed_ && real == 0) {
      // Nothing decoded yet: wait a little instead of spinning on silence.
      wake_.wait_for(lock, std::chrono::milliseconds(1), [&] { return quit_; });
    } else if (!untimed_) {
      next += std::chrono::microseconds(int(kPeriod * 1e6));
      wake_.wait_until(lock, next, [&] { return quit_; });
    }
  }
}

Result<std::unique_ptr<AudioOutput>> make_audio_output(const std::string& name, bool untimed) {
  if (name == "null")
    return std::unique_ptr<AudioOutput>(std::make_unique<NullAudioOutput>(untimed));
  if (name == "sdl" || name.empty())
    return std::unique_ptr<AudioOutput>(std::make_unique<SdlAudioOutput>());
  return make_error(Errc::invalid_argument,
                    "unknown audio output '" + name + "' (use sdl or null)");
}

}  // namespace swarmtv::player

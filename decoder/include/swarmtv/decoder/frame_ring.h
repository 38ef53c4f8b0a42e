// A fixed-capacity ring of decoded frames between a decoder thread (producer) and the player
// (consumer), as ffplay's FrameQueue. The producer blocks while the ring is full, so a paused
// player holds the decoder back without dropping anything.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace swarmtv::decoder {

template <typename Frame>
class FrameRing {
 public:
  explicit FrameRing(std::size_t capacity) : capacity_(capacity) {}

  // Appends a frame, blocking while full. Returns false if the ring was aborted.
  bool push(Frame frame) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return aborted_ || frames_.size() < capacity_; });
    if (aborted_) return false;
    frames_.push_back(std::move(frame));
    return true;
  }

  // The oldest frame (index 0) or the one after it (index 1), if present. The pointer stays
  // valid until pop(); only the consumer may call these.
  Frame* peek(std::size_t index = 0) {
    std::lock_guard lock(mutex_);
    return index < frames_.size() ? &frames_[index] : nullptr;
  }

  // Removes and returns the oldest frame.
  std::optional<Frame> pop() {
    std::optional<Frame> out;
    {
      std::lock_guard lock(mutex_);
      if (frames_.empty()) return out;
      out.emplace(std::move(frames_.front()));
      frames_.pop_front();
    }
    not_full_.notify_one();
    return out;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return frames_.size();
  }
  std::size_t capacity() const { return capacity_; }

  void abort() {
    {
      std::lock_guard lock(mutex_);
      aborted_ = true;
    }
    not_full_.notify_all();
  }

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable not_full_;
  std::deque<Frame> frames_;  // deque: references stay valid while others are pushed
  bool aborted_ = false;
};

}  // namespace swarmtv::decoder

// A ByteSource over bytes in memory whose reads can be made to stall at a given offset, for
// testing the pipeline's behaviour when a torrent has not delivered yet.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <stop_token>
#include <vector>

#include "swarmtv/base/byte_source.h"

namespace swarmtv::test {

class ScriptedByteSource final : public ByteSource, public StreamingSource {
 public:
  explicit ScriptedByteSource(const std::filesystem::path& file) : name_(file.filename()) {
    std::ifstream in(file, std::ios::binary);
    data_.assign(std::istreambuf_iterator<char>(in), {});
  }

  // Reads at or beyond `offset` block until release() (or their stop token is triggered).
  void gate_at(std::int64_t offset) {
    std::lock_guard lock(mutex_);
    gate_ = offset;
  }
  // Reads at or beyond `offset` block for `duration` after the first one arrives there.
  void stall_at(std::int64_t offset, std::chrono::milliseconds duration) {
    std::lock_guard lock(mutex_);
    gate_ = offset;
    stall_ = duration;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      gate_ = -1;
    }
    cond_.notify_all();
  }
  // A read is blocked at the gate right now.
  bool blocked() const {
    std::lock_guard lock(mutex_);
    return blocked_;
  }
  int times_blocked() const {
    std::lock_guard lock(mutex_);
    return times_blocked_;
  }

  // What refill_goal() answers: the buffer a consumer should hold before playing on.
  void set_refill_goal(MediaTime goal) { refill_goal_us_ = goal.count(); }
  MediaTime refill_goal() const override { return MediaTime(refill_goal_us_); }
  StreamingSource* streaming() override { return this; }
  std::vector<ByteRange> available_ranges() const override { return {{0, size()}}; }
  void hint_bitrate(std::int64_t) override {}
  void hint_upcoming_read(std::int64_t) override {}
  void hint_buffered(MediaTime) override {}
  std::int64_t bytes_arrived_for(const std::vector<ByteRange>&,
                                 std::chrono::steady_clock::time_point) const override {
    return 0;
  }

  std::int64_t size() const override { return std::int64_t(data_.size()); }
  std::string describe() const override { return name_; }

  ReadResult read_at(std::int64_t offset, std::span<std::byte> buffer,
                     std::stop_token stop) override {
    std::unique_lock lock(mutex_);
    if (stop.stop_requested()) return ReadResult::cancelled();
    if (offset >= size()) return ReadResult::end_of_file();
    std::int64_t end = std::min<std::int64_t>(size(), offset + std::int64_t(buffer.size()));
    if (gate_ >= 0 && end > gate_) {
      if (offset < gate_) {
        end = gate_;  // return what lies before the gate, as a torrent returns verified bytes
      } else {
        blocked_ = true;
        ++times_blocked_;
        auto pred = [&] { return gate_ < 0 || offset < gate_; };
        if (stall_.count() > 0) {
          if (!cond_.wait_for(lock, stop, stall_, pred) && !stop.stop_requested())
            gate_ = -1;  // the stall is over
        } else {
          cond_.wait(lock, stop, pred);
        }
        blocked_ = false;
        if (stop.stop_requested()) return ReadResult::cancelled();
        if (gate_ >= 0 && offset >= gate_) return ReadResult::cancelled();
        end = std::min<std::int64_t>(size(), offset + std::int64_t(buffer.size()));
      }
    }
    std::memcpy(buffer.data(), data_.data() + offset, std::size_t(end - offset));
    return ReadResult::bytes_read(std::size_t(end - offset));
  }

 private:
  std::string name_;
  std::vector<char> data_;
  mutable std::mutex mutex_;
  std::condition_variable_any cond_;  // its waits end when the read's stop token triggers
  std::int64_t gate_ = -1;
  std::chrono::milliseconds stall_{0};
  bool blocked_ = false;
  int times_blocked_ = 0;
  std::atomic<MediaTime::rep> refill_goal_us_{0};
};

}  // namespace swarmtv::test

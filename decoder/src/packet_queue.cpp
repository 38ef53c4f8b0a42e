#include "swarmtv/decoder/packet_queue.h"

#include <algorithm>

namespace swarmtv::decoder {

void PacketQueue::put(AvPacketPtr packet) {
  {
    std::lock_guard lock(mutex_);
    if (aborted_) return;
    std::int64_t counted = 0;
    if (packet) {
      bytes_ += packet->size + sizeof(AVPacket);
      const std::int64_t ts = packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts;
      counted = packet->duration;
      if (counted <= 0 && ts != AV_NOPTS_VALUE && last_timestamp_ != AV_NOPTS_VALUE &&
          ts > last_timestamp_)
        counted = ts - last_timestamp_;
      counted = std::max<std::int64_t>(counted, 0);
      if (ts != AV_NOPTS_VALUE) last_timestamp_ = ts;
      duration_ += counted;
    }
    packets_.push_back({std::move(packet), serial_, counted});
  }
  cond_.notify_one();
}

bool PacketQueue::get(QueuedPacket& out, bool block) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (aborted_) return false;
    if (!packets_.empty()) {
      out = std::move(packets_.front());
      packets_.pop_front();
      if (out.packet) {
        bytes_ -= out.packet->size + sizeof(AVPacket);
        duration_ -= out.duration;
      }
      return true;
    }
    if (!block) return false;
    cond_.wait(lock);
  }
}

int PacketQueue::flush() {
  std::lock_guard lock(mutex_);
  packets_.clear();
  bytes_ = 0;
  duration_ = 0;
  last_timestamp_ = AV_NOPTS_VALUE;
  return ++serial_;
}

void PacketQueue::abort() {
  {
    std::lock_guard lock(mutex_);
    aborted_ = true;
  }
  cond_.notify_all();
}

int PacketQueue::serial() const {
  std::lock_guard lock(mutex_);
  return serial_;
}

std::size_t PacketQueue::packet_count() const {
  std::lock_guard lock(mutex_);
  return packets_.size();
}

std::size_t PacketQueue::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

MediaTime PacketQueue::duration() const {
  std::lock_guard lock(mutex_);
  return to_media_time(duration_, time_base_);
}

bool PacketQueue::holds_end_marker() const {
  std::lock_guard lock(mutex_);
  return !packets_.empty() && !packets_.back().packet;
}

}  // namespace swarmtv::decoder

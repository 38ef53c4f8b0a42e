// A FIFO of demuxed packets for one stream, tagged with a seek serial (ffplay's PacketQueue).
//
// flush() drops every packet and increments the serial; a decoder that sees a packet of a new
// serial flushes its codec, and the player drops frames of an old serial. That is how a seek
// discards everything in flight without stopping any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

#include "swarmtv/decoder/ffmpeg_ptr.h"
#include "swarmtv/decoder/media_types.h"

namespace swarmtv::decoder {

struct QueuedPacket {
  AvPacketPtr packet;  // null marks the end of the stream for this serial
  int serial = 0;
  std::int64_t duration = 0;  // what the queue counted for it (time base units)
};

class PacketQueue {
 public:
  explicit PacketQueue(AVRational time_base) : time_base_(time_base) {}

  // Appends a packet (or, with null, an end-of-stream marker) under the current serial.
  void put(AvPacketPtr packet);
  // Takes the oldest packet. Blocks while empty if `block`; returns false when empty and not
  // blocking, or when aborted.
  bool get(QueuedPacket& out, bool block);
  // Drops everything; returns the new serial.
  int flush();
  // Wakes and fails every get() until the queue is destroyed.
  void abort();

  int serial() const;
  std::size_t packet_count() const;
  std::size_t bytes() const;
  // Playback time the queued packets cover, in seconds.
  MediaTime duration() const;
  bool holds_end_marker() const;

 private:
  const AVRational time_base_;
  mutable std::mutex mutex_;
  std::condition_variable cond_;
  std::deque<QueuedPacket> packets_;
  std::size_t bytes_ = 0;
  std::int64_t duration_ = 0;  // in time_base_ units
  // Timestamp of the last packet put, for packets that carry no duration (Matroska audio
  // without BlockDuration): their share is the gap since the previous one.
  std::int64_t last_timestamp_ = AV_NOPTS_VALUE;
  int serial_ = 0;
  bool aborted_ = false;
};

}  // namespace swarmtv::decoder

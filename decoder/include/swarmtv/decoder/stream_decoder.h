// The decode thread of one stream: takes packets from its PacketQueue, flushes the codec when
// the serial changes (a seek happened), and hands frames to the subclass.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "swarmtv/base/result.h"
#include "swarmtv/decoder/ffmpeg_ptr.h"
#include "swarmtv/decoder/media_types.h"
#include "swarmtv/decoder/packet_queue.h"

namespace swarmtv::decoder {

struct SeekTarget;

class StreamDecoder {
 public:
  // Answers the seek target of a serial, if that serial began with an exact seek.
  using TargetLookup = std::function<std::optional<MediaTime>(int serial)>;

  virtual ~StreamDecoder();
  StreamDecoder(const StreamDecoder&) = delete;
  StreamDecoder& operator=(const StreamDecoder&) = delete;

  void start();
  // Aborts the queue and the output ring, then joins the thread.
  void stop();

  // The serial whose end marker has been fully drained: no more frames for it.
  int finished_serial() const { return finished_serial_; }
  long frames_decoded() const { return frames_decoded_; }
  long frames_dropped_for_seek() const { return frames_dropped_for_seek_; }
  long decode_errors() const { return decode_errors_; }

 protected:
  StreamDecoder(AVStream* stream, PacketQueue& queue, TargetLookup lookup);
  // Opens the decoder for the stream (the subclasses' open() call it); on failure, a
  // media_error and codec() stays null.
  Status open_codec(int threads);
  AVCodecContext* codec() const { return codec_.get(); }
  AVStream* stream() const { return stream_; }
  // The exact-seek target in force for the frames being decoded now, if any.
  std::optional<MediaTime> target() const { return target_; }
  void clear_target() { target_.reset(); }
  void count_dropped() { ++frames_dropped_for_seek_; }

  // Handles one decoded frame of `serial`; returns false if the output was aborted.
  virtual bool on_frame(AVFrame* frame, int serial) = 0;
  // The codec was flushed for a new serial.
  virtual void on_serial_change(int /*serial*/) {}
  virtual void abort_output() = 0;

 private:
  void run();
  bool drain(int serial);

  AVStream* stream_;
  PacketQueue& queue_;
  TargetLookup lookup_;
  AvCodecContextPtr codec_;
  std::optional<MediaTime> target_;
  std::atomic<int> finished_serial_{-1};
  std::atomic<long> frames_decoded_{0};
  std::atomic<long> frames_dropped_for_seek_{0};
  std::atomic<long> decode_errors_{0};
  std::thread thread_;
};

}  // namespace swarmtv::decoder

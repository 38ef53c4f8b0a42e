// Opens a container over a ByteSource and runs the read thread that feeds one PacketQueue per
// selected stream. Seeks are requests: they coalesce (relative ones add up, absolute ones
// replace), cancel a read blocked in the source, and are carried out by the read thread.
//
// Reads come in sequences, one per seek: each carries the stop token of its own
// std::stop_source, which a newer seek or stop() triggers once and for all (the source's one-way
// cancel); the read thread starts the next sequence with a fresh one. So no cancel is ever
// undone, and a demuxer never cancels another reader of the same source.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "swarmtv/base/byte_source.h"
#include "swarmtv/base/result.h"
#include "swarmtv/decoder/avio_adapter.h"
#include "swarmtv/decoder/media_types.h"
#include "swarmtv/decoder/packet_queue.h"
#include "swarmtv/decoder/subtitle_types.h"

namespace swarmtv::decoder {

class LateSubtitlePreroll;

struct DemuxerOptions {
  bool video = true;
  bool audio = true;
  // Text subtitle streams (every one, up to kMaxSubtitleTracks): they are tiny, and reading all
  // of them lets the viewer switch tracks without a seek.
  bool subtitles = true;
  // The read thread pauses when the queues hold this much (whichever comes first).
  MediaTime max_buffer = std::chrono::seconds(8);
  std::size_t max_buffer_bytes = 16u << 20;
};

// Where a seek landed: decoders drop frames before `time` for the serials it produced.
struct SeekTarget {
  MediaTime time{0};
  bool exact = false;
  int serial = 0;  // the queues' serial after the flush for this seek
};

// How far before the keyframe a seek lands on the demuxer reads again for subtitle packets, so
// that a cue which began before that keyframe still shows at the target (mpv's
// --demuxer-mkv-subtitle-preroll). On a source that downloads as it is read (a torrent), in the
// seek itself only when those bytes are already here, since fetching them first would cost
// seconds on every seek; otherwise after it, beside playback, through a follower of the source
// (LateSubtitlePreroll), so such a cue shows a moment late.
inline constexpr MediaTime kSubtitlePreroll = std::chrono::seconds(10);

class Demuxer {
 public:
  // Reads the container header. On failure, a media_error (or cancelled) with a one-line
  // message. Triggering `quit` cancels the open and, for the demuxer's life, every read (the
  // read thread then ends, as after stop()).
  static Result<std::unique_ptr<Demuxer>> open(ByteSource& source, const DemuxerOptions& options,
                                               std::stop_token quit = {});
  ~Demuxer();
  Demuxer(const Demuxer&) = delete;
  Demuxer& operator=(const Demuxer&) = delete;

  const MediaInfo& info() const { return info_; }
  AVStream* video_stream() const { return video_; }
  AVStream* audio_stream() const { return audio_; }
  PacketQueue* video_queue() const { return video_queue_.get(); }
  PacketQueue* audio_queue() const { return audio_queue_.get(); }
  // The text subtitle streams read, in file order, and the one queue of all their packets (null
  // without any). That queue is sparse: it counts towards the byte limit, never towards "every
  // stream holds enough", and gets no end markers.
  const std::vector<AVStream*>& subtitle_streams() const { return subtitle_streams_; }
  PacketQueue* subtitle_queue() const { return subtitle_queue_.get(); }

  void start();
  // Stops the read thread; blocked reads are cancelled. Safe to call twice.
  void stop();

  // `direction` (+1 forward, -1 backward, 0 absolute) keeps keyframe seeks from landing
  // behind where a forward seek started.
  void seek_to(MediaTime target, SeekMode mode, int direction = 0);
  // Relative to `from` (the playback position now), or to the pending target if a seek is
  // still queued, so that rapid key presses add up.
  void seek_by(MediaTime delta, MediaTime from, SeekMode mode);
  // The seek target for `serial`, if that serial came from a seek.
  std::optional<SeekTarget> seek_target_for(int serial) const;
  bool seek_pending() const;

  // The media queued for the stream that has least (what playback can rely on); kEndOfMedia
  // once the end is queued.
  MediaTime buffered() const;
  // The read thread has queued end markers: no more packets until a seek.
  bool at_end() const { return at_end_; }
  // A read error (not a clean end) stopped the reading; empty if none.
  std::string read_error() const;
  std::int64_t bytes_read() const { return avio_->bytes_read(); }
  // The byte ranges read since the last call (see AvioAdapter::take_reads).
  std::vector<ByteRange> take_reads() { return avio_->take_reads(); }

  struct PrivateTag {};
  Demuxer(PrivateTag, ByteSource& source, const DemuxerOptions& options, std::stop_token quit);

 private:
  struct SeekRequest {
    MediaTime target{0};
    SeekMode mode = SeekMode::keyframe;
    int direction = 0;  // +1 forward, -1 backward, 0 absolute
  };

  Status open_input();
  // Finds the input format; refuses a weak guess (see the .cpp).
  Status probe_format(const std::string& name, const AVInputFormat*& format);
  bool needs_stream_info() const;
  void fill_info();
  void select_subtitle_streams();
  void run();
  bool queues_full() const;
  void queue_end_markers();
  void perform_seek(const SeekRequest& request);
  // After a seek to `ts` (AV_TIME_BASE units) has positioned: seeks kSubtitlePreroll
  // before the keyframe it landed on and sets preroll_until_ to that keyframe.
  void preroll_subtitles(const SeekRequest& request, std::int64_t ts);
  // The bytes from the index entry at or before `from` (AV_TIME_BASE units) to `keyframe`;
  // nullopt when the index does not tell.
  std::optional<ByteRange> preroll_range(AVStream* st, std::int64_t from,
                                         const AVIndexEntry& keyframe) const;
  // Whether `range` of `streaming` can be read without a download.
  static bool bytes_here(const StreamingSource& streaming, ByteRange range);
  // While a preroll runs: false for a video or audio packet from before the keyframe the seek
  // landed on (it is dropped; subtitle packets all pass).
  bool past_preroll(const AVPacket& packet);
  void request_seek(const SeekRequest& request);
  // Ends reading for good: triggers the current read sequence, so no new one starts.
  void abort_reads();
  // The read thread, taking a seek under mutex_: a fresh read sequence unless reading was
  // aborted.
  void start_read_sequence_locked();

  ByteSource& source_;
  DemuxerOptions options_;
  std::unique_ptr<AvioAdapter> avio_;  // must outlive format_
  AvFormatInputPtr format_;
  AVStream* video_ = nullptr;
  AVStream* audio_ = nullptr;
  std::unique_ptr<PacketQueue> video_queue_, audio_queue_;
  std::vector<AVStream*> subtitle_streams_;
  std::unique_ptr<PacketQueue> subtitle_queue_;
  // The landing keyframe's timestamp (in the time base of video_, else audio_) during a
  // subtitle preroll; read thread only.
  std::optional<std::int64_t> preroll_until_;
  bool ref_past_preroll_ = false, other_past_preroll_ = false;
  // A preroll whose bytes were missing at the seek, read beside playback once the seek has
  // flushed the queues (LateSubtitlePreroll); read thread only, until stop().
  struct LatePrerollPlan {
    ByteRange range;
    MediaTime from{0}, until{0};
  };
  std::optional<LatePrerollPlan> late_plan_;
  std::unique_ptr<LateSubtitlePreroll> late_preroll_;
  MediaInfo info_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<SeekRequest> pending_seek_;
  SeekTarget last_target_;
  bool has_target_ = false;
  std::string read_error_;
  std::stop_source reads_;  // the current read sequence; replaced under mutex_
  std::atomic<bool> abort_{false};
  std::atomic<bool> at_end_{false};
  std::thread thread_;
  std::stop_callback<std::function<void()>> quit_;  // last: runs abort_reads() on `quit`
};

}  // namespace swarmtv::decoder

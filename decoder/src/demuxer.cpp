#include "swarmtv/decoder/demuxer.h"

#include "late_subtitle_preroll.h"

#include "swarmtv/base/trace.h"
#include "swarmtv/decoder/text_subtitle_codec.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <utility>
#include <vector>

extern "C" {
#include <libavutil/avutil.h>
}

namespace swarmtv::decoder {

namespace {

constexpr int kMaxConsecutiveErrors = 64;

bool container_is(const AVFormatContext* ctx, const char* name) {
  return ctx->iformat && std::string_view(ctx->iformat->name).find(name) != std::string_view::npos;
}

std::string codec_name(const AVStream* st) {
  return st ? avcodec_get_name(st->codecpar->codec_id) : "";
}

}  // namespace

Demuxer::Demuxer(PrivateTag, ByteSource& source, const DemuxerOptions& options,
                 std::stop_token quit)
    : source_(source), options_(options), quit_(std::move(quit), [this] { abort_reads(); }) {}

Demuxer::~Demuxer() {
  stop();
}

Result<std::unique_ptr<Demuxer>> Demuxer::open(ByteSource& source, const DemuxerOptions& options,
                                               std::stop_token quit) {
  auto demuxer = std::make_unique<Demuxer>(PrivateTag{}, source, options, std::move(quit));
  if (auto opened = demuxer->open_input(); !opened) return opened.error();
  return demuxer;
}

Status Demuxer::open_input() {
  const std::string name = source_.describe();
  if (source_.size() <= 0) return make_error(Errc::media_error, name + ": the file is empty");
  avio_ = std::make_unique<AvioAdapter>(source_);
  {
    std::lock_guard lock(mutex_);
    avio_->set_stop_token(reads_.get_token());
  }
  AVFormatContext* ctx = avformat_alloc_context();
  if (!ctx) throw std::bad_alloc();
  ctx->pb = avio_->context();
  ctx->flags |= AVFMT_FLAG_CUSTOM_IO;
  // Small probes: MP4 and Matroska describe their streams in the header, and every probed
  // byte is a byte the torrent must deliver before the first frame.
  ctx->probesize = 1 << 20;
  ctx->max_analyze_duration = AV_TIME_BASE;
  trace("demuxer: opening");
  const AVInputFormat* format = nullptr;
  if (auto probed = probe_format(name, format); !probed) {
    avformat_free_context(ctx);
    return probed;
  }
  int ret = avformat_open_input(&ctx, name.c_str(), format, nullptr);  // frees ctx on failure
  if (ret < 0) {
    if (avio_->was_cancelled()) return make_error(Errc::cancelled, name + ": cancelled");
    if (const std::error_code ec = avio_->last_error())
      return make_error(Errc::media_error, name + ": read error: " + ec.message());
    return make_error(Errc::media_error,
                      name + ": not a media file swarmtv can read (" + av_error_string(ret) + ")");
  }
  format_.reset(ctx);

  if (needs_stream_info()) {
    trace("demuxer: header read, {} bytes", bytes_read());
    ret = avformat_find_stream_info(ctx, nullptr);
    trace("demuxer: stream info found, {} bytes", bytes_read());
    if (ret < 0 && avio_->was_cancelled()) return make_error(Errc::cancelled, name + ": cancelled");
  }

  auto pick = [&](AVMediaType type, int related) -> AVStream* {
    const AVCodec* codec = nullptr;
    int index = av_find_best_stream(ctx, type, -1, related, &codec, 0);
    if (index < 0 || !codec) return nullptr;
    AVStream* st = ctx->streams[index];
    if (st->disposition & AV_DISPOSITION_ATTACHED_PIC) return nullptr;  // cover art
    return st;
  };
  video_ = options_.video ? pick(AVMEDIA_TYPE_VIDEO, -1) : nullptr;
  audio_ = options_.audio ? pick(AVMEDIA_TYPE_AUDIO, video_ ? video_->index : -1) : nullptr;
  if (!video_ && !audio_)
    return make_error(Errc::media_error,
                      name + ": no audio or video stream that swarmtv can decode");
  if (options_.subtitles) select_subtitle_streams();
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    AVStream* st = ctx->streams[i];
    const bool subtitle = std::find(subtitle_streams_.begin(), subtitle_streams_.end(), st) !=
                          subtitle_streams_.end();
    if (st != video_ && st != audio_ && !subtitle)
      st->discard = AVDISCARD_ALL;  // MP4 then skips its bytes
  }
  if (video_) video_queue_ = std::make_unique<PacketQueue>(video_->time_base);
  if (audio_) audio_queue_ = std::make_unique<PacketQueue>(audio_->time_base);
  // One queue for every track: its durations are never read, so a shared time base is harmless.
  if (!subtitle_streams_.empty())
    subtitle_queue_ = std::make_unique<PacketQueue>(subtitle_streams_.front()->time_base);
  fill_info();
  if (StreamingSource* streaming = source_.streaming(); streaming && info_.bit_rate > 0)
    streaming->hint_bitrate(info_.bit_rate);
  return Status::success();
}

// What avformat_open_input() would do first, keeping the score. FFmpeg takes the first format
// that scores above AVPROBE_SCORE_RETRY (25) on a growing probe, so random bytes named *.bin
// open as "bin" (BinText art, which scores 50 from the name and nothing else) and fail later with
// a misleading error. A guess no better than a file name's extension (AVPROBE_SCORE_EXTENSION)
// is probed again on up to 1 MiB (MPEG-TS and -PS score low on FFmpeg's first 2 KiB), and
// refused if it stays that weak. MP4 and Matroska score 100 at once: nothing more is read.
Status Demuxer::probe_format(const std::string& name, const AVInputFormat*& format) {
  int score = av_probe_input_buffer2(avio_->context(), &format, name.c_str(), nullptr, 0, 0);
  const auto failed = [&](int ret) {
    if (avio_->was_cancelled()) return make_error(Errc::cancelled, name + ": cancelled");
    if (const std::error_code ec = avio_->last_error())
      return make_error(Errc::media_error, name + ": read error: " + ec.message());
    return make_error(Errc::media_error,
                      name + ": not a media file swarmtv can read (" + av_error_string(ret) + ")");
  };
  if (score < 0) return failed(score);
  if (score <= AVPROBE_SCORE_EXTENSION) {
    AVIOContext* pb = avio_->context();
    const int want = int(std::min<std::int64_t>(source_.size(), 1 << 20));
    std::vector<unsigned char> buffer(std::size_t(want) + AVPROBE_PADDING_SIZE, 0);
    int got = 0;
    if (avio_seek(pb, 0, SEEK_SET) >= 0) got = avio_read(pb, buffer.data(), want);
    if (got < 0 || avio_seek(pb, 0, SEEK_SET) < 0) return failed(got < 0 ? got : AVERROR(EIO));
    AVProbeData probe{name.c_str(), buffer.data(), got, nullptr};
    if (const AVInputFormat* better = av_probe_input_format3(&probe, 1, &score)) format = better;
  }
  if (score <= AVPROBE_SCORE_EXTENSION || format == nullptr)
    return make_error(Errc::media_error,
                      name + ": not a video file FFmpeg recognises (its best guess, '" +
                          std::string(format != nullptr ? format->name : "?") + "', scores only " +
                          std::to_string(score) + " of " + std::to_string(AVPROBE_SCORE_MAX) + ")");
  trace("demuxer: probed {} (score {})", format->name, score);
  return Status::success();
}

// MP4 and Matroska headers carry complete codec parameters; probing packets would only cost
// bytes (and, on a torrent, time). Everything else gets the full analysis.
bool Demuxer::needs_stream_info() const {
  const AVFormatContext* ctx = format_.get();
  if (!container_is(ctx, "mov") && !container_is(ctx, "matroska")) return true;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVCodecParameters* par = ctx->streams[i]->codecpar;
    if (par->codec_type == AVMEDIA_TYPE_VIDEO &&
        (par->codec_id == AV_CODEC_ID_NONE || par->width <= 0 || par->height <= 0))
      return true;
    if (par->codec_type == AVMEDIA_TYPE_AUDIO &&
        (par->codec_id == AV_CODEC_ID_NONE || par->sample_rate <= 0 ||
         par->ch_layout.nb_channels <= 0))
      return true;
  }
  return false;
}

void Demuxer::select_subtitle_streams() {
  const AVFormatContext* ctx = format_.get();
  for (unsigned i = 0; i < ctx->nb_streams && subtitle_streams_.size() < kMaxSubtitleTracks; ++i)
    if (TextSubtitleCodec::decodable(ctx->streams[i]->codecpar))
      subtitle_streams_.push_back(ctx->streams[i]);
}

void Demuxer::fill_info() {
  const AVFormatContext* ctx = format_.get();
  info_.container = ctx->iformat->name;
  if (ctx->duration != AV_NOPTS_VALUE && ctx->duration > 0)
    info_.duration = MediaTime(ctx->duration);  // AV_TIME_BASE: microseconds
  info_.bit_rate = ctx->bit_rate;
  if (info_.bit_rate <= 0 && info_.duration)
    info_.bit_rate =
        std::int64_t(double(source_.size()) * 8 / media_time_to_seconds(*info_.duration));
  if (video_) {
    info_.has_video = true;
    info_.video_codec = codec_name(video_);
    info_.width = video_->codecpar->width;
    info_.height = video_->codecpar->height;
    info_.sample_aspect_ratio = video_->codecpar->sample_aspect_ratio;
    AVRational rate = av_guess_frame_rate(format_.get(), video_, nullptr);
    info_.frame_rate = rate.num > 0 ? av_q2d(rate) : 0.0;
  }
  if (audio_) {
    info_.has_audio = true;
    info_.audio_codec = codec_name(audio_);
    info_.audio_sample_rate = audio_->codecpar->sample_rate;
    info_.audio_channels = audio_->codecpar->ch_layout.nb_channels;
  }
  for (unsigned i = 0; i < ctx->nb_chapters; ++i)
    info_.chapters.push_back(to_media_time(ctx->chapters[i]->start, ctx->chapters[i]->time_base));
}

void Demuxer::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void Demuxer::abort_reads() {
  std::lock_guard lock(mutex_);
  abort_ = true;
  reads_.request_stop();
  wake_.notify_all();
}

void Demuxer::start_read_sequence_locked() {
  if (abort_ || !reads_.stop_requested()) return;
  reads_ = std::stop_source();
  avio_->set_stop_token(reads_.get_token());
}

void Demuxer::stop() {
  abort_reads();
  if (video_queue_) video_queue_->abort();
  if (audio_queue_) audio_queue_->abort();
  if (subtitle_queue_) subtitle_queue_->abort();
  if (thread_.joinable()) thread_.join();
  late_preroll_.reset();
}

void Demuxer::request_seek(const SeekRequest& request) {
  std::lock_guard lock(mutex_);
  pending_seek_ = request;
  reads_.request_stop();  // one-way: the read thread starts a new sequence for the seek
  wake_.notify_all();
}

void Demuxer::seek_to(MediaTime target, SeekMode mode, int direction) {
  request_seek({target, mode, direction});
}

void Demuxer::seek_by(MediaTime delta, MediaTime from, SeekMode mode) {
  SeekRequest request;
  {
    std::lock_guard lock(mutex_);
    const MediaTime base = pending_seek_ ? pending_seek_->target : from;
    request = {base + delta, mode, delta >= MediaTime(0) ? 1 : -1};
  }
  request_seek(request);
}

bool Demuxer::seek_pending() const {
  std::lock_guard lock(mutex_);
  return pending_seek_.has_value();
}

std::optional<SeekTarget> Demuxer::seek_target_for(int serial) const {
  std::lock_guard lock(mutex_);
  if (has_target_ && last_target_.serial == serial) return last_target_;
  return std::nullopt;
}

MediaTime Demuxer::buffered() const {
  if (at_end_) return kEndOfMedia;
  MediaTime least = kEndOfMedia;
  if (video_queue_) least = std::min(least, video_queue_->duration());
  if (audio_queue_) least = std::min(least, audio_queue_->duration());
  return least;
}

std::string Demuxer::read_error() const {
  std::lock_guard lock(mutex_);
  return read_error_;
}

bool Demuxer::queues_full() const {
  std::size_t bytes = subtitle_queue_ ? subtitle_queue_->bytes() : 0;
  bool every_stream_has_enough = true;
  for (const PacketQueue* q : {video_queue_.get(), audio_queue_.get()}) {
    if (!q) continue;
    bytes += q->bytes();
    if (q->duration() < options_.max_buffer) every_stream_has_enough = false;
  }
  return bytes >= options_.max_buffer_bytes || every_stream_has_enough;
}

void Demuxer::queue_end_markers() {
  if (video_queue_) video_queue_->put(nullptr);
  if (audio_queue_) audio_queue_->put(nullptr);
  at_end_ = true;
}

void Demuxer::perform_seek(const SeekRequest& request) {
  late_preroll_.reset();  // its packets were for the position we leave
  late_plan_.reset();
  AVFormatContext* ctx = format_.get();
  MediaTime target = std::max(MediaTime(0), request.target);
  if (info_.duration) target = std::min(target, *info_.duration);
  const std::int64_t ts = target.count();  // AV_TIME_BASE: microseconds

  // Tell the source where the target's data lives, so a torrent fetches it while the
  // demuxer is still reading the index.
  if (AVStream* st = video_ ? video_ : audio_) {
    std::int64_t stream_ts = av_rescale_q(ts, AV_TIME_BASE_Q, st->time_base);
    if (const AVIndexEntry* e =
            avformat_index_get_entry_from_timestamp(st, stream_ts, AVSEEK_FLAG_BACKWARD))
      if (StreamingSource* streaming = source_.streaming()) streaming->hint_upcoming_read(e->pos);
  }

  std::int64_t min_ts = std::numeric_limits<std::int64_t>::min();
  std::int64_t max_ts = std::numeric_limits<std::int64_t>::max();
  if (request.mode == SeekMode::exact || request.direction < 0)
    max_ts = ts;  // a keyframe at or before the target
  else if (request.direction > 0)
    min_ts = ts;  // a forward seek must not land behind where it started
  trace("demuxer: seeking to {:.3f} s", media_time_to_seconds(request.target));
  int ret = avformat_seek_file(ctx, -1, min_ts, ts, max_ts, 0);
  trace("demuxer: seek positioned");
  if (ret < 0 && !avio_->was_cancelled())
    ret = avformat_seek_file(ctx, -1, std::numeric_limits<std::int64_t>::min(), ts,
                             std::numeric_limits<std::int64_t>::max(), 0);
  preroll_until_.reset();
  ref_past_preroll_ = other_past_preroll_ = false;
  if (ret >= 0 && !subtitle_streams_.empty() && !avio_->was_cancelled())
    preroll_subtitles(request, ts);
  if (avio_->was_cancelled()) {
    // A newer seek (or quit) interrupted this one; it will flush and position.
    avio_->clear_cancellation();
    return;
  }
  const int next_serial = (video_queue_ ? video_queue_ : audio_queue_)->serial() + 1;
  {
    std::lock_guard lock(mutex_);
    last_target_ = {target, request.mode == SeekMode::exact, next_serial};
    has_target_ = true;
    read_error_.clear();
  }
  if (video_queue_) video_queue_->flush();
  if (audio_queue_) audio_queue_->flush();
  if (subtitle_queue_) subtitle_queue_->flush();
  at_end_ = false;
  avio_->clear_cancellation();
  if (late_plan_ && subtitle_queue_) {
    std::vector<int> streams;
    for (const AVStream* st : subtitle_streams_) streams.push_back(st->index);
    late_preroll_ =
        LateSubtitlePreroll::start(source_, late_plan_->range, std::move(streams), late_plan_->from,
                                   late_plan_->until, *subtitle_queue_);
  }
  late_plan_.reset();
}

void Demuxer::preroll_subtitles(const SeekRequest& request, std::int64_t ts) {
  // Which keyframe the seek landed on, from the index it used: at or before the target for an
  // exact or backward seek, at or after it for a forward one. A keyframe seek without a
  // direction lands on the nearest, which the index does not tell: no preroll.
  if (request.mode != SeekMode::exact && request.direction == 0) return;
  const bool backward = request.mode == SeekMode::exact || request.direction < 0;
  AVStream* st = video_ ? video_ : audio_;
  const std::int64_t stream_ts = av_rescale_q(ts, AV_TIME_BASE_Q, st->time_base);
  const AVIndexEntry* e =
      avformat_index_get_entry_from_timestamp(st, stream_ts, backward ? AVSEEK_FLAG_BACKWARD : 0);
  if (!e || e->timestamp == AV_NOPTS_VALUE) return;
  const std::int64_t keyframe = e->timestamp;
  const std::int64_t back =
      av_rescale_q(keyframe, st->time_base, AV_TIME_BASE_Q) - kSubtitlePreroll.count();
  if (back <= 0 && keyframe <= 0) return;
  const std::int64_t from = std::max<std::int64_t>(back, 0);
  // A local file has every byte. A torrent reads them now only if they are here: fetching them
  // first would delay the seek, so otherwise they are read after it, beside playback.
  if (const StreamingSource* streaming = source_.streaming()) {
    const std::optional<ByteRange> range = preroll_range(st, from, *e);
    if (!range) return;
    if (!bytes_here(*streaming, *range)) {
      trace("demuxer: subtitle preroll bytes {}-{} not downloaded", range->begin, range->end);
      late_plan_ =
          LatePrerollPlan{*range, MediaTime(from),
                          MediaTime(av_rescale_q(keyframe, st->time_base, AV_TIME_BASE_Q))};
      return;
    }
  }
  trace("demuxer: subtitle preroll from {:.3f} s", double(from) / AV_TIME_BASE);
  if (avformat_seek_file(format_.get(), -1, std::numeric_limits<std::int64_t>::min(), from, from,
                         0) >= 0) {
    preroll_until_ = keyframe;
    return;
  }
  // Back where the seek itself put us, without the preroll.
  if (!avio_->was_cancelled())
    avformat_seek_file(format_.get(), -1, std::numeric_limits<std::int64_t>::min(), ts, ts, 0);
}

std::optional<ByteRange> Demuxer::preroll_range(AVStream* st, std::int64_t from,
                                                const AVIndexEntry& keyframe) const {
  const std::int64_t stream_from = av_rescale_q(from, AV_TIME_BASE_Q, st->time_base);
  const AVIndexEntry* start =
      avformat_index_get_entry_from_timestamp(st, stream_from, AVSEEK_FLAG_BACKWARD);
  // Before the first entry (a start time above 0): the preroll reads from that one.
  if (!start) start = avformat_index_get_entry_from_timestamp(st, stream_from, 0);
  if (!start || start->pos < 0 || keyframe.pos <= start->pos) return std::nullopt;
  return ByteRange{start->pos, keyframe.pos};
}

bool Demuxer::bytes_here(const StreamingSource& streaming, ByteRange range) {
  for (const ByteRange& r : streaming.available_ranges())
    if (r.begin <= range.begin && range.end <= r.end) return true;
  return false;
}

bool Demuxer::past_preroll(const AVPacket& packet) {
  if (!preroll_until_) return true;
  const AVStream* ref = video_ ? video_ : audio_;
  const AVStream* st = format_->streams[packet.stream_index];
  const std::int64_t t = std::max(packet.pts, packet.dts);  // NOPTS is the smallest value
  if (t == AV_NOPTS_VALUE) return false;
  const std::int64_t keyframe = av_rescale_q(*preroll_until_, ref->time_base, st->time_base);
  bool pass;
  if (st == ref) {
    // From the keyframe the seek landed on, as if the preroll had not been.
    pass = ref_past_preroll_ || ((packet.flags & AV_PKT_FLAG_KEY) && t >= keyframe);
    ref_past_preroll_ = ref_past_preroll_ || pass;
  } else {
    // The other stream from its packet covering that keyframe's time, as a seek gives it.
    pass = other_past_preroll_ || t + packet.duration > keyframe;
    other_past_preroll_ = other_past_preroll_ || pass;
  }
  if (ref_past_preroll_ && (other_past_preroll_ || !(video_ && audio_))) preroll_until_.reset();
  return pass;
}

void Demuxer::run() {
  AVFormatContext* ctx = format_.get();
  AvPacketPtr packet = make_packet();
  int consecutive_errors = 0;
  while (!abort_) {
    std::optional<SeekRequest> seek;
    {
      std::unique_lock lock(mutex_);
      if (!pending_seek_ && (at_end_ || queues_full())) {
        // Polled with a short timeout: the decoders drain the queues without notifying us.
        wake_.wait_for(lock, std::chrono::milliseconds(10));
        continue;
      }
      seek = std::exchange(pending_seek_, std::nullopt);
      // With the seek taken, in the same critical section: a newer request must trigger the
      // sequence this seek reads with, not the one it replaces.
      if (seek) start_read_sequence_locked();
    }
    if (seek) {
      // Whatever the cancel interrupted is discarded by the flush; start the seek clean.
      avio_->clear_cancellation();
      perform_seek(*seek);
      continue;
    }
    int ret = av_read_frame(ctx, packet.get());
    if (ret >= 0 && avio_->was_cancelled()) {
      // A read inside the packet was cancelled: FFmpeg hands back what it had, flagged
      // corrupt. It belongs to the position being left; drop it.
      av_packet_unref(packet.get());
      ret = AVERROR_EXIT;
    }
    if (ret < 0) {
      if (abort_) break;
      if (avio_->was_cancelled()) {
        avio_->clear_cancellation();  // the pending seek (or abort) is taken at the loop's top
        continue;
      }
      if (ret == AVERROR_EOF || ret == AVERROR(EIO) || avio_feof(ctx->pb)) {
        if (ret == AVERROR(EIO) || (ctx->pb->error && ctx->pb->error != AVERROR_EOF)) {
          std::lock_guard lock(mutex_);
          std::error_code ec = avio_->last_error();
          read_error_ = source_.describe() + ": read error" + (ec ? ": " + ec.message() : "");
        }
        queue_end_markers();
      } else if (++consecutive_errors > kMaxConsecutiveErrors) {
        std::lock_guard lock(mutex_);
        read_error_ = source_.describe() + ": corrupt data (" + av_error_string(ret) + ")";
        queue_end_markers();
      }
      continue;
    }
    consecutive_errors = 0;
    PacketQueue* queue = nullptr;
    if (video_ && packet->stream_index == video_->index) queue = video_queue_.get();
    if (audio_ && packet->stream_index == audio_->index) queue = audio_queue_.get();
    if (!queue && subtitle_queue_ &&
        std::any_of(subtitle_streams_.begin(), subtitle_streams_.end(),
                    [&](const AVStream* st) { return st->index == packet->stream_index; }))
      queue = subtitle_queue_.get();
    if (queue && queue != subtitle_queue_.get() && !past_preroll(*packet)) queue = nullptr;
    if (!queue) {
      av_packet_unref(packet.get());
      continue;
    }
    AvPacketPtr owned = make_packet();
    av_packet_move_ref(owned.get(), packet.get());
    queue->put(std::move(owned));
  }
}

}  // namespace swarmtv::decoder

#include "play_session.h"

#include "audio_capture.h"

#include <SDL2/SDL.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <utility>

#include "startup_screen.h"

#include "swarmtv/base/trace.h"
#include "swarmtv/player/osd_state.h"

extern "C" {
#include <libavutil/adler32.h>
}

namespace swarmtv::player {

using namespace std::chrono_literals;

namespace {

// ffplay's synchronisation constants (seconds).
constexpr double kSyncThresholdMin = 0.04;
constexpr double kSyncThresholdMax = 0.1;
constexpr double kFrameDuplicationThreshold = 0.1;
constexpr double kNoSyncThreshold = 10.0;
constexpr double kMaxWait = 0.01;

long long picture_checksum(const AVFrame& frame) {
  unsigned long sum = 1;
  for (int y = 0; y < frame.height; ++y)
    sum = av_adler32_update(sum, frame.data[0] + std::ptrdiff_t(y) * frame.linesize[0],
                            std::size_t(frame.width));
  return static_cast<long long>(sum);
}

}  // namespace

PlaySession::PlaySession(Player& player, ByteSource& source, const PlayItem& item)
    : player_(player),
      source_(source),
      item_(item),
      stats_(player.stats_),
      on_interrupt_(player.options_.interrupted, [this] { reads_.request_stop(); }),
      on_abandon_(item.abandon, [this] { reads_.request_stop(); }) {}

PlaySession::~PlaySession() {
  close();
}

Status PlaySession::open() {
  decoder::DemuxerOptions demux;
  demux.audio = player_.options_.audio;
  auto pipeline = open_pipeline(demux);
  if (!pipeline) return pipeline.error();
  pipeline_ = std::move(*pipeline);
  const decoder::MediaInfo& info = pipeline_->info();
  if (item_.controller) item_.controller->on_duration(info.duration);
  if (auto outputs = player_.ensure_outputs(item_.title, info); !outputs) return outputs;
  if (auto decoders = pipeline_->open_decoders(player_.audio_format_); !decoders) return decoders;
  load_subtitles();

  if (pipeline_->audio() && player_.audio_output_) {
    audio_ = std::make_unique<AudioRenderer>(*pipeline_->audio(),
                                             [p = pipeline_.get()] { return p->serial(); });
    audio_->set_output(player_.audio_format_, player_.audio_output_->latency_seconds());
    audio_->set_volume(player_.volume_);
    audio_->set_muted(player_.muted_);
    audio_->set_gain(item_.gain);
    std::lock_guard lock(player_.audio_mutex_);
    player_.audio_fill_ = [r = audio_.get()](std::uint8_t* out, int len) {
      return r->fill(out, len);
    };
    player_.begin_capture_locked(item_.kind);
  }
  // A start at or past the end would wait for frames that never come (mpv ends at once; a
  // player that cannot show what was asked for says so).
  if (item_.start && info.duration && *item_.start >= *info.duration)
    return make_error(Errc::invalid_argument, "start position " + format_time(item_.start) +
                                                  " is at or past the end (" +
                                                  format_time(info.duration) + ")");
  if (item_.start && *item_.start > 0us) {
    restart_target_ = *item_.start;
    min_serial_ = pipeline_->serial() + 1;
    pipeline_->demuxer().seek_to(*item_.start, decoder::SeekMode::exact);
  } else {
    restart_target_ = 0us;
  }
  paused_ = player_.paused_;
  // The controller hears of a pause from the start too: a paused sponsor clip is not a stalled
  // one, and its countdown and tracking wait for the viewer.
  if (paused_ && item_.controller) item_.controller->on_pause_changed(true);
  pipeline_->start();
  return Status::success();
}

Result<std::unique_ptr<decoder::Pipeline>> PlaySession::open_pipeline(
    const decoder::DemuxerOptions& demux) {
  if (!item_.opening_phase) return decoder::Pipeline::open(source_, demux, reads_.get_token());
  std::optional<Result<std::unique_ptr<decoder::Pipeline>>> opened;
  std::atomic<bool> done{false};
  StartupScreen screen(player_);
  {
    std::jthread header([&] {
      opened.emplace(decoder::Pipeline::open(source_, demux, reads_.get_token()));
      done = true;
    });
    while (!done) {
      // A quit cancels the header's reads; the thread then ends at once.
      if (!quit_ && screen.quit_requested()) {
        quit_ = true;
        reads_.request_stop();
      }
      screen.show(item_.opening_phase());
      // Short: the first picture waits for this loop to notice the header is read.
      screen.wait(0.01);
    }
  }
  // One buffering spell from the header to the buffer behind the first picture.
  spell_started_ = restart_started_;
  spell_percent_ = screen.percent_shown();
  return std::move(*opened);
}

void PlaySession::close() {
  if (!pipeline_) return;
  if (player_.audio_output_) {
    std::lock_guard lock(player_.audio_mutex_);
    player_.audio_fill_ = nullptr;
    player_.capture_.reset();
  }
  pipeline_->stop();
  if (pipeline_->video()) stats_.frames_decoded += pipeline_->video()->frames_decoded();
  audio_.reset();
  pipeline_.reset();
}

PlayResult PlaySession::run() {
  PlayResult result;
  segment_.kind = item_.kind;
  segment_.title = item_.title;
  segment_.started = process_seconds();
  fetched_since_ = item_.fetched_since.value_or(std::chrono::steady_clock::now());
  restart_started_ = now_seconds();
  if (auto opened = open(); !opened) {
    // A quit during the open (a header read blocked on a piece that never comes) is a quit.
    const bool quit = quit_ || player_.options_.interrupted.stop_requested();
    result.reason = quit ? EndReason::quit : EndReason::error;
    if (!quit) result.error = opened.error().message;
    return result;
  }
  update_audio_running();
  const long frames_before = stats_.frames_shown;
  for (;;) {
    double remaining = kMaxWait;
    if (auto reason = step(remaining)) {
      result.reason = *reason;
      break;
    }
    redraw_if_needed();
    print_status_line();
    if (remaining > 0) player_.wait_for_input(remaining);
  }
  print_status_line(/*force=*/true);
  if (player_.options_.status_line) std::fputc('\n', stderr);
  result.position = end_position_.value_or(position());
  finish(result, frames_before);
  return result;
}

std::optional<EndReason> PlaySession::step(double& remaining) {
  handle_events();
  if (quit_) return EndReason::quit;
  // The controller hears of every picture (a break must not be overshot, even untimed) and at
  // least every 100 ms (a stalled clip must time out).
  // Not once an end is requested (a skip accepted): the position is then this input's last, and
  // the controller already moved on to what plays next.
  if (item_.controller && !end_request_ &&
      (now_seconds() - last_progress_ >= 0.1 || frames_shown_here_ != progress_frames_)) {
    last_progress_ = now_seconds();
    progress_frames_ = frames_shown_here_;
    if (item_.controller->on_progress(position())) end_request_ = EndReason::controller;
  }
  if (end_request_) return *end_request_;
  if (pipeline_->video()) {
    refresh_video(remaining);
  } else {
    refresh_audio_only();
    if (!restarting_) update_subtitles(position());
  }
  update_buffering();
  hint_buffer_level();
  if (player_.options_.max_frames > 0 && stats_.frames_shown >= player_.options_.max_frames)
    return EndReason::frame_limit;
  if (item_.end && !restarting_ && position() >= *item_.end) return EndReason::end_position;
  if (ended()) return EndReason::end_of_file;
  return std::nullopt;
}

void PlaySession::finish(PlayResult& result, long frames_before) {
  const decoder::MediaInfo info = pipeline_->info();
  const std::string read_error = pipeline_->demuxer().read_error();
  const long decode_errors = pipeline_->decode_errors();
  const bool produced =
      stats_.frames_shown > frames_before || (audio_ && audio_->chunks_played() > 0);
  close();
  if (result.reason == EndReason::end_of_file) {
    if (!read_error.empty()) {
      result.reason = EndReason::error;
      result.error = read_error;
    } else if (!produced) {
      result.reason = EndReason::error;
      result.error = source_.describe() + ": no frame could be decoded";
    } else if (info.duration && *info.duration > 2s && segment_.last_position &&
               *segment_.last_position < *info.duration - 1500ms && stats_.seeks.empty()) {
      stats_.warnings.push_back(source_.describe() + ": playback ended at " +
                                format_time(segment_.last_position) + " of " +
                                format_time(info.duration) + " (truncated file?)");
    }
  }
  if (decode_errors > 0)
    stats_.warnings.push_back(source_.describe() + ": " + std::to_string(decode_errors) +
                              " damaged packets skipped");
  segment_.ended = process_seconds();
  segment_.end_reason = to_string(result.reason);
  stats_.segments.push_back(segment_);
  stats_.end_reason = to_string(result.reason);
}

// --------------------------------------------------------------------------------- output

bool PlaySession::stale(const decoder::VideoFrame& frame) const {
  return frame.serial != pipeline_->serial() || frame.serial < min_serial_;
}

std::optional<MediaTime> PlaySession::master_clock() const {
  return audio_is_master() ? audio_->clock() : video_clock_.get();
}

MediaTime PlaySession::position() const {
  if (restarting_) return restart_target_;
  // Untimed, audio runs ahead as fast as it decodes: the picture is the position.
  if (player_.options_.untimed && shown_) return shown_->pts;
  if (const auto t = master_clock()) return *t;
  if (shown_) return shown_->pts;
  return last_heard_position_.value_or(restart_target_);
}

// ffplay's compute_target_delay: stretch or shrink the wait for the next picture so that video
// follows the audio clock.
double PlaySession::target_delay(double delay) const {
  if (!audio_is_master()) return delay;
  const auto video = video_clock_.get();
  const auto audio = audio_->clock();
  if (!video || !audio) return delay;
  const double diff = media_time_to_seconds(*video - *audio);
  const double threshold = std::clamp(delay, kSyncThresholdMin, kSyncThresholdMax);
  if (std::fabs(diff) >= kNoSyncThreshold) return delay;
  if (diff <= -threshold) return std::max(0.0, delay + diff);
  if (diff >= threshold && delay > kFrameDuplicationThreshold) return delay + diff;
  if (diff >= threshold) return 2 * delay;
  return delay;
}

void PlaySession::show(decoder::VideoFrame frame) {
  const int serial = frame.serial;
  video_clock_.set_current_serial(serial);
  video_clock_.set(frame.pts, serial);
  if (paused_) video_clock_.set_paused(true);
  update_subtitles(frame.pts);
  if (audio_is_master())
    if (const auto audio_clock = audio_->clock())
      stats_.max_av_drift =
          std::max(stats_.max_av_drift, std::chrono::abs(frame.pts - *audio_clock));
  if (player_.video_output_) present(frame.frame.get());
  if (player_.options_.frame_observer) player_.options_.frame_observer(*frame.frame, frame.pts);
  last_present_ = now_seconds();
  ++stats_.frames_shown;
  const bool first_here = frames_shown_here_++ == 0;
  if (first_here) {
    segment_.first_position = frame.pts;
    segment_.first_frame_crc = picture_checksum(*frame.frame);
    segment_.first_frame_at = process_seconds();
  }
  segment_.last_position = frame.pts;
  segment_.last_frame_at = process_seconds();
  if (stats_.time_to_first_frame < 0) {
    record_first_frame();
    trace("player: first frame shown at pts {:.3f} after {} bytes read",
          media_time_to_seconds(frame.pts), stats_.bytes_before_first_frame);
    // The reads are taken: the first input's first picture counts from the process start.
    if (first_here)
      segment_.bytes_fetched_before_first_frame = stats_.bytes_fetched_before_first_frame;
  } else if (first_here) {
    segment_.bytes_fetched_before_first_frame = bytes_fetched_since(fetched_since_);
  }
  shown_ = std::move(frame);
}

void PlaySession::record_first_frame() {
  stats_.time_to_first_frame = process_seconds();
  stats_.bytes_before_first_frame = pipeline_->demuxer().bytes_read();
  stats_.bytes_fetched_before_first_frame = bytes_fetched_since(process_start_time());
}

void PlaySession::finish_restart() {
  restarting_ = false;
  frame_timer_ = now_seconds();
  std::optional<std::size_t> seek;
  if (pending_seek_) {
    SeekRecord& record = stats_.seeks[*pending_seek_];
    record.latency = process_seconds() - record.requested;
    record.bytes_read = pipeline_->demuxer().bytes_read() - record.bytes_read;
    record.bytes_fetched = bytes_fetched_since(pending_seek_since_);
    seek = std::exchange(pending_seek_, std::nullopt);
  }
  if (paused_) pause_started_ = frame_timer_;
  // The first picture is up; with --cache-pause-initial the clock waits for a buffer behind it,
  // as a stall would right after (mpv's cache-pause-initial). Recorded as start-up buffering of
  // the start or the seek, not as a stall.
  const decoder::Demuxer& demuxer = pipeline_->demuxer();
  if (player_.options_.cache_pause_initial && !player_.options_.untimed && !paused_ &&
      !demuxer.at_end() && demuxer.buffered() < buffer_goal()) {
    buffering_ = true;
    initial_buffering_ = seek ? static_cast<long>(*seek) : kStartBuffering;
    stall_started_ = frame_timer_;
    video_clock_.set_paused(true);
  }
  update_audio_running();
}

void PlaySession::refresh_video(double& remaining) {
  auto& ring = pipeline_->video()->frames();
  const bool untimed = player_.options_.untimed;
  for (;;) {
    decoder::VideoFrame* frame = ring.peek();
    if (!frame) {
      if (untimed) remaining = std::min(remaining, 0.001);
      return;
    }
    if (stale(*frame)) {
      ring.pop();
      continue;
    }
    if (restarting_) {
      if (pipeline_->demuxer().seek_pending()) return;
      show(std::move(*ring.pop()));
      finish_restart();
      return;
    }
    if ((paused_ || buffering_) && !step_) return;
    const double now = now_seconds();
    if (untimed) {
      show(std::move(*ring.pop()));
      remaining = 0.0;
      return;
    }
    // How long the picture on screen should stay: its pts step to this one.
    double last_duration = last_duration_;
    if (shown_ && shown_->serial == frame->serial) {
      const double d = media_time_to_seconds(frame->pts - shown_->pts);
      if (d > 0 && d < kNoSyncThreshold) last_duration = d;
    }
    const double delay = step_ ? 0.0 : target_delay(last_duration);
    if (now < frame_timer_ + delay) {
      remaining = std::min(remaining, frame_timer_ + delay - now);
      return;
    }
    frame_timer_ += delay;
    if (delay > 0 && now - frame_timer_ > kSyncThresholdMax) frame_timer_ = now;
    last_duration_ = last_duration;

    // Late: the next picture is already due, so this one would only delay it further.
    if (!step_ && audio_is_master() && player_.options_.framedrop) {
      if (decoder::VideoFrame* next = ring.peek(1); next && !stale(*next)) {
        const double d = media_time_to_seconds(next->pts - frame->pts);
        if (now > frame_timer_ + (d > 0 ? d : media_time_to_seconds(frame->duration))) {
          ring.pop();
          ++stats_.frames_dropped;
          continue;
        }
      }
    }
    show(std::move(*ring.pop()));
    if (step_) step_ = false;  // stays paused on the stepped picture
    return;
  }
}

void PlaySession::refresh_audio_only() {
  if (!restarting_) {
    if (const auto t = audio_->clock()) {
      last_heard_position_ = *t;
      segment_.last_position = *t;
    }
    return;
  }
  if (pipeline_->demuxer().seek_pending()) return;
  auto& ring = pipeline_->audio()->chunks();
  while (decoder::AudioChunk* chunk = ring.peek()) {
    if (chunk->serial >= min_serial_ && chunk->serial == pipeline_->serial()) {
      if (!segment_.first_position) segment_.first_position = chunk->pts;
      if (stats_.time_to_first_frame < 0) record_first_frame();
      finish_restart();
      return;
    }
    ring.pop();
  }
}

void PlaySession::update_audio_running() {
  if (!audio_ || !player_.audio_output_) return;
  const bool running = !paused_ && !buffering_ && !restarting_;
  audio_->set_clock_paused(!running);
  player_.audio_output_->set_paused(!running);
}

bool PlaySession::ended() const {
  const decoder::Demuxer& demuxer = pipeline_->demuxer();
  if (!demuxer.at_end() || demuxer.seek_pending() || !pipeline_->decoders_finished()) return false;
  auto* v = pipeline_->video();
  auto* a = pipeline_->audio();
  if (v && v->frames().size() > 0) return false;
  if (a && a->chunks().size() > 0) return false;
  // The device still has to play what it holds; audio_->starved() says it ran dry.
  if (audio_ && !restarting_ && !paused_ && !audio_->starved()) return false;
  return true;
}

}  // namespace swarmtv::player

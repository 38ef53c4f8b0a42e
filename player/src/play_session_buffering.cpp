// PlaySession's buffering, an explicit state as in mpv: when the input starves the clocks stop,
// and they run on once the buffer reaches its goal; the percentage shown only grows.
#include <algorithm>

#include "play_session.h"

namespace swarmtv::player {

using namespace std::chrono_literals;

bool PlaySession::starving() const {
  const decoder::Demuxer& demuxer = pipeline_->demuxer();
  if (demuxer.at_end()) return false;
  if (auto* v = pipeline_->video();
      v && v->frames().size() == 0 && demuxer.video_queue()->packet_count() == 0)
    return true;
  if (auto* a = pipeline_->audio(); a && audio_ && audio_->starved() && a->chunks().size() == 0 &&
                                    demuxer.audio_queue()->packet_count() == 0)
    return true;
  return false;
}

void PlaySession::hint_buffer_level() {
  const double now = now_seconds();
  if (now - last_buffer_hint_ < 0.1) return;
  last_buffer_hint_ = now;
  // While a start or seek is under way the queues hold nothing of the new position yet.
  if (StreamingSource* streaming = source_.streaming())
    streaming->hint_buffered(restarting_ ? 0us : pipeline_->demuxer().buffered());
}

void PlaySession::update_buffering() {
  if (restarting_ || paused_) return;
  const double now = now_seconds();
  if (!buffering_) {
    if (!starving()) return;
    buffering_ = true;
    stall_started_ = now;
    video_clock_.set_paused(true);
    update_audio_running();
    last_present_ = 0.0;
    return;
  }
  const decoder::Demuxer& demuxer = pipeline_->demuxer();
  const std::size_t queued = (demuxer.video_queue() ? demuxer.video_queue()->bytes() : 0) +
                             (demuxer.audio_queue() ? demuxer.audio_queue()->bytes() : 0);
  if (demuxer.buffered() < buffer_goal() && !demuxer.at_end() &&
      queued < decoder::DemuxerOptions{}.max_buffer_bytes)
    return;
  frame_timer_ += now - stall_started_;
  end_stall(now);
  video_clock_.set_paused(paused_);
  update_audio_running();
}

void PlaySession::end_stall(double now) {
  const double duration = now - stall_started_;
  buffering_ = false;
  if (initial_buffering_) {
    if (*initial_buffering_ == kStartBuffering) {
      stats_.startup_buffering += duration;
      segment_.startup_buffering += duration;
    } else
      stats_.seeks[static_cast<std::size_t>(*initial_buffering_)].buffering += duration;
    initial_buffering_.reset();
    return;
  }
  stats_.stalls.push_back({process_seconds() - duration, duration, position()});
}

std::optional<int> PlaySession::buffering_percent() const {
  // Shown while stalled, and while a start or seek takes long enough to notice.
  if (!buffering_ && !(restarting_ && now_seconds() - restart_started_ > 0.3)) return std::nullopt;
  // One spell: a stall, or a start or seek with the wait after its first picture. Within it the
  // number only grows: the demuxer's buffer dips as the decoders take from it, and a goal that
  // follows the download rate moves, but a viewer reads a falling number as going backwards.
  const double spell = buffering_ && !initial_buffering_ ? stall_started_ : restart_started_;
  if (spell != spell_started_) {
    spell_started_ = spell;
    spell_percent_ = 0;
  }
  const double share = media_time_ratio(pipeline_->demuxer().buffered(), buffer_goal());
  spell_percent_ = std::max(spell_percent_, int(100 * std::clamp(share, 0.0, 0.99)));
  return spell_percent_;
}

std::int64_t PlaySession::bytes_fetched_since(std::chrono::steady_clock::time_point since) {
  auto reads = pipeline_->demuxer().take_reads();  // taken either way: the log starts anew
  const StreamingSource* streaming = source_.streaming();
  return streaming ? streaming->bytes_arrived_for(reads, since) : 0;
}

MediaTime PlaySession::buffer_goal() const {
  const MediaTime wait = seconds_to_media_time(player_.options_.cache_pause_wait);
  const MediaTime most = std::max(wait, decoder::DemuxerOptions{}.max_buffer * 3 / 4);
  const StreamingSource* streaming = source_.streaming();
  return std::clamp(streaming ? streaming->refill_goal() : 0us, wait, most);
}

}  // namespace swarmtv::player

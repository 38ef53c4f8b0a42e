#include "swarmtv/ads/ad_planner.h"

#include <algorithm>

namespace swarmtv::ads {
namespace {

PlayerAction nothing(std::string reason) {
  PlayerAction a;
  a.kind = PlayerAction::Kind::none;
  a.reason = std::move(reason);
  return a;
}

std::string at(MediaTime t) {
  return t == kEndOfContent ? "end" : format_clock(t);
}

}  // namespace

std::string ClipProgress::label() const {
  std::string s = "Ad " + std::to_string(ordinal) + " of " + std::to_string(pod_size) + " \u00b7 " +
                  format_clock(remaining);
  if (!advertiser.empty()) s += " \u00b7 " + advertiser;
  return s;
}

AdPlanner::AdPlanner(AdSchedule schedule, PlannerOptions options)
    : schedule_(std::move(schedule)), options_(std::move(options)) {}

std::chrono::steady_clock::time_point AdPlanner::now() const {
  return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

PlayerAction AdPlanner::content_at(MediaTime position, std::string reason) {
  mode_ = Mode::content;
  position_ = position;
  PlayerAction a;
  a.kind = PlayerAction::Kind::play_content;
  a.content_position = position;
  a.reason = std::move(reason);
  return a;
}

PlayerAction AdPlanner::enter_break(std::size_t b, MediaTime resume, std::string reason) {
  auto first = schedule_.at(b).next_available();
  if (!first) return content_at(resume, std::move(reason) + " (break already played)");
  break_ = b;
  clip_ = *first;
  resume_ = resume;
  position_ = resume;
  mode_ = Mode::clip;
  return play_current_clip(std::move(reason));
}

PlayerAction AdPlanner::play_current_clip(std::string reason) {
  // Each showing starts its own media clock at 0: countdown, skip offset and quartiles are
  // measured on it alone.
  clip_position_ = MediaTime(0);
  clip_heard_ = false;
  paused_ = false;  // every play() starts playing
  ++play_id_;
  last_clip_data_ = now();  // the stall timer starts when the clip is asked for
  PlayerAction a;
  a.kind = PlayerAction::Kind::play_clip;
  a.break_index = break_;
  a.clip_index = clip_;
  a.clip = schedule_.at(break_).clips[clip_].clip;
  a.play_id = play_id_;
  a.reason = std::move(reason);
  return a;
}

PlayerAction AdPlanner::finish_clip(ClipState state, std::string reason) {
  auto next = schedule_.with_clip_state(break_, clip_, state);
  // Cannot fail: in clip mode the current clip is always available.
  if (next) schedule_ = std::move(*next);
  if (options_.on_clip_final) {
    options_.on_clip_final(break_, clip_, schedule_.at(break_).clips[clip_]);
  }
  if (auto following = schedule_.at(break_).next_available(clip_ + 1)) {
    clip_ = *following;
    return play_current_clip(std::move(reason) + "; next clip of the break");
  }
  return end_pod(std::move(reason));
}

PlayerAction AdPlanner::end_pod(std::string reason) {
  if (schedule_.at(break_).is_post_roll()) {
    mode_ = Mode::ended;
    PlayerAction a;
    a.kind = PlayerAction::Kind::end_of_episode;
    a.reason = std::move(reason) + "; post-roll done, end of episode";
    return a;
  }
  return content_at(resume_, std::move(reason) + "; content resumes at " + at(resume_));
}

PlayerAction AdPlanner::start(MediaTime start_position) {
  if (mode_ != Mode::not_started) return nothing("already started");
  const MediaTime t = std::max(start_position, MediaTime(0));
  if (ad_free_ || schedule_.empty()) return content_at(t, "no ads");
  std::optional<std::size_t> play;
  for (std::size_t b = 0; b < schedule_.size(); ++b) {
    const AdBreak& br = schedule_.at(b);
    if (br.is_post_roll() || br.position > t) break;
    if (options_.play_break_before_start_position || br.position == t) play = b;
  }
  // Media3's playAdBeforeStartPosition: every earlier break is marked skipped, so it does not
  // play when the viewer later seeks around.
  for (std::size_t b = 0; b < schedule_.size(); ++b) {
    const AdBreak& br = schedule_.at(b);
    if (br.is_post_roll() || br.position > t) break;
    if (!play || b != *play) schedule_ = schedule_.with_break_skipped(b);
  }
  if (play) {
    return enter_break(
        *play, t,
        t.count() == 0 ? "pre-roll"
                       : "start at " + at(t) + ": break at " + at(schedule_.at(*play).position));
  }
  return content_at(t, "start at " + at(t));
}

PlayerAction AdPlanner::on_content_position(MediaTime position) {
  if (mode_ != Mode::content) return nothing("not playing content");
  if (position <= position_) {
    position_ = position;
    return nothing("");
  }
  if (!ad_free_) {
    for (std::size_t b = 0; b < schedule_.size(); ++b) {
      const AdBreak& br = schedule_.at(b);
      if (br.is_post_roll() || br.position > position) break;
      if (br.position > position_ && br.has_unplayed()) {
        return enter_break(b, br.position,
                           "crossed break " + std::to_string(b) + " at " + at(br.position));
      }
    }
  }
  position_ = position;
  return nothing("");
}

Result<PlayerAction> AdPlanner::on_seek(MediaTime target) {
  if (auto s = check_control(Control::seek); !s) return s.error();
  if (mode_ == Mode::not_started) {
    return make_error(Errc::refused, "playback has not started");
  }
  const MediaTime t = std::max(target, MediaTime(0));
  if (!ad_free_) {
    if (auto b = schedule_.break_for_position(t)) {
      return enter_break(*b, t,
                         "snapback: break " + std::to_string(*b) + " at " +
                             at(schedule_.at(*b).position) + ", then content at " + at(t));
    }
  }
  return content_at(t, "seek to " + at(t));
}

PlayerAction AdPlanner::on_content_ended() {
  if (mode_ != Mode::content) return nothing("content is not playing");
  if (!ad_free_) {
    if (auto post = schedule_.post_roll(); post && schedule_.at(*post).has_unplayed()) {
      return enter_break(*post, position_, "post-roll");
    }
  }
  mode_ = Mode::ended;
  PlayerAction a;
  a.kind = PlayerAction::Kind::end_of_episode;
  a.reason = "end of episode";
  return a;
}

Status AdPlanner::check_control(Control control) const {
  if (mode_ == Mode::clip) {
    switch (control) {
      case Control::seek:
        return make_error(Errc::refused, "seeking is disabled while a sponsor clip plays");
      case Control::speed_change:
        return make_error(Errc::refused, "the speed cannot be changed while a sponsor clip plays");
      case Control::frame_step:
        return make_error(Errc::refused, "frame stepping is disabled while a sponsor clip plays");
    }
  }
  if (mode_ == Mode::ended && control == Control::seek) {
    return make_error(Errc::refused, "the episode has ended");
  }
  return {};
}

bool AdPlanner::on_clip_progress(MediaTime position, std::uint64_t play_id) {
  if (mode_ != Mode::clip) return false;
  if (play_id != kCurrentShowing && play_id != play_id_) return false;
  // Data arrived if the clip moved on (a stalled player repeats its last position).
  if (!clip_heard_ || position > clip_position_) last_clip_data_ = now();
  clip_heard_ = true;
  // The furthest point of this showing: a clip cannot be seeked, and a picture repeated after a
  // stall must not move the countdown back.
  clip_position_ = std::max(clip_position_, position);
  return true;
}

PlayerAction AdPlanner::on_clip_ended() {
  if (mode_ != Mode::clip) return nothing("no clip is playing");
  return finish_clip(ClipState::played,
                     "clip " + schedule_.at(break_).clips[clip_].clip.id + " played");
}

Result<PlayerAction> AdPlanner::on_skip() {
  auto progress = current_clip();
  if (!progress) return make_error(Errc::refused, "no sponsor clip is playing");
  if (!progress->skippable) return make_error(Errc::refused, "this clip cannot be skipped");
  if (!progress->skip_available) {
    return make_error(
        Errc::refused,
        "skip is available in " + format_clock(progress->skip_countdown + MediaTime(999999)));
  }
  return finish_clip(ClipState::skipped,
                     "clip " + schedule_.at(break_).clips[clip_].clip.id + " skipped");
}

PlayerAction AdPlanner::on_clip_failed(std::string_view why) {
  if (mode_ != Mode::clip) return nothing("no clip is playing");
  return finish_clip(ClipState::error, "clip " + schedule_.at(break_).clips[clip_].clip.id +
                                           " failed: " + std::string(why));
}

void AdPlanner::on_pause() {
  paused_ = true;
}

void AdPlanner::on_resume() {
  if (paused_) last_clip_data_ = now();  // the wait for data starts again from here
  paused_ = false;
}

PlayerAction AdPlanner::on_tick() {
  if (mode_ != Mode::clip || paused_) return nothing("");
  if (now() - last_clip_data_ < options_.clip_data_timeout) return nothing("");
  return finish_clip(ClipState::error,
                     "clip " + schedule_.at(break_).clips[clip_].clip.id + " timed out after " +
                         std::to_string(options_.clip_data_timeout.count()) + " ms without data");
}

PlayerAction AdPlanner::on_ad_free_licence() {
  ad_free_ = true;
  schedule_ = schedule_.with_all_skipped();
  if (mode_ == Mode::clip) return end_pod("ad-free licence added: break ended");
  return nothing("ad-free licence added");
}

std::optional<ClipProgress> AdPlanner::current_clip() const {
  if (mode_ != Mode::clip) return std::nullopt;
  const AdBreak& br = schedule_.at(break_);
  const SponsorClip& c = br.clips[clip_].clip;
  ClipProgress p;
  p.break_index = break_;
  p.clip_index = clip_;
  p.ordinal = clip_ + 1;
  p.pod_size = br.clips.size();
  p.play_id = play_id_;
  p.advertiser = c.advertiser;
  p.position = clip_position_;
  p.remaining = std::max(MediaTime(0), c.duration - clip_position_);
  if (c.skip_offset) {
    const MediaTime offset = c.skip_offset->resolve(c.duration).value_or(c.duration);
    p.skippable = true;
    p.skip_available = clip_position_ >= offset;
    p.skip_countdown = std::max(MediaTime(0), offset - clip_position_);
  }
  return p;
}

std::optional<MediaTime> AdPlanner::next_break_position() const {
  if (ad_free_ || mode_ == Mode::ended) return std::nullopt;
  auto b = schedule_.break_after_position(content_position());
  if (!b || schedule_.at(*b).is_post_roll()) return std::nullopt;
  return schedule_.at(*b).position;
}

}  // namespace swarmtv::ads

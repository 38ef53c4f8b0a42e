#include "swarmtv/ads/ad_session.h"

namespace swarmtv::ads {

AdSession::AdSession(AdSchedule schedule, AdSessionOptions options)
    : options_(std::move(options)),
      user_on_final_(options_.planner.on_clip_final),
      planner_(std::move(schedule), wire(options_.planner)) {}

PlannerOptions AdSession::wire(PlannerOptions options) {
  // `this` outlives the planner (a member), and AdSession is neither copied nor moved.
  options.on_clip_final = [this](std::size_t b, std::size_t c, const ScheduledClip& clip) {
    clip_final(b, c, clip);
  };
  return options;
}

Clock::time_point AdSession::wall_now() const {
  return options_.wall_clock ? options_.wall_clock() : Clock::now();
}

ClipInstance AdSession::instance(std::size_t b, std::size_t c, const SponsorClip& clip) const {
  return ClipInstance{options_.view_id, b, c, clip.id, clip.advertiser};
}

void AdSession::fire(const ClipInstance& inst, TrackingEvent event) {
  if (!options_.tracking) return;
  auto r = options_.tracking->fire(inst, event, wall_now());
  if (!r) warnings_.push_back("tracking: " + r.error().message);
}

void AdSession::clip_final(std::size_t b, std::size_t c, const ScheduledClip& clip) {
  const ClipInstance inst = instance(b, c, clip.clip);
  switch (clip.state) {
    case ClipState::played:
      if (options_.tracking) {
        // Played to the end: whatever thresholds the last progress report missed are reached.
        auto r = options_.tracking->on_progress(inst, clip.clip.duration, clip.clip.duration,
                                                wall_now());
        if (!r) warnings_.push_back("tracking: " + r.error().message);
      }
      if (options_.caps) {
        auto s = options_.caps->record_view(
            FrequencyCapStore::key(options_.series_id, clip.clip.id), wall_now());
        if (!s) warnings_.push_back("frequency caps: " + s.error().message);
      }
      break;
    case ClipState::skipped:
      fire(inst, TrackingEvent::skip);
      break;
    case ClipState::error:
      fire(inst, TrackingEvent::error);
      break;
    case ClipState::available:
      break;
  }
  if (user_on_final_) user_on_final_(b, c, clip);
}

PlayerAction AdSession::start(MediaTime start_position) {
  return planner_.start(start_position);
}

PlayerAction AdSession::on_content_position(MediaTime position) {
  return planner_.on_content_position(position);
}

Result<PlayerAction> AdSession::on_seek(MediaTime target) {
  return planner_.on_seek(target);
}

PlayerAction AdSession::on_content_ended() {
  return planner_.on_content_ended();
}

void AdSession::on_clip_progress(MediaTime position, std::uint64_t play_id) {
  if (!planner_.on_clip_progress(position, play_id)) return;
  auto progress = planner_.current_clip();
  if (!progress || !options_.tracking) return;
  const SponsorClip& clip =
      planner_.schedule().at(progress->break_index).clips[progress->clip_index].clip;
  // The planner's position is this showing's own clock, never another clip's.
  auto r =
      options_.tracking->on_progress(instance(progress->break_index, progress->clip_index, clip),
                                     progress->position, clip.duration, wall_now());
  if (!r) warnings_.push_back("tracking: " + r.error().message);
}

PlayerAction AdSession::on_clip_ended() {
  return planner_.on_clip_ended();
}

Result<PlayerAction> AdSession::on_skip() {
  return planner_.on_skip();
}

PlayerAction AdSession::on_clip_failed(std::string_view why) {
  return planner_.on_clip_failed(why);
}

PlayerAction AdSession::on_tick() {
  return planner_.on_tick();
}

PlayerAction AdSession::on_ad_free_licence() {
  return planner_.on_ad_free_licence();
}

void AdSession::on_pause() {
  if (auto p = planner_.current_clip()) {
    fire(instance(p->break_index, p->clip_index,
                  planner_.schedule().at(p->break_index).clips[p->clip_index].clip),
         TrackingEvent::pause);
  }
}

void AdSession::on_resume() {
  if (auto p = planner_.current_clip()) {
    fire(instance(p->break_index, p->clip_index,
                  planner_.schedule().at(p->break_index).clips[p->clip_index].clip),
         TrackingEvent::resume);
  }
}

std::vector<std::string> AdSession::take_warnings() {
  std::vector<std::string> out;
  out.swap(warnings_);
  return out;
}

}  // namespace swarmtv::ads

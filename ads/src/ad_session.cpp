#include "swarmtv/ads/ad_session.h"

#include <algorithm>

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
  return ClipInstance{options_.view_id, b, c, clip.id, clip.advertiser, options_.series_id};
}

void AdSession::fire(const ClipInstance& inst, TrackingEvent event,
                     std::optional<MediaTime> media_time) {
  if (!options_.tracking) return;
  auto r = options_.tracking->fire(inst, event, wall_now(), media_time);
  if (!r) warnings_.push_back("tracking: " + r.error().message);
}

void AdSession::clip_final(std::size_t b, std::size_t c, const ScheduledClip& clip) {
  state_moved_ = true;
  const ClipInstance inst = instance(b, c, clip.clip);
  // The planner still points at the clip it is finishing: where on its clock it ended.
  std::optional<MediaTime> at;
  if (auto p = planner_.current_clip(); p && p->break_index == b && p->clip_index == c)
    at = p->position;
  switch (clip.state) {
    case ClipState::played:
      if (options_.tracking) {
        // Played to the end: whatever thresholds the last progress report missed are reached.
        auto r = options_.tracking->on_progress(inst, clip.clip.duration, clip.clip.duration,
                                                wall_now());
        if (!r)
          warnings_.push_back("tracking: " + r.error().message);
        else
          count_impression(inst, *r);
      }
      break;
    case ClipState::skipped:
      fire(inst, TrackingEvent::skip, at);
      break;
    case ClipState::error:
      fire(inst, TrackingEvent::error, at);
      break;
    case ClipState::available:
      break;
  }
  if (user_on_final_) user_on_final_(b, c, clip);
}

PlayerAction AdSession::start(MediaTime start_position) {
  PlayerAction a = planner_.start(start_position);
  // The first save of the viewing, with the breaks before the start marked skipped.
  if (a.kind != PlayerAction::Kind::none && !planner_.schedule().empty()) state_moved_ = true;
  return persisted(std::move(a));
}

// Entering a break or seeking moves no clip state: nothing to save.
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
  if (!progress) return;
  const SponsorClip& clip =
      planner_.schedule().at(progress->break_index).clips[progress->clip_index].clip;
  const ClipInstance inst = instance(progress->break_index, progress->clip_index, clip);
  if (!options_.tracking) {
    // No log to count from: one view per showing.
    if (progress->play_id != counted_play_id_) count_view(inst);
    counted_play_id_ = progress->play_id;
    return;
  }
  // The planner's position is this showing's own clock, never another clip's.
  auto r = options_.tracking->on_progress(inst, progress->position, clip.duration, wall_now());
  if (!r)
    warnings_.push_back("tracking: " + r.error().message);
  else
    count_impression(inst, *r);
}

void AdSession::count_impression(const ClipInstance& inst,
                                 const std::vector<TrackingEvent>& written) {
  // Exactly the impressions the log gained: one written line, one view.
  if (std::find(written.begin(), written.end(), TrackingEvent::impression) != written.end())
    count_view(inst);
}

void AdSession::count_view(const ClipInstance& inst) {
  if (options_.caps)
    options_.caps->record_view(FrequencyCapStore::key(inst.series_id, inst.clip_id), wall_now());
}

void AdSession::persist() {
  if (!options_.viewing_state || !state_moved_) return;
  // Once per move, not on every tick: a failed save warns once and is retried at the next move.
  state_moved_ = false;
  // Saved before the next clip is shown: a crash right after a break cannot replay it.
  auto s = options_.viewing_state->save(options_.view_id, planner_.schedule());
  if (!s) warnings_.push_back("viewing state: " + s.error().message);
}

PlayerAction AdSession::on_clip_ended() {
  return persisted(planner_.on_clip_ended());
}

Result<PlayerAction> AdSession::on_skip() {
  auto a = planner_.on_skip();
  persist();
  return a;
}

PlayerAction AdSession::on_clip_failed(std::string_view why) {
  return persisted(planner_.on_clip_failed(why));
}

PlayerAction AdSession::on_tick() {
  return persisted(planner_.on_tick());
}

PlayerAction AdSession::on_ad_free_licence() {
  PlayerAction a = planner_.on_ad_free_licence();
  state_moved_ = true;  // every clip left is skipped
  return persisted(std::move(a));
}

void AdSession::on_pause() {
  planner_.on_pause();
  fire_if_started(TrackingEvent::pause);
}

void AdSession::on_resume() {
  planner_.on_resume();
  fire_if_started(TrackingEvent::resume);
}

void AdSession::fire_if_started(TrackingEvent event) {
  auto p = planner_.current_clip();
  if (!p || !options_.tracking) return;
  const ClipInstance inst =
      instance(p->break_index, p->clip_index,
               planner_.schedule().at(p->break_index).clips[p->clip_index].clip);
  // VAST's pause and resume are of a clip on screen: a viewer paused before its first frame
  // played (--pause, a pause at the pre-roll) paused no ad.
  if (options_.tracking->has_fired(inst, TrackingEvent::start)) fire(inst, event);
}

std::vector<std::string> AdSession::take_warnings() {
  std::vector<std::string> out;
  out.swap(warnings_);
  return out;
}

}  // namespace swarmtv::ads

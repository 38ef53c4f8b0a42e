// One viewing of one episode, wired up: the AdPlanner plus the side effects its decisions have,
// so the player has a single object to talk to.
//   - tracking: impression/start/quartiles/complete from clip progress, skip, pause/resume and
//     error events, appended once each to the TrackingLog;
//   - frequency caps: a view is counted when (and only when) an impression is logged;
//   - the viewing state: the schedule with every clip's state, saved whenever a state moves, so
//     a restart of the same viewing (same view_id) replays nothing that became final.
// Side effects never block playback: an I/O failure becomes a warning (take_warnings()).
//
// Typical use by the player:
//   AdSession session(schedule, {.view_id = id, .series_id = m.series.id,
//                                .tracking = &log, .caps = &caps});
//   obey(session.start(resume_position));
//   each content frame:  obey(session.on_content_position(pts));
//   each clip frame:     session.on_clip_progress(clip_pts);
//   clip EOF:            obey(session.on_clip_ended());
//   every 100 ms:        obey(session.on_tick());
//   key S:               if (auto a = session.on_skip()) obey(*a); else osd(a.error().message);
//   seek request:        if (auto a = session.on_seek(t)) obey(*a); else osd(a.error().message);
// Not thread-safe: call it from the player's control thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "swarmtv/ads/ad_planner.h"
#include "swarmtv/ads/frequency_caps.h"
#include "swarmtv/ads/tracking_log.h"
#include "swarmtv/ads/viewing_state.h"

namespace swarmtv::ads {

struct AdSessionOptions {
  // Names this viewing in the tracking log. Keep it when resuming the same viewing after a
  // restart (no duplicate events); use a new one for a new viewing.
  std::string view_id;
  std::string series_id;                          // frequency-cap keys are per series
  TrackingLog* tracking = nullptr;                // not owned; nullptr: no tracking
  FrequencyCapStore* caps = nullptr;              // not owned; nullptr: views are not counted
  ViewingStateStore* viewing_state = nullptr;     // not owned; nullptr: nothing persisted
  PlannerOptions planner;                         // its on_clip_final is still called, after ours
  std::function<Clock::time_point()> wall_clock;  // event times; default Clock::now
};

class AdSession {
 public:
  AdSession(AdSchedule schedule, AdSessionOptions options);
  AdSession(const AdSession&) = delete;
  AdSession& operator=(const AdSession&) = delete;

  // The planner's events (see ad_planner.h), with tracking and caps applied.
  PlayerAction start(MediaTime start_position = MediaTime(0));
  PlayerAction on_content_position(MediaTime position);
  Result<PlayerAction> on_seek(MediaTime target);
  PlayerAction on_content_ended();
  Status check_control(Control control) const { return planner_.check_control(control); }
  // Progress of the showing `play_id` (PlayerAction::play_id); stale showings are ignored.
  void on_clip_progress(MediaTime position, std::uint64_t play_id = AdPlanner::kCurrentShowing);
  PlayerAction on_clip_ended();
  Result<PlayerAction> on_skip();
  PlayerAction on_clip_failed(std::string_view why);
  PlayerAction on_tick();
  PlayerAction on_ad_free_licence();

  // The viewer paused/resumed. Logged as pause/resume only while a clip plays.
  void on_pause();
  void on_resume();

  const AdPlanner& planner() const { return planner_; }
  // Problems with the tracking log or the cap file since the last call, one line each.
  std::vector<std::string> take_warnings();

 private:
  PlannerOptions wire(PlannerOptions options);
  ClipInstance instance(std::size_t b, std::size_t c, const SponsorClip& clip) const;
  void fire(const ClipInstance& instance, TrackingEvent event,
            std::optional<MediaTime> media_time = std::nullopt);
  // Pause/resume of the current clip, once it has started.
  void fire_if_started(TrackingEvent event);
  void clip_final(std::size_t b, std::size_t c, const ScheduledClip& clip);
  void count_impression(const ClipInstance& instance, const std::vector<TrackingEvent>& written);
  void count_view(const ClipInstance& instance);
  // Saves the schedule when a clip state moved since the last save (state_moved_).
  void persist();
  PlayerAction persisted(PlayerAction a) {
    persist();
    return a;
  }
  Clock::time_point wall_now() const;

  AdSessionOptions options_;
  std::function<void(std::size_t, std::size_t, const ScheduledClip&)> user_on_final_;
  AdPlanner planner_;
  std::vector<std::string> warnings_;
  std::uint64_t counted_play_id_ = 0;
  bool state_moved_ = false;  // a clip state changed since the last save
};

}  // namespace swarmtv::ads

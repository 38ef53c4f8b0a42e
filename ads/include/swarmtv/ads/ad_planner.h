// The playlist planner: it decides what plays next; the player obeys. The player reports events
// (content position reached, seek request, clip ended/skipped/failed, ticks, licence change)
// and gets back a PlayerAction: play content at X, play clip K of break B, end of episode, or
// nothing new. The planner owns the episode's AdSchedule and advances it forward only.
//
// Rules (Media3 AdPlaybackState/ImaAdsLoader behaviour unless noted):
// - Crossing a break's position during content plays the break, then content resumes exactly at
//   the break's position.
// - A seek to T plays the last (non-post-roll) break at or before T if it still has unplayed
//   clips, then content resumes exactly at T ("snapback"). Breaks jumped over stay unplayed and
//   play when crossed later. If that last break was already played, nothing plays.
// - A played break never plays again.
// - No seek, speed change or frame step while a clip plays (check_control() says why).
// - Skip is offered only for clips with a skip offset, and only once the clip has played that
//   far (current_clip() exposes the countdown).
// - Starting at T > 0 (continue watching), with play_break_before_start_position (the default,
//   as in Media3): the last break at or before T plays and the earlier ones are marked skipped.
//   With it off, breaks before T are skipped and only a break exactly at T plays.
// - A clip whose data does not arrive within clip_data_timeout (its position does not advance in
//   that time while it is not paused, checked by on_tick()) becomes ERROR and the pod
//   continues; then content. A pod never hangs playback, whether the clip never starts or
//   stalls half way.
// - When the content ends, the post-roll plays, then exactly one end_of_episode. The episode is
//   then over: later events return nothing, seeks are refused (replay = new planner).
// - An ad-free licence arriving mid-break ends the break at once; from then on no break plays.
//
// Not thread-safe: one planner per viewing, driven from the player's control thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "swarmtv/ads/ad_schedule.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

struct PlayerAction {
  enum class Kind {
    none,            // keep doing what you are doing
    play_content,    // (re)start the episode at content_position
    play_clip,       // play clip clip_index of break break_index (its details in `clip`)
    end_of_episode,  // the episode is over (emitted exactly once)
  };
  Kind kind = Kind::none;
  MediaTime content_position{0};
  std::size_t break_index = 0;
  std::size_t clip_index = 0;
  std::optional<SponsorClip> clip;
  // Names this showing of the clip (play_clip only; never 0). Progress reported with another
  // id belongs to a clip that is over (the one just skipped) and is ignored.
  std::uint64_t play_id = 0;
  std::string reason;  // for logs and tests, e.g. "snapback: break 2, then content at 12:00"
};

enum class Control { seek, speed_change, frame_step };

struct PlannerOptions {
  // How long a clip may go without data (no on_clip_progress) before it is marked ERROR.
  // Media3 uses 10 s for an ad that stalls while preloading.
  std::chrono::milliseconds clip_data_timeout{10000};
  bool play_break_before_start_position = true;
  // Monotonic clock for the timeout; tests inject a fake one. Default: steady_clock::now.
  std::function<std::chrono::steady_clock::time_point()> clock;
  // Called when a clip reaches a final state through playback (played, skipped by the viewer,
  // error), e.g. to count a frequency-cap view for `played` or to log tracking events. Not
  // called for clips dropped wholesale (start mid-episode, ad-free licence).
  std::function<void(std::size_t break_index, std::size_t clip_index, const ScheduledClip&)>
      on_clip_final;
};

// What the OSD shows while a clip plays: "Ad 1 of 2 · 0:12 · Acme Rockets", and the skip
// countdown.
struct ClipProgress {
  std::size_t break_index = 0;
  std::size_t clip_index = 0;
  std::size_t ordinal = 1;  // 1-based position in the pod
  std::size_t pod_size = 1;
  std::uint64_t play_id = 0;  // as in the play_clip action that started this showing
  MediaTime position{0};      // furthest position of this showing's own media clock
  MediaTime remaining{0};
  bool skippable = false;       // the clip has a skip offset at all
  bool skip_available = false;  // ... and the viewer may skip now
  MediaTime skip_countdown{0};  // time until skip_available (0 once available)
  std::string advertiser;       // the manifest's name for it
  std::string label() const;    // "Ad 1 of 2 · 0:12 · Acme Rockets"
};

class AdPlanner {
 public:
  enum class Mode { not_started, content, clip, ended };

  explicit AdPlanner(AdSchedule schedule, PlannerOptions options = {});

  // First decision: a break to play first (pre-roll, or the break before a resume position) or
  // content at `start_position`.
  PlayerAction start(MediaTime start_position = MediaTime(0));

  // Content playback reached `position` (call every frame or so, and on each break position
  // given by next_break_position()).
  PlayerAction on_content_position(MediaTime position);
  // The viewer asks to seek to `target`. Refused (Errc::refused) during a clip or after the
  // end; otherwise what to play.
  Result<PlayerAction> on_seek(MediaTime target);
  // The content reached its end.
  PlayerAction on_content_ended();

  // Whether a transport control is allowed now; the error is the one-line reason to show.
  Status check_control(Control control) const;

  // The clip showing `play_id` has data / advanced to `position` on its own media clock (resets
  // the stall timer). Reports for any other showing are ignored, so a clip never inherits the
  // position of the one before it. kCurrentShowing: whatever clip plays now. Returns whether
  // the report was taken.
  static constexpr std::uint64_t kCurrentShowing = 0;
  bool on_clip_progress(MediaTime position, std::uint64_t play_id = kCurrentShowing);
  PlayerAction on_clip_ended();
  // The viewer presses Skip. Refused when the clip has no skip offset or it is not reached yet.
  Result<PlayerAction> on_skip();
  // The clip could not be played (decode error, missing file, ...).
  PlayerAction on_clip_failed(std::string_view why);
  // Call regularly (e.g. every 100 ms) so a stalled clip times out.
  PlayerAction on_tick();
  // The viewer paused / resumed: a paused clip is not stalled, its timer waits.
  void on_pause();
  void on_resume();
  // A valid ad-free licence was added: any break in progress ends, no break plays again.
  PlayerAction on_ad_free_licence();

  Mode mode() const { return mode_; }
  const AdSchedule& schedule() const { return schedule_; }
  bool ad_free() const { return ad_free_; }
  // Content position (last reported, or where content will resume after the current pod).
  MediaTime content_position() const { return mode_ == Mode::clip ? resume_ : position_; }
  std::optional<ClipProgress> current_clip() const;
  // Where the player should hand control back during content: the next unplayed mid-roll.
  std::optional<MediaTime> next_break_position() const;

 private:
  std::chrono::steady_clock::time_point now() const;
  PlayerAction enter_break(std::size_t b, MediaTime resume, std::string reason);
  PlayerAction play_current_clip(std::string reason);
  PlayerAction finish_clip(ClipState state, std::string reason);
  PlayerAction end_pod(std::string reason);
  PlayerAction content_at(MediaTime position, std::string reason);

  AdSchedule schedule_;
  PlannerOptions options_;
  Mode mode_ = Mode::not_started;
  bool ad_free_ = false;
  MediaTime position_{0};  // content position
  MediaTime resume_{0};    // content position after the current pod
  std::size_t break_ = 0;
  std::size_t clip_ = 0;
  MediaTime clip_position_{0};
  std::uint64_t play_id_ = 0;  // of the current showing; incremented for each one
  bool clip_heard_ = false;    // the current showing reported progress at all
  bool paused_ = false;
  std::chrono::steady_clock::time_point last_clip_data_;
};

}  // namespace swarmtv::ads

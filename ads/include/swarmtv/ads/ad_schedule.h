// The ad schedule of one episode, modelled on androidx Media3's AdPlaybackState: an immutable
// value; every change returns a new schedule (with_*), so the planner's history is easy to
// reason about and a copy handed to the OSD never changes under it.
//
// Breaks are sorted by position: an optional pre-roll at 0, mid-rolls, and an optional
// post-roll at kEndOfContent. Each break is a pod of clips played in order. A clip's state only
// moves forward: available -> played | skipped | error; a final state never changes again.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/time_offset.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

// Position of the post-roll (Media3's C.TIME_END_OF_SOURCE).
inline constexpr MediaTime kEndOfContent = MediaTime::max();

enum class ClipState {
  available,  // scheduled, not shown yet
  played,     // shown to the end (the only state counted by frequency caps)
  skipped,    // the viewer skipped it, or it was dropped (start mid-episode, licence arrived)
  error,      // its data did not arrive in time or it failed to decode
};

std::string_view to_string(ClipState state);
inline bool is_final(ClipState s) {
  return s != ClipState::available;
}

struct ScheduledClip {
  SponsorClip clip;
  ClipState state = ClipState::available;
};

struct AdBreak {
  MediaTime position{0};  // content time; kEndOfContent for the post-roll
  std::vector<ScheduledClip> clips;

  bool is_pre_roll() const { return position.count() == 0; }
  bool is_post_roll() const { return position == kEndOfContent; }
  // True while any clip is still available. A break without one never plays (again).
  bool has_unplayed() const;
  // The first available clip at or after `from`.
  std::optional<std::size_t> next_available(std::size_t from = 0) const;
  // Every clip is final: the seek bar marks the break as played; it never plays again.
  bool finished() const { return !has_unplayed(); }
};

class AdSchedule {
 public:
  AdSchedule() = default;  // no ads at all (ad-free, pilot)
  // Sorts by position (stable); breaks without clips are dropped since they cannot play.
  explicit AdSchedule(std::vector<AdBreak> breaks);

  const std::vector<AdBreak>& breaks() const { return breaks_; }
  bool empty() const { return breaks_.empty(); }
  std::size_t size() const { return breaks_.size(); }
  const AdBreak& at(std::size_t b) const { return breaks_.at(b); }

  // Moves clip `c` of break `b` to a final `state`. Errors (invalid_state) when the clip is
  // already final, when `state` is `available`, or when the indices are out of range.
  Result<AdSchedule> with_clip_state(std::size_t b, std::size_t c, ClipState state) const;
  // Every still-available clip of break `b` becomes skipped.
  AdSchedule with_break_skipped(std::size_t b) const;
  // Every still-available clip of every break becomes skipped (an ad-free licence arrived).
  AdSchedule with_all_skipped() const;

  // Media3's getAdGroupIndexForPositionUs: the last non-post-roll break at or before
  // `position`, if it still has unplayed clips.
  std::optional<std::size_t> break_for_position(MediaTime position) const;
  // Media3's getAdGroupIndexAfterPositionUs: the first break after `position` that still has
  // unplayed clips (the post-roll included). The player stops content there.
  std::optional<std::size_t> break_after_position(MediaTime position) const;
  std::optional<std::size_t> post_roll() const;

 private:
  std::vector<AdBreak> breaks_;
};

}  // namespace swarmtv::ads

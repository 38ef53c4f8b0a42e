#include "swarmtv/ads/ad_schedule.h"

#include <algorithm>

#include "swarmtv/base/enum_names.h"

namespace swarmtv::ads {

std::string_view to_string(ClipState state) {
  static constexpr std::array<std::string_view, 4> kNames{"available", "played", "skipped",
                                                          "error"};
  return enum_name(state, kNames);
}

bool AdBreak::has_unplayed() const {
  return next_available().has_value();
}

std::optional<std::size_t> AdBreak::next_available(std::size_t from) const {
  for (std::size_t i = from; i < clips.size(); ++i) {
    if (clips[i].state == ClipState::available) return i;
  }
  return std::nullopt;
}

AdSchedule::AdSchedule(std::vector<AdBreak> breaks) {
  std::erase_if(breaks, [](const AdBreak& b) { return b.clips.empty(); });
  std::stable_sort(breaks.begin(), breaks.end(),
                   [](const AdBreak& a, const AdBreak& b) { return a.position < b.position; });
  breaks_ = std::move(breaks);
}

Result<AdSchedule> AdSchedule::with_clip_state(std::size_t b, std::size_t c,
                                               ClipState state) const {
  if (b >= breaks_.size() || c >= breaks_[b].clips.size()) {
    return make_error(Errc::invalid_argument,
                      "no clip " + std::to_string(c) + " in break " + std::to_string(b));
  }
  if (state == ClipState::available) {
    return make_error(Errc::invalid_state, "a clip's state cannot move back to available");
  }
  const ScheduledClip& clip = breaks_[b].clips[c];
  if (is_final(clip.state)) {
    return make_error(Errc::invalid_state, "clip \"" + clip.clip.id + "\" in break " +
                                               std::to_string(b) + " is already " +
                                               std::string(to_string(clip.state)));
  }
  AdSchedule next = *this;
  next.breaks_[b].clips[c].state = state;
  return next;
}

AdSchedule AdSchedule::with_break_skipped(std::size_t b) const {
  AdSchedule next = *this;
  if (b < next.breaks_.size()) {
    for (ScheduledClip& c : next.breaks_[b].clips) {
      if (c.state == ClipState::available) c.state = ClipState::skipped;
    }
  }
  return next;
}

AdSchedule AdSchedule::with_all_skipped() const {
  AdSchedule next = *this;
  for (std::size_t b = 0; b < next.breaks_.size(); ++b) next = next.with_break_skipped(b);
  return next;
}

std::optional<std::size_t> AdSchedule::break_for_position(MediaTime position) const {
  std::optional<std::size_t> last;
  for (std::size_t b = 0; b < breaks_.size(); ++b) {
    if (breaks_[b].is_post_roll() || breaks_[b].position > position) break;
    last = b;
  }
  if (last && breaks_[*last].has_unplayed()) return last;
  return std::nullopt;
}

std::optional<std::size_t> AdSchedule::break_after_position(MediaTime position) const {
  for (std::size_t b = 0; b < breaks_.size(); ++b) {
    if (breaks_[b].position > position && breaks_[b].has_unplayed()) return b;
  }
  return std::nullopt;
}

std::optional<std::size_t> AdSchedule::post_roll() const {
  if (!breaks_.empty() && breaks_.back().is_post_roll()) return breaks_.size() - 1;
  return std::nullopt;
}

}  // namespace swarmtv::ads

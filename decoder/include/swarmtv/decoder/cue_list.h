// The cues of one subtitle track, sorted by start time, shared between the thread that decodes
// them and the player that shows them.
//
// Cues are kept across seeks: a cue is a fact about the media time, not about the position
// being read, so after a seek back everything already decoded is still right, and a seek never
// leaves a stale cue on screen (what shows is chosen by time alone). The same cue read twice
// (after a seek back) is stored once.
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

#include "swarmtv/decoder/subtitle_types.h"

namespace swarmtv::decoder {

class CueList {
 public:
  // Adds a cue (its text cut to kMaxCueTextBytes); false if it was a duplicate, empty, had no
  // positive duration, or the list is full (kMaxCues or kMaxTrackTextBytes).
  bool add(SubtitleCue cue);
  // The cues showing at `time` (start <= time < end), in start order. `until`, if given, gets
  // the first time after `time` at which one of them ends or another begins (kEndOfMedia: none):
  // until then they are the ones showing, as long as no cue is added.
  std::vector<SubtitleCue> active_at(MediaTime time, MediaTime* until = nullptr) const;
  // A copy of every cue, in start order.
  std::vector<SubtitleCue> all() const;
  // Cues are never removed: the size changes exactly when one is added.
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::vector<SubtitleCue> cues_;  // sorted by (start, end)
  // The longest cue so far: how far back from `time` a cue can still be showing.
  MediaTime longest_{0};
  std::size_t text_bytes_ = 0;
};

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence.
void truncate_utf8(std::string& text, std::size_t max_bytes);

}  // namespace swarmtv::decoder

#include "swarmtv/decoder/cue_list.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace swarmtv::decoder {

namespace {

bool before(const SubtitleCue& a, const SubtitleCue& b) {
  return a.start < b.start || (a.start == b.start && a.end < b.end);
}

// Cues read twice come from the same packet; their times match to the container's precision.
bool same(const SubtitleCue& a, const SubtitleCue& b) {
  constexpr MediaTime kTolerance(500);
  return std::chrono::abs(a.start - b.start) < kTolerance &&
         std::chrono::abs(a.end - b.end) < kTolerance && a.text == b.text;
}

}  // namespace

void truncate_utf8(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return;
  std::size_t cut = max_bytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the sequence being cut.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
}

bool CueList::add(SubtitleCue cue) {
  if (cue.end <= cue.start || cue.text.empty()) return false;
  truncate_utf8(cue.text, kMaxCueTextBytes);
  std::lock_guard lock(mutex_);
  if (cues_.size() >= kMaxCues || text_bytes_ + cue.text.size() > kMaxTrackTextBytes) return false;
  auto at = std::lower_bound(cues_.begin(), cues_.end(), cue, before);
  // Duplicates sort next to each other (equal times); look a little around the slot.
  for (auto it = at; it != cues_.end() && it->start - cue.start < MediaTime(1000); ++it)
    if (same(*it, cue)) return false;
  for (auto it = at; it != cues_.begin() && cue.start - std::prev(it)->start < MediaTime(1000);
       --it)
    if (same(*std::prev(it), cue)) return false;
  longest_ = std::max(longest_, cue.end - cue.start);
  text_bytes_ += cue.text.size();
  cues_.insert(at, std::move(cue));
  return true;
}

std::vector<SubtitleCue> CueList::active_at(MediaTime time, MediaTime* until) const {
  std::vector<SubtitleCue> out;
  std::lock_guard lock(mutex_);
  MediaTime next = kEndOfMedia;
  // Only cues starting within `longest_` before `time` can still be showing.
  auto it = std::lower_bound(cues_.begin(), cues_.end(), time - longest_,
                             [](const SubtitleCue& c, MediaTime t) { return c.start < t; });
  for (; it != cues_.end() && it->start <= time; ++it)
    if (time < it->end) {
      out.push_back(*it);
      next = std::min(next, it->end);
    }
  if (it != cues_.end()) next = std::min(next, it->start);  // the next cue to begin
  if (until) *until = next;
  return out;
}

std::vector<SubtitleCue> CueList::all() const {
  std::lock_guard lock(mutex_);
  return cues_;
}

std::size_t CueList::size() const {
  std::lock_guard lock(mutex_);
  return cues_.size();
}

}  // namespace swarmtv::decoder

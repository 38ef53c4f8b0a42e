// The subtitle tracks of one input and which one shows, numbered as mpv numbers them: the
// embedded tracks in file order, then the external files, from 1; 0 is "off".
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "swarmtv/decoder/cue_list.h"
#include "swarmtv/decoder/subtitle_types.h"

namespace swarmtv::player {

class SubtitleTracks {
 public:
  struct Track {
    decoder::SubtitleTrackInfo info;
    std::shared_ptr<const decoder::CueList> cues;
  };

  void add(Track track) { tracks_.push_back(std::move(track)); }
  std::size_t size() const { return tracks_.size(); }

  // mpv's --sid: nullopt is "auto" (the first external file, else the embedded track flagged
  // default or forced, else the first embedded one), 0 is "no", N is track N. False if there
  // is no track N (then none shows).
  bool select(std::optional<int> sid);
  // The next track, or the previous one with `direction` < 0, with "off" between the last and
  // the first (mpv's `j` and `J`).
  void cycle(int direction);

  // What the OSD says after a change: "Subtitles: 2/3 eng 'Director' (subrip)" or "Subtitles:
  // off".
  std::string describe_selected() const;
  // The cues of the selected track showing at `time`; none when off. `until` as in
  // CueList::active_at (kEndOfMedia when off).
  std::vector<decoder::SubtitleCue> active_at(MediaTime time, MediaTime* until = nullptr) const;
  // The selected track's cue count (0 when off): it only grows, as cues are decoded.
  std::size_t cue_count() const;

 private:
  std::vector<Track> tracks_;
  int selected_ = 0;
};

}  // namespace swarmtv::player

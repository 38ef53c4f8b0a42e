#include "subtitle_tracks.h"

namespace swarmtv::player {

bool SubtitleTracks::select(std::optional<int> sid) {
  selected_ = 0;
  if (sid) {
    if (*sid < 0 || *sid > int(tracks_.size())) return false;
    selected_ = *sid;
    return true;
  }
  auto first = [&](auto wanted) {
    for (std::size_t i = 0; i < tracks_.size(); ++i)
      if (wanted(tracks_[i].info)) return int(i) + 1;
    return 0;
  };
  // A file the viewer brought (or that sits beside the video) was meant to be shown.
  selected_ = first([](const decoder::SubtitleTrackInfo& t) { return !t.file.empty(); });
  if (selected_ == 0)
    selected_ = first([](const decoder::SubtitleTrackInfo& t) { return t.is_default || t.forced; });
  if (selected_ == 0 && !tracks_.empty()) selected_ = 1;
  return true;
}

void SubtitleTracks::cycle(int direction) {
  const int states = int(tracks_.size()) + 1;  // the tracks and "off"
  selected_ = (selected_ + (direction < 0 ? states - 1 : 1)) % states;
}

std::string SubtitleTracks::describe_selected() const {
  if (tracks_.empty()) return "Subtitles: none";
  if (selected_ == 0) return "Subtitles: off";
  const decoder::SubtitleTrackInfo& info = tracks_[std::size_t(selected_) - 1].info;
  std::string s = "Subtitles: " + std::to_string(selected_) + "/" + std::to_string(tracks_.size());
  if (!info.language.empty()) s += " " + info.language;
  if (!info.title.empty()) s += " '" + info.title + "'";
  if (!info.file.empty()) s += " " + info.file;
  return s + " (" + info.codec + ")";
}

std::vector<decoder::SubtitleCue> SubtitleTracks::active_at(MediaTime time,
                                                            MediaTime* until) const {
  if (selected_ == 0) {
    if (until) *until = kEndOfMedia;
    return {};
  }
  return tracks_[std::size_t(selected_) - 1].cues->active_at(time, until);
}

std::size_t SubtitleTracks::cue_count() const {
  return selected_ == 0 ? 0 : tracks_[std::size_t(selected_) - 1].cues->size();
}

}  // namespace swarmtv::player

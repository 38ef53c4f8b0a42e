// PlaySession's subtitles: the tracks of one input (embedded, then external files), which one
// shows, and what is on screen, chosen by the time of the picture shown (the video clock).
#include <algorithm>
#include <cmath>

#include "play_session.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/decoder/subtitle_file.h"

namespace swarmtv::player {

void PlaySession::load_subtitles() {
  if (decoder::SubtitleDecoder* embedded = pipeline_->subtitles())
    for (const auto& track : embedded->tracks()) subtitles_.add({track.info, track.cues});
  for (const std::filesystem::path& path : item_.subtitle_files) {
    auto file = decoder::FileByteSource::open(path);
    if (!file) {
      stats_.warnings.push_back(file.error().message + " (subtitles not loaded)");
      continue;
    }
    add_subtitle_file(**file, {path.filename().string(), "", "", nullptr});
  }
  for (const SubtitleSource& sub : item_.subtitle_sources)
    if (sub.source) add_subtitle_file(*sub.source, sub);
  const auto sid = player_.options_.sid;
  if (!subtitles_.select(sid))
    stats_.warnings.push_back("there is no subtitle track " + std::to_string(*sid) + " (" +
                              std::to_string(subtitles_.size()) + " in " + source_.describe() +
                              ")");
}

void PlaySession::add_subtitle_file(ByteSource& source, const SubtitleSource& sub) {
  // A broken file costs its subtitles only: the video plays.
  auto read = decoder::read_subtitle_file(source, sub.name, reads_.get_token());
  if (!read) {
    stats_.warnings.push_back(read.error().message);
    return;
  }
  if (read->skipped > 0)
    stats_.warnings.push_back(sub.name + ": " + std::to_string(read->skipped) +
                              " malformed subtitles skipped");
  decoder::SubtitleTrackInfo info;
  info.codec = read->codec;
  info.file = sub.name;
  info.language = sub.language;
  info.title = sub.title;
  subtitles_.add({std::move(info), std::move(read->cues)});
}

void PlaySession::update_subtitles(MediaTime time) {
  const bool visible = player_.subtitles_visible_;
  // Called with every picture (every step without video): while time moves on within the span
  // the cues on screen show over, and no cue was added to the track, nothing changes.
  if (visible && showing_from_ && time >= *showing_from_ && time < showing_until_ &&
      subtitles_.cue_count() == showing_cues_)
    return;
  std::vector<decoder::SubtitleCue> now;
  showing_from_.reset();
  if (visible) {
    showing_cues_ = subtitles_.cue_count();  // before the cues: a cue added between is seen next
    now = subtitles_.active_at(time, &showing_until_);
    showing_from_ = time;
  }
  std::string text;
  for (const decoder::SubtitleCue& cue : now) {
    if (!text.empty()) text += '\n';
    text += cue.text;
    const bool new_on_screen = std::find(showing_.begin(), showing_.end(), cue) == showing_.end();
    if (new_on_screen && stats_.subtitles.size() < kMaxSubtitleRecords)
      stats_.subtitles.push_back({cue.text, cue.start, cue.end, process_seconds()});
  }
  showing_ = std::move(now);
  subtitle_text_ = std::move(text);
}

void PlaySession::subtitle_command(const Command& command) {
  if (command.type == Command::Type::toggle_subtitles) {
    player_.subtitles_visible_ = !player_.subtitles_visible_;
    show_message(player_.subtitles_visible_ ? "Subtitles visible" : "Subtitles hidden");
  } else {
    subtitles_.cycle(command.value < 0 ? -1 : 1);
    show_message(subtitles_.describe_selected());
  }
  // What shows follows at once, on the picture on screen (paused or not).
  showing_from_.reset();  // another track: the span found for the last one does not hold
  if (shown_) update_subtitles(shown_->pts);
  last_present_ = 0.0;
}

}  // namespace swarmtv::player

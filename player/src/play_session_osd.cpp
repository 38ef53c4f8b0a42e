// PlaySession's on-screen display and terminal status line: what they say this instant.
#include <cstdio>

#include "play_session.h"
#include "swarmtv/player/osd_state.h"

namespace swarmtv::player {

OsdState PlaySession::osd() const {
  OsdState s;
  const double now = now_seconds();
  s.position = position();
  s.duration = pipeline_->info().duration;
  s.show_bar = paused_ || buffering_ || now < bar_until_ || !pipeline_->video();
  if (now < message_until_) s.message = message_;
  if (item_.corner_text) s.corner = item_.corner_text();
  if (item_.skip_button) s.skip = item_.skip_button();
  // Peers and rates show with the bar only; asking libtorrent for them every frame would put a
  // cross-thread call on the render path.
  if (item_.status_text && s.show_bar) s.status = item_.status_text();
  if (s.show_bar) s.title = item_.title;
  s.markers = item_.markers;
  s.subtitle = subtitle_text_;
  s.buffering_percent = buffering_percent();
  const double size = double(source_.size());
  if (s.show_bar && size > 0)
    for (const auto& r : available_ranges(source_))
      s.buffered.push_back({double(r.begin) / size, double(r.end) / size});
  return s;
}

void PlaySession::redraw_if_needed() {
  // Audio alone in a window (the start-up screen made one): the bar (title, position) over black,
  // redrawn as an OSD over a still picture is, so that the start-up text does not stay.
  if (!player_.video_output_) return;
  const double now = now_seconds();
  const bool osd_active = paused_ || buffering_ || restarting_ || !pipeline_->video() ||
                          now < message_until_ + 0.1 || now < bar_until_ + 0.1;
  if (!osd_active || now - last_present_ < 0.1) return;
  present(nullptr);
  last_present_ = now;
}

void PlaySession::present(const AVFrame* frame) {
  const OsdState state = osd();
  player_.video_output_->present(frame, state);
  if (player_.options_.osd_observer) player_.options_.osd_observer(state);
}

void PlaySession::print_status_line(bool force) {
  if (!player_.options_.status_line) return;
  const double now = now_seconds();
  if (!force && now - last_status_ < 0.25) return;
  last_status_ = now;
  const MediaTime pos = position();
  const auto duration = pipeline_ ? pipeline_->info().duration : std::nullopt;
  std::string line = (pipeline_ && pipeline_->video() && audio_ ? "AV: "
                      : audio_                                  ? "A: "
                                                                : "V: ") +
                     format_time(pos) + " / " + format_time(duration);
  if (duration) line += " (" + std::to_string(100 * pos.count() / duration->count()) + "%)";
  if (pipeline_ && audio_ && pipeline_->video())
    if (const auto video = video_clock_.get(), audio = audio_->clock(); video && audio) {
      char drift[32];
      std::snprintf(drift, sizeof drift, " A-V: %+.3f", media_time_to_seconds(*video - *audio));
      line += drift;
    }
  if (pipeline_) {
    const MediaTime buffered = pipeline_->demuxer().buffered();
    line += buffered == kEndOfMedia
                ? " Buffered: end"
                : " Buffered: " +
                      std::to_string(std::chrono::floor<std::chrono::seconds>(buffered).count()) +
                      "s";
  }
  if (item_.status_text) line += " " + item_.status_text();
  if (item_.corner_text) {
    const std::string corner = item_.corner_text();
    if (!corner.empty()) line = corner + " | " + line;
  }
  if (auto b = buffering_percent()) line += " (Buffering " + std::to_string(*b) + "%)";
  if (paused_) line += " (Paused)";
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
}

}  // namespace swarmtv::player

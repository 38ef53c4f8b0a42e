// PlaySession's input: SDL events and commands (keys, the mouse, --input-file), seeks and pause.
#include <SDL2/SDL.h>

#include "play_session.h"
#include "swarmtv/base/trace.h"

namespace swarmtv::player {

void PlaySession::handle_events() {
  Command command;
  while (player_.take_command(command)) handle(command);
  if (player_.options_.interrupted.stop_requested()) quit_ = true;
  if (!player_.sdl_events_) return;
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    switch (event.type) {
      case SDL_QUIT:
        quit_ = true;
        break;
      case SDL_KEYDOWN:
        if (auto c = command_for_key(event.key)) handle(*c);
        break;
      case SDL_MOUSEMOTION:
        bar_until_ = now_seconds() + kOsdBarSeconds;
        break;
      case SDL_MOUSEBUTTONDOWN:
        if (event.button.button == SDL_BUTTON_LEFT && player_.video_output_) {
          if (player_.video_output_->skip_button_at(event.button.x, event.button.y))
            handle({Command::Type::skip});
          else if (auto f =
                       player_.video_output_->seekbar_fraction_at(event.button.x, event.button.y))
            handle({Command::Type::seek_fraction, *f, true});
        }
        break;
      case SDL_WINDOWEVENT:
        last_present_ = 0.0;  // redraw now
        break;
      default:
        break;
    }
  }
}

void PlaySession::show_message(const std::string& text) {
  message_ = text;
  message_until_ = now_seconds() + kMessageSeconds;
}

void PlaySession::handle(const Command& c) {
  using T = Command::Type;
  const bool is_seek = c.type == T::seek_relative || c.type == T::seek_absolute ||
                       c.type == T::seek_fraction || c.type == T::frame_step;
  if (is_seek && !item_.allow_seek) {
    show_message("Seeking is not possible during a sponsor clip");
    return;
  }
  const auto mode = c.exact ? decoder::SeekMode::exact : decoder::SeekMode::keyframe;
  const std::optional<MediaTime> duration = pipeline_->info().duration;
  switch (c.type) {
    case T::toggle_pause:
      set_paused(!paused_);
      show_message(paused_ ? "Paused" : "Playing");
      break;
    case T::seek_relative: {
      // Relative seeks add up while one is still pending (a held arrow key).
      const MediaTime base = pending_seek_ ? stats_.seeks[*pending_seek_].target : position();
      const MediaTime target = base + seconds_to_media_time(c.value);
      if (!hand_over_seek(target)) seek(target, mode, c.value >= 0 ? 1 : -1);
      break;
    }
    case T::seek_absolute:
      if (!hand_over_seek(seconds_to_media_time(c.value)))
        seek(seconds_to_media_time(c.value), mode, 0);
      break;
    case T::seek_fraction:
      if (duration) {
        const MediaTime target(std::llround(c.value * double(duration->count())));
        if (!hand_over_seek(target)) seek(target, mode, 0);
      }
      break;
    case T::skip: {
      const std::string refusal =
          item_.controller ? item_.controller->request_skip() : std::string("Nothing to skip");
      if (refusal.empty())
        end_request_ = EndReason::skipped;
      else
        show_message(refusal);
      break;
    }
    case T::frame_step:
      if (!restarting_) {
        step_ = true;
        if (!paused_) set_paused(true);
      }
      break;
    case T::volume_delta:
      player_.volume_ = std::clamp(player_.volume_ + int(c.value), 0, 100);
      if (audio_) audio_->set_volume(player_.volume_);
      show_message("Volume: " + std::to_string(player_.volume_) + "%");
      break;
    case T::toggle_mute:
      player_.muted_ = !player_.muted_;
      if (audio_) audio_->set_muted(player_.muted_);
      show_message(player_.muted_ ? "Mute: yes" : "Mute: no");
      break;
    case T::toggle_fullscreen:
      if (player_.video_output_) player_.video_output_->toggle_fullscreen();
      break;
    case T::screenshot: {
      std::filesystem::path file;
      for (int n = 1; n < 10000; ++n) {
        char name[64];
        std::snprintf(name, sizeof name, "swarmtv-shot%04d.png", n);
        file = player_.options_.screenshot_dir / name;
        if (!std::filesystem::exists(file)) break;
      }
      const Status saved = player_.video_output_ ? player_.video_output_->screenshot(file)
                                                 : Status(make_error(Errc::refused, ""));
      if (saved) {
        show_message("Screenshot: " + file.filename().string());
        std::fprintf(stderr, "Screenshot: %s\n", file.c_str());
      } else {
        show_message("Screenshot failed");
        std::fprintf(stderr, "swarmtv: screenshot failed: %s\n", saved.error().message.c_str());
      }
      last_present_ = 0.0;
      break;
    }
    case T::cycle_subtitles:
    case T::toggle_subtitles:
      subtitle_command(c);
      break;
    case T::quit:
      quit_ = true;
      break;
  }
}

MediaTime PlaySession::clamp_to_input(MediaTime target) const {
  target = std::max(MediaTime(0), target);
  if (const auto duration = pipeline_->info().duration) target = std::min(target, *duration);
  return target;
}

bool PlaySession::hand_over_seek(MediaTime target) {
  target = clamp_to_input(target);
  if (!item_.controller || !item_.controller->take_over_seek(target)) return false;
  end_request_ = EndReason::seek_handed_over;
  end_position_ = target;
  return true;
}

void PlaySession::seek(MediaTime target, decoder::SeekMode mode, int direction) {
  target = clamp_to_input(target);
  if (pending_seek_) {
    stats_.seeks[*pending_seek_].target = target;
    stats_.seeks[*pending_seek_].exact = mode == decoder::SeekMode::exact;
  } else {
    pending_seek_ = stats_.seeks.size();
    pending_seek_since_ = std::chrono::steady_clock::now();
    pipeline_->demuxer().take_reads();  // what was read before the request is not its cost
    // bytes_read holds the demuxer's count at the request until the seek completes.
    stats_.seeks.push_back({target, mode == decoder::SeekMode::exact, process_seconds(), -1.0,
                            pipeline_->demuxer().bytes_read()});
  }
  min_serial_ = pipeline_->serial() + 1;
  restart_target_ = target;
  if (!restarting_) restart_started_ = now_seconds();
  restarting_ = true;
  step_ = false;
  if (buffering_) {
    // A stall ends when the viewer moves away from it; waiting for the new position is seek
    // latency, not a stall.
    end_stall(now_seconds());
  }
  pipeline_->demuxer().seek_to(target, mode, direction);
  bar_until_ = now_seconds() + kOsdBarSeconds;
  show_message("Seek: " + format_time(target));
  update_audio_running();
}

void PlaySession::set_paused(bool paused) {
  if (paused == paused_) return;
  paused_ = paused;
  player_.paused_ = paused;
  const double now = now_seconds();
  if (paused_) {
    pause_started_ = now;
  } else {
    frame_timer_ += now - pause_started_;
  }
  video_clock_.set_paused(paused_);
  if (audio_) audio_->set_clock_paused(paused_ || buffering_);
  update_audio_running();
  if (item_.controller) item_.controller->on_pause_changed(paused_);
}

}  // namespace swarmtv::player

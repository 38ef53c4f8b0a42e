// Player::countdown(): the pause between two inputs (the next episode), on the OSD and the
// status line, cancellable from the keyboard, the window and --input-file.
#include <SDL2/SDL.h>

#include <cmath>
#include <cstdio>

#include "swarmtv/player/clock.h"
#include "swarmtv/player/player.h"

namespace swarmtv::player {

namespace {

// What a command means here: Esc/q stop the advance, Enter/k (skip) take it at once.
std::optional<CountdownEnd> countdown_answer(const Command& c) {
  if (c.type == Command::Type::quit) return CountdownEnd::cancelled;
  if (c.type == Command::Type::skip) return CountdownEnd::now;
  return std::nullopt;
}

}  // namespace

CountdownEnd Player::countdown(const std::string& what, double seconds) {
  const double started = now_seconds();
  int shown = -1;
  bool redraw = false;
  std::optional<CountdownEnd> answer;
  while (!answer) {
    if (options_.interrupted.stop_requested()) return CountdownEnd::quit;
    Command command;
    while (!answer && take_command(command)) answer = countdown_answer(command);
    SDL_Event event;
    while (!answer && sdl_events_ && SDL_PollEvent(&event)) {
      if (event.type == SDL_QUIT) answer = CountdownEnd::quit;
      if (event.type == SDL_WINDOWEVENT) redraw = true;
      if (event.type == SDL_KEYDOWN)
        if (auto c = command_for_key(event.key)) answer = countdown_answer(*c);
    }
    if (answer) break;
    const double left = seconds - (now_seconds() - started);
    if (left <= 0) {
      answer = CountdownEnd::elapsed;
      break;
    }
    const int whole = int(std::ceil(left));
    if (whole != shown || redraw) {
      shown = whole;
      redraw = false;
      const std::string text =
          what + " in " + std::to_string(whole) + " \u00b7 Enter: now \u00b7 Esc: cancel";
      if (video_output_) {
        OsdState osd;
        osd.message = text;
        video_output_->present(nullptr, osd);
      }
      if (options_.status_line) std::fprintf(stderr, "\r\033[K%s", text.c_str());
    }
    wait_for_input(std::min(left, 0.1));
  }
  if (options_.status_line) std::fputs("\r\033[K", stderr);
  return *answer;
}

}  // namespace swarmtv::player

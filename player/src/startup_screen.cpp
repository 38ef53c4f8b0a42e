#include "startup_screen.h"

#include <SDL2/SDL.h>

#include <algorithm>
#include <cstdio>

namespace swarmtv::player {

StartupScreen::StartupScreen(Player& player) : player_(player) {
  player_.ensure_window();
}

StartupScreen::~StartupScreen() {
  if (printed_) std::fputs("\r\033[K", stderr);
}

bool StartupScreen::quit_requested() {
  bool quit = player_.options_.interrupted.stop_requested();
  Command command;
  while (player_.take_command(command))
    if (command.type == Command::Type::quit) quit = true;
  if (!player_.sdl_events_) return quit;
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    if (event.type == SDL_QUIT) quit = true;
    if (event.type == SDL_WINDOWEVENT) redraw_ = true;
    if (event.type == SDL_KEYDOWN)
      if (auto c = command_for_key(event.key); c && c->type == Command::Type::quit) quit = true;
  }
  return quit;
}

void StartupScreen::show(const StartupPhase& phase) {
  if (phase.buffering_percent) percent_shown_ = std::max(percent_shown_, *phase.buffering_percent);
  if (drawn_ && phase == shown_ && !redraw_) return;
  shown_ = phase;
  drawn_ = true;
  redraw_ = false;
  OsdState osd;
  osd.phase = phase.text;
  osd.phase_hint = phase.hint;
  if (player_.video_output_) player_.video_output_->present(nullptr, osd);
  if (player_.options_.osd_observer) player_.options_.osd_observer(osd);
  if (!player_.options_.status_line || phase.text.empty()) return;
  std::string line = phase.text;
  if (!phase.hint.empty()) line += " (" + phase.hint + ")";
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  printed_ = true;
}

void StartupScreen::wait(double seconds) {
  player_.wait_for_input(seconds);
}

}  // namespace swarmtv::player

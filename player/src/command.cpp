#include "swarmtv/player/command.h"

namespace swarmtv::player {

std::optional<Command> command_for_key(const SDL_KeyboardEvent& key) {
  using T = Command::Type;
  const bool shift = key.keysym.mod & KMOD_SHIFT;
  auto seek = [&](double seconds) { return Command{T::seek_relative, seconds, shift}; };
  switch (key.keysym.sym) {
    case SDLK_SPACE:
    case SDLK_p:
      return Command{T::toggle_pause};
    case SDLK_LEFT:
      return seek(-5);
    case SDLK_RIGHT:
      return seek(5);
    case SDLK_UP:
      return seek(60);
    case SDLK_DOWN:
      return seek(-60);
    case SDLK_9:
    case SDLK_KP_DIVIDE:
      return Command{T::volume_delta, -2};
    case SDLK_0:
    case SDLK_KP_MULTIPLY:
      return Command{T::volume_delta, 2};
    case SDLK_m:
      return Command{T::toggle_mute};
    case SDLK_f:
      return Command{T::toggle_fullscreen};
    case SDLK_s:
      return Command{T::screenshot};
    case SDLK_j:
      return Command{T::cycle_subtitles, shift ? -1.0 : 1.0};
    case SDLK_v:
      return Command{T::toggle_subtitles};
    case SDLK_PERIOD:
      return Command{T::frame_step};
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_k:
      return Command{T::skip};
    case SDLK_q:
    case SDLK_ESCAPE:
      return Command{T::quit};
    default:
      return std::nullopt;
  }
}

}  // namespace swarmtv::player

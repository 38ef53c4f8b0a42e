// Input pushed into SDL's event queue as a viewer would type or click: what the windowed tests
// share. SDL_PushEvent is thread-safe, so a test may call these from any thread.
#pragma once

#include <SDL2/SDL.h>

namespace swarmtv::test {

inline void push_key(SDL_Keycode key, Uint16 mod = KMOD_NONE) {
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = key;
  e.key.keysym.mod = mod;
  SDL_PushEvent(&e);
}

inline void push_click(int x, int y) {
  SDL_Event e{};
  e.type = SDL_MOUSEBUTTONDOWN;
  e.button.button = SDL_BUTTON_LEFT;
  e.button.x = x;
  e.button.y = y;
  SDL_PushEvent(&e);
}

}  // namespace swarmtv::test

// Player::choose(): a menu in the window (the season screen), by keyboard and mouse.
#include <SDL2/SDL.h>

#include "swarmtv/player/player.h"

namespace swarmtv::player {

namespace {

// The next selectable row from `from` in direction `step` (+1/-1); `from` when there is none.
std::size_t next_selectable(const Menu& menu, std::size_t from, int step) {
  for (std::size_t i = from + step; i < menu.rows.size(); i += step)
    if (menu.rows[i].selectable) return i;
  return from;
}

struct MenuAnswer {
  bool done = false;
  std::optional<std::size_t> chosen;
};

}  // namespace

std::optional<std::size_t> Player::choose(Menu menu) {
  if (!has_window()) return std::nullopt;
  if (menu.selected >= menu.rows.size() || !menu.rows[menu.selected].selectable) {
    menu.selected = next_selectable(menu, std::size_t(-1), +1);
    if (menu.selected >= menu.rows.size()) return std::nullopt;  // nothing to choose
  }
  bool redraw = true;
  MenuAnswer answer;
  auto on_key = [&](SDL_Keycode key) {
    if (key == SDLK_UP || key == SDLK_DOWN) {
      const std::size_t moved = next_selectable(menu, menu.selected, key == SDLK_UP ? -1 : +1);
      redraw = redraw || moved != menu.selected;
      menu.selected = moved;
    } else if (key == SDLK_RETURN || key == SDLK_KP_ENTER) {
      answer = {true, menu.selected};
    } else if (key == SDLK_ESCAPE || key == SDLK_q) {
      answer = {true, std::nullopt};
    }
  };
  while (!answer.done) {
    if (options_.interrupted.stop_requested()) return std::nullopt;
    Command command;
    while (take_command(command))
      if (command.type == Command::Type::quit) return std::nullopt;
    SDL_Event event;
    while (!answer.done && SDL_PollEvent(&event)) {
      if (event.type == SDL_QUIT) return std::nullopt;
      if (event.type == SDL_WINDOWEVENT) redraw = true;
      if (event.type == SDL_KEYDOWN) on_key(event.key.keysym.sym);
      if (event.type == SDL_MOUSEBUTTONDOWN && event.button.button == SDL_BUTTON_LEFT)
        if (auto row = video_output_->menu_row_at(event.button.x, event.button.y);
            row && menu.rows[*row].selectable)
          answer = {true, row};
    }
    if (answer.done) break;
    if (redraw) {
      video_output_->present_menu(menu);
      if (options_.menu_observer) options_.menu_observer(menu);
      redraw = false;
    }
    wait_for_input(0.1);
  }
  return answer.chosen;
}

}  // namespace swarmtv::player

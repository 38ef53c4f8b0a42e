#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "sdl_handles.h"
#include "swarmtv/player/menu.h"

namespace swarmtv::player {

// Draws a Menu (the season screen) on an SDL renderer: the title, then one row per item with
// its label, its detail line and a progress bar; the selected row highlighted, rows that cannot
// be chosen greyed. Scrolls so the selected row is always visible.
class MenuRenderer {
 public:
  explicit MenuRenderer(SDL_Renderer* renderer);
  ~MenuRenderer();
  MenuRenderer(const MenuRenderer&) = delete;
  MenuRenderer& operator=(const MenuRenderer&) = delete;

  // Draws `menu` on the whole output of this size; returns each visible row with its rectangle.
  std::vector<std::pair<std::size_t, SDL_Rect>> draw(const Menu& menu, int width, int height);

 private:
  void text(TTF_Font* font, const std::string& s, int x, int y, SDL_Color color);
  void row(const MenuRow& r, const SDL_Rect& box, bool selected);

  SDL_Renderer* renderer_;
  bool ttf_ = false;
  TtfFontPtr title_font_, font_, small_font_;
};

}  // namespace swarmtv::player

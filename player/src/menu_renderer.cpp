#include "menu_renderer.h"

#include <algorithm>

#include "osd_font.h"

namespace swarmtv::player {

namespace {

constexpr int kRowHeight = 58;
constexpr int kTop = 64;  // below the title
constexpr SDL_Color kWhite{240, 240, 240, 255};
constexpr SDL_Color kGrey{140, 140, 140, 255};

}  // namespace

MenuRenderer::MenuRenderer(SDL_Renderer* renderer) : renderer_(renderer) {
  ttf_ = TTF_Init() == 0;
  if (!ttf_) return;
  title_font_.reset(TTF_OpenFont(kOsdFontPath, 26));
  font_.reset(TTF_OpenFont(kOsdFontPath, 18));
  small_font_.reset(TTF_OpenFont(kOsdFontPath, 14));
}

MenuRenderer::~MenuRenderer() {
  title_font_.reset();
  font_.reset();
  small_font_.reset();
  if (ttf_) TTF_Quit();
}

void MenuRenderer::text(TTF_Font* font, const std::string& s, int x, int y, SDL_Color color) {
  if (!font || s.empty()) return;
  SdlSurfacePtr surface(TTF_RenderUTF8_Blended(font, s.c_str(), color));
  if (!surface) return;
  SdlTexturePtr texture(SDL_CreateTextureFromSurface(renderer_, surface.get()));
  if (!texture) return;
  SDL_Rect dst{x, y, surface->w, surface->h};
  SDL_RenderCopy(renderer_, texture.get(), nullptr, &dst);
}

void MenuRenderer::row(const MenuRow& r, const SDL_Rect& box, bool selected) {
  if (selected) {
    SDL_SetRenderDrawColor(renderer_, 50, 70, 110, 255);
    SDL_RenderFillRect(renderer_, &box);
  }
  const SDL_Color color = r.selectable ? kWhite : kGrey;
  text(font_.get(), r.label, box.x + 12, box.y + 6, color);
  text(small_font_.get(), r.detail, box.x + 12, box.y + 30, r.selectable ? kGrey : color);
  if (!r.progress) return;
  // The watched share: a thin bar along the bottom of the row.
  const SDL_Rect track{box.x + 12, box.y + box.h - 6, std::max(1, box.w - 24), 3};
  SDL_SetRenderDrawColor(renderer_, 80, 80, 80, 255);
  SDL_RenderFillRect(renderer_, &track);
  SDL_Rect done = track;
  done.w = int(std::clamp(*r.progress, 0.0, 1.0) * track.w);
  SDL_SetRenderDrawColor(renderer_, 220, 40, 40, 255);
  if (done.w > 0) SDL_RenderFillRect(renderer_, &done);
}

std::vector<std::pair<std::size_t, SDL_Rect>> MenuRenderer::draw(const Menu& menu, int width,
                                                                 int height) {
  SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(renderer_, 16, 16, 20, 255);
  SDL_RenderClear(renderer_);
  const int margin = std::max(8, width / 30);
  text(title_font_.get(), menu.title, margin, 16, kWhite);
  const int visible = std::max(1, (height - kTop - 8) / kRowHeight);
  const std::size_t first =
      menu.selected >= std::size_t(visible) ? menu.selected + 1 - std::size_t(visible) : 0;
  std::vector<std::pair<std::size_t, SDL_Rect>> shown;
  for (std::size_t i = first; i < menu.rows.size() && i < first + std::size_t(visible); ++i) {
    const SDL_Rect box{margin, kTop + int(i - first) * kRowHeight, std::max(1, width - 2 * margin),
                       kRowHeight - 4};
    row(menu.rows[i], box, i == menu.selected);
    shown.emplace_back(i, box);
  }
  return shown;
}

}  // namespace swarmtv::player

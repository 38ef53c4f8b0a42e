#include "osd_renderer.h"

#include <algorithm>

#include "osd_font.h"

namespace swarmtv::player {

namespace {
constexpr int kFontSize = 18;
}  // namespace

OsdRenderer::OsdRenderer(SDL_Renderer* renderer) : renderer_(renderer) {
  ttf_ = TTF_Init() == 0;
  // Without the font the bar still draws; only the text is missing.
  if (ttf_) font_.reset(TTF_OpenFont(kOsdFontPath, kFontSize));
  if (ttf_) subtitles_ = std::make_unique<SubtitleRenderer>(renderer);
}

OsdRenderer::~OsdRenderer() {
  subtitles_.reset();
  font_.reset();
  if (ttf_) TTF_Quit();
}

SDL_Rect OsdRenderer::bar_rect(int width, int height) {
  const int margin = std::max(8, width / 40);
  return {margin, height - margin - 10, std::max(1, width - 2 * margin), 10};
}

SDL_Rect OsdRenderer::skip_button_rect(int width, int height) {
  const SDL_Rect bar = bar_rect(width, height);
  const int w = std::min(120, std::max(1, bar.w));
  return {bar.x + bar.w - w, bar.y - kFontSize - 60, w, kFontSize + 14};
}

void OsdRenderer::skip_button(const SkipButton& button, int width, int height) {
  const SDL_Rect r = skip_button_rect(width, height);
  // Greyed until the offset has passed, so the viewer sees it is not clickable yet.
  if (button.enabled)
    SDL_SetRenderDrawColor(renderer_, 20, 20, 20, 220);
  else
    SDL_SetRenderDrawColor(renderer_, 60, 60, 60, 140);
  SDL_RenderFillRect(renderer_, &r);
  SDL_SetRenderDrawColor(renderer_, 235, 235, 235, button.enabled ? 255 : 120);
  SDL_RenderDrawRect(renderer_, &r);
  text(button.text, r.x + r.w / 2, r.y + 5, /*centered=*/true);
}

void OsdRenderer::text(const std::string& s, int x, int y, bool centered) {
  if (!font_ || s.empty()) return;
  SdlSurfacePtr surface(TTF_RenderUTF8_Blended(font_.get(), s.c_str(), {255, 255, 255, 255}));
  if (!surface) return;
  SdlTexturePtr texture(SDL_CreateTextureFromSurface(renderer_, surface.get()));
  if (!texture) return;
  SDL_Rect dst{centered ? x - surface->w / 2 : x, y, surface->w, surface->h};
  // A dark box behind the text keeps it readable on any picture.
  SDL_Rect box{dst.x - 4, dst.y - 2, dst.w + 8, dst.h + 4};
  SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 160);
  SDL_RenderFillRect(renderer_, &box);
  SDL_RenderCopy(renderer_, texture.get(), nullptr, &dst);
}

void OsdRenderer::draw(const OsdState& osd, int width, int height) {
  SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_BLEND);
  if (subtitles_ && !osd.subtitle.empty()) {
    // Above the bar and its time label while they show, as mpv moves subtitles up for its OSC.
    const int bottom = osd.show_bar ? bar_rect(width, height).y - kFontSize - 20
                                    : height - std::max(8, height / 20);
    subtitles_->draw(osd.subtitle, width, height, bottom);
  }
  if (!osd.corner.empty()) text(osd.corner, 10, 10);
  if (!osd.message.empty()) text(osd.message, 10, osd.corner.empty() ? 10 : 40);
  if (osd.buffering_percent)
    text("Buffering " + std::to_string(*osd.buffering_percent) + "%", width / 2, height / 2,
         /*centered=*/true);
  if (!osd.phase.empty()) text(osd.phase, width / 2, height / 2 - kFontSize, /*centered=*/true);
  if (!osd.phase_hint.empty())
    text(osd.phase_hint, width / 2, height / 2 + kFontSize, /*centered=*/true);
  if (osd.skip) skip_button(*osd.skip, width, height);
  if (!osd.show_bar) return;

  const SDL_Rect bar = bar_rect(width, height);
  SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 150);
  SDL_RenderFillRect(renderer_, &bar);
  auto span = [&](double a, double b) {
    a = std::clamp(a, 0.0, 1.0);
    b = std::clamp(b, 0.0, 1.0);
    return SDL_Rect{bar.x + int(a * bar.w), bar.y, std::max(1, int((b - a) * bar.w)), bar.h};
  };
  SDL_SetRenderDrawColor(renderer_, 110, 110, 110, 200);
  for (const OsdRange& r : osd.buffered) {
    SDL_Rect rect = span(r.begin, r.end);
    SDL_RenderFillRect(renderer_, &rect);
  }
  if (const auto fraction = osd.played_fraction()) {
    SDL_SetRenderDrawColor(renderer_, 235, 235, 235, 230);
    SDL_Rect played = span(0.0, *fraction);
    played.h = bar.h / 2;
    played.y += bar.h / 4;
    SDL_RenderFillRect(renderer_, &played);
  }
  for (const OsdMarker& m : osd.markers) {
    if (m.done)
      SDL_SetRenderDrawColor(renderer_, 120, 120, 40, 255);
    else
      SDL_SetRenderDrawColor(renderer_, 255, 210, 0, 255);
    SDL_Rect tick{bar.x + int(std::clamp(m.at, 0.0, 1.0) * bar.w) - 1, bar.y - 3, 3, bar.h + 6};
    SDL_RenderFillRect(renderer_, &tick);
  }
  std::string label = format_time(osd.position) + " / " + format_time(osd.duration);
  if (!osd.status.empty()) label += "   " + osd.status;
  text(label, bar.x, bar.y - kFontSize - 12);
  if (!osd.title.empty()) text(osd.title, bar.x, bar.y - 2 * (kFontSize + 12));
}

}  // namespace swarmtv::player

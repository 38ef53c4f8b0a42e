#include "subtitle_renderer.h"

#include <algorithm>

#include "osd_font.h"

namespace swarmtv::player {

namespace {

// A cue is a line or two; more is malformed input, and would cover the picture.
constexpr std::size_t kMaxLines = 8;

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end == std::string::npos ? end : end - begin));
    if (end == std::string::npos) return parts;
    begin = end + 1;
  }
}

}  // namespace

bool SubtitleRenderer::ensure_fonts(int size) {
  if (size == font_size_) return fill_font_ && outline_font_;
  font_size_ = size;
  fill_font_.reset(TTF_OpenFont(kOsdFontPath, size));
  outline_font_.reset(TTF_OpenFont(kOsdFontPath, size));
  outline_ = std::max(1, size / 14);
  if (outline_font_) TTF_SetFontOutline(outline_font_.get(), outline_);
  text_.clear();  // rendered at the old size
  return fill_font_ && outline_font_;
}

std::vector<std::string> SubtitleRenderer::wrap(const std::string& text, int max_width) const {
  std::vector<std::string> lines;
  for (const std::string& paragraph : split(text, '\n')) {
    std::string line;
    for (const std::string& word : split(paragraph, ' ')) {
      if (word.empty()) continue;
      const std::string longer = line.empty() ? word : line + " " + word;
      int w = 0;
      if (!line.empty() && TTF_SizeUTF8(fill_font_.get(), longer.c_str(), &w, nullptr) == 0 &&
          w > max_width) {
        lines.push_back(std::move(line));
        line = word;
      } else {
        line = longer;
      }
    }
    if (!line.empty()) lines.push_back(std::move(line));
    if (lines.size() >= kMaxLines) break;
  }
  if (lines.size() > kMaxLines) lines.resize(kMaxLines);
  return lines;
}

void SubtitleRenderer::render(const std::string& text, int width) {
  text_ = text;
  text_width_ = width;
  lines_.clear();
  for (const std::string& s : wrap(text, width * 9 / 10)) {
    SdlSurfacePtr outline(TTF_RenderUTF8_Blended(outline_font_.get(), s.c_str(), {0, 0, 0, 255}));
    SdlSurfacePtr fill(TTF_RenderUTF8_Blended(fill_font_.get(), s.c_str(), {255, 255, 255, 255}));
    if (!outline || !fill) continue;
    Line line;
    line.width = outline->w;
    line.height = outline->h;
    line.fill_width = fill->w;
    line.fill_height = fill->h;
    line.outline.reset(SDL_CreateTextureFromSurface(renderer_, outline.get()));
    line.fill.reset(SDL_CreateTextureFromSurface(renderer_, fill.get()));
    if (line.outline && line.fill) lines_.push_back(std::move(line));
  }
}

void SubtitleRenderer::draw(const std::string& text, int width, int height, int bottom) {
  if (text.empty() || width <= 0 || height <= 0) return;
  // About mpv's default size: 55 scaled points at 720 lines.
  if (!ensure_fonts(std::clamp(height * 6 / 100, 12, 96))) return;
  if (text != text_ || width != text_width_) render(text, width);
  const int skip = TTF_FontLineSkip(fill_font_.get());
  int y = bottom - int(lines_.size()) * skip - 2 * outline_;
  for (const Line& line : lines_) {
    const SDL_Rect outer{(width - line.width) / 2, y, line.width, line.height};
    const SDL_Rect inner{outer.x + outline_, outer.y + outline_, line.fill_width, line.fill_height};
    SDL_RenderCopy(renderer_, line.outline.get(), nullptr, &outer);
    SDL_RenderCopy(renderer_, line.fill.get(), nullptr, &inner);
    y += skip;
  }
}

}  // namespace swarmtv::player

#pragma once

#include <string>
#include <vector>

#include "sdl_handles.h"

namespace swarmtv::player {

// Draws subtitle text as mpv's default style does: white with a black outline, bottom-centred,
// each line word-wrapped to the window, the size following the window's height. The lines are
// rendered once per text and size (a cue lasts seconds; frames come 25 times a second). Needs
// TTF_Init (OsdRenderer owns it).
class SubtitleRenderer {
 public:
  explicit SubtitleRenderer(SDL_Renderer* renderer) : renderer_(renderer) {}
  SubtitleRenderer(const SubtitleRenderer&) = delete;
  SubtitleRenderer& operator=(const SubtitleRenderer&) = delete;

  // Draws `text` centred in a window `width` wide, its last line ending at y = `bottom`.
  void draw(const std::string& text, int width, int height, int bottom);

 private:
  struct Line {
    SdlTexturePtr outline, fill;
    int width = 0, height = 0;  // of the outline texture, which the fill sits inside
    int fill_width = 0, fill_height = 0;
  };

  bool ensure_fonts(int size);
  std::vector<std::string> wrap(const std::string& text, int max_width) const;
  void render(const std::string& text, int width);

  SDL_Renderer* renderer_;
  TtfFontPtr fill_font_, outline_font_;
  int font_size_ = 0;
  int outline_ = 0;
  std::string text_;
  int text_width_ = 0;
  std::vector<Line> lines_;
};

}  // namespace swarmtv::player

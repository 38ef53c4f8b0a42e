#pragma once

#include <memory>
#include <string>

#include "sdl_handles.h"
#include "subtitle_renderer.h"
#include "swarmtv/player/osd_state.h"

namespace swarmtv::player {

// Draws an OsdState on an SDL renderer: text with SDL_ttf (DejaVu Sans from Debian's
// fonts-dejavu-core), the seek bar with buffered ranges and markers, and the subtitle.
class OsdRenderer {
 public:
  explicit OsdRenderer(SDL_Renderer* renderer);
  ~OsdRenderer();
  OsdRenderer(const OsdRenderer&) = delete;
  OsdRenderer& operator=(const OsdRenderer&) = delete;

  void draw(const OsdState& osd, int width, int height);
  // The seek bar's rectangle in a window of this size.
  static SDL_Rect bar_rect(int width, int height);
  // The Skip button's rectangle: bottom right, above the seek bar and its label.
  static SDL_Rect skip_button_rect(int width, int height);

 private:
  void text(const std::string& s, int x, int y, bool centered = false);
  void skip_button(const SkipButton& button, int width, int height);

  SDL_Renderer* renderer_;
  bool ttf_ = false;
  TtfFontPtr font_;
  std::unique_ptr<SubtitleRenderer> subtitles_;  // made after TTF_Init, gone before TTF_Quit
};

}  // namespace swarmtv::player

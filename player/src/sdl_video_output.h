#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "menu_renderer.h"
#include "osd_renderer.h"
#include "sdl_handles.h"
#include "swarmtv/player/video_output.h"

namespace swarmtv::player {

// A resizable SDL window. Pictures are uploaded in their native YUV layout (IYUV or NV12) and
// scaled by the renderer keeping the display aspect ratio. The window outlives inputs, so
// switching between an episode and a sponsor clip never recreates it.
class SdlVideoOutput final : public VideoOutput {
 public:
  SdlVideoOutput() = default;
  ~SdlVideoOutput() override;
  Status open(const decoder::MediaInfo& info, bool fullscreen, const std::string& title) override;
  void present(const AVFrame* frame, const OsdState& osd) override;
  Status screenshot(const std::filesystem::path& file) override;
  void toggle_fullscreen() override;
  bool fullscreen() const override { return fullscreen_; }
  std::optional<double> seekbar_fraction_at(int x, int y) const override;
  bool skip_button_at(int x, int y) const override;
  void present_menu(const Menu& menu) override;
  std::optional<std::size_t> menu_row_at(int x, int y) const override;

 private:
  bool upload(const AVFrame& frame);
  SDL_Rect video_rect() const;
  void output_size(int& w, int& h) const;

  std::unique_ptr<SdlSubsystem> subsystem_;
  SdlWindowPtr window_;
  SdlRendererPtr renderer_;
  SdlTexturePtr texture_;
  std::unique_ptr<OsdRenderer> osd_;
  std::unique_ptr<MenuRenderer> menu_;                       // made with the first menu
  std::vector<std::pair<std::size_t, SDL_Rect>> menu_rows_;  // the rows last drawn
  int texture_width_ = 0, texture_height_ = 0;
  Uint32 texture_format_ = 0;
  double display_aspect_ = 0.0;
  bool fullscreen_ = false;
  bool has_picture_ = false;
  bool bar_visible_ = false;
  bool skip_visible_ = false;
};

}  // namespace swarmtv::player

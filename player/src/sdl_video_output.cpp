#include "sdl_video_output.h"

#include <vector>

#include "swarmtv/player/png_writer.h"

namespace swarmtv::player {

SdlVideoOutput::~SdlVideoOutput() {
  menu_.reset();
  osd_.reset();
  texture_.reset();
  renderer_.reset();
  window_.reset();
}

Status SdlVideoOutput::open(const decoder::MediaInfo& info, bool fullscreen,
                            const std::string& title) {
  const double sar = info.sample_aspect_ratio.num > 0 ? av_q2d(info.sample_aspect_ratio) : 1.0;
  const int width = info.width > 0 ? info.width : 640;
  const int height = info.height > 0 ? info.height : 360;
  display_aspect_ = double(width) * sar / height;
  if (window_) {
    SDL_SetWindowTitle(window_.get(), title.c_str());
    if (!info.has_video) has_picture_ = false;  // audio alone: black under the OSD
    // The start-up screen's window takes the size of the first video, as if made for it.
    if (!has_picture_ && !fullscreen_ && info.width > 0)
      SDL_SetWindowSize(window_.get(), int(height * display_aspect_ + 0.5), height);
    return Status::success();
  }
  subsystem_ = std::make_unique<SdlSubsystem>(SDL_INIT_VIDEO);
  if (!subsystem_->ok())
    return make_error(Errc::device_error,
                      std::string("cannot start video output: ") + SDL_GetError());
  Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
  if (fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  window_.reset(SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                                 int(height * display_aspect_ + 0.5), height, flags));
  if (!window_)
    return make_error(Errc::device_error, std::string("cannot create a window: ") + SDL_GetError());
  fullscreen_ = fullscreen;
  renderer_.reset(SDL_CreateRenderer(window_.get(), -1, SDL_RENDERER_ACCELERATED));
  if (!renderer_) renderer_.reset(SDL_CreateRenderer(window_.get(), -1, SDL_RENDERER_SOFTWARE));
  if (!renderer_)
    return make_error(Errc::device_error,
                      std::string("cannot create a renderer: ") + SDL_GetError());
  osd_ = std::make_unique<OsdRenderer>(renderer_.get());
  SDL_SetRenderDrawColor(renderer_.get(), 0, 0, 0, 255);
  SDL_RenderClear(renderer_.get());
  SDL_RenderPresent(renderer_.get());
  return Status::success();
}

bool SdlVideoOutput::upload(const AVFrame& frame) {
  Uint32 format;
  switch (frame.format) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
      format = SDL_PIXELFORMAT_IYUV;
      break;
    case AV_PIX_FMT_NV12:
      format = SDL_PIXELFORMAT_NV12;
      break;
    case AV_PIX_FMT_NV21:
      format = SDL_PIXELFORMAT_NV21;
      break;
    default:
      return false;  // the decoder converts everything else to yuv420p
  }
  if (!texture_ || format != texture_format_ || frame.width != texture_width_ ||
      frame.height != texture_height_) {
    texture_.reset(SDL_CreateTexture(renderer_.get(), format, SDL_TEXTUREACCESS_STREAMING,
                                     frame.width, frame.height));
    if (!texture_) return false;
    texture_format_ = format;
    texture_width_ = frame.width;
    texture_height_ = frame.height;
  }
  const bool full_range =
      frame.format == AV_PIX_FMT_YUVJ420P || frame.color_range == AVCOL_RANGE_JPEG;
  SDL_SetYUVConversionMode(full_range                            ? SDL_YUV_CONVERSION_JPEG
                           : frame.colorspace == AVCOL_SPC_BT709 ? SDL_YUV_CONVERSION_BT709
                           : frame.colorspace == AVCOL_SPC_BT470BG ||
                                   frame.colorspace == AVCOL_SPC_SMPTE170M
                               ? SDL_YUV_CONVERSION_BT601
                               : SDL_YUV_CONVERSION_AUTOMATIC);
  int ret;
  if (format == SDL_PIXELFORMAT_IYUV)
    ret = SDL_UpdateYUVTexture(texture_.get(), nullptr, frame.data[0], frame.linesize[0],
                               frame.data[1], frame.linesize[1], frame.data[2], frame.linesize[2]);
  else
    ret = SDL_UpdateNVTexture(texture_.get(), nullptr, frame.data[0], frame.linesize[0],
                              frame.data[1], frame.linesize[1]);
  return ret == 0;
}

void SdlVideoOutput::output_size(int& w, int& h) const {
  if (SDL_GetRendererOutputSize(renderer_.get(), &w, &h) != 0)
    SDL_GetWindowSize(window_.get(), &w, &h);
}

SDL_Rect SdlVideoOutput::video_rect() const {
  int w, h;
  output_size(w, h);
  // Letterbox: the largest rectangle of the picture's display aspect that fits the window.
  int vw = w, vh = int(w / display_aspect_ + 0.5);
  if (vh > h) {
    vh = h;
    vw = int(h * display_aspect_ + 0.5);
  }
  return {(w - vw) / 2, (h - vh) / 2, vw, vh};
}

void SdlVideoOutput::present_menu(const Menu& menu) {
  if (!renderer_) return;
  if (!menu_) menu_ = std::make_unique<MenuRenderer>(renderer_.get());
  int w, h;
  output_size(w, h);
  menu_rows_ = menu_->draw(menu, w, h);
  SDL_RenderPresent(renderer_.get());
}

std::optional<std::size_t> SdlVideoOutput::menu_row_at(int x, int y) const {
  if (!window_) return std::nullopt;
  // Mouse events are in window coordinates, the rows in the renderer's pixels.
  int ww, wh, ow, oh;
  SDL_GetWindowSize(window_.get(), &ww, &wh);
  output_size(ow, oh);
  if (ww > 0 && wh > 0) {
    x = x * ow / ww;
    y = y * oh / wh;
  }
  for (const auto& [index, r] : menu_rows_)
    if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) return index;
  return std::nullopt;
}

void SdlVideoOutput::present(const AVFrame* frame, const OsdState& osd) {
  if (!renderer_) return;
  menu_rows_.clear();
  if (frame && upload(*frame)) has_picture_ = true;
  SDL_SetRenderDrawColor(renderer_.get(), 0, 0, 0, 255);
  SDL_RenderClear(renderer_.get());
  if (has_picture_) {
    SDL_Rect rect = video_rect();
    SDL_RenderCopy(renderer_.get(), texture_.get(), nullptr, &rect);
  }
  int w, h;
  output_size(w, h);
  osd_->draw(osd, w, h);
  bar_visible_ = osd.show_bar;
  skip_visible_ = osd.skip.has_value();
  SDL_RenderPresent(renderer_.get());
}

Status SdlVideoOutput::screenshot(const std::filesystem::path& file) {
  if (!has_picture_) return make_error(Errc::refused, "no picture shown yet");
  // Render the picture alone and read it back: the file shows exactly what the window shows,
  // through SDL's own YUV conversion, without the OSD.
  SDL_Rect rect = video_rect();
  SDL_SetRenderDrawColor(renderer_.get(), 0, 0, 0, 255);
  SDL_RenderClear(renderer_.get());
  SDL_RenderCopy(renderer_.get(), texture_.get(), nullptr, &rect);
  std::vector<std::uint8_t> pixels(std::size_t(rect.w) * rect.h * 3);
  if (SDL_RenderReadPixels(renderer_.get(), &rect, SDL_PIXELFORMAT_RGB24, pixels.data(),
                           rect.w * 3) != 0)
    return make_error(Errc::device_error,
                      std::string("cannot read the picture back: ") + SDL_GetError());
  return write_png_rgb24(file, pixels.data(), rect.w, rect.h, rect.w * 3);
}

void SdlVideoOutput::toggle_fullscreen() {
  if (!window_) return;
  fullscreen_ = !fullscreen_;
  SDL_SetWindowFullscreen(window_.get(), fullscreen_ ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
}

bool SdlVideoOutput::skip_button_at(int x, int y) const {
  if (!window_ || !skip_visible_) return false;
  int w, h;
  SDL_GetWindowSize(window_.get(), &w, &h);
  const SDL_Rect button = OsdRenderer::skip_button_rect(w, h);
  return x >= button.x && x < button.x + button.w && y >= button.y && y < button.y + button.h;
}

std::optional<double> SdlVideoOutput::seekbar_fraction_at(int x, int y) const {
  if (!window_ || !bar_visible_) return std::nullopt;
  int w, h;
  SDL_GetWindowSize(window_.get(), &w, &h);  // mouse events are in window coordinates
  const SDL_Rect bar = OsdRenderer::bar_rect(w, h);
  if (x < bar.x || x > bar.x + bar.w || y < bar.y - 10 || y > bar.y + bar.h + 10)
    return std::nullopt;
  return double(x - bar.x) / bar.w;
}

}  // namespace swarmtv::player

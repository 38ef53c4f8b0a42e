// Where pictures go: an SDL window (with the OSD) or a null sink for headless runs.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "swarmtv/base/result.h"
#include "swarmtv/decoder/media_types.h"
#include "swarmtv/player/menu.h"
#include "swarmtv/player/osd_state.h"

namespace swarmtv::player {

class VideoOutput {
 public:
  virtual ~VideoOutput() = default;
  // Prepares for pictures of the given input (window size and aspect ratio); a device_error
  // if the window cannot be made.
  virtual Status open(const decoder::MediaInfo& info, bool fullscreen,
                      const std::string& title) = 0;
  // Shows `frame`, or the last frame again when null, with the OSD on top.
  virtual void present(const AVFrame* frame, const OsdState& osd) = 0;
  // Saves the picture last shown, without the OSD, as PNG; refused before the first picture.
  virtual Status screenshot(const std::filesystem::path& file) = 0;
  virtual void toggle_fullscreen() {}
  virtual bool fullscreen() const { return false; }
  // The fraction of the duration under window point (x, y) if it is on the seek bar.
  virtual std::optional<double> seekbar_fraction_at(int /*x*/, int /*y*/) const {
    return std::nullopt;
  }
  // Whether window point (x, y) is on the Skip button last shown.
  virtual bool skip_button_at(int /*x*/, int /*y*/) const { return false; }
  // Draws `menu` over a dark screen (the season screen); the null output shows nothing.
  virtual void present_menu(const Menu& /*menu*/) {}
  // The row of the menu last drawn under window point (x, y).
  virtual std::optional<std::size_t> menu_row_at(int /*x*/, int /*y*/) const {
    return std::nullopt;
  }
};

// `name` is "sdl" or "null"; an invalid_argument for any other name.
Result<std::unique_ptr<VideoOutput>> make_video_output(const std::string& name);

}  // namespace swarmtv::player

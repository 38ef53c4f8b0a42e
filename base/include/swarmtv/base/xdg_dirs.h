// The XDG base directories, where swarmtv keeps what it stores for the user.
#pragma once

#include <filesystem>
#include <optional>

namespace swarmtv {

enum class XdgDir {
  data,    // $XDG_DATA_HOME, ~/.local/share: licences, the ad tracking log
  config,  // $XDG_CONFIG_HOME, ~/.config: trusted publisher keys
  state,   // $XDG_STATE_HOME, ~/.local/state: watch-later positions
  cache,   // $XDG_CACHE_HOME, ~/.cache: downloads
};

// The variable's value when it is an absolute path (the XDG Base Directory Specification says
// a relative one is invalid and must be ignored), else the default under $HOME when HOME is
// absolute; nullopt when neither is. Callers append "swarmtv/...".
std::optional<std::filesystem::path> xdg_dir(XdgDir dir);

}  // namespace swarmtv

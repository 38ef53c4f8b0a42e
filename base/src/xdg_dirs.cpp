#include "swarmtv/base/xdg_dirs.h"

#include <cstdlib>

namespace swarmtv {
namespace {

struct XdgEntry {
  const char* variable;
  const char* under_home;
};

XdgEntry entry_of(XdgDir dir) {
  switch (dir) {
    case XdgDir::data: return {"XDG_DATA_HOME", ".local/share"};
    case XdgDir::config: return {"XDG_CONFIG_HOME", ".config"};
    case XdgDir::state: return {"XDG_STATE_HOME", ".local/state"};
    case XdgDir::cache: return {"XDG_CACHE_HOME", ".cache"};
  }
  return {"XDG_DATA_HOME", ".local/share"};
}

bool absolute(const char* value) {
  return value != nullptr && value[0] == '/';
}

}  // namespace

std::optional<std::filesystem::path> xdg_dir(XdgDir dir) {
  const XdgEntry entry = entry_of(dir);
  if (const char* value = std::getenv(entry.variable); absolute(value))
    return std::filesystem::path(value);
  if (const char* home = std::getenv("HOME"); absolute(home))
    return std::filesystem::path(home) / entry.under_home;
  return std::nullopt;
}

}  // namespace swarmtv

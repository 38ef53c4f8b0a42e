// Where swarmtv keeps the user's files: the XDG variables when absolute, else under $HOME.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <string>

#include "swarmtv/base/xdg_dirs.h"

using swarmtv::XdgDir;
using swarmtv::xdg_dir;

namespace {

// Sets (or unsets, with nullopt) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value->c_str(), 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("an absolute XDG variable is used as it is", "[base]") {
  ScopedEnv data("XDG_DATA_HOME", "/srv/data");
  ScopedEnv cache("XDG_CACHE_HOME", "/srv/cache");
  CHECK(xdg_dir(XdgDir::data) == std::filesystem::path("/srv/data"));
  CHECK(xdg_dir(XdgDir::cache) == std::filesystem::path("/srv/cache"));
}

TEST_CASE("a relative or empty XDG variable is ignored for the default under HOME", "[base]") {
  ScopedEnv home("HOME", "/home/viewer");
  ScopedEnv data("XDG_DATA_HOME", "relative/data");
  ScopedEnv config("XDG_CONFIG_HOME", "");
  ScopedEnv state("XDG_STATE_HOME", std::nullopt);
  ScopedEnv cache("XDG_CACHE_HOME", std::nullopt);
  CHECK(xdg_dir(XdgDir::data) == std::filesystem::path("/home/viewer/.local/share"));
  CHECK(xdg_dir(XdgDir::config) == std::filesystem::path("/home/viewer/.config"));
  CHECK(xdg_dir(XdgDir::state) == std::filesystem::path("/home/viewer/.local/state"));
  CHECK(xdg_dir(XdgDir::cache) == std::filesystem::path("/home/viewer/.cache"));
}

TEST_CASE("without an absolute XDG variable or HOME there is no directory", "[base]") {
  ScopedEnv home("HOME", "not/absolute");
  ScopedEnv data("XDG_DATA_HOME", std::nullopt);
  CHECK_FALSE(xdg_dir(XdgDir::data).has_value());
}

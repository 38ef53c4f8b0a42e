#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_support.h"

int main(int argc, char* argv[]) {
  // Headless by default: SDL's dummy video and audio drivers (a test may ask for others).
  ::setenv("SDL_VIDEODRIVER", "dummy", /*overwrite=*/0);
  ::setenv("SDL_AUDIODRIVER", "dummy", 0);
  // Every test process (CTest runs one per case) has its own state directory, so the positions
  // `swarmtv play` remembers (watch-later) never carry from one test into another, nor into the
  // user's own ~/.local/state. A test that wants a folder of its own passes --watch-later-dir.
  const std::filesystem::path state =
      swarmtv::test::binary_dir() / "test-state" / std::to_string(::getpid());
  std::filesystem::remove_all(state);
  ::setenv("XDG_STATE_HOME", state.c_str(), 1);
  const int code = Catch::Session().run(argc, argv);
  std::error_code ec;
  std::filesystem::remove_all(state, ec);
  return code;
}

#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>

int main(int argc, char* argv[]) {
  // Headless by default: SDL's dummy video and audio drivers (a test may ask for others).
  ::setenv("SDL_VIDEODRIVER", "dummy", /*overwrite=*/0);
  ::setenv("SDL_AUDIODRIVER", "dummy", 0);
  return Catch::Session().run(argc, argv);
}

#include <catch2/catch.hpp>

#include "swarmtv/ads/loudness.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using Catch::Detail::Approx;

TEST_CASE("loudness: a clip louder than the content is turned down", "[ads][loudness]") {
  CHECK(loudness_gain_db(-14.0, -23.0) == Approx(-9.0));
  CHECK(loudness_gain_linear(-14.0, -23.0) == Approx(0.354813).epsilon(1e-5));
}

TEST_CASE("loudness: a quiet clip is turned up", "[ads][loudness]") {
  CHECK(loudness_gain_db(-26.0, -20.0) == Approx(6.0));
  CHECK(loudness_gain_linear(-26.0, -20.0) == Approx(1.995262).epsilon(1e-5));
}

TEST_CASE("loudness: the gain is clamped to +-12 dB", "[ads][loudness]") {
  CHECK(loudness_gain_db(-5.0, -30.0) == Approx(-12.0));
  CHECK(loudness_gain_db(-50.0, -14.0) == Approx(12.0));
  CHECK(loudness_gain_db(-50.0, -14.0, 6.0) == Approx(6.0));
}

TEST_CASE("loudness: unknown values fall back sensibly", "[ads][loudness]") {
  CHECK(loudness_gain_db(std::nullopt, -23.0) == 0.0);
  CHECK(loudness_gain_linear(std::nullopt, -23.0) == 1.0);
  // Unknown content loudness: the EBU R128 reference level.
  CHECK(loudness_gain_db(-20.0, std::nullopt) == Approx(-3.0));
}

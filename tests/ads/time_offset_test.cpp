#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "ads_test_util.h"
#include "swarmtv/ads/time_offset.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using nlohmann::json;
using swarmtv::ads::test::sec;

TEST_CASE("time offsets: every accepted form resolves to the right time", "[ads][offset]") {
  const MediaTime duration = sec(600);
  struct Case {
    json input;
    MediaTime expected;
  };
  const Case cases[] = {
      {json(90), sec(90)},
      {json(95.5), sec(95.5)},
      {json("00:01:35"), sec(95)},
      {json("00:01:35.5"), sec(95.5)},
      {json("00:01:35.250"), sec(95.25)},
      {json("1:00:00"), sec(3600)},
      {json("25%"), sec(150)},
      {json("12.5%"), sec(75)},
      {json("0%"), sec(0)},
      {json("100%"), sec(600)},
  };
  for (const Case& c : cases) {
    INFO(c.input.dump());
    auto t = TimeOffset::from_json(c.input);
    REQUIRE(t.ok());
    CHECK(t->resolve(duration) == c.expected);
    // Serialising gives back the form it was written in.
    CHECK(t->to_json() == c.input);
  }
}

TEST_CASE("time offsets: a percentage needs the duration", "[ads][offset]") {
  auto t = TimeOffset::parse("50%");
  REQUIRE(t.ok());
  CHECK(t->is_percent());
  CHECK_FALSE(t->resolve(std::nullopt).has_value());
  CHECK(TimeOffset::parse("00:00:10")->resolve(std::nullopt) == sec(10));
}

TEST_CASE("time offsets: malformed values are refused with a message", "[ads][offset]") {
  const json bad[] = {json(-1),         json("abc"),           json("1:2"),  json("00:60:00"),
                      json("00:00:60"), json("00:00:05.1234"), json("101%"), json("-5%"),
                      json("%"),        json("1e3%"),          json(true),   json(nullptr),
                      json::array(),    json("00:00:05."),     json(1e12),   json("0x10%")};
  for (const json& v : bad) {
    INFO(v.dump());
    auto t = TimeOffset::from_json(v);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == Errc::parse_error);
    CHECK_FALSE(t.error().message.empty());
    CHECK(t.error().message.find('\n') == std::string::npos);
  }
}

TEST_CASE("format_clock renders m:ss and h:mm:ss", "[ads][offset]") {
  CHECK(format_clock(sec(12)) == "0:12");
  CHECK(format_clock(sec(75.9)) == "1:15");
  CHECK(format_clock(sec(3725)) == "1:02:05");
}

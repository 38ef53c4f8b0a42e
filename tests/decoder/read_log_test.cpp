#include <catch2/catch.hpp>

#include "swarmtv/decoder/read_log.h"

using swarmtv::ByteRange;
using swarmtv::decoder::ReadLog;

TEST_CASE("The read log merges sequential, overlapping and touching reads", "[read_log]") {
  ReadLog log;
  log.add({0, 100});
  log.add({100, 250});    // touching: extends
  log.add({5000, 6000});  // a seek
  log.add({5500, 7000});  // overlapping
  log.add({300, 400});    // a gap before the seek target stays a gap
  log.add({0, 0});        // empty: ignored
  CHECK(log.take() == std::vector<ByteRange>{{0, 250}, {300, 400}, {5000, 7000}});
  CHECK(log.take().empty());
}

TEST_CASE("A read spanning several logged ranges joins them", "[read_log]") {
  ReadLog log;
  log.add({1000, 2000});
  log.add({3000, 4000});
  log.add({5000, 6000});
  log.add({1500, 5000});
  CHECK(log.take() == std::vector<ByteRange>{{1000, 6000}});
}

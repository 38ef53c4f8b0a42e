#include <catch2/catch.hpp>

#include "swarmtv/http/byte_range_header.h"
#include "swarmtv/http/content_type.h"

using namespace swarmtv;
using namespace swarmtv::http;
using Kind = RangeRequest::Kind;

TEST_CASE("Range headers", "[http][range]") {
  const std::int64_t size = 1000;
  auto r = parse_range_header("", size);
  CHECK((r.kind == Kind::whole && r.begin == 0 && r.end == size));
  r = parse_range_header("bytes=0-0", size);
  CHECK((r.kind == Kind::partial && r.begin == 0 && r.end == 1));
  r = parse_range_header("bytes=10-19", size);
  CHECK((r.kind == Kind::partial && r.begin == 10 && r.end == 20));
  r = parse_range_header("bytes=990-", size);
  CHECK((r.kind == Kind::partial && r.begin == 990 && r.end == size));
  r = parse_range_header("bytes=-100", size);
  CHECK((r.kind == Kind::partial && r.begin == 900 && r.end == size));
  r = parse_range_header("bytes=-5000", size);  // longer than the file: all of it
  CHECK((r.kind == Kind::partial && r.begin == 0 && r.end == size));
  r = parse_range_header("bytes=500-99999999999", size);  // clamped
  CHECK((r.kind == Kind::partial && r.begin == 500 && r.end == size));
  r = parse_range_header("BYTES=1-2", size);
  CHECK(r.kind == Kind::partial);
  r = parse_range_header("bytes=0-1,5-6", size);
  CHECK(r.kind == Kind::whole);

  // RFC 9110 §14.2: an unknown range unit is ignored: the whole file.
  for (const char* other : {"items=0-10", "pages=1-2", "Items=garbage", "x-custom="}) {
    r = parse_range_header(other, size);
    CHECK((r.kind == Kind::whole && r.begin == 0 && r.end == size));
  }

  CHECK(parse_range_header("bytes=1000-", size).kind == Kind::unsatisfiable);
  CHECK(parse_range_header("bytes=5000-6000", size).kind == Kind::unsatisfiable);
  CHECK(parse_range_header("bytes=-0", size).kind == Kind::unsatisfiable);
  CHECK(parse_range_header("bytes=0-", 0).kind == Kind::unsatisfiable);

  for (const char* bad :
       {"bytes", "bytes=", "bytes=-", "bytes=abc", "bytes=5-2", "bytes=1-x", "=0-1", "by tes=0-1",
        "bytes=+1-2", "bytes=--1", "bytes=0-1,x", "bytes=99999999999999999999-", "bytes= 1 2-3"})
    CHECK(parse_range_header(bad, size).kind == Kind::malformed);
}

TEST_CASE("Content types by container", "[http]") {
  CHECK(content_type_for("Show/ep1.mp4") == "video/mp4");
  CHECK(content_type_for("ep1.MKV") == "video/x-matroska");
  CHECK(content_type_for("a.webm") == "video/webm");
  CHECK(content_type_for("bonus/making-of.mkv.enc") == "video/x-matroska");
  CHECK(content_type_for("notes") == "application/octet-stream");
  CHECK(content_type_for("dir.mp4/file") == "application/octet-stream");
  CHECK(is_playable_in_browser("a.webm"));
  CHECK_FALSE(is_playable_in_browser("a.avi"));
}

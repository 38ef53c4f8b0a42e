#include <catch2/catch.hpp>

#include "swarmtv/http/conditional_request.h"

using namespace swarmtv;
using namespace swarmtv::http;

TEST_CASE("a file's entity tag comes from the info-hash and the file index", "[http][etag]") {
  const std::string hash = "0123456789abcdef0123456789abcdef01234567";
  CHECK(file_etag(hash, 3) == "\"0123456789abcdef-3\"");
  CHECK(file_etag(hash, 3) != file_etag(hash, 4));
  CHECK(file_etag(hash, 3) != file_etag("fedcba9876543210", 3));
}

TEST_CASE("If-None-Match lists, wildcards and weak tags", "[http][etag]") {
  const std::string tag = "\"0123456789abcdef-3\"";
  CHECK_FALSE(none_match_hits("", tag));
  CHECK(none_match_hits("*", tag));
  CHECK(none_match_hits(tag, tag));
  CHECK(none_match_hits("W/" + tag, tag));
  CHECK(none_match_hits("\"other\", " + tag, tag));
  CHECK(none_match_hits(" \"other\" ,W/" + tag + " ", tag));
  CHECK_FALSE(none_match_hits("\"other\", \"0123456789abcdef-4\"", tag));
  CHECK_FALSE(none_match_hits("0123456789abcdef-3", tag));  // unquoted: not this tag
}

TEST_CASE("If-Range honours the range only for the same strong tag", "[http][etag]") {
  const std::string tag = "\"0123456789abcdef-3\"";
  CHECK(if_range_allows("", tag));
  CHECK(if_range_allows(tag, tag));
  CHECK(if_range_allows(" " + tag, tag));
  CHECK_FALSE(if_range_allows("W/" + tag, tag));
  CHECK_FALSE(if_range_allows("\"0123456789abcdef-4\"", tag));
  CHECK_FALSE(if_range_allows("Sat, 29 Oct 1994 19:43:31 GMT", tag));
}

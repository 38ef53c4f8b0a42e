// The watch-later store on disk: what is saved loads back, the near-end rule, and a malformed
// or foreign file is a one-line error, never a crash.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "swarmtv/watch/watch_later_store.h"
#include "test_support.h"

using namespace swarmtv;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

TEST_CASE("watch later: a saved entry loads back, another key has none", "[watch]") {
  test::TempDir dir("watch-roundtrip");
  watch::WatchLaterStore store(dir / "wl");
  const std::string key = watch::torrent_file_key("ab12", 3);
  auto none = store.load(key);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  watch::WatchEntry e;
  e.key = key;
  e.title = "One";
  e.position = 40040ms;
  e.duration = 1420500ms;
  REQUIRE(store.save(e).ok());
  auto back = store.load(key);
  REQUIRE(back.ok());
  REQUIRE(back->has_value());
  CHECK((*back)->position == 40040ms);
  CHECK((*back)->duration == 1420500ms);
  CHECK_FALSE((*back)->watched);
  CHECK((*back)->updated > 0);
  CHECK(watch::resume_position(**back) == 40040ms);
  auto other = store.load(watch::torrent_file_key("ab12", 4));
  REQUIRE(other.ok());
  CHECK_FALSE(other->has_value());
}

TEST_CASE("watch later: near the end is watched, a watched entry resumes at 0", "[watch]") {
  // The last 5 %, at most 10 s.
  CHECK(watch::near_end(1411s, 1420s));
  CHECK_FALSE(watch::near_end(1409s, 1420s));
  CHECK(watch::near_end(5800ms, 6s));
  CHECK_FALSE(watch::near_end(5600ms, 6s));
  CHECK_FALSE(watch::near_end(5800ms, std::nullopt));
  watch::WatchEntry e;
  e.position = 5800ms;
  e.duration = 6s;
  CHECK_FALSE(watch::resume_position(e));
  e.position = 3s;
  CHECK(watch::resume_position(e) == 3s);
  e.watched = true;
  CHECK_FALSE(watch::resume_position(e));
  CHECK(e.progress() == 1.0);
  e.watched = false;
  e.position = 400ms;  // less than a second in: the start
  CHECK_FALSE(watch::resume_position(e));
}

TEST_CASE("watch later: a malformed or foreign file is an error, never a crash", "[watch]") {
  test::TempDir dir("watch-malformed");
  watch::WatchLaterStore store(dir / "wl");
  const std::string key = watch::local_file_key("/videos/a.mp4", 1000);
  watch::WatchEntry e;
  e.key = key;
  e.position = 12s;
  REQUIRE(store.save(e).ok());
  const fs::path file = store.file_for(key);
  for (const std::string& text :
       {std::string(""), std::string("{"), std::string("[]"), std::string("\x01\xff garbage"),
        std::string(R"({"format":2,"key":"x","position":1,"watched":false})"),
        std::string(R"({"format":1,"key":"file:/other.mp4#size=1","position":1,"watched":false})"),
        std::string(R"({"format":1,"key":"k","position":-5,"watched":false})"),
        std::string(R"({"format":1,"key":"k","position":"x","watched":false})")}) {
    std::ofstream(file, std::ios::trunc) << text;
    auto r = store.load(key);
    INFO(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::parse_error);
    CHECK(r.error().message.find('\n') == std::string::npos);
  }
  // A directory in its place.
  fs::remove(file);
  fs::create_directories(file);
  CHECK_FALSE(store.load(key).ok());
}

TEST_CASE("watch later: keys are stable names of a torrent's file and a local file", "[watch]") {
  CHECK(watch::torrent_file_key("0123abcd", 2) == "btih:0123abcd/file/2");
  CHECK(watch::local_file_key("/a/b/../c.mp4", 77) == "file:/a/c.mp4#size=77");
  CHECK(watch::local_file_key("/a/c.mp4", 78) != watch::local_file_key("/a/c.mp4", 77));
  ::setenv("XDG_STATE_HOME", "/tmp/state-test", 1);
  CHECK(watch::WatchLaterStore::default_dir() == "/tmp/state-test/swarmtv/watch_later");
  ::setenv("XDG_STATE_HOME", "relative", 1);
  ::setenv("HOME", "/home/viewer", 1);
  CHECK(watch::WatchLaterStore::default_dir() == "/home/viewer/.local/state/swarmtv/watch_later");
}

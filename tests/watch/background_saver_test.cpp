// The watch-later saver's thread: the newest position posted is the one on disk after a flush
// or the saver's end, and a save that fails is reported, not lost in silence.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <string>

#include "swarmtv/watch/background_saver.h"
#include "test_support.h"

using namespace swarmtv;

namespace {

watch::WatchEntry at(int seconds) {
  watch::WatchEntry e;
  e.key = watch::torrent_file_key("ab12", 0);
  e.title = "One";
  e.position = std::chrono::seconds(seconds);
  e.duration = std::chrono::seconds(600);
  return e;
}

double saved_position(const watch::WatchLaterStore& store) {
  auto back = store.load(watch::torrent_file_key("ab12", 0));
  REQUIRE(back.ok());
  REQUIRE(back->has_value());
  return test::seconds_of((*back)->position);
}

}  // namespace

TEST_CASE("background saver: after a flush the newest posted position is saved", "[watch]") {
  test::TempDir dir("watch-saver-flush");
  watch::WatchLaterStore store(dir / "wl");
  watch::BackgroundSaver saver(store, {});
  for (int i = 1; i <= 200; ++i) saver.post(at(i));
  saver.flush();
  CHECK(saved_position(store) == Approx(200));
  saver.post(at(250));
  saver.flush();
  CHECK(saved_position(store) == Approx(250));
}

TEST_CASE("background saver: what is still queued is written when the saver ends", "[watch]") {
  test::TempDir dir("watch-saver-end");
  watch::WatchLaterStore store(dir / "wl");
  {
    watch::BackgroundSaver saver(store, {});
    saver.post(at(12));
    saver.post(at(42));
  }
  CHECK(saved_position(store) == Approx(42));
}

TEST_CASE("background saver: a save that fails is reported on its thread", "[watch]") {
  test::TempDir dir("watch-saver-error");
  std::ofstream(dir / "not-a-folder") << "x";  // the store's folder cannot be made
  watch::WatchLaterStore store(dir / "not-a-folder" / "wl");
  // Catch's assertions are for this thread only: the callback just records.
  std::atomic<int> errors{0};
  std::string message;
  watch::BackgroundSaver saver(store, [&](const Error& e) {
    message = e.message;
    ++errors;
  });
  saver.post(at(5));
  saver.flush();  // orders the callback's write before the reads below
  CHECK(errors.load() == 1);
  CHECK_FALSE(message.empty());
}

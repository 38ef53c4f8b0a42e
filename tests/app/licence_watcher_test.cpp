// The player asks every second, while a sponsor clip plays, whether a licence made the viewer
// ad-free. The licences are read (and their signatures verified) only when the licence
// directory changed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "licence_watcher.h"
#include "test_support.h"

using namespace swarmtv;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::trunc) << text;
}

}  // namespace

TEST_CASE("licence watcher: the licences are read again only when the directory changed",
          "[app][licence]") {
  test::TempDir dir("licence-watcher");
  const fs::path licences = dir / "licences";  // not there yet: no licence at all
  int reads = 0;
  // Stands in for reading and verifying: ad-free while "ad-free.licence.json" says so.
  app::LicenceWatcher watcher(ads::LicenceStore(licences), [&] {
    ++reads;
    std::ifstream in(licences / "ad-free.licence.json");
    std::string text;
    return std::getline(in, text) && text == "ad-free";
  });
  CHECK_FALSE(watcher.ad_free());
  for (int i = 0; i < 20; ++i) CHECK_FALSE(watcher.ad_free());
  CHECK(reads == 1);

  fs::create_directories(licences);
  // A file that is no licence, and add()'s temporary file before its rename: nothing to read.
  write(licences / "notes.txt", "x");
  write(licences / "ad-free.licence.json.tmp.12.0", "ad-free");
  CHECK_FALSE(watcher.ad_free());
  CHECK(reads == 1);

  // A licence is added (renamed into place, as LicenceStore::add does): read once.
  fs::rename(licences / "ad-free.licence.json.tmp.12.0", licences / "ad-free.licence.json");
  CHECK(watcher.ad_free());
  CHECK(watcher.ad_free());
  CHECK(reads == 2);
  CHECK(watcher.reads() == 2);

  // Replaced by one of the same size through a rename: another inode, read again.
  write(licences / "next.tmp", "premium");
  fs::rename(licences / "next.tmp", licences / "ad-free.licence.json");
  CHECK_FALSE(watcher.ad_free());
  CHECK(reads == 3);
  // Rewritten in place with another size (timestamps may be too coarse to tell), then removed.
  write(licences / "ad-free.licence.json", "ad-free\n");
  CHECK(watcher.ad_free());
  fs::remove(licences / "ad-free.licence.json");
  CHECK_FALSE(watcher.ad_free());
  CHECK(reads == 5);
  CHECK_FALSE(watcher.ad_free());
  CHECK(reads == 5);
}

TEST_CASE(
    "licence watcher: an unchanged directory is read again after a while, for licences "
    "whose validity starts or ends meanwhile",
    "[app][licence]") {
  test::TempDir dir("licence-watcher-time");
  auto now = app::LicenceWatcher::Clock::now();
  bool valid_now = false;  // stands in for a licence whose not-before time has not come yet
  int reads = 0;
  app::LicenceWatcher watcher(
      ads::LicenceStore(dir / "licences"),
      [&] {
        ++reads;
        return valid_now;
      },
      [&] { return now; });
  CHECK_FALSE(watcher.ad_free());
  valid_now = true;  // the licence's time has come; nothing on disk changed
  now += std::chrono::seconds(20);
  CHECK_FALSE(watcher.ad_free());  // within kRereadAfter: the answer is trusted
  CHECK(reads == 1);
  now += std::chrono::seconds(11);
  CHECK(watcher.ad_free());
  CHECK(reads == 2);
  CHECK(watcher.ad_free());
  CHECK(reads == 2);
}

// A real browser: headless Chromium plays the index page's <video> over HTTP from a loopback
// swarm and its currentTime passes 2 s; the text track inside a WebM is loaded as well.
#include <catch2/catch.hpp>

#include "server_fixture.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::http::test;
using swarmtv::test::run;
using swarmtv::test::shell_quote;

namespace {

const char* chromium_binary() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (std::filesystem::exists(path)) return path;
  return nullptr;
}

// `min_cues`: the cues the page's text tracks must hold by then.
void play_in_browser(const std::string& media, int min_cues = 0) {
  // scripts/install-deps.sh installs Chromium: without it this test fails, it does not skip.
  const char* chromium = chromium_binary();
  REQUIRE(chromium != nullptr);
  stream::test::Content content("http-browser", media);
  ServedTorrent served(content, 300'000);  // the page starts playing before the file is here
  const swarmtv::test::TempDir profile("http-browser-profile");
  const auto r =
      run("python3 " +
              shell_quote((swarmtv::test::source_dir() / "tests/http/browser_play.py").string()) +
              " " + chromium + " " + shell_quote(served.url("/?autoplay=0")) + " " +
              shell_quote(profile.path().string()) + " 60 " + std::to_string(min_cues),
          120);
  INFO(r.output);
  CHECK(r.exit_code == 0);
}

}  // namespace

TEST_CASE("headless Chromium plays an MP4 from the index page", "[http][browser][swarm]") {
  play_in_browser("h264_aac_front.mp4");
}

TEST_CASE("headless Chromium plays a WebM from the index page", "[http][browser][swarm]") {
  play_in_browser("odd_size.webm");
}

TEST_CASE("headless Chromium shows the WebVTT track inside a WebM from the index page",
          "[http][browser][swarm][subtitles]") {
  // The page's script adds the track once the video has loaded; its three cues stream in.
  play_in_browser("subs_webvtt.webm", 3);
}

// swarmtv serve's subtitles: the files beside a video, as WebVTT, and <track> elements on the
// index page.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "server_fixture.h"
#include "swarmtv/http/catalog.h"
#include "swarmtv/stream/torrent_creator.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::http::test;
namespace fs = std::filesystem;

TEST_CASE("Subtitle files beside a video are recognised by name", "[http][subtitles]") {
  using http::subtitle_language;
  CHECK(subtitle_language("ep1.mkv", "ep1.srt") == std::string());
  CHECK(subtitle_language("ep1.mkv", "ep1.en.vtt") == std::string("en"));
  CHECK(subtitle_language("ep1.mkv", "ep1.pt-BR.SRT") == std::string("pt-BR"));
  CHECK(subtitle_language("ep1.mkv", "ep1.<b>.srt") == std::string());
  CHECK_FALSE(subtitle_language("ep1.mkv", "ep10.srt"));
  CHECK_FALSE(subtitle_language("ep1.mkv", "ep1.txt"));
  CHECK_FALSE(subtitle_language("ep1.mkv", "ep2.srt"));
}

TEST_CASE("serve offers the subtitle files beside a video as WebVTT, with <track> elements",
          "[http][server][swarm][subtitles]") {
  swarmtv::test::TempDir dir("serve-subtitles");
  const fs::path show = dir / "show";
  fs::create_directories(show);
  fs::copy_file(swarmtv::test::media("beside.mp4"), show / "beside.mp4");
  fs::copy_file(swarmtv::test::media("subs.srt"), show / "beside.srt");
  fs::copy_file(swarmtv::test::media("subs.vtt"), show / "beside.en.vtt");
  std::ofstream(show / "beside.fr.srt") << "not\na subtitle\n";
  stream::CreateOptions options;
  options.piece_size = 16 * 1024;
  auto created = stream::create_torrent(show, options);
  REQUIRE(created);
  ServedTorrent served(*created, dir.path(), 4'000'000);
  // Files in path order: 0 beside.en.vtt, 1 beside.fr.srt, 2 beside.mp4, 3 beside.srt.
  const auto index = curl(served.url("/"));
  REQUIRE(index.status == 200);
  CHECK(index.body.find("<track kind=\"subtitles\" src=\"/files/2/subtitles/1.vtt\" "
                        "label=\"en\" srclang=\"en\" default>") != std::string::npos);
  CHECK(index.body.find("<track kind=\"subtitles\" src=\"/files/2/subtitles/3.vtt\" "
                        "label=\"beside.srt\">") != std::string::npos);

  auto r = curl(served.url("/files/2/subtitles/3.vtt"));
  CHECK(r.status == 200);
  CHECK(r.headers["content-type"] == "text/vtt; charset=utf-8");
  CHECK(r.body ==
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nFirst line\n\n"
        "00:00:03.000 --> 00:00:04.000\nSecond cue\nwith two lines\n\n"
        "00:00:05.200 --> 00:00:06.800\nThird cue\n");
  r = curl(served.url("/files/2/subtitles/1.vtt"));
  CHECK(r.status == 200);
  CHECK(r.body == "WEBVTT\n\n00:00:02.000 --> 00:00:03.500\nFrom WebVTT\n");
  // The page's script asks for the list; an MP4 without text tracks adds none to it.
  CHECK(index.body.find("data-subtitles=\"/files/2/subtitles/tracks.json\"") != std::string::npos);
  r = curl(served.url("/files/2/subtitles/tracks.json"));
  REQUIRE(r.status == 200);
  const auto list = nlohmann::json::parse(r.body);
  REQUIRE(list.size() == 3);
  CHECK(list[0]["url"] == "/files/2/subtitles/1.vtt");
  CHECK(list[0]["language"] == "en");
  CHECK(list[2]["label"] == "beside.srt");
  for (const auto& track : list) CHECK(track["embedded"] == false);
  // A broken file, a track that does not exist, a file that is not a video, bad routes.
  CHECK(curl(served.url("/files/2/subtitles/2.vtt")).status == 422);
  CHECK(curl(served.url("/files/2/subtitles/4.vtt")).status == 404);
  CHECK(curl(served.url("/files/0/subtitles/1.vtt")).status == 404);
  CHECK(curl(served.url("/files/9/subtitles/1.vtt")).status == 404);
  for (const char* bad : {"/files/2/subtitles/0.vtt", "/files/2/subtitles/x.vtt",
                          "/files/2/subtitles/1.srt", "/files/2/subtitles/../1.vtt"})
    CHECK(curl(served.url(bad), "--path-as-is").status == 404);
}

TEST_CASE("serve offers the text tracks inside a video as WebVTT, cue by cue as they download",
          "[http][server][swarm][subtitles]") {
  stream::test::Content content("serve-embedded-subtitles", "subs_srt_ass.mkv");
  // Slow enough that the file is still downloading when its tracks are asked for.
  ServedTorrent served(content, 150'000);
  auto r = curl(served.url("/files/0/subtitles/tracks.json"));
  REQUIRE(r.status == 200);
  CHECK(served.torrent->num_pieces_had() < content.num_pieces());
  const auto list = nlohmann::json::parse(r.body);
  REQUIRE(list.size() == 2);
  CHECK(list[0]["url"] == "/files/0/subtitles/1.vtt");
  CHECK(list[0]["label"] == "eng");
  CHECK(list[0]["language"] == "eng");
  CHECK(list[0]["codec"] == "subrip");
  CHECK(list[0]["embedded"] == true);
  CHECK(list[1]["url"] == "/files/0/subtitles/2.vtt");
  CHECK(list[1]["label"] == "Styled");

  // Streamed (chunked) by a reader that follows the download: the cues come as it arrives. Their
  // times are the file's (its timeline starts 21 ms in), as a browser's currentTime is.
  r = curl(served.url("/files/0/subtitles/1.vtt"));
  CHECK(r.status == 200);
  CHECK(r.headers["content-type"] == "text/vtt; charset=utf-8");
  CHECK(r.headers["transfer-encoding"] == "chunked");
  CHECK(r.body ==
        "WEBVTT\n\n00:00:01.021 --> 00:00:02.521\nFirst line\n\n"
        "00:00:03.021 --> 00:00:04.021\nSecond cue\nwith two lines\n\n"
        "00:00:05.221 --> 00:00:06.821\nThird cue\n");
  // HTTP/1.0 has no chunks: the whole document at once.
  r = curl(served.url("/files/0/subtitles/2.vtt"), "--http1.0");
  CHECK(r.status == 200);
  CHECK(r.headers.count("transfer-encoding") == 0);
  CHECK(r.body == "WEBVTT\n\n00:00:01.521 --> 00:00:03.021\nStyled, with commas\nsecond line\n");
  // HEAD gets the headers alone; a track past the last is not there.
  r = curl(served.url("/files/0/subtitles/1.vtt"), "-I");
  CHECK(r.status == 200);
  CHECK(r.headers["content-type"] == "text/vtt; charset=utf-8");
  CHECK(curl(served.url("/files/0/subtitles/3.vtt")).status == 404);
}

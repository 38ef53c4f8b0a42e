#include <catch2/catch.hpp>

#include <cmath>

#include "swarmtv/decoder/cue_list.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/decoder/subtitle_file.h"
#include "swarmtv/decoder/subtitle_text.h"
#include "swarmtv/decoder/webvtt_writer.h"
#include "test_support.h"

using namespace swarmtv;
using namespace std::chrono_literals;
using decoder::SubtitleCue;

TEST_CASE("ASS events become plain text: override blocks, drawings and escapes removed",
          "[subtitles]") {
  using decoder::ass_event_text;
  CHECK(ass_event_text("0,0,Default,,0,0,0,,Hello") == "Hello");
  // Commas in the Text field belong to the text.
  CHECK(ass_event_text("3,0,Default,Bob,0,0,0,,{\\an8}{\\b1}Yes, {\\i1}and{\\i0} no\\Nnext") ==
        "Yes, and no\nnext");
  CHECK(ass_event_text("0,0,Default,,0,0,0,,a\\nb\\hc") == "a\nb c");
  CHECK(ass_event_text("0,0,Default,,0,0,0,,{\\p1}m 0 0 l 100 0 100 100{\\p0}after") == "after");
  CHECK(ass_event_text("0,0,Default,,0,0,0,,{\\pos(10,20)}kept") == "kept");
  CHECK(ass_event_text("0,0,Default,,0,0,0,,  \\N\\N  two  \\N ") == "two");
  // Malformed: too few fields, or an override block that never ends.
  CHECK(ass_event_text("0,0,Default,Hello").empty());
  CHECK(ass_event_text("0,0,Default,,0,0,0,,shown{\\b1 hidden") == "shown");
  CHECK(ass_event_text("").empty());
}

TEST_CASE("A cue list answers what shows at a time, keeps one copy of a cue, and is bounded",
          "[subtitles]") {
  decoder::CueList list;
  CHECK(list.add({1s, 2s, "one"}));
  CHECK(list.add({0s, 10s, "long"}));
  CHECK(list.add({3s, 4s, "three"}));
  CHECK_FALSE(list.add({3s, 4s, "three"}));  // read again after a seek back
  CHECK_FALSE(list.add({5s, 5s, "no time"}));
  CHECK_FALSE(list.add({6s, 5s, "backwards"}));
  CHECK_FALSE(list.add({6s, 7s, ""}));
  CHECK(list.size() == 3);
  auto at = [&](MediaTime t) {
    std::vector<std::string> out;
    for (const auto& c : list.active_at(t)) out.push_back(c.text);
    return out;
  };
  CHECK(at(1500ms) == std::vector<std::string>{"long", "one"});
  CHECK(at(2s) == std::vector<std::string>{"long"});  // the end is exclusive
  CHECK(at(3s) == std::vector<std::string>{"long", "three"});
  CHECK(at(10s).empty());
  // Until when the same cues show: the first end among them, or the next start.
  MediaTime until{0};
  list.active_at(1500ms, &until);
  CHECK(until == 2s);
  list.active_at(2s, &until);
  CHECK(until == 3s);
  list.active_at(10s, &until);
  CHECK(until == kEndOfMedia);

  // Untrusted sizes: a huge cue is cut (never inside a UTF-8 sequence), the count is capped.
  std::string huge(decoder::kMaxCueTextBytes - 1, 'x');
  huge += "\xc3\xa9\xc3\xa9";  // "éé" across the limit
  CHECK(list.add({20s, 21s, huge}));
  const std::string cut = list.active_at(20500ms).at(0).text;
  CHECK(cut.size() == decoder::kMaxCueTextBytes - 1);
  decoder::CueList full;
  for (std::size_t i = 0; i < decoder::kMaxCues; ++i)
    REQUIRE(full.add({std::chrono::seconds(i), std::chrono::seconds(i) + 500ms, "c"}));
  CHECK_FALSE(full.add({1000000s, 1000001s, "one too many"}));
  decoder::CueList heavy;
  const std::string big(decoder::kMaxCueTextBytes, 'y');
  std::size_t added = 0;
  while (heavy.add({std::chrono::seconds(added), std::chrono::seconds(added) + 500ms, big}))
    ++added;
  CHECK(added == decoder::kMaxTrackTextBytes / decoder::kMaxCueTextBytes);
}

TEST_CASE("Cues as WebVTT: timestamps, escaped text, no blank line inside a cue", "[subtitles]") {
  const std::string vtt =
      decoder::to_webvtt({{1s, 2500ms, "Hello <b>&</b>"}, {3723004ms, 3724s, "a\n\nb\n"}});
  CHECK(vtt ==
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello &lt;b&gt;&amp;&lt;/b&gt;\n\n"
        "01:02:03.004 --> 01:02:04.000\na\nb\n");
  CHECK(decoder::to_webvtt({}) == "WEBVTT\n");
}

TEST_CASE("Subtitle files are read with FFmpeg's demuxers, and a bad one is an error, not a crash",
          "[subtitles]") {
  auto read = [](const std::string& file, const std::string& name) {
    auto source = decoder::FileByteSource::open(test::media(file));
    REQUIRE(source);
    return decoder::read_subtitle_file(**source, name);
  };
  auto srt = read("subs.srt", "subs.srt");
  REQUIRE(srt);
  CHECK(srt->codec == "subrip");
  const auto cues = srt->cues->all();
  REQUIRE(cues.size() == 3);
  CHECK(cues[1].text == "Second cue\nwith two lines");
  CHECK(test::seconds_of(cues[1].start) == Approx(3.0));
  CHECK(test::seconds_of(cues[1].end) == Approx(4.0));
  auto vtt = read("subs.vtt", "subs.vtt");
  REQUIRE(vtt);
  CHECK(vtt->cues->all().at(0).text == "From WebVTT");
  auto ass = read("subs.ass", "SUBS.ASS");  // the extension in any case
  REQUIRE(ass);
  CHECK(ass->cues->all().at(0).text == "Styled, with commas\nsecond line");

  for (const auto& [file, name, message] :
       {std::tuple{"broken_beside.srt", "broken.srt", "no subtitle could be read"},
        std::tuple{"random.bin", "random.srt", "no subtitle could be read"},
        std::tuple{"h264_aac_front.mp4", "movie.srt", "no subtitle could be read"},
        std::tuple{"subs.srt", "subs.txt", "not a subtitle file"},
        std::tuple{"empty.mp4", "empty.srt", "empty"}}) {
    INFO(file << " as " << name);
    auto bad = read(file, name);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == Errc::media_error);
    CHECK(bad.error().message.find(message) != std::string::npos);
    CHECK(bad.error().message.find('\n') == std::string::npos);
  }
}

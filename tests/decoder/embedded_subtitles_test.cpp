// The text tracks inside a file, read on their own (what `swarmtv serve` offers as WebVTT), from
// media the ffmpeg CLI made (tests/support/make-test-media.sh).
#include <catch2/catch.hpp>

#include "swarmtv/decoder/embedded_subtitles.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "test_support.h"

using namespace swarmtv;
using namespace std::chrono_literals;
using decoder::SubtitleCue;

namespace {

std::unique_ptr<decoder::FileByteSource> open_media(const char* name) {
  auto source = decoder::FileByteSource::open(test::media(name));
  REQUIRE(source);
  return std::move(*source);
}

std::vector<SubtitleCue> cues_of(const char* name, int stream_index) {
  auto source = open_media(name);
  std::vector<SubtitleCue> cues;
  const Status read =
      decoder::read_embedded_subtitles(*source, stream_index, [&](const SubtitleCue& cue) {
        cues.push_back(cue);
        return true;
      });
  REQUIRE(read);
  return cues;
}

const std::vector<SubtitleCue> kSrtCues = {
    {1000ms, 2500ms, "First line"},
    {3000ms, 4000ms, "Second cue\nwith two lines"},
    {5200ms, 6800ms, "Third cue"},
};

// The MKV's timeline starts where its first picture is, 21 ms in (the AAC encoder's delay), and
// its cues are where the file puts them: a browser's currentTime is on the same timeline.
std::vector<SubtitleCue> shifted(std::vector<SubtitleCue> cues, MediaTime by) {
  for (auto& cue : cues) {
    cue.start += by;
    cue.end += by;
  }
  return cues;
}

}  // namespace

TEST_CASE("The text tracks inside a Matroska file are listed from its header",
          "[decoder][subtitles]") {
  auto source = open_media("subs_srt_ass.mkv");
  auto tracks = decoder::list_embedded_subtitles(*source);
  REQUIRE(tracks);
  REQUIRE(tracks->size() == 2);
  CHECK((*tracks)[0].stream_index == 2);
  CHECK((*tracks)[0].info.codec == "subrip");
  CHECK((*tracks)[0].info.language == "eng");
  CHECK((*tracks)[1].stream_index == 3);
  CHECK((*tracks)[1].info.codec == "ass");
  CHECK((*tracks)[1].info.language == "fra");
  CHECK((*tracks)[1].info.title == "Styled");
}

TEST_CASE("One embedded track's cues are read alone, in order, as plain text",
          "[decoder][subtitles]") {
  CHECK(cues_of("subs_srt_ass.mkv", 2) == shifted(kSrtCues, 21ms));
  const auto styled = cues_of("subs_srt_ass.mkv", 3);
  REQUIRE(styled.size() == 1);
  CHECK(styled[0] == SubtitleCue{1521ms, 3021ms, "Styled, with commas\nsecond line"});
  // MP4's mov_text: only the track's samples are read.
  auto source = open_media("subs_mov_text.mp4");
  auto tracks = decoder::list_embedded_subtitles(*source);
  REQUIRE(tracks);
  REQUIRE(tracks->size() == 1);
  CHECK((*tracks)[0].info.codec == "mov_text");
  CHECK(cues_of("subs_mov_text.mp4", (*tracks)[0].stream_index) == kSrtCues);
}

TEST_CASE("A file without text tracks, or not MP4 or Matroska, offers none",
          "[decoder][subtitles]") {
  auto plain = open_media("h264_aac_front.mp4");
  auto none = decoder::list_embedded_subtitles(*plain);
  REQUIRE(none);
  CHECK(none->empty());
  // The audio stream is not a text track.
  const Status audio =
      decoder::read_embedded_subtitles(*plain, 1, [](const SubtitleCue&) { return true; });
  REQUIRE_FALSE(audio);
  CHECK(audio.error().code == Errc::media_error);
  for (const char* name : {"random.bin", "truncated_no_index.mp4"}) {
    auto source = open_media(name);
    auto tracks = decoder::list_embedded_subtitles(*source);
    INFO(name);
    REQUIRE_FALSE(tracks);
    CHECK(tracks.error().code == Errc::media_error);
    CHECK(tracks.error().message.find('\n') == std::string::npos);
  }
}

TEST_CASE("Reading an embedded track stops when asked to, or when cancelled",
          "[decoder][subtitles]") {
  auto source = open_media("subs_srt_ass.mkv");
  int calls = 0;
  REQUIRE(decoder::read_embedded_subtitles(*source, 2, [&](const SubtitleCue&) {
    ++calls;
    return false;
  }));
  CHECK(calls == 1);
  std::stop_source stop;
  stop.request_stop();
  const Status cancelled = decoder::read_embedded_subtitles(
      *source, 2, [](const SubtitleCue&) { return true; }, stop.get_token());
  REQUIRE_FALSE(cancelled);
  CHECK(cancelled.error().code == Errc::cancelled);
}

// Cues as a WebVTT document, the one subtitle format browsers' <track> elements read.
#pragma once

#include <string>
#include <vector>

#include "swarmtv/decoder/subtitle_types.h"

namespace swarmtv::decoder {

// "WEBVTT", then one block per cue ("00:01:02.345 --> 00:01:04.000" and its text). The text is
// escaped (&, <, >) so that it is shown as written, never parsed as cue markup, and a blank line
// inside a cue (which would end it) is dropped.
std::string to_webvtt(const std::vector<SubtitleCue>& cues);

// The same document in parts, for a response that streams cues as they are demuxed: the header,
// then each cue's block ("" for a cue whose text is empty once escaped).
std::string webvtt_header();
std::string webvtt_cue(const SubtitleCue& cue);

}  // namespace swarmtv::decoder

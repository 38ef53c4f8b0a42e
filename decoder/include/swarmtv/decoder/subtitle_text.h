// Turns what FFmpeg's text subtitle decoders produce (an ASS event) into the plain text the
// player draws. Every text decoder (SubRip, mov_text, WebVTT, ASS itself) outputs ASS, so this
// is the one place styling is dropped.
#pragma once

#include <string>
#include <string_view>

namespace swarmtv::decoder {

// The Text field of an ASS event line as FFmpeg 5 stores it in AVSubtitleRect::ass
// ("ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text"), as plain text: override
// blocks "{...}" removed, drawings ({\p1}...{\p0}) skipped, "\N" and "\n" as line breaks, "\h"
// as a space; blank lines and surrounding spaces trimmed.
std::string ass_event_text(std::string_view event);

// Styling removed from ASS dialogue text alone (the part after the eighth comma).
std::string ass_plain_text(std::string_view text);

}  // namespace swarmtv::decoder

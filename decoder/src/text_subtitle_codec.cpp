#include "swarmtv/decoder/text_subtitle_codec.h"

#include <cstdint>
#include <string>

#include "swarmtv/decoder/media_types.h"
#include "swarmtv/decoder/subtitle_text.h"

namespace swarmtv::decoder {

namespace {

// Owns the contents of a decoded AVSubtitle.
struct SubtitleGuard {
  AVSubtitle* sub;
  ~SubtitleGuard() { avsubtitle_free(sub); }
};

std::string rect_text(const AVSubtitleRect& rect) {
  if (rect.type == SUBTITLE_ASS && rect.ass) return ass_event_text(rect.ass);
  if (rect.type == SUBTITLE_TEXT && rect.text) return ass_plain_text(rect.text);
  return {};
}

}  // namespace

bool TextSubtitleCodec::decodable(const AVCodecParameters* par) {
  if (par->codec_type != AVMEDIA_TYPE_SUBTITLE) return false;
  const AVCodecDescriptor* desc = avcodec_descriptor_get(par->codec_id);
  return desc && (desc->props & AV_CODEC_PROP_TEXT_SUB) && avcodec_find_decoder(par->codec_id);
}

Result<std::unique_ptr<TextSubtitleCodec>> TextSubtitleCodec::open(const AVCodecParameters* par,
                                                                   AVRational time_base) {
  if (!decodable(par))
    return make_error(Errc::media_error, std::string("not a text subtitle format: ") +
                                             avcodec_get_name(par->codec_id));
  const AVCodec* decoder = avcodec_find_decoder(par->codec_id);
  AvCodecContextPtr ctx(avcodec_alloc_context3(decoder));
  if (!ctx) throw std::bad_alloc();
  int ret = avcodec_parameters_to_context(ctx.get(), par);
  if (ret >= 0) {
    ctx->pkt_timebase = time_base;
    ret = avcodec_open2(ctx.get(), decoder, nullptr);
  }
  if (ret < 0)
    return make_error(Errc::media_error, std::string("cannot open the ") + decoder->name +
                                             " decoder: " + av_error_string(ret));
  return std::make_unique<TextSubtitleCodec>(PrivateTag{}, std::move(ctx), time_base);
}

std::optional<SubtitleCue> TextSubtitleCodec::decode(const AVPacket& packet) {
  const std::int64_t ts = packet.pts != AV_NOPTS_VALUE ? packet.pts : packet.dts;
  if (ts == AV_NOPTS_VALUE || packet.size <= 0) return std::nullopt;
  AVSubtitle sub{};
  int got = 0;
  // The API takes a non-const packet but does not change it.
  const int ret =
      avcodec_decode_subtitle2(codec_.get(), &sub, &got, const_cast<AVPacket*>(&packet));
  if (ret < 0) {
    ++errors_;
    return std::nullopt;
  }
  if (!got) return std::nullopt;
  SubtitleGuard guard{&sub};
  SubtitleCue cue;
  for (unsigned i = 0; i < sub.num_rects; ++i) {
    std::string text = rect_text(*sub.rects[i]);
    if (text.empty()) continue;
    if (!cue.text.empty()) cue.text += '\n';
    cue.text += text;
  }
  if (cue.text.empty()) return std::nullopt;
  using std::chrono::milliseconds;
  // A time no media has: a corrupt file's timestamp, or FFmpeg's rescale overflowing to
  // AV_NOPTS_VALUE. Refused before any arithmetic on it could overflow.
  constexpr MediaTime kLatest = std::chrono::hours(24 * 366);
  const auto sane = [&](MediaTime t) { return t > -kLatest && t < kLatest; };
  // AVSubtitle's pts is in AV_TIME_BASE (microseconds), its display times in milliseconds.
  const MediaTime base =
      sub.pts != AV_NOPTS_VALUE ? MediaTime(sub.pts) : to_media_time(ts, time_base_);
  if (!sane(base)) return std::nullopt;
  cue.start = base + milliseconds(sub.start_display_time);
  std::int64_t packet_end_ts = 0;
  const MediaTime packet_end =
      packet.duration > 0 && !__builtin_add_overflow(ts, packet.duration, &packet_end_ts)
          ? to_media_time(packet_end_ts, time_base_)
          : MediaTime(kLatest);
  if (sub.end_display_time > sub.start_display_time && sub.end_display_time != UINT32_MAX)
    cue.end = base + milliseconds(sub.end_display_time);
  else if (sane(packet_end))
    cue.end = packet_end;
  else
    cue.end = cue.start + kDefaultCueDuration;
  if (!sane(cue.start) || !sane(cue.end) || !(cue.end > cue.start)) return std::nullopt;
  return cue;
}

void TextSubtitleCodec::flush() {
  avcodec_flush_buffers(codec_.get());
}

}  // namespace swarmtv::decoder

#include "swarmtv/decoder/subtitle_file.h"

#include <algorithm>
#include <cctype>

#include "swarmtv/decoder/avio_adapter.h"
#include "swarmtv/decoder/text_subtitle_codec.h"

namespace swarmtv::decoder {

namespace {

std::string lower_extension(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos) return {};
  std::string ext = name.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

// The name of FFmpeg's demuxer for the extension of `name`, or null.
const char* demuxer_for(const std::string& name) {
  const std::string ext = lower_extension(name);
  if (ext == "srt") return "srt";
  if (ext == "vtt") return "webvtt";
  if (ext == "ass" || ext == "ssa") return "ass";
  return nullptr;
}

const AVStream* first_subtitle_stream(const AVFormatContext* ctx) {
  for (unsigned i = 0; i < ctx->nb_streams; ++i)
    if (ctx->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE) return ctx->streams[i];
  return nullptr;
}

// Decodes every packet of `stream` into `out`.
void read_cues(AVFormatContext* ctx, const AVStream* stream, TextSubtitleCodec& codec,
               SubtitleFile& out) {
  AvPacketPtr packet = make_packet();
  while (av_read_frame(ctx, packet.get()) >= 0) {
    if (packet->stream_index == stream->index) {
      auto cue = codec.decode(*packet);
      if (!cue || !out.cues->add(std::move(*cue))) ++out.skipped;
    }
    av_packet_unref(packet.get());
    if (out.cues->size() >= kMaxCues) break;
  }
  out.skipped += codec.errors();
}

}  // namespace

bool is_subtitle_file_name(const std::string& name) {
  return demuxer_for(name) != nullptr;
}

Result<SubtitleFile> read_subtitle_file(ByteSource& source, const std::string& name,
                                        std::stop_token stop) {
  const char* demuxer = demuxer_for(name);
  const AVInputFormat* format = demuxer ? av_find_input_format(demuxer) : nullptr;
  if (!format)
    return make_error(Errc::media_error, name + ": not a subtitle file (.srt, .vtt, .ass, .ssa)");
  if (source.size() > kMaxSubtitleFileBytes)
    return make_error(Errc::media_error, name + ": too large for a subtitle file");
  if (source.size() <= 0) return make_error(Errc::media_error, name + ": the file is empty");
  AvioAdapter avio(source);
  avio.set_stop_token(stop);
  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) throw std::bad_alloc();
  raw->pb = avio.context();
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  const int ret = avformat_open_input(&raw, name.c_str(), format, nullptr);  // frees on failure
  if (ret < 0) {
    if (avio.was_cancelled()) return make_error(Errc::cancelled, name + ": cancelled");
    return make_error(Errc::media_error,
                      name + ": cannot read the subtitles (" + av_error_string(ret) + ")");
  }
  AvFormatInputPtr ctx(raw);
  const AVStream* stream = first_subtitle_stream(ctx.get());
  if (!stream) return make_error(Errc::media_error, name + ": no subtitles in the file");
  auto codec = TextSubtitleCodec::open(stream->codecpar, stream->time_base);
  if (!codec) return make_error(Errc::media_error, name + ": " + codec.error().message);
  SubtitleFile out;
  out.cues = std::make_shared<CueList>();
  out.codec = avcodec_get_name(stream->codecpar->codec_id);
  read_cues(ctx.get(), stream, **codec, out);
  if (avio.was_cancelled()) return make_error(Errc::cancelled, name + ": cancelled");
  if (out.cues->size() == 0)
    return make_error(Errc::media_error, name + ": no subtitle could be read from the file");
  return out;
}

}  // namespace swarmtv::decoder

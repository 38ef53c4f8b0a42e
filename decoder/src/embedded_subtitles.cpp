#include "swarmtv/decoder/embedded_subtitles.h"

#include <algorithm>
#include <limits>

#include "swarmtv/decoder/avio_adapter.h"
#include "swarmtv/decoder/cue_list.h"
#include "swarmtv/decoder/ffmpeg_ptr.h"
#include "swarmtv/decoder/text_subtitle_codec.h"

namespace swarmtv::decoder {

namespace {

std::string metadata(const AVStream* st, const char* key) {
  const AVDictionaryEntry* e = av_dict_get(st->metadata, key, nullptr, 0);
  return e && e->value ? e->value : "";
}

// A container opened over a source, header only, with the adapter it reads through (declared
// first: the container goes before it).
struct OpenedContainer {
  std::unique_ptr<AvioAdapter> avio;
  AvFormatInputPtr format;
  std::string name;

  Error cancelled_or(const std::string& message) const {
    if (avio->was_cancelled()) return make_error(Errc::cancelled, name + ": cancelled");
    return make_error(Errc::media_error, name + ": " + message);
  }
};

// Only MP4 and Matroska: the bytes are untrusted, and a probed playlist format could open other
// inputs.
Result<OpenedContainer> open_container(ByteSource& source, std::stop_token stop) {
  OpenedContainer c{std::make_unique<AvioAdapter>(source), nullptr, source.describe()};
  if (source.size() <= 0) return make_error(Errc::media_error, c.name + ": the file is empty");
  c.avio->set_stop_token(std::move(stop));
  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) throw std::bad_alloc();
  raw->pb = c.avio->context();
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  raw->probesize = 1 << 20;
  raw->format_whitelist = av_strdup("mov,matroska");
  if (!raw->format_whitelist) throw std::bad_alloc();
  const int ret = avformat_open_input(&raw, c.name.c_str(), nullptr, nullptr);  // frees on failure
  if (ret < 0) return c.cancelled_or("not an MP4 or Matroska file (" + av_error_string(ret) + ")");
  c.format.reset(raw);
  return c;
}

}  // namespace

SubtitleTrackInfo describe_subtitle_stream(const AVStream* st) {
  SubtitleTrackInfo info;
  info.codec = avcodec_get_name(st->codecpar->codec_id);
  info.language = metadata(st, "language");
  info.title = metadata(st, "title");
  info.is_default = st->disposition & AV_DISPOSITION_DEFAULT;
  info.forced = st->disposition & AV_DISPOSITION_FORCED;
  truncate_utf8(info.language, 64);
  truncate_utf8(info.title, 200);
  return info;
}

Result<std::vector<EmbeddedSubtitleTrack>> list_embedded_subtitles(ByteSource& source,
                                                                   std::stop_token stop) {
  auto opened = open_container(source, std::move(stop));
  if (!opened) return opened.error();
  const AVFormatContext* format = opened->format.get();
  std::vector<EmbeddedSubtitleTrack> tracks;
  for (unsigned i = 0; i < format->nb_streams && tracks.size() < kMaxSubtitleTracks; ++i) {
    const AVStream* st = format->streams[i];
    if (TextSubtitleCodec::decodable(st->codecpar))
      tracks.push_back({st->index, describe_subtitle_stream(st)});
  }
  return tracks;
}

Status read_embedded_subtitles(ByteSource& source, int stream_index,
                               const std::function<bool(const SubtitleCue&)>& on_cue,
                               std::stop_token stop) {
  auto opened = open_container(source, std::move(stop));
  if (!opened) return opened.error();
  AVFormatContext* format = opened->format.get();
  const std::string& name = opened->name;
  if (stream_index < 0 || unsigned(stream_index) >= format->nb_streams ||
      !TextSubtitleCodec::decodable(format->streams[stream_index]->codecpar))
    return make_error(Errc::media_error,
                      name + ": no text subtitle track " + std::to_string(stream_index));
  const AVStream* track = format->streams[stream_index];
  for (unsigned i = 0; i < format->nb_streams; ++i)
    if (int(i) != stream_index) format->streams[i]->discard = AVDISCARD_ALL;
  auto codec = TextSubtitleCodec::open(track->codecpar, track->time_base);
  if (!codec) return make_error(Errc::media_error, name + ": " + codec.error().message);
  // The bounds (and the dropping of duplicates) of a CueList; it is the one place they live.
  CueList bounded;
  AvPacketPtr packet = make_packet();
  int ret = 0;
  while ((ret = av_read_frame(format, packet.get())) >= 0) {
    std::optional<SubtitleCue> cue;
    if (packet->stream_index == stream_index) cue = (*codec)->decode(*packet);
    av_packet_unref(packet.get());
    if (!cue) continue;
    truncate_utf8(cue->text, kMaxCueTextBytes);
    if (bounded.add(*cue) && !on_cue(*cue)) return Status::success();
    if (bounded.size() >= kMaxCues) break;
  }
  if (opened->avio->was_cancelled()) return make_error(Errc::cancelled, name + ": cancelled");
  if (ret < 0 && ret != AVERROR_EOF) {
    if (const std::error_code ec = opened->avio->last_error())
      return make_error(Errc::media_error, name + ": read error: " + ec.message());
  }
  return Status::success();
}

Status read_subtitle_packets(ByteSource& source, const std::vector<int>& streams, MediaTime from,
                             MediaTime until, const std::function<void(AvPacketPtr)>& on_packet,
                             std::stop_token stop) {
  auto opened = open_container(source, std::move(stop));
  if (!opened) return opened.error();
  AVFormatContext* format = opened->format.get();
  const auto wanted = [&](int index) {
    return std::find(streams.begin(), streams.end(), index) != streams.end();
  };
  for (unsigned i = 0; i < format->nb_streams; ++i)
    if (!wanted(int(i))) format->streams[i]->discard = AVDISCARD_ALL;
  const std::int64_t ts = from.count();  // AV_TIME_BASE: microseconds
  if (avformat_seek_file(format, -1, std::numeric_limits<std::int64_t>::min(), ts, ts, 0) < 0) {
    return opened->cancelled_or("cannot seek for the subtitle preroll");
  }
  AvPacketPtr packet = make_packet();
  while (av_read_frame(format, packet.get()) >= 0) {
    if (!wanted(packet->stream_index)) {
      av_packet_unref(packet.get());
      continue;
    }
    const AVStream* st = format->streams[packet->stream_index];
    const std::int64_t t = std::max(packet->pts, packet->dts);  // NOPTS is the smallest value
    if (t != AV_NOPTS_VALUE && av_rescale_q(t, st->time_base, AV_TIME_BASE_Q) >= until.count())
      break;
    on_packet(std::move(packet));
    packet = make_packet();
  }
  if (opened->avio->was_cancelled())
    return make_error(Errc::cancelled, opened->name + ": cancelled");
  return Status::success();
}

}  // namespace swarmtv::decoder

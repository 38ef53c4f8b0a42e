#include "media_probe.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

extern "C" {
#include <libavformat/avformat.h>
}

namespace swarmtv::publisher {
namespace {

struct InputCloser {
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct PipeCloser {
  void operator()(FILE* f) const { pclose(f); }
};

}  // namespace

Result<MediaProbe> probe_media(const std::filesystem::path& file) {
  AVFormatContext* raw = nullptr;
  if (avformat_open_input(&raw, file.c_str(), nullptr, nullptr) < 0) {
    return make_error(Errc::parse_error, file.string() + " is not a readable media file");
  }
  std::unique_ptr<AVFormatContext, InputCloser> ctx(raw);
  if (avformat_find_stream_info(ctx.get(), nullptr) < 0) {
    return make_error(Errc::parse_error, file.string() + ": cannot read its streams");
  }
  MediaProbe probe;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVMediaType type = ctx->streams[i]->codecpar->codec_type;
    if (ctx->streams[i]->disposition & AV_DISPOSITION_ATTACHED_PIC) continue;
    probe.has_video |= type == AVMEDIA_TYPE_VIDEO;
    probe.has_audio |= type == AVMEDIA_TYPE_AUDIO;
  }
  if (!probe.has_video && !probe.has_audio) {
    return make_error(Errc::parse_error, file.string() + " has no audio or video stream");
  }
  if (ctx->duration == AV_NOPTS_VALUE || ctx->duration <= 0) {
    return make_error(Errc::parse_error, file.string() + " has no known duration");
  }
  probe.duration = MediaTime(av_rescale_q(ctx->duration, AV_TIME_BASE_Q, {1, 1000000}));
  for (unsigned i = 0; i < ctx->nb_chapters; ++i) {
    const AVChapter* ch = ctx->chapters[i];
    probe.chapter_starts.push_back(MediaTime(av_rescale_q(ch->start, ch->time_base, {1, 1000000})));
  }
  return probe;
}

Result<double> measure_loudness_lufs(const std::filesystem::path& file) {
  // -nostats and the summary at the end: "Integrated loudness:\n    I:         -23.0 LUFS".
  const std::string command = "ffmpeg -nostdin -hide_banner -nostats -i " +
                              shell_quote(file.string()) + " -map 0:a:0 -af ebur128 -f null - 2>&1";
  std::unique_ptr<FILE, PipeCloser> pipe(popen(command.c_str(), "r"));
  if (!pipe) return make_error(Errc::io_error, "cannot run ffmpeg to measure loudness");
  std::string output;
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe.get()))
    output.append(buf.data(), n);
  const int status = pclose(pipe.release());
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const bool missing = WIFEXITED(status) && WEXITSTATUS(status) == 127;
    return make_error(Errc::io_error,
                      missing ? "cannot measure loudness: the ffmpeg command is not installed"
                              : "ffmpeg could not measure the loudness of " + file.string());
  }
  const auto summary = output.rfind("Integrated loudness:");
  const auto at = summary == std::string::npos ? summary : output.find("I:", summary);
  if (at == std::string::npos) {
    return make_error(Errc::parse_error,
                      "no EBU R128 summary in ffmpeg's output for " + file.string());
  }
  double lufs = 0;
  if (std::sscanf(output.c_str() + at + 2, "%lf", &lufs) != 1) {
    return make_error(Errc::parse_error, "unexpected ebur128 output for " + file.string());
  }
  if (lufs < -70) lufs = -70;  // ebur128's gate: silence measures as -70 (or -inf)
  if (lufs > 0) lufs = 0;
  return lufs;
}

}  // namespace swarmtv::publisher

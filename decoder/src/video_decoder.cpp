#include "swarmtv/decoder/video_decoder.h"

#include <cmath>

namespace swarmtv::decoder {

namespace {
// 0: FFmpeg picks the thread count from the cores, as the ffmpeg CLI does; measured
// (bench/decode_cpu.py) it costs less CPU than a fixed 2 on a 2-core machine.
constexpr int kVideoThreads = 0;
}  // namespace

Result<std::unique_ptr<VideoDecoder>> VideoDecoder::open(AVStream* stream, PacketQueue& queue,
                                                         TargetLookup lookup) {
  auto decoder = std::make_unique<VideoDecoder>(PrivateTag{}, stream, queue, std::move(lookup));
  if (auto opened = decoder->open_codec(kVideoThreads); !opened) return opened.error();
  return decoder;
}

VideoDecoder::VideoDecoder(PrivateTag, AVStream* stream, PacketQueue& queue, TargetLookup lookup)
    : StreamDecoder(stream, queue, std::move(lookup)) {
  AVRational rate = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
  default_duration_ =
      to_media_time(1, rate.num > 0 && rate.den > 0 ? av_inv_q(rate) : AVRational{1, 25});
}

VideoDecoder::~VideoDecoder() {
  stop();
}

bool VideoDecoder::is_native_format(int pixel_format) {
  switch (pixel_format) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_NV12:
    case AV_PIX_FMT_NV21:
      return true;
    default:
      return false;
  }
}

void VideoDecoder::on_serial_change(int) {
  next_pts_.reset();
}

bool VideoDecoder::on_frame(AVFrame* frame, int serial) {
  const AVRational tb = stream()->time_base;
  const MediaTime pts = frame->best_effort_timestamp != AV_NOPTS_VALUE
                            ? to_media_time(frame->best_effort_timestamp, tb)
                            : next_pts_.value_or(MediaTime(0));
  const MediaTime duration =
      frame->pkt_duration > 0 ? to_media_time(frame->pkt_duration, tb) : default_duration_;
  next_pts_ = pts + duration;

  // Exact seek: drop every frame that ends at or before the target; the first one kept is
  // the frame covering it.
  if (auto t = target()) {
    if (pts + duration <= *t + MediaTime(100)) {
      count_dropped();
      return true;
    }
    clear_target();
  }

  VideoFrame out;
  out.frame = is_native_format(frame->format) ? clone_frame(frame) : convert(frame);
  if (!out.frame) return true;  // out of memory or a bad frame: skip it
  out.pts = pts;
  out.duration = duration;
  out.serial = serial;
  return frames_.push(std::move(out));
}

AvFramePtr VideoDecoder::convert(const AVFrame* frame) {
  sws_.reset(sws_getCachedContext(sws_.release(), frame->width, frame->height,
                                  AVPixelFormat(frame->format), frame->width, frame->height,
                                  AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!sws_) return nullptr;
  AvFramePtr out = make_frame();
  out->format = AV_PIX_FMT_YUV420P;
  out->width = frame->width;
  out->height = frame->height;
  if (av_frame_get_buffer(out.get(), 0) < 0) return nullptr;
  av_frame_copy_props(out.get(), frame);
  sws_scale(sws_.get(), frame->data, frame->linesize, 0, frame->height, out->data, out->linesize);
  return out;
}

}  // namespace swarmtv::decoder

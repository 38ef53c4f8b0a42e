#include "swarmtv/player/png_writer.h"

#include <algorithm>
#include <fstream>

#include "swarmtv/decoder/ffmpeg_ptr.h"

namespace swarmtv::player {

using namespace swarmtv::decoder;

namespace {

Status encode_rgb_frame(const std::filesystem::path& file, const AVFrame& rgb) {
  const AVCodec* png = avcodec_find_encoder(AV_CODEC_ID_PNG);
  AvCodecContextPtr ctx(png ? avcodec_alloc_context3(png) : nullptr);
  if (!ctx) return make_error(Errc::media_error, "no PNG encoder");
  ctx->width = rgb.width;
  ctx->height = rgb.height;
  ctx->pix_fmt = AV_PIX_FMT_RGB24;
  ctx->time_base = {1, 25};
  int ret = avcodec_open2(ctx.get(), png, nullptr);
  AvPacketPtr packet = make_packet();
  if (ret >= 0) ret = avcodec_send_frame(ctx.get(), &rgb);
  if (ret >= 0) ret = avcodec_receive_packet(ctx.get(), packet.get());
  if (ret < 0) return make_error(Errc::media_error, "PNG encoding failed: " + av_error_string(ret));
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(packet->data), packet->size);
  if (!out) return make_error(Errc::io_error, "cannot write " + file.string());
  return Status::success();
}

}  // namespace

Status write_png_rgb24(const std::filesystem::path& file, const std::uint8_t* pixels, int width,
                       int height, int stride) {
  AvFramePtr frame = make_frame();
  frame->format = AV_PIX_FMT_RGB24;
  frame->width = width;
  frame->height = height;
  if (av_frame_get_buffer(frame.get(), 0) < 0)
    return make_error(Errc::media_error, "out of memory");
  for (int y = 0; y < height; ++y)
    std::copy_n(pixels + std::ptrdiff_t(y) * stride, width * 3,
                frame->data[0] + std::ptrdiff_t(y) * frame->linesize[0]);
  return encode_rgb_frame(file, *frame);
}

Status write_png_frame(const std::filesystem::path& file, const AVFrame& frame) {
  SwsContextPtr sws(sws_getContext(frame.width, frame.height, AVPixelFormat(frame.format),
                                   frame.width, frame.height, AV_PIX_FMT_RGB24, SWS_BICUBIC,
                                   nullptr, nullptr, nullptr));
  AvFramePtr rgb = make_frame();
  rgb->format = AV_PIX_FMT_RGB24;
  rgb->width = frame.width;
  rgb->height = frame.height;
  if (!sws || av_frame_get_buffer(rgb.get(), 0) < 0)
    return make_error(Errc::media_error, "cannot convert the picture");
  sws_scale(sws.get(), frame.data, frame.linesize, 0, frame.height, rgb->data, rgb->linesize);
  return encode_rgb_frame(file, *rgb);
}

}  // namespace swarmtv::player

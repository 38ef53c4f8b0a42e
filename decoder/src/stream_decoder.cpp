#include "swarmtv/decoder/stream_decoder.h"

namespace swarmtv::decoder {

StreamDecoder::StreamDecoder(AVStream* stream, PacketQueue& queue, TargetLookup lookup)
    : stream_(stream), queue_(queue), lookup_(std::move(lookup)) {}

Status StreamDecoder::open_codec(int threads) {
  const AVCodec* decoder = avcodec_find_decoder(stream_->codecpar->codec_id);
  if (!decoder)
    return make_error(Errc::media_error, std::string("no decoder for ") +
                                             avcodec_get_name(stream_->codecpar->codec_id));
  AvCodecContextPtr ctx(avcodec_alloc_context3(decoder));
  if (!ctx) throw std::bad_alloc();
  int ret = avcodec_parameters_to_context(ctx.get(), stream_->codecpar);
  if (ret >= 0) {
    ctx->pkt_timebase = stream_->time_base;
    ctx->thread_count = threads;
    ret = avcodec_open2(ctx.get(), decoder, nullptr);
  }
  if (ret < 0)
    return make_error(Errc::media_error, std::string("cannot open the ") + decoder->name +
                                             " decoder: " + av_error_string(ret));
  codec_ = std::move(ctx);
  return Status::success();
}

StreamDecoder::~StreamDecoder() {
  // Subclasses call stop() in their destructors; this only guards against a missed join.
  if (thread_.joinable()) {
    queue_.abort();
    thread_.join();
  }
}

void StreamDecoder::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void StreamDecoder::stop() {
  queue_.abort();
  abort_output();
  if (thread_.joinable()) thread_.join();
}

void StreamDecoder::run() {
  AvFramePtr frame = make_frame();
  int serial = -1;
  QueuedPacket item;
  while (queue_.get(item, /*block=*/true)) {
    if (item.serial != serial) {
      if (serial != -1) avcodec_flush_buffers(codec_.get());
      serial = item.serial;
      target_ = lookup_ ? lookup_(serial) : std::nullopt;
      on_serial_change(serial);
    }
    if (!item.packet) {
      if (!drain(serial)) return;
      finished_serial_ = serial;
      // The codec is in draining mode until flushed; the next serial flushes it.
      avcodec_flush_buffers(codec_.get());
      continue;
    }
    int ret = avcodec_send_packet(codec_.get(), item.packet.get());
    if (ret < 0 && ret != AVERROR(EAGAIN)) ++decode_errors_;  // corrupt packet: skip it
    while ((ret = avcodec_receive_frame(codec_.get(), frame.get())) >= 0) {
      ++frames_decoded_;
      bool ok = on_frame(frame.get(), serial);
      av_frame_unref(frame.get());
      if (!ok) return;
    }
    if (ret != AVERROR(EAGAIN) && ret != AVERROR_EOF) ++decode_errors_;
  }
}

bool StreamDecoder::drain(int serial) {
  AvFramePtr frame = make_frame();
  avcodec_send_packet(codec_.get(), nullptr);
  while (avcodec_receive_frame(codec_.get(), frame.get()) >= 0) {
    ++frames_decoded_;
    bool ok = on_frame(frame.get(), serial);
    av_frame_unref(frame.get());
    if (!ok) return false;
  }
  return true;
}

}  // namespace swarmtv::decoder

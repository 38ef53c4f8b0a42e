#include "swarmtv/decoder/audio_decoder.h"

#include <cmath>

namespace swarmtv::decoder {

Result<std::unique_ptr<AudioDecoder>> AudioDecoder::open(AVStream* stream, PacketQueue& queue,
                                                         TargetLookup lookup, AudioFormat output) {
  auto decoder =
      std::make_unique<AudioDecoder>(PrivateTag{}, stream, queue, std::move(lookup), output);
  if (auto opened = decoder->open_codec(/*threads=*/1); !opened) return opened.error();
  return decoder;
}

AudioDecoder::AudioDecoder(PrivateTag, AVStream* stream, PacketQueue& queue, TargetLookup lookup,
                           AudioFormat output)
    : StreamDecoder(stream, queue, std::move(lookup)), output_(output) {}

AudioDecoder::~AudioDecoder() {
  stop();
  av_channel_layout_uninit(&swr_in_layout_);
}

void AudioDecoder::on_serial_change(int) {
  next_pts_.reset();
  swr_.reset();  // drop samples buffered for the old position
}

bool AudioDecoder::ensure_resampler(const AVFrame* frame) {
  if (swr_ && frame->sample_rate == swr_in_rate_ && frame->format == swr_in_format_ &&
      av_channel_layout_compare(&frame->ch_layout, &swr_in_layout_) == 0)
    return true;
  AVChannelLayout out_layout{};
  av_channel_layout_default(&out_layout, output_.channels);
  SwrContext* raw = nullptr;
  int ret = swr_alloc_set_opts2(&raw, &out_layout, output_.sample_format, output_.sample_rate,
                                // FFmpeg 5.1 takes a non-const pointer but does not write.
                                const_cast<AVChannelLayout*>(&frame->ch_layout),
                                AVSampleFormat(frame->format), frame->sample_rate, 0, nullptr);
  av_channel_layout_uninit(&out_layout);
  SwrContextPtr swr(raw);
  if (ret < 0 || swr_init(swr.get()) < 0) return false;
  swr_ = std::move(swr);
  swr_in_rate_ = frame->sample_rate;
  swr_in_format_ = frame->format;
  av_channel_layout_uninit(&swr_in_layout_);
  av_channel_layout_copy(&swr_in_layout_, &frame->ch_layout);
  return true;
}

bool AudioDecoder::on_frame(AVFrame* frame, int serial) {
  if (frame->nb_samples <= 0 || frame->sample_rate <= 0) return true;
  MediaTime pts = frame->pts != AV_NOPTS_VALUE ? to_media_time(frame->pts, stream()->time_base)
                                               : next_pts_.value_or(MediaTime(0));
  const AVRational sample_time{1, frame->sample_rate};
  const MediaTime duration = to_media_time(frame->nb_samples, sample_time);
  next_pts_ = pts + duration;

  // Exact seek: drop whole frames before the target and trim the one that straddles it.
  int skip_samples = 0;
  if (auto t = target()) {
    if (pts + duration <= *t) {
      count_dropped();
      return true;
    }
    if (pts < *t) {
      const std::int64_t behind = av_rescale((*t - pts).count(), frame->sample_rate, AV_TIME_BASE);
      skip_samples = int(std::min<std::int64_t>(frame->nb_samples - 1, behind));
      pts += to_media_time(skip_samples, sample_time);
    }
    clear_target();
  }
  if (!ensure_resampler(frame)) return true;

  const int in_samples = frame->nb_samples - skip_samples;
  const int max_out = swr_get_out_samples(swr_.get(), in_samples);
  AudioChunk chunk;
  chunk.data.resize(std::size_t(max_out) * output_.bytes_per_frame());
  std::uint8_t* out_planes[1] = {chunk.data.data()};
  const int bytes_per_sample = av_get_bytes_per_sample(AVSampleFormat(frame->format));
  const bool planar = av_sample_fmt_is_planar(AVSampleFormat(frame->format));
  const int channels = frame->ch_layout.nb_channels;
  std::vector<const std::uint8_t*> in_planes(planar ? channels : 1);
  for (std::size_t p = 0; p < in_planes.size(); ++p)
    in_planes[p] = frame->extended_data[p] +
                   std::size_t(skip_samples) * bytes_per_sample * (planar ? 1 : channels);
  int converted = swr_convert(swr_.get(), out_planes, max_out, in_planes.data(), in_samples);
  if (converted <= 0) return true;
  chunk.data.resize(std::size_t(converted) * output_.bytes_per_frame());
  chunk.pts = pts;
  chunk.duration = to_media_time(converted, AVRational{1, output_.sample_rate});
  chunk.serial = serial;
  return chunks_.push(std::move(chunk));
}

}  // namespace swarmtv::decoder

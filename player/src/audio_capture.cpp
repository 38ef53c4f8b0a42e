#include "audio_capture.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <limits>

namespace swarmtv::player {
namespace {

void put_u32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = std::uint8_t(v >> (8 * i));
}

void put_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = std::uint8_t(v);
  p[1] = std::uint8_t(v >> 8);
}

}  // namespace

Result<std::unique_ptr<AudioCapture>> AudioCapture::create(const std::filesystem::path& file,
                                                           const decoder::AudioFormat& format) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(file.c_str(), "wb"));
  if (!f)
    return make_error(Errc::io_error,
                      "cannot create " + file.string() + ": " + std::strerror(errno));
  auto capture = std::make_unique<AudioCapture>(Key{}, std::move(f), format);
  capture->write_header();
  return capture;
}

AudioCapture::AudioCapture(Key, std::unique_ptr<std::FILE, FileCloser> file,
                           decoder::AudioFormat format)
    : file_(std::move(file)), format_(format) {}

AudioCapture::~AudioCapture() {
  std::fseek(file_.get(), 0, SEEK_SET);
  write_header();
}

void AudioCapture::write_header() {
  // The canonical 44-byte header of PCM WAV (RIFF, "fmt " chunk of 16 bytes, "data").
  std::array<std::uint8_t, 44> h{};
  const auto channels = std::uint16_t(format_.channels);
  const auto block = std::uint16_t(channels * 2);
  std::memcpy(h.data(), "RIFF", 4);
  put_u32(h.data() + 4, 36 + data_bytes_);
  std::memcpy(h.data() + 8, "WAVEfmt ", 8);
  put_u32(h.data() + 16, 16);
  put_u16(h.data() + 20, 1);  // integer PCM
  put_u16(h.data() + 22, channels);
  put_u32(h.data() + 24, std::uint32_t(format_.sample_rate));
  put_u32(h.data() + 28, std::uint32_t(format_.sample_rate) * block);
  put_u16(h.data() + 32, block);
  put_u16(h.data() + 34, 16);
  std::memcpy(h.data() + 36, "data", 4);
  put_u32(h.data() + 40, data_bytes_);
  std::fwrite(h.data(), 1, h.size(), file_.get());
}

void AudioCapture::write(const std::uint8_t* data, int len) {
  if (len <= 0 || data_bytes_ > std::numeric_limits<std::uint32_t>::max() - std::uint32_t(len))
    return;
  data_bytes_ += std::uint32_t(std::fwrite(data, 1, std::size_t(len), file_.get()));
}

}  // namespace swarmtv::player

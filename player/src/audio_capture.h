// What the viewer would hear, written to a WAV file: the output audio of one play(), after the
// volume and the item's loudness gain. Headless tests measure it (loudness matching is checked on
// the real output, not on the arithmetic that is meant to produce it).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "swarmtv/base/result.h"
#include "swarmtv/decoder/media_types.h"

namespace swarmtv::player {

class AudioCapture {
 public:
  // Creates `file` for signed 16-bit PCM in `format`.
  static Result<std::unique_ptr<AudioCapture>> create(const std::filesystem::path& file,
                                                      const decoder::AudioFormat& format);
  // Completes the WAV header with the sizes written.
  ~AudioCapture();
  AudioCapture(const AudioCapture&) = delete;
  AudioCapture& operator=(const AudioCapture&) = delete;

  void write(const std::uint8_t* data, int len);

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  struct Key {};  // only create() constructs one

 public:
  AudioCapture(Key, std::unique_ptr<std::FILE, FileCloser> file, decoder::AudioFormat format);

 private:
  void write_header();

  std::unique_ptr<std::FILE, FileCloser> file_;
  decoder::AudioFormat format_;
  std::uint32_t data_bytes_ = 0;
};

}  // namespace swarmtv::player

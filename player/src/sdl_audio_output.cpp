#include "sdl_audio_output.h"

#include <algorithm>

namespace swarmtv::player {

Result<decoder::AudioFormat> SdlAudioOutput::open(const decoder::AudioFormat& wanted,
                                                  FillCallback fill) {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
    return make_error(Errc::device_error, std::string("cannot start audio: ") + SDL_GetError());
  subsystem_ = true;
  fill_ = std::move(fill);
  SDL_AudioSpec want{}, have{};
  want.freq = wanted.sample_rate;
  want.format = AUDIO_S16SYS;
  want.channels = Uint8(std::clamp(wanted.channels, 1, 2));
  // About 20 ms per callback: small enough for tight A/V sync, large enough not to underrun.
  want.samples = Uint16(std::max(512, wanted.sample_rate / 50 & ~1));
  want.callback = &SdlAudioOutput::callback;
  want.userdata = this;
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have,
                                SDL_AUDIO_ALLOW_FREQUENCY_CHANGE | SDL_AUDIO_ALLOW_CHANNELS_CHANGE);
  if (device_ == 0)
    return make_error(Errc::device_error,
                      std::string("cannot open the audio device: ") + SDL_GetError());
  decoder::AudioFormat obtained;
  obtained.sample_rate = have.freq;
  obtained.channels = have.channels;
  obtained.sample_format = AV_SAMPLE_FMT_S16;
  // ffplay's estimate: the device holds about two of its buffers.
  latency_ = 2.0 * have.samples / have.freq;
  return obtained;
}

void SdlAudioOutput::callback(void* userdata, Uint8* stream, int len) {
  static_cast<SdlAudioOutput*>(userdata)->fill_(stream, len);
}

void SdlAudioOutput::set_paused(bool paused) {
  if (device_) SDL_PauseAudioDevice(device_, paused ? 1 : 0);
}

void SdlAudioOutput::close() {
  if (device_) SDL_CloseAudioDevice(device_);
  device_ = 0;
  if (subsystem_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
  subsystem_ = false;
}

}  // namespace swarmtv::player

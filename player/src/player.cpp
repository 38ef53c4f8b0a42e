#include "swarmtv/player/player.h"

#include <SDL2/SDL.h>

#include "audio_capture.h"
#include "play_session.h"
#include "startup_screen.h"
#include "swarmtv/base/enum_names.h"

namespace swarmtv::player {

const char* to_string(EndReason reason) {
  static constexpr std::array<std::string_view, 8> kNames{
      "eof", "quit", "frames", "end", "error", "controller", "seek", "skipped"};
  return enum_name(reason, kNames).data();
}

Player::Player(PlayerOptions options)
    : options_(std::move(options)),
      volume_(options_.volume),
      subtitles_visible_(options_.subtitles_visible),
      paused_(options_.start_paused) {}

Player::~Player() {
  if (audio_output_) audio_output_->close();
  audio_output_.reset();
  video_output_.reset();
}

Status Player::ensure_outputs(const std::string& title, const decoder::MediaInfo& info) {
  if (info.has_video && !video_output_) {
    auto output = make_video_output(options_.video_output);
    if (!output) return output.error();
    video_output_ = std::move(*output);
  }
  // Audio alone still opens a window that exists (its title; no stale picture).
  if (info.has_video || video_output_) {
    if (auto opened = video_output_->open(info, options_.fullscreen, title); !opened) return opened;
  }
  sdl_events_ = options_.video_output == "sdl";
  if (info.has_audio && options_.audio && !audio_output_) {
    auto output = make_audio_output(options_.audio_output, options_.untimed);
    if (!output) return output.error();
    audio_output_ = std::move(*output);
    // One fixed output format for every input, so switching inputs never reopens the device.
    decoder::AudioFormat wanted{48000, 2, AV_SAMPLE_FMT_S16};
    auto fill = [this](std::uint8_t* out, int len) { return fill_audio(out, len); };
    auto obtained = audio_output_->open(wanted, fill);
    if (!obtained) {
      audio_output_.reset();
      return obtained.error();
    }
    audio_format_ = *obtained;
  }
  return Status::success();
}

void Player::ensure_window() {
  if (video_output_ || options_.video_output != "sdl") return;
  auto output = make_video_output(options_.video_output);
  if (!output) return;
  if (!(*output)->open(decoder::MediaInfo{}, options_.fullscreen, "swarmtv")) return;
  video_output_ = std::move(*output);
  sdl_events_ = true;
}

StartupEnd Player::show_startup(const std::function<bool()>& ready,
                                const std::function<StartupPhase()>& phase) {
  StartupScreen screen(*this);
  while (!ready()) {
    if (screen.quit_requested()) return StartupEnd::quit;
    screen.show(phase());
    screen.wait(0.05);
  }
  return StartupEnd::ready;
}

int Player::fill_audio(std::uint8_t* out, int len) {
  std::lock_guard lock(audio_mutex_);
  if (audio_fill_) {
    const int real = audio_fill_(out, len);
    // Only the real audio: the padding is silence the viewer never "hears" as programme.
    if (capture_) capture_->write(out, real);
    return real;
  }
  std::fill_n(out, len, std::uint8_t(0));
  return 0;
}

void Player::begin_capture_locked(const std::string& kind) {
  capture_.reset();
  // Only the null output: a real device's own buffering would not be in the file anyway, and a
  // file write has no place in a real-time audio callback.
  if (options_.audio_capture_dir.empty() || options_.audio_output != "null") return;
  char name[64];
  std::snprintf(name, sizeof name, "%02d-%s.wav", ++captures_, kind.c_str());
  std::error_code ec;
  std::filesystem::create_directories(options_.audio_capture_dir, ec);
  auto capture = AudioCapture::create(options_.audio_capture_dir / name, audio_format_);
  if (capture)
    capture_ = std::move(*capture);
  else
    stats_.warnings.push_back(capture.error().message);
}

void Player::post(const Command& command) {
  {
    std::lock_guard lock(commands_mutex_);
    commands_.push_back(command);
  }
  commands_cond_.notify_all();
}

bool Player::take_command(Command& out) {
  std::lock_guard lock(commands_mutex_);
  if (commands_.empty()) return false;
  out = commands_.front();
  commands_.pop_front();
  return true;
}

void Player::wait_for_input(double seconds) {
  if (sdl_events_) {
    SDL_WaitEventTimeout(nullptr, std::max(1, int(seconds * 1000)));
    return;
  }
  std::unique_lock lock(commands_mutex_);
  commands_cond_.wait_for(lock, std::chrono::duration<double>(seconds),
                          [&] { return !commands_.empty(); });
}

PlayResult Player::play(ByteSource& source, const PlayItem& item) {
  PlaySession session(*this, source, item);
  return session.run();
}

}  // namespace swarmtv::player

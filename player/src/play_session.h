// The state of one Player::play() call: one input from its first frame to its end.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stop_token>

#include "subtitle_tracks.h"
#include "swarmtv/decoder/pipeline.h"
#include "swarmtv/player/audio_renderer.h"
#include "swarmtv/player/clock.h"
#include "swarmtv/player/player.h"

namespace swarmtv::player {

class PlaySession {
 public:
  PlaySession(Player& player, ByteSource& source, const PlayItem& item);
  ~PlaySession();
  PlaySession(const PlaySession&) = delete;
  PlaySession& operator=(const PlaySession&) = delete;

  PlayResult run();

 private:
  // How long the seek bar and a message stay on screen after an input.
  static constexpr double kOsdBarSeconds = 2.0;
  static constexpr double kMessageSeconds = 1.5;

  Status open();
  // The pipeline, its header read on a thread of its own while the start-up screen shows
  // PlayItem::opening_phase (when set) and listens for a quit.
  Result<std::unique_ptr<decoder::Pipeline>> open_pipeline(const decoder::DemuxerOptions& demux);
  void close();
  // One turn of the loop: input, the controller, the next picture, buffering; the reason to end,
  // if any. `remaining` is how long the loop may wait for input.
  std::optional<EndReason> step(double& remaining);
  // Closes the pipeline and turns what happened into the result, warnings and the segment.
  void finish(PlayResult& result, long frames_before);

  // Input.
  void handle_events();
  void handle(const Command& command);
  void seek(MediaTime target, decoder::SeekMode mode, int direction);
  bool hand_over_seek(MediaTime target);
  // `target` within the input (0 to its duration, when known).
  MediaTime clamp_to_input(MediaTime target) const;
  void set_paused(bool paused);
  void show_message(const std::string& text);

  // Subtitles (play_session_subtitles.cpp).
  void load_subtitles();
  void add_subtitle_file(ByteSource& source, const SubtitleSource& sub);
  // What shows at media time `time` (the picture's); records each cue as it appears.
  void update_subtitles(MediaTime time);
  // `j`/`J` and `v`.
  void subtitle_command(const Command& command);

  // Output.
  void refresh_video(double& remaining);
  void refresh_audio_only();
  void show(decoder::VideoFrame frame);
  void record_first_frame();
  void finish_restart();
  // Wall-clock seconds the picture on screen should stay, from its media duration `delay`.
  double target_delay(double delay) const;
  bool audio_is_master() const { return audio_ != nullptr; }
  std::optional<MediaTime> master_clock() const;
  // The media position now: the clock, else the picture on screen, else what was last heard,
  // else where the input was positioned.
  MediaTime position() const;
  void update_audio_running();
  bool ended() const;
  bool stale(const decoder::VideoFrame& frame) const;

  // Buffering (play_session_buffering.cpp).
  // Tells the source how much media is queued (StreamingSource::hint_buffered), every 100 ms.
  void hint_buffer_level();
  void update_buffering();
  void end_stall(double now);
  // The media buffered before the clock runs on after a start, a seek or a stall:
  // cache_pause_wait, or the source's refill time when longer (a torrent whose pieces take
  // seconds each: one more resume after 1 s would stall again at the next piece), within what
  // the demuxer reads ahead.
  MediaTime buffer_goal() const;
  // What the reads since the last call had to fetch after `since` (0 for a local file).
  std::int64_t bytes_fetched_since(std::chrono::steady_clock::time_point since);
  bool starving() const;
  std::optional<int> buffering_percent() const;

  // The OSD and the status line (play_session_osd.cpp).
  OsdState osd() const;
  void redraw_if_needed();
  // Draws `frame` (null: the last one again) with the OSD, and tells PlayerOptions::osd_observer.
  void present(const AVFrame* frame);
  void print_status_line(bool force = false);

  Player& player_;
  ByteSource& source_;
  const PlayItem& item_;
  PlaybackStats& stats_;
  // The pipeline's reads: cancelled for good by a quit or by giving the input up.
  std::stop_source reads_;
  std::stop_callback<std::function<void()>> on_interrupt_, on_abandon_;
  std::unique_ptr<decoder::Pipeline> pipeline_;
  std::unique_ptr<AudioRenderer> audio_;

  Clock video_clock_;
  double frame_timer_ = 0.0;
  std::optional<decoder::VideoFrame> shown_;  // the picture on screen
  double last_duration_ = 0.04;               // wall-clock seconds the picture before stayed

  // Restart: after the start and after every seek, until the first picture of the new position.
  bool restarting_ = true;
  int min_serial_ = 0;  // frames of older serials belong to positions left behind
  MediaTime restart_target_{0};
  std::optional<std::size_t> pending_seek_;  // index into stats_.seeks
  std::chrono::steady_clock::time_point pending_seek_since_;
  double last_buffer_hint_ = 0.0;

  bool paused_ = false;
  bool step_ = false;
  bool buffering_ = false;
  // Set while buffering_ is the wait after a first picture (cache_pause_initial): the index of
  // the seek it follows, or kStartBuffering.
  static constexpr long kStartBuffering = -1;
  std::optional<long> initial_buffering_;
  double pause_started_ = 0.0;
  double stall_started_ = 0.0;
  double restart_started_ = 0.0;
  // The buffering spell the OSD's percentage belongs to (its start) and the most it has shown.
  mutable double spell_started_ = -1.0;
  mutable int spell_percent_ = 0;

  std::string message_;
  double message_until_ = 0.0;
  double bar_until_ = 0.0;
  double last_present_ = 0.0;
  double last_status_ = 0.0;
  std::optional<MediaTime> last_heard_position_;

  bool quit_ = false;
  std::optional<EndReason> end_request_;  // set by the controller's hooks
  std::optional<MediaTime> end_position_;
  double last_progress_ = 0.0;
  long progress_frames_ = -1;
  long frames_shown_here_ = 0;
  SegmentRecord segment_;
  std::chrono::steady_clock::time_point fetched_since_;  // PlayItem::fetched_since

  SubtitleTracks subtitles_;
  std::vector<decoder::SubtitleCue> showing_;  // the cues on screen
  std::string subtitle_text_;                  // their text, for the OSD
  // showing_ holds over the media times [showing_from_, showing_until_) while the selected
  // track has showing_cues_ cues (no showing_from_: look again).
  std::optional<MediaTime> showing_from_;
  MediaTime showing_until_{0};
  std::size_t showing_cues_ = 0;
};

}  // namespace swarmtv::player

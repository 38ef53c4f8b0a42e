// The player: owns the outputs, plays one input (a ByteSource) at a time through a
// decoder::Pipeline, and keeps audio and video in sync.
//
// Timing follows ffplay: the audio clock is the master when there is audio (video frames are
// shown when due against it and dropped when late), the video clock otherwise. Buffering is an
// explicit state, as in mpv: when the input starves, the clocks stop and "Buffering N%" shows
// until about a second is buffered again, so nothing is skipped across a stall.
//
// Threads: play() runs the event/refresh loop on the calling thread (the main thread for SDL).
// post() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "swarmtv/base/byte_source.h"
#include "swarmtv/player/audio_output.h"
#include "swarmtv/player/command.h"
#include "swarmtv/player/menu.h"
#include "swarmtv/player/playback_controller.h"
#include "swarmtv/player/playback_stats.h"
#include "swarmtv/player/startup_phase.h"
#include "swarmtv/player/video_output.h"

namespace swarmtv::player {

class AudioCapture;
class PlaySession;
class StartupScreen;

struct PlayerOptions {
  std::string video_output = "sdl";  // --vo
  std::string audio_output = "sdl";  // --ao
  bool audio = true;                 // --no-audio clears it
  bool untimed = false;              // --untimed: no A/V timing, as fast as decoding goes
  // --framedrop (mpv's name): a picture that is late when the next one is already due is
  // dropped to keep up with the audio. Off, every picture is shown, late if the machine is slow.
  bool framedrop = true;
  bool fullscreen = false;  // --fs
  // --pause: the first play() starts paused. The pause state then carries over from one play()
  // to the next (as mpv's pause property does across a playlist): a viewer who paused at a
  // sponsor clip's first picture and skipped still has the next one paused, and one who
  // resumed does not have to resume again at every clip.
  bool start_paused = false;
  int volume = 100;      // --volume, 0..100
  long max_frames = -1;  // --frames: stop after this many pictures
  // Seconds buffered before playback resumes from a stall, or more when the source asks for
  // more (StreamingSource::refill_goal: a torrent whose pieces take seconds to fetch).
  double cache_pause_wait = 1.0;
  // After the first picture (at start, after a seek), wait for cache_pause_wait seconds of
  // buffer before the clock runs (mpv's --cache-pause-initial); on for torrents, whose data
  // arrives at the swarm's pace.
  bool cache_pause_initial = false;
  bool status_line = false;  // the terminal status line on stderr
  std::filesystem::path screenshot_dir = ".";
  // With the null audio output: the output audio of each play() (after volume and loudness
  // gain), as <dir>/<NN>-<kind>.wav, NN counting from 01. Tests measure what would be heard.
  std::filesystem::path audio_capture_dir;
  // mpv's --sid: nullopt is "auto", 0 is "no", N the N-th subtitle track (embedded ones first,
  // then PlayItem::subtitle_files).
  std::optional<int> sid;
  bool subtitles_visible = true;  // `v` toggles it for the rest of the run
  // Called with every picture shown and its media time (tests and tools inspect them).
  std::function<void(const AVFrame& frame, MediaTime pts)> frame_observer;
  // Called with the OSD of every picture drawn (and of every redraw while paused or buffering).
  std::function<void(const OsdState& osd)> osd_observer;
  // Called with the menu each time Player::choose() draws it (the highlighted row included).
  std::function<void(const Menu& menu)> menu_observer;
  // Triggered from any thread (the app's signal watcher) to stop playback as if the viewer
  // quit, in every phase: a blocked read, the container's header included, is cancelled.
  std::stop_token interrupted;
};

// A subtitle file that is not a local path: a season bundle's, read from the torrent.
struct SubtitleSource {
  std::string name;      // its file name, which picks the format (.srt, .vtt, .ass)
  std::string language;  // "en"; may be empty
  std::string title;     // may be empty
  std::shared_ptr<ByteSource> source;
};

// Per-input settings.
struct PlayItem {
  std::string title;
  std::string kind = "content";    // recorded in the stats' segments
  std::optional<MediaTime> start;  // --start: seek here (exactly) before playing
  std::optional<MediaTime> end;    // --end: stop at this media time
  double gain = 1.0;               // linear audio gain (loudness matching)
  bool allow_seek = true;          // false while a sponsor clip plays
  // Extra text for the OSD and status line (peers, rates) and the input's buffered ranges.
  std::function<std::string()> status_text;
  std::function<std::string()> corner_text;
  // The Skip button to show now (none: no button); a click on it is a skip request.
  std::function<std::optional<SkipButton>()> skip_button;
  // External subtitle files (--sub-file, the .srt beside a local video): tracks after the
  // embedded ones. One that cannot be read is a warning, never an error.
  std::vector<std::filesystem::path> subtitle_files;
  std::vector<SubtitleSource> subtitle_sources;  // after subtitle_files
  // Marks on the seek bar (ad breaks; played ones `done`).
  std::vector<OsdMarker> markers;
  // Steers this play() (the ad planner); not owned. Null: the viewer alone decides.
  PlaybackController* controller = nullptr;
  // Pieces that arrived before this moment count as already had in the segment's
  // bytes_fetched_before_first_frame (default: when play() starts). The next episode sets the
  // end of the one before: 0 bytes then proves its head was on disk before that one ended.
  std::optional<std::chrono::steady_clock::time_point> fetched_since;
  // What shows while the container's header is read (a torrent: "Buffering 42% · ~2 s"), in the
  // window and on the status line; q, Esc and closing the window quit meanwhile. Empty: the
  // header is read with nothing shown (a local file is there at once).
  std::function<StartupPhase()> opening_phase;
  // Triggered to give this input up (a sponsor clip whose data does not come): its reads are
  // cancelled and play() ends with an error.
  std::stop_token abandon;
};

enum class EndReason {
  end_of_file,
  quit,
  frame_limit,
  end_position,
  error,
  controller,        // PlaybackController::on_progress() asked to stop
  seek_handed_over,  // PlaybackController::take_over_seek() took a seek
  skipped,           // the viewer skipped (PlaybackController::request_skip() accepted)
};
const char* to_string(EndReason reason);

// How a countdown between two inputs (the next episode) ended.
enum class CountdownEnd {
  elapsed,    // it ran out: go on
  now,        // the viewer asked to go on at once (Enter/k, `skip`)
  cancelled,  // Esc/q (or `quit` on --input-file): do not go on
  quit,       // the window was closed or the program interrupted
};

// How Player::show_startup() ended.
enum class StartupEnd {
  ready,  // `ready()` said so
  quit,   // q, Esc, the window closed, `quit` posted, or PlayerOptions::interrupted
};

struct PlayResult {
  EndReason reason = EndReason::end_of_file;
  std::string error;                  // set with EndReason::error
  std::optional<MediaTime> position;  // where playback stopped; unknown if the input never opened
};

class Player {
 public:
  explicit Player(PlayerOptions options);
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  PlayResult play(ByteSource& source, const PlayItem& item);

  // Between two play() calls: shows "<what> in N · Enter: now · Esc: cancel" over the last
  // picture (and on the status line) for `seconds`, counting down, while it listens to the keys,
  // the window and post(). Headless it simply runs out unless a command ends it.
  CountdownEnd countdown(const std::string& what, double seconds);

  // Before the first play(), while other threads open the input (a torrent's metadata, a
  // season's signature): opens the window at once (the SDL output; headless there is none) and
  // shows phase() there and on the status line, polled every 50 ms, until ready() is true or
  // the viewer quits. The window stays open for the play() after it.
  StartupEnd show_startup(const std::function<bool()>& ready,
                          const std::function<StartupPhase()>& phase);

  // Whether a window is open (show_startup() opened it, or a play() did): a menu can show.
  bool has_window() const { return video_output_ && sdl_events_; }
  // Shows `menu` in the window until the viewer chooses a selectable row (Up/Down and Enter,
  // or a click on it), or leaves (Esc/q, the window closed, `quit` posted, interrupted):
  // nullopt. Without a window: nullopt at once.
  std::optional<std::size_t> choose(Menu menu);

  // Queues a command for the running (or next) play(); thread-safe.
  void post(const Command& command);

  const PlaybackStats& stats() const { return stats_; }
  PlaybackStats& stats() { return stats_; }
  const PlayerOptions& options() const { return options_; }

 private:
  Status ensure_outputs(const std::string& title, const decoder::MediaInfo& info);
  // The SDL window before any input is known (the start-up screen). Without a display nothing
  // opens: the first play() then reports the error.
  void ensure_window();
  bool take_command(Command& out);
  void wait_for_input(double seconds);
  int fill_audio(std::uint8_t* out, int len);
  // Starts capturing the next play()'s audio (audio_capture_dir); call with audio_mutex_ held.
  void begin_capture_locked(const std::string& kind);

  PlayerOptions options_;
  PlaybackStats stats_;
  std::unique_ptr<VideoOutput> video_output_;
  std::unique_ptr<AudioOutput> audio_output_;
  decoder::AudioFormat audio_format_;
  bool sdl_events_ = false;
  int volume_;
  bool muted_ = false;
  bool subtitles_visible_;
  bool paused_;  // the viewer's pause state, across play() calls

  std::mutex commands_mutex_;
  std::condition_variable commands_cond_;
  std::deque<Command> commands_;

  // The audio callback reaches the current session's renderer through this.
  std::mutex audio_mutex_;
  std::function<int(std::uint8_t*, int)> audio_fill_;
  std::unique_ptr<AudioCapture> capture_;  // guarded by audio_mutex_
  int captures_ = 0;

  friend class PlaySession;    // the state of one play() call
  friend class StartupScreen;  // the screen before the first picture
};

}  // namespace swarmtv::player

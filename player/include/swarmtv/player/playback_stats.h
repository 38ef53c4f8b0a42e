// The machine-readable record of a run (--stats-json): how fast the first frame came, every
// stall and seek, frame counts and A/V drift. Benchmarks and end-to-end tests read it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "swarmtv/base/media_time.h"
#include "swarmtv/base/result.h"

namespace swarmtv::player {

// Seconds since this process started (the reference for every time in the stats).
double process_seconds();
// The same moment on std::chrono's steady clock.
std::chrono::steady_clock::time_point process_start_time();

struct StallRecord {
  double start = 0.0;     // process time
  double duration = 0.0;  // seconds
  MediaTime position{0};  // where playback waited
};

struct SeekRecord {
  MediaTime target{0};
  bool exact = false;
  double requested = 0.0;  // process time
  double latency = -1.0;   // seconds to the first new frame; -1 if none came
  // Bytes the demuxer read from the request to that frame (what the seek cost the source).
  std::int64_t bytes_read = 0;
  // Bytes the source had to fetch for what was read (StreamingSource::bytes_arrived_for): for a
  // torrent, the whole pieces that arrived after the request. The true lower bound of the seek.
  std::int64_t bytes_fetched = 0;
  double buffering = 0.0;  // seconds the clock then waited for a buffer (cache_pause_initial)
};

// One input played from start to end (an episode, a sponsor clip).
struct SegmentRecord {
  std::string kind = "content";  // "content" or "ad" (set by the caller)
  std::string title;
  double started = 0.0;  // process time
  double ended = 0.0;
  std::optional<MediaTime> first_position;  // of the first frame shown
  std::optional<MediaTime> last_position;   // of the last frame shown (or audio heard)
  std::string end_reason;
  long long first_frame_crc = -1;  // adler32 of the first picture shown (to match frames)
  // Process times the first and the last picture were shown (-1: none): the gap between two
  // episodes is the next one's first_frame_at minus this one's last_frame_at.
  double first_frame_at = -1.0;
  double last_frame_at = -1.0;
  // What the source had to fetch for the first picture after PlayItem::fetched_since (as
  // SeekRecord::bytes_fetched); -1 when no picture was shown.
  long long bytes_fetched_before_first_frame = -1;
  double startup_buffering = 0.0;  // seconds the clock waited after its first picture
};

// A subtitle cue as it came on screen.
struct SubtitleRecord {
  std::string text;
  MediaTime start{0};  // the cue's media times
  MediaTime end{0};
  double shown = 0.0;  // process time it appeared
};

// At most this many subtitle records are kept (a film has about 1 500 cues).
inline constexpr std::size_t kMaxSubtitleRecords = 20000;

struct PlaybackStats {
  double time_to_first_frame = -1.0;  // process start to the first picture (or sound)
  double startup_buffering = 0.0;     // seconds the clock waited after it (cache_pause_initial)
  long long bytes_before_first_frame = -1;
  long long bytes_fetched_before_first_frame = -1;  // as SeekRecord::bytes_fetched
  std::vector<StallRecord> stalls;
  std::vector<SeekRecord> seeks;
  std::vector<SegmentRecord> segments;
  std::vector<SubtitleRecord> subtitles;  // every cue shown, in the order they appeared
  long frames_decoded = 0;
  long frames_shown = 0;
  long frames_dropped = 0;
  MediaTime max_av_drift{0};  // over frames shown while audio was the master
  std::string end_reason;
  std::vector<std::string> warnings;
  // Payload bytes the source's swarm moved while it played (set by the caller; -1: no swarm).
  long long network_downloaded = -1;
  long long network_uploaded = -1;

  nlohmann::json to_json() const;
  // Writes to_json() to `file`; an io_error if it cannot.
  Status write(const std::filesystem::path& file) const;
};

}  // namespace swarmtv::player

// Near the end of an episode, the next one's head and container index are fetched through the
// torrent's prefetch API (stream::Torrent::prefetch), so that after the countdown its first
// frame needs no piece from the swarm.
#pragma once

#include <optional>
#include <vector>

#include "swarmtv/stream/file_selection.h"
#include "swarmtv/stream/torrent.h"

namespace swarmtv::app {

// The video file after `current` in name order (a plain multi-file torrent: "ep01.mkv",
// "ep02.mkv", ...), if there is one.
std::optional<lt::file_index_t> next_video_file(const std::vector<stream::FileEntry>& files,
                                                lt::file_index_t current);

class NextEpisodePrefetch {
 public:
  // How long before the end the prefetch starts: enough for a few MiB at a modest rate, late
  // enough not to take bandwidth from the episode playing (a short episode: from its start).
  static constexpr MediaTime kLead = std::chrono::seconds(30);
  // The head fetched: the container header and the first seconds of media at any common
  // bitrate (the demuxer's probe and a second of buffer behind the first frame).
  static constexpr std::int64_t kHeadBytes = 2 << 20;

  NextEpisodePrefetch(stream::Torrent& torrent, lt::file_index_t next)
      : torrent_(torrent), next_(next) {}
  ~NextEpisodePrefetch();
  NextEpisodePrefetch(const NextEpisodePrefetch&) = delete;
  NextEpisodePrefetch& operator=(const NextEpisodePrefetch&) = delete;

  // The current episode is at `position` of `duration` (unknown: nothing starts before the end
  // is known).
  void at(MediaTime position, std::optional<MediaTime> duration);
  // Starts now, `left` before the current episode ends (0: it ended before the lead was
  // reached, or its duration is unknown).
  void start(MediaTime left = MediaTime(0));
  bool started() const { return started_; }

 private:
  stream::Torrent& torrent_;
  lt::file_index_t next_;
  bool started_ = false;
  std::vector<int> ids_;
};

}  // namespace swarmtv::app

// The text subtitle tracks found inside each video, shared by every connection: a file's tracks
// are read from its header once (its bytes are verified, so they never change).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "swarmtv/decoder/embedded_subtitles.h"

namespace swarmtv::http {

class EmbeddedTrackCache {
 public:
  using Tracks = std::vector<decoder::EmbeddedSubtitleTrack>;

  std::optional<Tracks> find(int file) const {
    std::lock_guard lock(mutex_);
    const auto it = tracks_.find(file);
    if (it == tracks_.end()) return std::nullopt;
    return it->second;
  }
  void store(int file, Tracks tracks) {
    std::lock_guard lock(mutex_);
    tracks_.emplace(file, std::move(tracks));
  }

 private:
  mutable std::mutex mutex_;
  std::map<int, Tracks> tracks_;
};

}  // namespace swarmtv::http

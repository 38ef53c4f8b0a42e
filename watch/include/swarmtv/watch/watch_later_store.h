// Continue watching, as mpv's watch-later: where the viewer left each episode and whether it
// was watched to the end. One small JSON file per episode in the user's state directory
// ($XDG_STATE_HOME/swarmtv/watch_later, else ~/.local/state/swarmtv/watch_later):
//   {"format":1,"key":"btih:<info-hash>/file/3","title":"One","position":40.04,
//    "duration":1420.5,"watched":false,"updated":1796000000}
// A file per episode (named by a digest of its key) rather than one table, so two players
// watching different episodes never overwrite each other's entry. Written atomically
// (base/file_writer.h): a crash leaves the previous or the new entry, never half of one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "swarmtv/base/media_time.h"
#include "swarmtv/base/result.h"

namespace swarmtv::watch {

struct WatchEntry {
  std::string key;                    // see torrent_file_key(), local_file_key()
  std::string title;                  // for people reading the folder; not used to match
  MediaTime position{0};              // where in the content the viewer left it
  std::optional<MediaTime> duration;  // unknown if the container does not say
  bool watched = false;               // played to (near) the end: the next play starts at 0
  std::int64_t updated = 0;           // Unix seconds of the last save

  // How much of it was watched, 0..1 (1 once watched; 0 when the duration is unknown).
  double progress() const;
};

// The stable name of file `file_index` of the torrent with `info_hash` (hex): the same for a
// .torrent, its magnet link and a season bundle's episode, wherever the download lies.
std::string torrent_file_key(const std::string& info_hash, int file_index);
// A local file: its absolute, normalised path and its size (a file replaced by another of a
// different size is a different episode).
std::string local_file_key(const std::filesystem::path& file, std::int64_t size);

// The end of an episode: its last 5 %, at most its last 10 s (credits; a short clip in a test
// scales down). A viewer who stops there has watched it.
bool near_end(MediaTime position, std::optional<MediaTime> duration);

// Where the next play of `entry` starts: its position, unless it was watched, is at the very
// start or near its end (then nullopt: from 0).
std::optional<MediaTime> resume_position(const WatchEntry& entry);

class WatchLaterStore {
 public:
  // Keeps its files in `dir` (created on the first save).
  explicit WatchLaterStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // $XDG_STATE_HOME/swarmtv/watch_later, ~/.local/state/swarmtv/watch_later without it (a
  // relative XDG_STATE_HOME is ignored, as the XDG spec says).
  static std::filesystem::path default_dir();

  // The entry of `key`; nullopt when there is none. A parse_error (one line naming the file)
  // when the file is malformed or belongs to another key: the caller warns and starts at 0.
  Result<std::optional<WatchEntry>> load(const std::string& key) const;
  // Replaces the entry of entry.key (stamping `updated` when it is 0).
  Status save(const WatchEntry& entry) const;

  std::filesystem::path file_for(const std::string& key) const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace swarmtv::watch

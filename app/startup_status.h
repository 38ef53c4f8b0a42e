// The phases before the first picture, the one source of what the window's start-up screen and
// the terminal's status line say (player::StartupPhase): a magnet link's metadata, the season's
// signature, no peers yet, and the buffering of the file's head.
//
// Thread-safe: the thread that opens the input reports (on_metadata, enter, finish), the main
// thread asks (phase(), in Player::show_startup and PlayItem::opening_phase).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>

#include "swarmtv/player/startup_phase.h"
#include "swarmtv/stream/stream_status.h"
#include "swarmtv/stream/torrent.h"
#include "swarmtv/stream/torrent_byte_source.h"

namespace swarmtv::app {

// After this long without a peer, the phase adds a hint of what to check.
inline constexpr double kNoPeersHintSeconds = 10.0;

class StartupStatus {
 public:
  enum class Stage {
    metadata,   // a magnet link's metadata
    signature,  // a season bundle's manifest and signature, read from the torrent
    opening,    // the file is being opened
    buffering,  // the file's head and container index (StreamStatus of the file)
  };

  // `first`: Stage::metadata for a magnet link; a .torrent file has its metadata already.
  explicit StartupStatus(Stage first = Stage::metadata);
  StartupStatus(const StartupStatus&) = delete;
  StartupStatus& operator=(const StartupStatus&) = delete;

  // Stage::metadata's progress (Torrent::wait_for_metadata calls it about once a second).
  void on_metadata(const stream::MetadataProgress& progress);
  // A stage after the metadata, counting `torrent`'s peers.
  void enter(Stage stage, std::shared_ptr<const stream::Torrent> torrent);
  // The opening thread is done (with the input or with an error).
  void finish();
  bool finished() const;
  // What shows now.
  player::StartupPhase phase();

  // PlayItem::opening_phase for the file `source` plays: its buffering, or no peers yet.
  static std::function<player::StartupPhase()> buffering_of(
      const stream::TorrentByteSource& source);

 private:
  using Clock = std::chrono::steady_clock;
  // Peers and, in Stage::buffering, the file's status; asked of libtorrent at most every 250 ms.
  void refresh_locked(Clock::time_point now);

  mutable std::mutex mutex_;
  Stage stage_ = Stage::metadata;
  bool finished_ = false;
  Clock::time_point stage_started_;
  Clock::time_point no_peers_since_;
  Clock::time_point refreshed_{};
  int peers_ = 0;
  int percent_ = 0;  // the most Stage::buffering has shown
  std::shared_ptr<const stream::Torrent> torrent_;
  const stream::TorrentByteSource* file_ = nullptr;
  stream::StreamStatus file_status_;
  stream::StreamStatus torrent_status_;  // before the file is open (no file_)
};

// The text of one phase: `seconds` in the stage, `no_peers_for` since the last peer left (0
// while some are connected), `file` the file's status in Stage::buffering (else null).
player::StartupPhase describe_phase(StartupStatus::Stage stage, int peers, double seconds,
                                    double no_peers_for, const stream::StreamStatus* file,
                                    int& percent);

}  // namespace swarmtv::app

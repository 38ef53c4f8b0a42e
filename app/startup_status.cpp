#include "startup_status.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace swarmtv::app {

namespace {

const char* const kDot = " \u00b7 ";
const char* const kNoPeersHint = "check the torrent's trackers or --peer";

std::string peers_text(int peers) {
  return std::to_string(peers) + (peers == 1 ? " peer" : " peers");
}

std::string seconds_text(double seconds) {
  return std::to_string(long(std::max(0.0, seconds))) + " s";
}

// "Buffering 42% · ~2 s": the share of what the blocked read needs, never falling.
player::StartupPhase buffering_text(const stream::StreamStatus& file, int& percent) {
  if (file.buffering)
    percent = std::max(percent, std::clamp(int(file.buffering_progress * 100), 0, 99));
  player::StartupPhase phase;
  phase.text = "Buffering " + std::to_string(percent) + "%";
  if (file.buffering && file.estimated_wait_seconds)
    phase.text += std::string(kDot) + "~" +
                  std::to_string(long(std::ceil(*file.estimated_wait_seconds))) + " s";
  phase.buffering_percent = percent;
  return phase;
}

}  // namespace

player::StartupPhase describe_phase(StartupStatus::Stage stage, int peers, double seconds,
                                    double no_peers_for, const stream::StreamStatus* file,
                                    int& percent) {
  using Stage = StartupStatus::Stage;
  player::StartupPhase phase;
  const bool hint = peers == 0 && no_peers_for >= kNoPeersHintSeconds;
  if (stage == Stage::metadata) {
    phase.text =
        "Fetching metadata" + std::string(kDot) + peers_text(peers) + kDot + seconds_text(seconds);
    if (hint) phase.hint = std::string("no peers yet: ") + kNoPeersHint;
    return phase;
  }
  // Nothing comes without a peer, unless the file is here already.
  const bool here = file && file->file_progress >= 1.0;
  if (peers == 0 && !here) {
    phase.text = "No peers yet" + std::string(kDot) + seconds_text(no_peers_for);
    if (hint) phase.hint = kNoPeersHint;
    return phase;
  }
  if (stage == Stage::signature) {
    phase.text = "Checking the season's signature" + std::string(kDot) + peers_text(peers);
    return phase;
  }
  if (stage == Stage::opening || !file) {
    phase.text = "Opening the file" + std::string(kDot) + peers_text(peers);
    return phase;
  }
  return buffering_text(*file, percent);
}

StartupStatus::StartupStatus(Stage first)
    : stage_(first), stage_started_(Clock::now()), no_peers_since_(stage_started_) {}

void StartupStatus::on_metadata(const stream::MetadataProgress& progress) {
  std::lock_guard lock(mutex_);
  if (progress.peers > 0) no_peers_since_ = Clock::now();
  peers_ = progress.peers;
}

void StartupStatus::enter(Stage stage, std::shared_ptr<const stream::Torrent> torrent) {
  std::lock_guard lock(mutex_);
  stage_ = stage;
  stage_started_ = Clock::now();
  torrent_ = std::move(torrent);
  refreshed_ = {};
}

void StartupStatus::finish() {
  std::lock_guard lock(mutex_);
  finished_ = true;
}

bool StartupStatus::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

void StartupStatus::refresh_locked(Clock::time_point now) {
  if (now - refreshed_ < std::chrono::milliseconds(250)) return;
  refreshed_ = now;
  if (!file_ && !torrent_) return;  // the metadata stage: on_metadata reports
  if (file_)
    file_status_ = file_->status();
  else
    torrent_status_ = torrent_->status();
  const stream::StreamStatus& status = file_ ? file_status_ : torrent_status_;
  peers_ = status.peers;
  // The torrent's own count, so that it goes on from file to file (the season screen, the next
  // episode) instead of starting again at 0 s.
  no_peers_since_ = now - std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(status.seconds_without_peers));
}

player::StartupPhase StartupStatus::phase() {
  std::lock_guard lock(mutex_);
  const Clock::time_point now = Clock::now();
  refresh_locked(now);
  // While no peer is there the count starts with the first stage: "no peers yet · 12 s".
  const double no_peers_for =
      peers_ > 0 ? 0.0 : std::chrono::duration<double>(now - no_peers_since_).count();
  const double seconds = std::chrono::duration<double>(now - stage_started_).count();
  return describe_phase(stage_, peers_, seconds, no_peers_for, file_ ? &file_status_ : nullptr,
                        percent_);
}

std::function<player::StartupPhase()> StartupStatus::buffering_of(
    const stream::TorrentByteSource& source) {
  auto status = std::make_shared<StartupStatus>();
  status->stage_ = Stage::buffering;
  status->file_ = &source;
  return [status] { return status->phase(); };
}

}  // namespace swarmtv::app

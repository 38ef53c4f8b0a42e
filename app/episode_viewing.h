// One episode's viewing of a season bundle: the ad planner (ads::AdSession) decides what plays
// next, content or a sponsor clip from the same torrent, and this class has the player play it.
// The content's position goes to the watch-later store and to the next episode's prefetch.
#pragma once

#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "ad_controllers.h"
#include "licence_watcher.h"
#include "next_episode_prefetch.h"
#include "play_command_line.h"
#include "swarmtv/ads/ad_session.h"
#include "swarmtv/ads/frequency_caps.h"
#include "swarmtv/ads/schedule_builder.h"
#include "swarmtv/ads/tracking_log.h"
#include "swarmtv/ads/viewing_state.h"
#include "swarmtv/player/player.h"
#include "swarmtv/season/season.h"
#include "watch_progress.h"

namespace swarmtv::app {

class EpisodeViewing {
 public:
  // `prefetch` (may be null) is told the content position: the next episode's head.
  EpisodeViewing(player::Player& player, const season::Season& season, const ads::Episode& episode,
                 stream::TorrentByteSource& content, WatchProgress& progress,
                 NextEpisodePrefetch* prefetch)
      : player_(player),
        season_(season),
        episode_(episode),
        content_(content),
        progress_(progress),
        prefetch_(prefetch) {}

  // Builds the schedule and the session; then plays from `start` to the end of the episode.
  // Returns the exit status, having printed any error as one line.
  int run(const BundleArgs& args, const player::PlayItem& content_item, MediaTime start);
  // The episode played to its end (after its post-roll): the next one may follow.
  bool ended() const { return ended_; }

 private:
  // The next action; `quit` when the viewer quit. An error when playback failed.
  Result<ads::PlayerAction> play_content(const ads::PlayerAction& action,
                                         const player::PlayItem& content_item, bool& quit);
  ads::PlayerAction play_clip(const ads::PlayerAction& action, bool& quit);
  Status prepare_session(const BundleArgs& args);
  std::string view_id() const;
  Result<ads::AdSchedule> viewing_schedule(const ads::ScheduleInputs& inputs,
                                           const std::string& view);
  Result<stream::TorrentByteSource*> clip_source(const std::string& file);
  void prefetch_breaks();
  player::PlayItem clip_item(const ads::SponsorClip& clip, ClipController& controller) const;

  player::Player& player_;
  const season::Season& season_;
  const ads::Episode& episode_;
  stream::TorrentByteSource& content_;
  WatchProgress& progress_;
  NextEpisodePrefetch* prefetch_;
  ads::FrequencyCapStore caps_;  // counted from tracking_ (empty without a log)
  std::optional<ads::TrackingLog> tracking_;
  std::optional<ads::ViewingStateStore> viewing_state_;
  std::optional<ads::AdSession> session_;
  std::optional<LicenceWatcher> licences_;  // asked about once a second while a clip plays
  std::optional<ads::AdSchedule> schedule_;
  std::optional<MediaTime> duration_;
  bool ended_ = false;
  std::map<std::string, std::unique_ptr<stream::TorrentByteSource>> clip_sources_;
};

}  // namespace swarmtv::app

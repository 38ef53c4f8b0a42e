// The two PlaybackControllers through which the ad planner steers the player: one while content
// plays, one while a sponsor clip plays. Each turns the player's progress, seeks and skips into
// AdSession events and keeps the session's answer (the next PlayerAction) for the caller.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "swarmtv/ads/ad_session.h"
#include "swarmtv/player/playback_controller.h"

namespace swarmtv::app {

// Content plays until the planner wants something else: a break is reached, or a seek needs the
// last break before its target first.
class ContentController final : public player::PlaybackController {
 public:
  explicit ContentController(ads::AdSession& session) : session_(session) {}
  bool on_progress(MediaTime position) override;
  bool take_over_seek(MediaTime target) override;

  std::optional<ads::PlayerAction> next;

 private:
  ads::AdSession& session_;
};

// A sponsor clip: progress feeds the planner's tracking and stall timer; skip asks it. A licence
// added while the clip plays (`swarmtv licence add` in another terminal) ends the break.
class ClipController final : public player::PlaybackController {
 public:
  // `play_id`: the showing this controller reports for (PlayerAction::play_id).
  ClipController(ads::AdSession& session, std::uint64_t play_id, std::function<bool()> ad_free_now)
      : session_(session), play_id_(play_id), ad_free_now_(std::move(ad_free_now)) {}
  bool on_progress(MediaTime position) override;
  bool take_over_seek(MediaTime) override { return false; }
  std::string request_skip() override;
  // Tracked as pause/resume, and a paused clip is not a stalled one.
  void on_pause_changed(bool paused) override;

  // Whether the clip has shown progress, and whether the viewer has it paused: read by the
  // watchdog thread that gives up a clip whose data never comes (but not a paused one).
  bool started() const { return started_; }
  bool paused() const { return paused_; }

  std::optional<ads::PlayerAction> next;

 private:
  std::atomic<bool> started_{false};
  std::atomic<bool> paused_{false};
  ads::AdSession& session_;
  std::uint64_t play_id_;
  std::function<bool()> ad_free_now_;
  std::chrono::steady_clock::time_point last_licence_check_ = std::chrono::steady_clock::now();
};

}  // namespace swarmtv::app

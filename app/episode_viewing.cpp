#include "episode_viewing.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "commands.h"
#include "swarmtv/ads/loudness.h"
#include "swarmtv/ads/schedule_builder.h"
#include "swarmtv/base/media_time.h"
#include "swarmtv/base/xdg_dirs.h"
#include "swarmtv/decoder/demuxer.h"
#include "watching_controller.h"

namespace swarmtv::app {

namespace {

using Action = ads::PlayerAction;

std::filesystem::path ads_state_dir(const BundleArgs& args) {
  if (!args.ads_state_dir.empty()) return args.ads_state_dir;
  if (auto data = xdg_dir(XdgDir::data)) return *data / "swarmtv";
  return "swarmtv-state";
}

std::vector<player::OsdMarker> break_markers(const ads::AdSchedule& schedule,
                                             std::optional<MediaTime> duration) {
  std::vector<player::OsdMarker> out;
  if (!duration || *duration <= MediaTime(0)) return out;
  for (const ads::AdBreak& b : schedule.breaks()) {
    if (b.is_pre_roll() || b.is_post_roll()) continue;
    out.push_back({media_time_ratio(b.position, *duration), b.finished()});
  }
  return out;
}

void print_warnings(ads::AdSession& session) {
  for (const auto& w : session.take_warnings())
    std::fprintf(stderr, "swarmtv: warning: %s\n", w.c_str());
}

// The durations and chapters the schedule needs, from the container's header.
Result<ads::ScheduleInputs> probe_schedule_inputs(ByteSource& content) {
  ads::ScheduleInputs inputs;
  auto probe = decoder::Demuxer::open(content, {}, quit_token());
  if (!probe) return probe.error();
  const decoder::MediaInfo& info = (*probe)->info();
  inputs.duration = info.duration;
  inputs.chapter_starts = info.chapters;
  return inputs;
}

}  // namespace

// One viewing per episode and day: a restart the same day resumes it (no event fires twice,
// no final clip plays again); watching again another day is a new viewing.
std::string EpisodeViewing::view_id() const {
  const auto days =
      std::chrono::duration_cast<std::chrono::days>(ads::Clock::now().time_since_epoch()).count();
  return season_.torrent()->info_hash() + "/" + std::to_string(episode_.number) + "/day-" +
         std::to_string(days);
}

// The schedule this viewing plays: the one saved by an earlier run of the same viewing, else a
// new one. A viewer now ad-free (or a pilot) gets none, whatever was saved.
Result<ads::AdSchedule> EpisodeViewing::viewing_schedule(const ads::ScheduleInputs& inputs,
                                                         const std::string& view) {
  auto fresh = ads::build_ad_schedule(season_.manifest(), episode_, season_.entitlement(), inputs);
  if (!fresh || fresh->empty()) return fresh;
  auto saved = viewing_state_->load(view, season_.manifest());
  if (!saved) {
    std::fprintf(stderr, "swarmtv: warning: %s; the viewing starts afresh\n",
                 saved.error().message.c_str());
    return fresh;
  }
  return *saved ? std::move(**saved) : std::move(*fresh);
}

Status EpisodeViewing::prepare_session(const BundleArgs& args) {
  auto inputs = probe_schedule_inputs(content_);
  if (!inputs) return inputs.error();
  const std::filesystem::path state = ads_state_dir(args);
  std::error_code ec;
  std::filesystem::create_directories(state, ec);
  if (auto log = ads::TrackingLog::open(state / "tracking.jsonl")) {
    tracking_ = std::move(*log);
    // Caps count the log's impressions: one source, so the two always agree.
    caps_ = ads::FrequencyCapStore::from_tracking(*tracking_, ads::Clock::now());
  } else {
    std::fprintf(stderr, "swarmtv: warning: %s\n", log.error().message.c_str());
  }
  viewing_state_.emplace(state / "viewings");
  inputs->caps = &caps_;
  const std::string view = view_id();
  auto schedule = viewing_schedule(*inputs, view);
  if (!schedule) return schedule.error();
  schedule_ = std::move(*schedule);
  duration_ = inputs->duration;

  ads::AdSessionOptions options;
  options.view_id = view;
  options.series_id = season_.manifest().series.id;
  options.tracking = tracking_ ? &*tracking_ : nullptr;
  options.caps = &caps_;
  options.viewing_state = &*viewing_state_;
  session_.emplace(*schedule_, options);
  licences_.emplace(ads::LicenceStore(season_.licence_dir()),
                    [this] { return season_.current_entitlement().ad_free(); });
  return {};
}

int EpisodeViewing::run(const BundleArgs& args, const player::PlayItem& content_item,
                        MediaTime start) {
  if (auto prepared = prepare_session(args); !prepared) return fail(prepared.error().message);
  prefetch_breaks();

  Action action = session_->start(start);
  bool quit = false;
  for (;;) {
    print_warnings(*session_);
    if (action.kind == Action::Kind::end_of_episode) {
      progress_.finished();
      ended_ = true;
      break;
    }
    if (action.kind == Action::Kind::none) break;
    const bool clip = action.kind != Action::Kind::play_content;
    if (clip) {
      action = play_clip(action, quit);
    } else {
      auto next = play_content(action, content_item, quit);
      if (!next) return fail(next.error().message);
      action = std::move(*next);
    }
    if (quit) return 0;
    if (clip) prefetch_breaks();
  }
  print_warnings(*session_);
  return 0;
}

// Plays content from the action's position until the planner or the viewer ends it.
Result<Action> EpisodeViewing::play_content(const Action& action,
                                            const player::PlayItem& content_item, bool& quit) {
  ContentController controller(*session_);
  WatchingController watching(progress_, &controller,
                              [this](MediaTime position, std::optional<MediaTime> duration) {
                                if (prefetch_) prefetch_->at(position, duration);
                              });
  player::PlayItem item = content_item;
  item.start = action.content_position > MediaTime(0) ? std::optional(action.content_position)
                                                      : std::nullopt;
  item.controller = &watching;
  item.markers = break_markers(session_->planner().schedule(), duration_);
  auto result = player_.play(content_, item);
  // Stopped for good or for a break: remembered now, so a quit during the break's clip resumes
  // at the break (whose interrupted clip shows again).
  if (result.reason != player::EndReason::end_of_file &&
      result.reason != player::EndReason::seek_handed_over)
    progress_.stopped(result.position);
  if (result.reason == player::EndReason::error) return make_error(Errc::media_error, result.error);
  if (result.reason == player::EndReason::quit) {
    quit = true;
    return Action{};
  }
  if (controller.next) return std::move(*controller.next);
  if (result.reason == player::EndReason::end_of_file) return session_->on_content_ended();
  return Action{};  // --end or --frames
}

Result<stream::TorrentByteSource*> EpisodeViewing::clip_source(const std::string& file) {
  auto& source = clip_sources_[file];
  if (!source) {
    auto opened = season_.open_file(file);
    if (!opened) {
      if (opened.error().code == Errc::no_such_file)
        return make_error(Errc::no_such_file, "the clip's file is not in the torrent");
      return opened.error();
    }
    source = std::move(*opened);
  }
  return source.get();
}

player::PlayItem EpisodeViewing::clip_item(const ads::SponsorClip& clip,
                                           ClipController& controller) const {
  player::PlayItem item;
  item.kind = "ad";
  item.title = clip.id;
  item.allow_seek = false;
  // Gained to the episode it interrupts, not to a fixed target: a quiet show gets quiet clips.
  item.gain = ads::loudness_gain_linear(clip.loudness_lufs, episode_.loudness_lufs);
  item.controller = &controller;
  const ads::AdPlanner* planner = &session_->planner();
  item.corner_text = [planner] {
    auto c = planner->current_clip();
    if (!c) return std::string();
    std::string s = c->label();
    if (c->skippable)
      s += c->skip_available
               ? " · Enter: skip"
               : " · skip in " +
                     std::to_string(
                         std::chrono::floor<std::chrono::seconds>(c->skip_countdown).count() + 1);
    return s;
  };
  item.skip_button = [planner]() -> std::optional<player::SkipButton> {
    auto c = planner->current_clip();
    if (!c || !c->skippable) return std::nullopt;
    if (c->skip_available) return player::SkipButton{"Skip \u25b6", true};
    // Whole seconds, rounded up: "Skip in 1" until the very moment it is offered.
    const auto left = (c->skip_countdown.count() + 999999) / 1000000;
    return player::SkipButton{"Skip in " + std::to_string(left), false};
  };
  return item;
}

Action EpisodeViewing::play_clip(const Action& action, bool& quit) {
  const ads::SponsorClip& clip = *action.clip;
  auto opened = clip_source(clip.file);
  if (!opened) return session_->on_clip_failed(opened.error().message);
  stream::TorrentByteSource* source = *opened;
  ClipController controller(*session_, action.play_id, [this] { return licences_->ad_free(); });
  player::PlayItem item = clip_item(clip, controller);
  // A clip whose data never comes must not hang the pod: give up after the planner's timeout.
  std::stop_source abandon;
  item.abandon = abandon.get_token();
  // A paused clip waits for the viewer: the 10 s start again from the resume.
  std::jthread watchdog([&controller, &abandon](std::stop_token stop) {
    using std::chrono::steady_clock;
    auto deadline = steady_clock::now() + std::chrono::seconds(10);
    while (!stop.stop_requested() && !controller.started()) {
      if (controller.paused())
        deadline = steady_clock::now() + std::chrono::seconds(10);
      else if (steady_clock::now() >= deadline)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!stop.stop_requested() && !controller.started()) abandon.request_stop();
  });
  auto result = player_.play(*source, item);
  watchdog.request_stop();
  watchdog.join();
  if (result.reason == player::EndReason::quit) {
    quit = true;
    return {};
  }
  if (controller.next) return std::move(*controller.next);
  if (result.reason == player::EndReason::end_of_file) return session_->on_clip_ended();
  if (result.reason == player::EndReason::error) return session_->on_clip_failed(result.error);
  return {};
}

// Sponsor clips come from the same torrent; fetch them before their break.
void EpisodeViewing::prefetch_breaks() {
  stream::Torrent& torrent = *season_.torrent();
  for (const ads::AdBreak& b : session_->planner().schedule().breaks()) {
    if (!b.has_unplayed()) continue;
    for (const auto& c : b.clips) {
      auto f = season_.file_index(c.clip.file);
      if (f && !clip_sources_.count(c.clip.file))
        (void)torrent.prefetch(*f, {0, std::int64_t(torrent.files()[std::size_t(int(*f))].size)});
    }
  }
}

}  // namespace swarmtv::app

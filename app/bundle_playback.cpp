#include "bundle_playback.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <thread>

#include "ad_controllers.h"
#include "commands.h"
#include "swarmtv/ads/ad_session.h"
#include "swarmtv/ads/frequency_caps.h"
#include "swarmtv/ads/loudness.h"
#include "swarmtv/ads/schedule_builder.h"
#include "swarmtv/ads/tracking_log.h"
#include "swarmtv/ads/viewing_state.h"
#include "swarmtv/base/media_time.h"
#include "swarmtv/decoder/demuxer.h"
#include "swarmtv/stream/stream_status.h"

namespace swarmtv::app {

namespace {

using Action = ads::PlayerAction;

std::filesystem::path ads_state_dir(const BundleArgs& args) {
  if (!args.ads_state_dir.empty()) return args.ads_state_dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "swarmtv";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local/share/swarmtv";
  return "swarmtv-state";
}

std::vector<player::OsdMarker> break_markers(const ads::AdSchedule& schedule, double duration) {
  std::vector<player::OsdMarker> out;
  if (!(duration > 0)) return out;
  for (const ads::AdBreak& b : schedule.breaks()) {
    if (b.is_pre_roll() || b.is_post_roll()) continue;
    out.push_back({media_time_to_seconds(b.position) / duration, b.finished()});
  }
  return out;
}

// "Starlane S01E01 · The Long Orbit": the series, the episode's number, its title.
std::string episode_title(const ads::BundleManifest& manifest, const ads::Episode& episode) {
  char code[32];
  std::snprintf(code, sizeof code, "S%02dE%02d", manifest.season, episode.number);
  std::string title = manifest.series.title.empty() ? code : manifest.series.title + " " + code;
  return title + " \xC2\xB7 " + (episode.title.empty() ? episode.file : episode.title);
}

// The episode's subtitle files, read from the torrent as the player loads them. One that is
// not in the torrent is a warning: the episode plays without it.
void add_bundle_subtitles(const season::Season& season, const ads::Episode& episode,
                          player::PlayItem& item) {
  for (const ads::SubtitleRef& sub : episode.subtitles) {
    auto source = season.open_file(sub.file);
    if (!source) {
      std::fprintf(stderr, "warning: subtitles %s not loaded: %s\n", sub.file.c_str(),
                   source.error().message.c_str());
      continue;
    }
    const auto slash = sub.file.rfind('/');
    item.subtitle_sources.push_back(
        {slash == std::string::npos ? sub.file : sub.file.substr(slash + 1), sub.language,
         sub.title, std::move(*source)});
  }
}

void print_warnings(ads::AdSession& session) {
  for (const auto& w : session.take_warnings())
    std::fprintf(stderr, "swarmtv: warning: %s\n", w.c_str());
}

int list_season(const season::Season& season) {
  const ads::BundleManifest& m = season.manifest();
  std::printf("%s, season %d\n", m.series.title.c_str(), m.season);
  for (const auto& e : m.episodes)
    std::printf("  episode %d  %s%s\n", e.number, e.title.c_str(), e.pilot ? "  (pilot)" : "");
  const bool unlocked = season.entitlement().bonus_unlocked();
  for (std::size_t i = 0; i < m.bonus.size(); ++i)
    std::printf("  bonus %zu    %s  [%s]\n", i, m.bonus[i].title.c_str(),
                unlocked ? "unlocked" : "locked: premium licence needed");
  return 0;
}

int play_bonus(player::Player& player, const season::Season& season, std::size_t index,
               const player::PlayItem& base_item) {
  auto source = season.open_bonus(index, quit_token());
  if (!source) return fail(source.error().message);
  player::PlayItem item = base_item;
  item.title = season.manifest().bonus[index].title;
  auto result = player.play(**source, item);
  if (result.reason == player::EndReason::error) return fail(result.error);
  return 0;
}

// The durations and chapters the schedule needs, from the container's header.
Result<ads::ScheduleInputs> probe_schedule_inputs(ByteSource& content) {
  ads::ScheduleInputs inputs;
  auto probe = decoder::Demuxer::open(content, {}, quit_token());
  if (!probe) return probe.error();
  const decoder::MediaInfo& info = (*probe)->info();
  if (info.duration > 0) inputs.duration = seconds_to_media_time(info.duration);
  for (double c : info.chapters) inputs.chapter_starts.push_back(seconds_to_media_time(c));
  return inputs;
}

// What one episode's viewing needs beside the player: the planner and the sources it plays.
class EpisodeViewing {
 public:
  EpisodeViewing(player::Player& player, const season::Season& season, const ads::Episode& episode,
                 stream::TorrentByteSource& content)
      : player_(player), season_(season), episode_(episode), content_(content) {}

  // Builds the schedule and the session; then plays from `start` to the end of the episode.
  int run(const BundleArgs& args, const player::PlayItem& content_item, double start);

 private:
  // The next action; `quit` when the viewer quit. An error when playback failed.
  Result<Action> play_content(const Action& action, const player::PlayItem& content_item,
                              bool& quit);
  Action play_clip(const Action& action, bool& quit);
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
  ads::FrequencyCapStore caps_;  // counted from tracking_ (empty without a log)
  std::optional<ads::TrackingLog> tracking_;
  std::optional<ads::ViewingStateStore> viewing_state_;
  std::optional<ads::AdSession> session_;
  std::optional<ads::AdSchedule> schedule_;
  double duration_ = NAN;
  std::map<std::string, std::unique_ptr<stream::TorrentByteSource>> clip_sources_;
};

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
    caps_ = ads::FrequencyCapStore::from_tracking(*tracking_);
  } else {
    std::fprintf(stderr, "swarmtv: warning: %s\n", log.error().message.c_str());
  }
  viewing_state_.emplace(state / "viewings");
  inputs->caps = &caps_;
  const std::string view = view_id();
  auto schedule = viewing_schedule(*inputs, view);
  if (!schedule) return schedule.error();
  schedule_ = std::move(*schedule);
  duration_ = inputs->duration ? media_time_to_seconds(*inputs->duration) : NAN;

  ads::AdSessionOptions options;
  options.view_id = view;
  options.series_id = season_.manifest().series.id;
  options.tracking = tracking_ ? &*tracking_ : nullptr;
  options.caps = &caps_;
  options.viewing_state = &*viewing_state_;
  session_.emplace(*schedule_, options);
  return {};
}

int EpisodeViewing::run(const BundleArgs& args, const player::PlayItem& content_item,
                        double start) {
  if (auto prepared = prepare_session(args); !prepared) return fail(prepared.error().message);
  prefetch_breaks();

  Action action = session_->start(seconds_to_media_time(start));
  bool quit = false;
  for (;;) {
    print_warnings(*session_);
    if (action.kind == Action::Kind::end_of_episode || action.kind == Action::Kind::none) break;
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
  player::PlayItem item = content_item;
  item.start =
      action.content_position.count() > 0 ? media_time_to_seconds(action.content_position) : NAN;
  item.controller = &controller;
  item.markers = break_markers(session_->planner().schedule(), duration_);
  auto result = player_.play(content_, item);
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
               : " · skip in " + std::to_string(int(media_time_to_seconds(c->skip_countdown)) + 1);
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
  ClipController controller(*session_, action.play_id,
                            [this] { return season_.current_entitlement().ad_free(); });
  player::PlayItem item = clip_item(clip, controller);
  // A clip whose data never comes must not hang the pod: give up after the planner's timeout.
  std::stop_source abandon;
  item.abandon = abandon.get_token();
  std::jthread watchdog([&controller, &abandon](std::stop_token stop) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!stop.stop_requested() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!stop.stop_requested() && !controller.started) abandon.request_stop();
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

}  // namespace

int play_season(player::Player& player, const season::Season& season, const BundleArgs& args,
                const player::PlayItem& base_item) {
  if (season.entitlement().checks.size() || season.entitlement().ad_free())
    std::fprintf(stderr, "swarmtv: %s\n", season.entitlement().explanation().c_str());
  if (args.list) return list_season(season);
  if (args.bonus >= 0) return play_bonus(player, season, std::size_t(args.bonus), base_item);

  auto episode = season.episode(args.episode);
  if (!episode) return fail(episode.error().message);
  auto content = season.open_file((*episode)->file);
  if (!content)
    return fail(content.error().code == Errc::no_such_file
                    ? "the bundle's episode file is not in the torrent: " + (*episode)->file
                    : content.error().message);
  stream::TorrentByteSource& source = **content;
  player::PlayItem item = base_item;
  item.title = episode_title(season.manifest(), **episode);
  add_bundle_subtitles(season, **episode, item);
  item.status_text = [&source] { return stream::format_viewer_status(source.status()); };
  EpisodeViewing viewing(player, season, **episode, source);
  return viewing.run(args, item, std::isnan(base_item.start) ? 0.0 : base_item.start);
}

}  // namespace swarmtv::app

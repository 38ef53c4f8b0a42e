#include "bundle_playback.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "commands.h"
#include "episode_viewing.h"
#include "next_episode_prefetch.h"
#include "season_order.h"
#include "season_screen.h"
#include "startup_status.h"
#include "swarmtv/player/osd_state.h"
#include "swarmtv/stream/stream_status.h"
#include "watch_progress.h"

namespace swarmtv::app {

namespace {

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

std::string episode_title(const ads::BundleManifest& m, const ads::Episode& e) {
  char code[32];
  std::snprintf(code, sizeof code, "S%02dE%02d", m.season, e.number);
  return m.series.title + " " + code + (e.title.empty() ? "" : " \u00b7 " + e.title);
}

// Where `episode` starts: --start for the first one, else the saved position (unless
// --resume-playback=no), else 0.
MediaTime start_of(const WatchProgress& progress, const WatchArgs& watch,
                   std::optional<MediaTime> start, std::optional<MediaTime> end) {
  if (start) return *start;
  if (!watch.resume) return MediaTime(0);
  auto resume = progress.resume_point(end);
  if (!resume) return MediaTime(0);
  std::fprintf(stderr,
               "swarmtv: resuming at %s (--start=0 or --resume-playback=no: from the start)\n",
               player::format_time(*resume).c_str());
  return *resume;
}

// One episode from its start position to its end; `ended` when it played to its end. The next
// one's head is prefetched near the end when `next` is set.
int play_episode(player::Player& player, const season::Season& season, const ads::Episode& episode,
                 const ads::Episode* next, const BundleArgs& args, const WatchArgs& watch,
                 const watch::WatchLaterStore* store, player::PlayItem item,
                 std::optional<MediaTime> start, bool& ended) {
  ended = false;
  auto content = season.open_file(episode.file);
  if (!content)
    return fail(content.error().code == Errc::no_such_file
                    ? "the bundle's episode file is not in the torrent: " + episode.file
                    : content.error().message);
  stream::TorrentByteSource& source = **content;
  item.title = episode_title(season.manifest(), episode);
  add_bundle_subtitles(season, episode, item);
  item.status_text = [&source] { return stream::format_viewer_status(source.status()); };
  item.opening_phase = StartupStatus::buffering_of(source);
  WatchProgress progress(store, episode_key(season, episode), item.title);
  progress.set_duration(episode.duration);
  std::optional<NextEpisodePrefetch> prefetch;
  if (next)
    if (auto file = season.file_index(next->file)) prefetch.emplace(*season.torrent(), *file);
  EpisodeViewing viewing(player, season, episode, source, progress,
                         prefetch ? &*prefetch : nullptr);
  const int code = viewing.run(args, item, start_of(progress, watch, start, item.end));
  ended = viewing.ended();
  // An episode shorter than the lead, or whose end came early: fetch the next head now, during
  // the countdown.
  if (ended && prefetch) prefetch->start();
  return code;
}

}  // namespace

int play_season(player::Player& player, const season::Season& season, const BundleArgs& args,
                const WatchArgs& watch, const watch::WatchLaterStore* store,
                const player::PlayItem& base_item) {
  if (season.entitlement().checks.size() || season.entitlement().ad_free())
    std::fprintf(stderr, "swarmtv: %s\n", season.entitlement().explanation().c_str());
  if (args.list) return list_season(season, store);
  if (args.bonus >= 0) return play_bonus(player, season, std::size_t(args.bonus), base_item);

  const ads::Episode* episode = nullptr;
  if (args.episode >= 0) {
    auto chosen = season.episode(args.episode);
    if (!chosen) return fail(chosen.error().message);
    episode = *chosen;
  } else if (player.has_window()) {
    // In a window: the season screen. Leaving it ends the program.
    auto choice = choose_on_season_screen(player, season, store);
    if (!choice) return 0;
    if (!choice->episode) return play_bonus(player, season, choice->bonus, base_item);
    episode = choice->episode;
  } else {
    // Headless: the next unwatched episode, as a TV show's "play" does.
    episode = next_unwatched(season, store);
    if (!episode) return fail("the bundle lists no episode");
  }
  player::PlayItem item = base_item;
  std::optional<MediaTime> start = base_item.start;
  for (;;) {
    const ads::Episode* next =
        watch.next_episode ? episode_after(season.manifest(), *episode) : nullptr;
    bool ended = false;
    const int code =
        play_episode(player, season, *episode, next, args, watch, store, item, start, ended);
    if (code != 0 || !ended || !next) return code;
    // The next episode's pieces that came after this moment are what its start had to fetch.
    item.fetched_since = std::chrono::steady_clock::now();
    const auto answer =
        player.countdown("Next: " + episode_title(season.manifest(), *next), watch.countdown);
    if (answer == player::CountdownEnd::cancelled || answer == player::CountdownEnd::quit) return 0;
    episode = next;
    start.reset();  // the next one resumes where it was left, or starts at 0
  }
}

}  // namespace swarmtv::app

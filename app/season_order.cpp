#include "season_order.h"

#include <algorithm>
#include <cstdio>

#include "swarmtv/ads/entitlement.h"
#include "swarmtv/base/media_time.h"
#include "swarmtv/player/osd_state.h"

namespace swarmtv::app {

namespace {

std::optional<watch::WatchEntry> entry_of(const season::Season& season, const ads::Episode& e,
                                          const watch::WatchLaterStore* store) {
  if (!store) return std::nullopt;
  auto entry = store->load(episode_key(season, e));
  // A malformed entry is "not watched" here; playing the episode warns about it.
  if (!entry) return std::nullopt;
  return *entry;
}

// What the viewer's tier plays for `e` (the rule itself is ads::episode_shows_ads).
const char* tier_text(const ads::Entitlement& entitlement, const ads::Episode& e) {
  if (ads::episode_shows_ads(entitlement, e)) return "free with sponsor clips";
  return e.pilot ? "pilot" : "ad-free";
}

std::string progress_text(const std::optional<watch::WatchEntry>& entry) {
  if (!entry) return "new";
  if (entry->watched) return "watched";
  if (entry->position < std::chrono::seconds(1)) return "new";
  std::string s = "at " + player::format_time(entry->position);
  if (entry->duration) s += " (" + std::to_string(int(100 * entry->progress())) + "%)";
  return s;
}

}  // namespace

std::vector<const ads::Episode*> viewing_order(const ads::BundleManifest& manifest) {
  std::vector<const ads::Episode*> out;
  for (const auto& e : manifest.episodes) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(), [](const ads::Episode* a, const ads::Episode* b) {
    if (a->pilot != b->pilot) return a->pilot;
    return a->number < b->number;
  });
  return out;
}

const ads::Episode* episode_after(const ads::BundleManifest& manifest,
                                  const ads::Episode& episode) {
  const auto order = viewing_order(manifest);
  for (std::size_t i = 0; i + 1 < order.size(); ++i)
    if (order[i]->number == episode.number) return order[i + 1];
  return nullptr;
}

std::string episode_key(const season::Season& season, const ads::Episode& episode) {
  auto file = season.file_index(episode.file);
  // An episode whose file is missing cannot play; its key only has to be stable.
  const int index = file ? static_cast<int>(*file) : -1;
  return watch::torrent_file_key(season.torrent()->info_hash(), index);
}

const ads::Episode* next_unwatched(const season::Season& season,
                                   const watch::WatchLaterStore* store) {
  const auto order = viewing_order(season.manifest());
  for (const ads::Episode* e : order) {
    auto entry = entry_of(season, *e, store);
    if (!entry || !entry->watched) return e;
  }
  return order.empty() ? nullptr : order.front();
}

std::vector<SeasonRow> season_rows(const season::Season& season,
                                   const watch::WatchLaterStore* store) {
  const ads::BundleManifest& m = season.manifest();
  std::vector<SeasonRow> rows;
  for (const ads::Episode* e : viewing_order(m)) {
    SeasonRow row;
    row.episode = e;
    row.title = e->title;
    row.duration = player::format_time(e->duration);
    row.tier = tier_text(season.entitlement(), *e);
    const auto entry = entry_of(season, *e, store);
    row.progress = progress_text(entry);
    if (entry) row.watched = entry->watched ? 1.0 : entry->progress();
    rows.push_back(std::move(row));
  }
  const bool unlocked = season.entitlement().bonus_unlocked();
  for (std::size_t i = 0; i < m.bonus.size(); ++i) {
    SeasonRow row;
    row.bonus = i;
    row.title = m.bonus[i].title;
    row.locked = !unlocked;
    rows.push_back(std::move(row));
  }
  return rows;
}

int list_season(const season::Season& season, const watch::WatchLaterStore* store) {
  const ads::BundleManifest& m = season.manifest();
  std::printf("%s, season %d\n", m.series.title.c_str(), m.season);
  for (const SeasonRow& r : season_rows(season, store)) {
    if (r.episode)
      std::printf("  episode %d  %s%s  %s  %s  %s\n", r.episode->number, r.title.c_str(),
                  r.episode->pilot ? "  (pilot)" : "", r.duration.c_str(), r.tier.c_str(),
                  r.progress.c_str());
    else
      std::printf("  bonus %zu    %s  [%s]\n", r.bonus, r.title.c_str(),
                  r.locked ? "locked: premium licence needed" : "unlocked");
  }
  return 0;
}

}  // namespace swarmtv::app

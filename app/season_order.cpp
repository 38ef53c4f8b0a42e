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
  if (entry->position < 1.0) return "new";
  std::string s = "at " + player::format_time(entry->position);
  if (entry->duration > 0) s += " (" + std::to_string(int(100 * entry->progress())) + "%)";
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

int list_season(const season::Season& season, const watch::WatchLaterStore* store) {
  const ads::BundleManifest& m = season.manifest();
  std::printf("%s, season %d\n", m.series.title.c_str(), m.season);
  for (const ads::Episode* e : viewing_order(m)) {
    const std::string duration =
        e->duration ? player::format_time(media_time_to_seconds(*e->duration)) : "--:--";
    std::printf("  episode %d  %s%s  %s  %s  %s\n", e->number, e->title.c_str(),
                e->pilot ? "  (pilot)" : "", duration.c_str(), tier_text(season.entitlement(), *e),
                progress_text(entry_of(season, *e, store)).c_str());
  }
  const bool unlocked = season.entitlement().bonus_unlocked();
  for (std::size_t i = 0; i < m.bonus.size(); ++i)
    std::printf("  bonus %zu    %s  [%s]\n", i, m.bonus[i].title.c_str(),
                unlocked ? "unlocked" : "locked: premium licence needed");
  return 0;
}

}  // namespace swarmtv::app

#include "season_screen.h"

#include <string>

namespace swarmtv::app {

namespace {

const char* const kDot = " \u00b7 ";

player::MenuRow episode_row(const SeasonRow& r) {
  player::MenuRow row;
  row.label = "Episode " + std::to_string(r.episode->number) + kDot + r.title;
  if (r.episode->pilot) row.label += " (pilot)";
  row.detail = r.duration + kDot + r.tier + kDot + r.progress;
  row.progress = r.watched;
  return row;
}

player::MenuRow bonus_row(const SeasonRow& r) {
  player::MenuRow row;
  row.label = "Bonus" + std::string(kDot) + r.title;
  row.detail = r.locked ? "locked: premium licence needed" : "unlocked";
  row.selectable = !r.locked;
  return row;
}

}  // namespace

player::Menu season_menu(const season::Season& season, const std::vector<SeasonRow>& rows,
                         std::size_t selected) {
  const ads::BundleManifest& m = season.manifest();
  player::Menu menu;
  menu.title = m.series.title + ", season " + std::to_string(m.season);
  for (const SeasonRow& r : rows) menu.rows.push_back(r.episode ? episode_row(r) : bonus_row(r));
  menu.selected = selected;
  return menu;
}

std::optional<SeasonChoice> choose_on_season_screen(player::Player& player,
                                                    const season::Season& season,
                                                    const watch::WatchLaterStore* store) {
  const std::vector<SeasonRow> rows = season_rows(season, store);
  const ads::Episode* next = next_unwatched(season, store);
  std::size_t selected = 0;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].episode && rows[i].episode == next) selected = i;
  auto chosen = player.choose(season_menu(season, rows, selected));
  if (!chosen) return std::nullopt;
  const SeasonRow& row = rows[*chosen];
  return SeasonChoice{row.episode, row.bonus};
}

}  // namespace swarmtv::app

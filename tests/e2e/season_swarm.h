// A signed season bundle made by the real CLI (keygen, trust add, bundle create) from the
// publisher fixture's media, seeded on loopback by `swarmtv seed`, and played by `swarmtv play`
// headless: what the ad-rule tests share.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace swarmtv::test {

struct SeasonSwarmOptions {
  std::string season_json;  // written as the season's season.json
  // Runs on the season folder before `bundle create` (extra media).
  std::function<void(const std::filesystem::path& season)> prepare;
  // Runs on a copy of the bundle's content that the seeder serves (to withhold data).
  std::function<void(const std::filesystem::path& content)> damage;
};

class SeasonSwarm {
 public:
  SeasonSwarm(const std::string& tag, const SeasonSwarmOptions& options);
  ~SeasonSwarm();
  SeasonSwarm(const SeasonSwarm&) = delete;
  SeasonSwarm& operator=(const SeasonSwarm&) = delete;

  // `swarmtv play` of episode 1, headless, with `extra` options; --stats-json to stats_of(tag).
  std::string play_command(const std::string& tag, const std::string& extra) const;
  CommandResult play(const std::string& tag, const std::string& extra, int timeout = 240) const;
  // The same without --episode: the player picks the episode (the next unwatched one).
  CommandResult play_season(const std::string& tag, const std::string& extra,
                            int timeout = 240) const;
  // `swarmtv play <magnet> --list` (stdout and stderr).
  CommandResult list() const;
  nlohmann::json stats_of(const std::string& tag) const;
  // The tracking log, one object per line.
  std::vector<nlohmann::json> tracking() const;
  // The bundle's manifest, as signed.
  nlohmann::json manifest() const;
  // Issues and adds an ad-free licence for the season.
  void add_ad_free_licence() const;

  const TempDir& home() const { return home_; }
  const std::string& magnet() const { return magnet_; }
  const std::string& swarmtv() const { return swarmtv_; }

 private:
  TempDir home_;
  std::string swarmtv_;
  std::filesystem::path bundle_;  // the torrent's content folder
  std::string magnet_;
  int seeder_ = 0;
};

// The fixture's season (episode 1: 6 s, chapters at 2 and 4 s), changed by `edit`.
std::string season_with(const std::function<void(nlohmann::json&)>& edit);

// The fixture's season with a pre-roll and mid-rolls at the chapters (2 and 4 s), one clip
// each, no post-roll.
SeasonSwarmOptions one_clip_breaks_with_pre_roll();

// Plays `tag` with --end=3 and checks what played: the pre-roll, content, the break at 2 s,
// content. The first viewing of the resume and restart tests.
void play_past_first_break(const SeasonSwarm& swarm, const std::string& tag);

// "<kind>" of each segment, consecutive repeats merged.
std::vector<std::string> segment_kinds(const nlohmann::json& stats);

// The segments of kind "content", in order.
std::vector<nlohmann::json> content_segments(const nlohmann::json& stats);

// An H.264/AAC file of `seconds` with a 440 Hz tone at `volume` (as the fixture's media).
void make_clip(const std::filesystem::path& file, double seconds, double volume);

}  // namespace swarmtv::test

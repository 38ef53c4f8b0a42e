// A season manifest's subtitle files: `bundle create` carries them into the torrent, the player
// shows them as a track of the episode, read from the swarm.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "season_fixture.h"
#include "season_swarm.h"

using namespace swarmtv;
namespace fs = std::filesystem;
using nlohmann::json;

TEST_CASE("A bundle episode shows the subtitle file its manifest lists, read from the swarm",
          "[e2e][subtitles][bundle]") {
  json season = json::parse(test::season_json());
  season["episodes"][1]["subtitles"] = {
      {{"file", "subs/one.en.srt"}, {"language", "en"}, {"title", "English"}}};
  season["episodes"][1]["ad_breaks"] = json::array();  // no mid-rolls: content from 0 to 6 s
  season["ad_policy"] = {{"clips_per_break", 1}, {"pre_roll", false}, {"post_roll", false}};
  test::SeasonSwarmOptions options;
  options.season_json = season.dump(2);
  options.prepare = [](const fs::path& folder) {
    fs::create_directories(folder / "subs");
    test::write_file(folder / "subs" / "one.en.srt",
                     "1\n00:00:00,500 --> 00:00:01,500\nFrom the bundle\n\n"
                     "2\n00:00:03,000 --> 00:00:04,000\nSecond line\n\n");
  };
  test::SeasonSwarm swarm("bundle-subs", options);
  const json manifest = swarm.manifest();
  REQUIRE(manifest["episodes"][1]["subtitles"].size() == 1);
  CHECK(manifest["episodes"][1]["subtitles"][0]["language"] == "en");

  const auto run = swarm.play("subs", "");
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  const json stats = swarm.stats_of("subs");
  std::vector<std::string> texts;
  for (const auto& s : stats["subtitles"]) texts.push_back(s["text"]);
  CHECK(texts == std::vector<std::string>{"From the bundle", "Second line"});
  CHECK(stats["subtitles"][0]["start"].get<double>() == Approx(0.5).margin(0.1));
}

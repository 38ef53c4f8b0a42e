// The viewer's window around playback, in-process (app::run_play, SDL's dummy video driver) on
// real loopback swarms: the start-up screen phase by phase, a quit in the phases that wait on
// peers, and the season screen with the tiers of the viewer's licence.
#include <catch2/catch.hpp>

#include <SDL2/SDL.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "play_command_line.h"
#include "sdl_events.h"
#include "season_fixture.h"
#include "season_swarm.h"
#include "swarm.h"
#include "swarmtv/stream/torrent_creator.h"

using namespace swarmtv;
using test::push_key;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using json = nlohmann::json;

namespace {

// The .torrent of a 3 s clip made in `home`, which no peer will ever serve.
fs::path torrent_nobody_seeds(const fs::path& home) {
  const fs::path content = home / "content";
  test::make_clip(content / "show.mp4", 3, 0.5);
  auto created = stream::create_torrent(content);
  REQUIRE(created);
  const fs::path torrent = home / "show.torrent";
  REQUIRE(stream::write_torrent_file(torrent, created->data));
  return torrent;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// `swarmtv play <input> <args>` in this process, windowed (the dummy driver), with the stores
// of `home`; `setup` sets the player's observer hooks.
int play_in_process(const fs::path& home, const std::string& input,
                    const std::vector<std::string>& args,
                    const std::function<void(app::PlayCommandLine&)>& setup) {
  ::setenv("XDG_CONFIG_HOME", (home / "config").c_str(), 1);
  ::setenv("XDG_DATA_HOME", (home / "data").c_str(), 1);
  ::setenv("XDG_STATE_HOME", (home / "state").c_str(), 1);
  std::vector<std::string> all = {input, "--loopback", "--ao=null", "--no-status-line"};
  all.insert(all.end(), args.begin(), args.end());
  auto cmd = app::parse_play_command_line(all);
  REQUIRE(cmd);
  setup(*cmd);
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  REQUIRE(SDL_Init(0) == 0);
  const int code = app::run_play(*cmd);
  SDL_Quit();
  return code;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

// The season of the fixture with a second episode after episode 1.
test::SeasonSwarmOptions three_episodes() {
  json season = json::parse(test::season_json());
  season["episodes"].push_back({{"file", "s01e02.mp4"}, {"number", 2}, {"title", "Two"}});
  test::SeasonSwarmOptions options;
  options.season_json = season.dump(2);
  options.prepare = [](const fs::path& dir) { test::make_clip(dir / "s01e02.mp4", 3, 0.5); };
  return options;
}

bool segment_kinds_contain_content(const json& stats) {
  for (const auto& kind : test::segment_kinds(stats))
    if (kind == "content") return true;
  return false;
}

// Watches the start-up phases of a play in process ("<phase> / <hint>", each new one recorded)
// and, the first time `when` holds, presses `key`: the tests of quitting during start-up.
struct QuitDuringStartup {
  QuitDuringStartup(SDL_Keycode key, std::function<bool(const player::OsdState&)> when)
      : key(key), when(std::move(when)) {}

  std::function<void(app::PlayCommandLine&)> setup() {
    return [this](app::PlayCommandLine& cmd) {
      cmd.player.osd_observer = [this](const player::OsdState& osd) {
        if (osd.phase.empty()) return;
        const std::string line = osd.phase + " / " + osd.phase_hint;
        if (phases.empty() || phases.back() != line) phases.push_back(line);
        if (!pushed && when(osd)) {
          pushed = Clock::now();
          push_key(key);
        }
      };
    };
  }

  // The key was pressed, and the play ended well within a second of it.
  void check_ended_within_a_second(int exit_code) const {
    INFO(joined(phases));
    REQUIRE(pushed);
    CHECK(seconds_since(*pushed) < 1.0);
    CHECK(exit_code == 0);
  }

  SDL_Keycode key;
  std::function<bool(const player::OsdState&)> when;
  std::vector<std::string> phases;
  std::optional<Clock::time_point> pushed;
};

}  // namespace

TEST_CASE(
    "The window shows fetching metadata, then the season's signature, and Esc while the "
    "signature does not come ends the play within a second",
    "[e2e][sdl][startup]") {
  test::SeasonSwarmOptions options{test::season_json(), {}, {}};
  // The seeder's copy of the signature is garbage: its piece fails the seeder's check, so the
  // viewer waits for it with the seeder connected.
  options.damage = [](const fs::path& content) {
    const fs::path sig = content / "swarmtv.bundle.json.sig";
    REQUIRE(fs::exists(sig));
    const std::string garbage(std::size_t(fs::file_size(sig)), 'x');
    std::ofstream(sig, std::ios::binary | std::ios::trunc) << garbage;
  };
  test::SeasonSwarm swarm("window-signature", options);
  QuitDuringStartup quit(SDLK_ESCAPE, [](const player::OsdState& osd) {
    return starts_with(osd.phase, "Checking the season's signature \u00b7 1 peer");
  });
  const int code =
      play_in_process(swarm.home().path(), swarm.magnet(),
                      {"--download-dir", (swarm.home() / "dl").string()}, quit.setup());
  quit.check_ended_within_a_second(code);
  const auto& phases = quit.phases;
  INFO(joined(phases));
  REQUIRE_FALSE(phases.empty());
  CHECK(starts_with(phases.front(), "Fetching metadata \u00b7 "));
}

TEST_CASE(
    "A torrent without peers shows no peers yet with a hint after a while, and q then ends the "
    "play within a second",
    "[e2e][sdl][startup]") {
  test::TempDir home("window-no-peers");
  const fs::path torrent = torrent_nobody_seeds(home.path());
  QuitDuringStartup quit(SDLK_q, [](const player::OsdState& osd) {
    return starts_with(osd.phase, "No peers yet \u00b7 ") &&
           osd.phase_hint == "check the torrent's trackers or --peer";
  });
  const int code = play_in_process(home.path(), torrent.string(),
                                   {"--download-dir", (home / "dl").string()}, quit.setup());
  quit.check_ended_within_a_second(code);
  const auto& phases = quit.phases;
  INFO(joined(phases));
  // The count goes on phase by phase ("No peers yet · 0 s", "· 1 s", ...), the hint only later.
  REQUIRE(phases.size() >= 3);
  CHECK(starts_with(phases[phases.size() - 2], "No peers yet \u00b7 "));
}

TEST_CASE("The season screen lists the season with the tier of the free and of the ad-free licence",
          "[e2e][sdl][season]") {
  test::SeasonSwarm swarm("window-season", {test::season_json(), {}, {}});
  auto menu_of_a_play = [&](const std::string& tag) {
    std::optional<player::Menu> shown;
    const int code = play_in_process(
        swarm.home().path(), swarm.magnet(), {"--download-dir", (swarm.home() / tag).string()},
        [&](app::PlayCommandLine& cmd) {
          cmd.player.menu_observer = [&](const player::Menu& menu) {
            if (!shown) push_key(SDLK_ESCAPE);  // Esc leaves the screen: the program ends
            shown = menu;
          };
        });
    CHECK(code == 0);
    REQUIRE(shown);
    return *shown;
  };
  player::Menu menu = menu_of_a_play("free");
  CHECK(menu.title == "Demo Series, season 1");
  REQUIRE(menu.rows.size() == 3);
  CHECK(menu.rows[0].label == "Episode 0 \u00b7 Pilot (pilot)");
  CHECK(menu.rows[0].detail == "00:00:03 \u00b7 pilot \u00b7 new");
  CHECK(menu.rows[1].label == "Episode 1 \u00b7 One");
  CHECK(menu.rows[1].detail == "00:00:06 \u00b7 free with sponsor clips \u00b7 new");
  CHECK(menu.rows[2].label == "Bonus \u00b7 Making of");
  CHECK(menu.rows[2].detail == "locked: premium licence needed");
  CHECK_FALSE(menu.rows[2].selectable);
  CHECK(menu.selected == 0);  // the next unwatched one

  swarm.add_ad_free_licence();
  menu = menu_of_a_play("ad-free");
  REQUIRE(menu.rows.size() == 3);
  CHECK(menu.rows[0].detail == "00:00:03 \u00b7 pilot \u00b7 new");
  CHECK(menu.rows[1].detail == "00:00:06 \u00b7 ad-free \u00b7 new");
  CHECK_FALSE(menu.rows[2].selectable);  // ad-free is not premium: the bonus stays locked
}

TEST_CASE("On the season screen Down, Down and Enter play episode 2 in the same window",
          "[e2e][sdl][season]") {
  test::SeasonSwarm swarm("window-choose", three_episodes());
  const fs::path stats = swarm.home() / "choose.json";
  int menus = 0;
  long frames = 0;
  const int code = play_in_process(
      swarm.home().path(), swarm.magnet(),
      {"--download-dir", (swarm.home() / "dl").string(), "--next-episode=no", "--stats-json",
       stats.string()},
      [&](app::PlayCommandLine& cmd) {
        cmd.player.menu_observer = [&](const player::Menu& menu) {
          if (menus++ > 0) return;
          REQUIRE(menu.rows.size() == 4);
          CHECK(menu.rows[2].label == "Episode 2 \u00b7 Two");
          push_key(SDLK_DOWN);
          push_key(SDLK_DOWN);
          push_key(SDLK_RETURN);
        };
        cmd.player.frame_observer = [&](const AVFrame&, swarmtv::MediaTime) {
          CHECK(menus > 0);  // pictures come after the choice, in the window of the screen
          ++frames;
        };
      });
  CHECK(code == 0);
  CHECK(frames > 0);
  const json s = json::parse(test::read_file(stats));
  REQUIRE(s["segments"].size() >= 1);
  for (const auto& segment : s["segments"])
    if (segment["kind"] == "content")
      CHECK(segment["title"].get<std::string>().find("S01E02 \u00b7 Two") != std::string::npos);
  CHECK(segment_kinds_contain_content(s));
}

TEST_CASE(
    "Headless the status line says the same phase, no peers yet, and SIGINT or SIGTERM then "
    "ends the program within a second",
    "[e2e][cli][startup]") {
  test::TempDir home("status-no-peers");
  const fs::path torrent = torrent_nobody_seeds(home.path());
  for (const int signal : {SIGINT, SIGTERM}) {
    INFO("signal " << signal);
    const std::string tag = std::to_string(signal);
    const fs::path log = home / ("viewer-" + tag + ".log");
    const int pid = test::start_background(
        "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + test::swarmtv_in(home.path()) + " play " +
            test::shell_quote(torrent.string()) +
            " --loopback --vo=null --ao=null --status-line --download-dir " +
            (home / ("dl-" + tag)).string(),
        log);
    REQUIRE(pid > 0);
    bool said = false;
    for (int i = 0; i < 600 && !said; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      said = test::read_file(log).find("No peers yet \u00b7 ") != std::string::npos;
    }
    INFO(test::read_file(log));
    CHECK(said);
    ::kill(pid, signal);
    for (int i = 0; i < 10 && test::process_alive(pid); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_FALSE(test::process_alive(pid));
    if (test::process_alive(pid)) ::kill(pid, SIGKILL);
    CHECK(test::exit_status_of(log) == 4);  // mpv's status for a quit by a signal
  }
}

TEST_CASE(
    "A slow seeder: the window shows Buffering with a percentage that only grows, then the "
    "first picture",
    "[e2e][sdl][startup]") {
  test::TempDir home("window-buffering");
  test::make_clip(home / "content" / "show.mp4", 3, 0.5);
  stream::CreateOptions create;
  create.piece_size = 16 * 1024;
  auto created = stream::create_torrent(home / "content" / "show.mp4", create);
  REQUIRE(created);
  const fs::path torrent = home / "show.torrent";
  REQUIRE(stream::write_torrent_file(torrent, created->data));
  // About 25 kB/s: the file's head takes seconds to come.
  stream::test::TestSeeder seeder(*created, home / "seed", 25'000);
  const std::string peer = "127.0.0.1:" + std::to_string(seeder.endpoint().port());
  std::vector<int> percents;  // of each "Buffering" phase, in order
  std::vector<std::string> phases;
  const int code = play_in_process(
      home.path(), torrent.string(),
      {"--download-dir", (home / "dl").string(), "--peer", peer, "--frames=1", "--stats-json",
       (home / "stats.json").string()},
      [&](app::PlayCommandLine& cmd) {
        cmd.player.osd_observer = [&](const player::OsdState& osd) {
          if (osd.phase.empty()) return;
          if (phases.empty() || phases.back() != osd.phase) phases.push_back(osd.phase);
          if (starts_with(osd.phase, "Buffering "))  // "Buffering 42% · ~2 s"
            percents.push_back(std::stoi(osd.phase.substr(std::strlen("Buffering "))));
        };
      });
  INFO(joined(phases));
  CHECK(code == 0);
  REQUIRE_FALSE(percents.empty());
  CHECK(std::is_sorted(percents.begin(), percents.end()));  // never falls within the spell
  // A .torrent file has its metadata: that phase is never shown.
  for (const auto& phase : phases) CHECK_FALSE(starts_with(phase, "Fetching metadata"));
  const json stats = json::parse(test::read_file(home / "stats.json"));
  CHECK(stats["frames"]["shown"].get<long>() == 1);  // then the first picture
}

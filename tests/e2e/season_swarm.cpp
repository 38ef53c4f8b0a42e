#include "season_swarm.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "season_fixture.h"

namespace swarmtv::test {

namespace fs = std::filesystem;

namespace {

void require(bool ok, const std::string& what, const CommandResult& r) {
  if (!ok) throw std::runtime_error(what + " failed: " + r.output);
}

// The magnet link `swarmtv seed` prints, once it does (a minute at most).
std::string wait_for_magnet(const fs::path& log) {
  for (int i = 0; i < 600; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream in(log);
    for (std::string word; in >> word;)
      if (word.rfind("magnet:?", 0) == 0) return word;
  }
  throw std::runtime_error("the seeder printed no magnet link: " + read_file(log));
}

}  // namespace

SeasonSwarm::SeasonSwarm(const std::string& tag, const SeasonSwarmOptions& options)
    : home_(tag), swarmtv_(swarmtv_in(home_.path())) {
  const fs::path season = make_season(home_ / "season");
  write_file(season / "season.json", options.season_json);
  if (options.prepare) options.prepare(season);
  const std::string keys = (home_ / "keys").string();
  auto r = run(swarmtv_ + " keygen --out " + keys);
  require(r.exit_code == 0, "keygen", r);
  r = run(swarmtv_ + " trust add " + keys + "/publisher.pub");
  require(r.exit_code == 0, "trust add", r);
  // Small pieces: a clip's data can be withheld without its neighbours'.
  r = run(swarmtv_ + " bundle create " + season.string() + " --key " + keys +
              "/publisher.key --piece-size 16384 --out " + (home_ / "out").string(),
          300);
  require(r.exit_code == 0, "bundle create", r);
  fs::path torrent;
  for (const auto& e : fs::directory_iterator(home_ / "out")) {
    if (e.path().extension() == ".torrent") torrent = e.path();
    if (e.is_directory()) bundle_ = e.path();
  }
  if (torrent.empty()) throw std::runtime_error("bundle create made no torrent");
  fs::path content = home_ / "out";
  if (options.damage) {
    content = home_ / "seeded";
    fs::create_directories(content);
    fs::copy(bundle_, content / bundle_.filename(), fs::copy_options::recursive);
    options.damage(content / bundle_.filename());
  }
  seeder_ = start_background(swarmtv_ + " seed " + shell_quote(torrent.string()) +
                                 " --content-dir " + shell_quote(content.string()) +
                                 " --loopback --upload-limit=400000 --state-dir " +
                                 (home_ / "seed-state").string(),
                             home_ / "seed.log");
  magnet_ = wait_for_magnet(home_ / "seed.log");
}

SeasonSwarm::~SeasonSwarm() {
  if (seeder_ > 0) ::kill(seeder_, SIGTERM);
}

std::string SeasonSwarm::play_command(const std::string& tag, const std::string& extra) const {
  return "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy " + swarmtv_ + " play " +
         shell_quote(magnet_) + " --loopback --episode=1 --vo=null --ao=null --download-dir " +
         (home_ / ("dl-" + tag)).string() + " --stats-json " + (home_ / (tag + ".json")).string() +
         " " + extra;
}

CommandResult SeasonSwarm::play(const std::string& tag, const std::string& extra,
                                int timeout) const {
  return run(play_command(tag, extra), timeout);
}

CommandResult SeasonSwarm::play_season(const std::string& tag, const std::string& extra,
                                       int timeout) const {
  std::string command = play_command(tag, extra);
  command.erase(command.find(" --episode=1"), std::string(" --episode=1").size());
  return run(command, timeout);
}

CommandResult SeasonSwarm::list() const {
  return run(swarmtv_ + " play " + shell_quote(magnet_) + " --loopback --list --download-dir " +
                 (home_ / "dl-list").string(),
             240);
}

nlohmann::json SeasonSwarm::stats_of(const std::string& tag) const {
  return nlohmann::json::parse(read_file(home_ / (tag + ".json")));
}

std::vector<nlohmann::json> SeasonSwarm::tracking() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(home_ / "data/swarmtv/tracking.jsonl");
  for (std::string line; std::getline(in, line);) {
    // A line the player is still appending is not one yet.
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

nlohmann::json SeasonSwarm::manifest() const {
  return nlohmann::json::parse(read_file(bundle_ / "swarmtv.bundle.json"));
}

void SeasonSwarm::add_ad_free_licence() const {
  const fs::path licence = home_ / "buyer.licence";
  auto r = run(swarmtv_ + " licence issue --key " + (home_ / "keys/publisher.key").string() +
               " --series demo --season 1 --grant ad-free --out " + licence.string());
  require(r.exit_code == 0, "licence issue", r);
  r = run(swarmtv_ + " licence add " + licence.string());
  require(r.exit_code == 0, "licence add", r);
}

std::string season_with(const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json s = nlohmann::json::parse(season_json());
  edit(s);
  return s.dump(2);
}

SeasonSwarmOptions one_clip_breaks_with_pre_roll() {
  return {season_with([](nlohmann::json& s) {
            s["ad_policy"] = {{"clips_per_break", 1}, {"pre_roll", true}, {"post_roll", false}};
          }),
          {},
          {}};
}

void play_past_first_break(const SeasonSwarm& swarm, const std::string& tag) {
  const auto r = swarm.play(tag, "--end=3");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(segment_kinds(swarm.stats_of(tag)) ==
        std::vector<std::string>{"ad", "content", "ad", "content"});
}

std::vector<std::string> segment_kinds(const nlohmann::json& stats) {
  std::vector<std::string> kinds;
  for (const auto& s : stats["segments"]) {
    const std::string kind = s["kind"];
    if (kinds.empty() || kinds.back() != kind) kinds.push_back(kind);
  }
  return kinds;
}

std::vector<nlohmann::json> content_segments(const nlohmann::json& stats) {
  std::vector<nlohmann::json> out;
  for (const auto& s : stats["segments"])
    if (s["kind"] == "content") out.push_back(s);
  return out;
}

void make_clip(const fs::path& file, double seconds, double volume) {
  const std::string d = std::to_string(seconds);
  fs::create_directories(file.parent_path());
  auto r =
      run("ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "
          "testsrc2=size=160x120:rate=25:duration=" +
              d + " -f lavfi -i sine=frequency=440:sample_rate=48000:duration=" + d +
              " -filter:a volume=" + std::to_string(volume) +
              " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 25 -c:a aac -b:a 64k " +
              shell_quote(file.string()),
          300);
  require(r.exit_code == 0, "ffmpeg", r);
}

}  // namespace swarmtv::test

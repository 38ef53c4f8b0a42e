#include "season_fixture.h"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace swarmtv::test {
namespace {

namespace fs = std::filesystem;

const char* const kChapters =
    ";FFMETADATA1\n"
    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2000\ntitle=Opening\n"
    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=2000\nEND=4000\ntitle=Middle\n"
    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=4000\nEND=6000\ntitle=End\n";

void ffmpeg(const std::string& args) {
  auto r = run("ffmpeg -nostdin -hide_banner -loglevel error -y " + args, 300);
  if (r.exit_code != 0) throw std::runtime_error("ffmpeg failed: " + r.output);
}

// Test pictures and a tone of `seconds`: the first two inputs of every command.
std::string av_inputs(double seconds) {
  const std::string d = std::to_string(seconds);
  return "-f lavfi -i testsrc2=size=160x120:rate=25:duration=" + d +
         " -f lavfi -i sine=frequency=440:sample_rate=48000:duration=" + d + " ";
}

// Output options (after every input): the tone at `volume`, small H.264/AAC.
std::string av_output(double volume) {
  return "-filter:a volume=" + std::to_string(volume) +
         " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 25 -c:a aac -b:a 64k ";
}

// Generates the media once into the shared test-media folder (atomically: parallel test
// processes may race here).
fs::path generated_season() {
  const fs::path dir = media_dir() / "publisher-season-v1";
  if (fs::exists(dir / "season.json")) return dir;
  const fs::path tmp = dir.string() + ".tmp-" + std::to_string(::getpid());
  fs::remove_all(tmp);
  fs::create_directories(tmp / "ads");
  fs::create_directories(tmp / "bonus");
  write_file(tmp / "chapters.txt", kChapters);
  auto out = [&](const fs::path& p) { return shell_quote((tmp / p).string()); };
  ffmpeg(av_inputs(3) + av_output(0.5) + out("s01e00.mp4"));
  // Chapters at 0, 2 and 4 s from an ffmetadata file: the default segment boundaries.
  ffmpeg(av_inputs(6) + "-i " + out("chapters.txt") + " -map 0:v -map 1:a -map_chapters 2 " +
         av_output(0.5) + out("s01e01.mp4"));
  ffmpeg(av_inputs(2) + av_output(0.9) + out("ads/acme.mp4"));
  ffmpeg(av_inputs(2) + av_output(0.05) + out("ads/bolt.mp4"));
  ffmpeg(av_inputs(3) + av_output(0.5) + "-movflags +faststart " + out("bonus/making-of.mp4"));
  fs::remove(tmp / "chapters.txt");
  write_file(tmp / "season.json", season_json());
  std::error_code ec;
  fs::rename(tmp, dir, ec);
  fs::remove_all(tmp, ec);  // another process won the race
  return dir;
}

}  // namespace

std::string season_json() {
  return R"({
  "series": {"id": "demo", "title": "Demo Series"},
  "season": 1,
  "episodes": [
    {"file": "s01e00.mp4", "number": 0, "title": "Pilot", "pilot": true},
    {"file": "s01e01.mp4", "number": 1, "title": "One"}
  ],
  "sponsor_clips": [
    {"id": "acme-1", "file": "ads/acme.mp4", "advertiser": "Acme", "category": "tools",
     "skip_offset": 1},
    {"id": "bolt-1", "file": "ads/bolt.mp4", "advertiser": "Bolt", "category": "drinks"}
  ],
  "ad_policy": {"clips_per_break": 2, "pre_roll": true, "post_roll": false},
  "bonus": [{"file": "bonus/making-of.mp4", "title": "Making of", "chunk_size": 4096}]
}
)";
}

fs::path make_season(const fs::path& dir) {
  const fs::path source = generated_season();
  fs::create_directories(dir);
  fs::copy(source, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  return dir;
}

std::string swarmtv_in(const fs::path& home) {
  return "XDG_CONFIG_HOME=" + shell_quote((home / "config").string()) +
         " XDG_DATA_HOME=" + shell_quote((home / "data").string()) + " " + swarmtv_binary();
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace swarmtv::test

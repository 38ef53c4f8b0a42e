// The player streaming from loopback swarms of real libtorrent sessions: what a viewer sees.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>

#include "frame_reference.h"
#include "swarm_fixture.h"
#include "swarmtv/player/clock.h"
#include "swarmtv/player/player.h"
#include "swarmtv/stream/torrent_byte_source.h"

using namespace swarmtv;
using namespace std::chrono_literals;
using stream::test::Content;
using stream::test::TestSeeder;

namespace {

// A viewer's session joined to `seeders`, streaming the torrent's only file.
struct Viewer {
  Viewer(const Content& content, const std::vector<std::unique_ptr<TestSeeder>>& seeders)
      : dir("viewer") {
    session = std::make_unique<stream::Session>(stream::test::loopback(dir.path()));
    stream::AddOptions add;
    for (const auto& s : seeders) add.peers.push_back(s->endpoint());
    auto t = session->add(stream::test::params_of(content.created), add);
    REQUIRE(t);
    torrent = std::move(t).value();
    auto file = torrent->select_file("");
    REQUIRE(file);
    auto s = torrent->open(*file);
    REQUIRE(s);
    source = std::move(s).value();
  }
  swarmtv::test::TempDir dir;
  std::unique_ptr<stream::Session> session;
  std::shared_ptr<stream::Torrent> torrent;
  std::unique_ptr<stream::TorrentByteSource> source;
};

std::vector<std::unique_ptr<TestSeeder>> seeders(const Content& content, int count, int limit) {
  std::vector<std::unique_ptr<TestSeeder>> out;
  for (int i = 0; i < count; ++i) {
    swarmtv::test::TempDir state("seeder-state");
    out.push_back(std::make_unique<TestSeeder>(content.created, state.path(), limit));
  }
  return out;
}

player::PlayerOptions headless(bool untimed) {
  player::PlayerOptions o;
  o.video_output = "null";
  o.audio_output = "null";
  o.untimed = untimed;
  return o;
}

// Every picture of the file as ffmpeg decodes it, packed yuv420p.
std::vector<std::vector<std::uint8_t>> reference_frames(const std::filesystem::path& file,
                                                        std::size_t frame_bytes) {
  swarmtv::test::TempDir dir("frames");
  auto r = swarmtv::test::run("ffmpeg -nostdin -v error -i " +
                              swarmtv::test::shell_quote(file.string()) +
                              " -f rawvideo -pix_fmt yuv420p " + (dir / "all.yuv").string());
  REQUIRE(r.exit_code == 0);
  std::ifstream in(dir / "all.yuv", std::ios::binary);
  std::vector<std::uint8_t> all{std::istreambuf_iterator<char>(in), {}};
  std::vector<std::vector<std::uint8_t>> frames;
  for (std::size_t at = 0; at + frame_bytes <= all.size(); at += frame_bytes)
    frames.emplace_back(all.begin() + std::ptrdiff_t(at),
                        all.begin() + std::ptrdiff_t(at + frame_bytes));
  return frames;
}

}  // namespace

TEST_CASE("The first frame shows long before the file is complete (3 slow seeders)", "[e2e]") {
  Content content("e2e-first", "h264_aac_front.mp4");
  auto swarm = seeders(content, 3, 60 * 1000);
  Viewer viewer(content, swarm);
  std::vector<std::uint8_t> first;
  auto options = headless(false);
  options.max_frames = 1;
  std::int64_t downloaded_at_first_frame = -1;
  options.frame_observer = [&](const AVFrame& f, swarmtv::MediaTime) {
    first = swarmtv::test::packed_yuv420p(f);
    downloaded_at_first_frame = viewer.source->status().total_downloaded;
  };
  player::Player player(options);
  auto result = player.play(*viewer.source, {});
  REQUIRE(result.reason == player::EndReason::frame_limit);
  INFO("downloaded " << downloaded_at_first_frame << " of " << content.size());
  CHECK(downloaded_at_first_frame > 0);
  CHECK(downloaded_at_first_frame < content.size() / 4);
  CHECK(first == swarmtv::test::ffmpeg_frame_yuv(content.file, 0));
  // What the first frame had to fetch: whole pieces (reads wait for verified pieces), at least
  // one, far from the whole file.
  const std::int64_t fetched = player.stats().bytes_fetched_before_first_frame;
  const std::int64_t piece = content.created.info->piece_length();
  INFO("fetched " << fetched << " in pieces of " << piece);
  CHECK(fetched >= piece);
  CHECK(fetched % piece == 0);
  CHECK(fetched < content.size() / 4);
}

TEST_CASE("Starting at 50 % and 90 % before those pieces exist shows the right frame", "[e2e]") {
  const auto [media, fps, duration] =
      GENERATE(std::tuple{"h264_aac_front.mp4", 25.0, 20.0},
               std::tuple{"h264_aac_end.mp4", 25.0, 20.0}, std::tuple{"vp9_opus.mkv", 25.0, 6.0});
  const double fraction = GENERATE(0.5, 0.9);
  INFO(media << " at " << fraction);
  Content content("e2e-seek", media);
  auto swarm = seeders(content, 2, 50 * 1000);
  Viewer viewer(content, swarm);
  const double target = fraction * duration + 0.01;
  const auto piece = content.created.info
                         ->map_file(lt::file_index_t{0}, std::int64_t(content.size() * fraction), 1)
                         .piece;
  CHECK_FALSE(viewer.torrent->have_piece(piece));
  std::vector<std::uint8_t> shown;
  double shown_pts = -1;
  auto options = headless(false);
  options.max_frames = 1;
  options.frame_observer = [&](const AVFrame& f, swarmtv::MediaTime pts_time) {
    const double pts = swarmtv::test::seconds_of(pts_time);
    shown = swarmtv::test::packed_yuv420p(f);
    shown_pts = pts;
  };
  player::Player player(options);
  player::PlayItem item;
  item.start = swarmtv::seconds_to_media_time(target);
  REQUIRE(player.play(*viewer.source, item).reason == player::EndReason::frame_limit);
  CHECK(shown_pts <= target);
  CHECK(target < shown_pts + 1.0 / fps);
  CHECK(shown == swarmtv::test::ffmpeg_frame_yuv(content.file, std::lround(shown_pts * fps)));
  CHECK(viewer.source->status().file_progress < 0.9);
  // The target's piece was missing: the frame's cost includes it.
  CHECK(player.stats().bytes_fetched_before_first_frame >= content.created.info->piece_length());
}

TEST_CASE("A seeder serving corrupt data is banned and every frame shown is correct", "[e2e]") {
  Content content("e2e-corrupt", "short_av.mp4");
  // The bad seeder checks a good copy, which is then altered under it: it serves the altered
  // bytes (the POSIX disk backend has no cache).
  swarmtv::test::TempDir bad("bad-content");
  const auto bad_file = bad / content.file.filename().string();
  std::filesystem::copy_file(content.file, bad_file);
  std::vector<std::unique_ptr<TestSeeder>> swarm;
  {
    swarmtv::test::TempDir state("bad-state");
    // On its own loopback address, as a peer on the Internet has its own.
    swarm.push_back(
        std::make_unique<TestSeeder>(content.created, state.path(), 0, bad.path(), "127.0.0.23"));
  }
  {
    std::fstream f(bad_file, std::ios::in | std::ios::out | std::ios::binary);
    for (std::int64_t at = 100; at < content.size(); at += 4096) {
      f.seekp(at);
      f.put(char(0x5a));
    }
  }
  for (auto& s : seeders(content, 1, 100 * 1000)) swarm.push_back(std::move(s));
  Viewer viewer(content, swarm);
  std::vector<std::vector<std::uint8_t>> shown;
  auto options = headless(true);
  options.frame_observer = [&](const AVFrame& f, swarmtv::MediaTime) {
    shown.push_back(swarmtv::test::packed_yuv420p(f));
  };
  player::Player player(options);
  REQUIRE(player.play(*viewer.source, {}).reason == player::EndReason::end_of_file);
  const auto reference = reference_frames(content.file, 320 * 240 * 3 / 2);
  REQUIRE(shown.size() == reference.size());
  for (std::size_t i = 0; i < shown.size(); ++i) {
    INFO("frame " << i);
    CHECK(shown[i] == reference[i]);
  }
  const auto status = viewer.source->status();
  CHECK(status.hash_failures > 0);
  CHECK(status.peers_banned >= 1);
  // Kept out by address: it cannot come back from another port. The good seeder is not.
  CHECK(viewer.session->kept_out(lt::make_address("127.0.0.23")));
  CHECK_FALSE(viewer.session->kept_out(lt::make_address("127.0.0.1")));
}

TEST_CASE("Every seeder leaves: Buffering, one returns: playback resumes, nothing skipped",
          "[e2e]") {
  Content content("e2e-leave", "short_av.mp4");
  auto swarm = seeders(content, 2, 40 * 1000);  // about 1.5x the bitrate together
  Viewer viewer(content, swarm);
  std::mutex mutex;
  std::vector<double> pts;
  auto options = headless(false);
  options.framedrop = false;  // a loaded machine's late pictures are not what is checked
  options.frame_observer = [&](const AVFrame&, swarmtv::MediaTime t_time) {
    const double t = swarmtv::test::seconds_of(t_time);
    std::lock_guard lock(mutex);
    pts.push_back(t);
  };
  player::Player player(options);
  std::thread network([&] {
    // Let playback start, then take every seeder away for a while.
    for (;;) {
      {
        std::lock_guard lock(mutex);
        if (pts.size() >= 10) break;
      }
      std::this_thread::sleep_for(10ms);
    }
    swarm.clear();
    std::this_thread::sleep_for(7s);
    swarmtv::test::TempDir state("return-state");
    swarm.push_back(std::make_unique<TestSeeder>(content.created, state.path(), 300 * 1000));
    viewer.torrent->connect_peer(swarm.back()->endpoint());
  });
  auto result = player.play(*viewer.source, {});
  network.join();
  CHECK(result.reason == player::EndReason::end_of_file);
  const auto& stats = player.stats();
  CHECK(stats.stalls.size() >= 1);
  CHECK(stats.frames_dropped == 0);
  CHECK(long(pts.size()) == swarmtv::test::ffprobe_frame_count(content.file, "v:0"));
  for (std::size_t i = 1; i < pts.size(); ++i) CHECK(pts[i] - pts[i - 1] == Approx(0.04));
}

TEST_CASE("On a torrent whose pieces are here, a seek shows the cue that began before its keyframe",
          "[e2e][subtitles]") {
  // subs_srt_ass.mkv: "Third cue" runs 5.2-6.8 s, a keyframe every second. A start at 6.3 s
  // lands on the keyframe at 6 s, after the cue's packet: only a subtitle preroll reads it.
  Content content("stream-subtitle-preroll", "subs_srt_ass.mkv");
  const auto seeding = seeders(content, 1, 0);
  Viewer viewer(content, seeding);
  viewer.torrent->download_all();
  REQUIRE(viewer.torrent->wait_until_finished(30s));
  // What the source knows it has follows the session's alerts a moment later.
  const std::vector<ByteRange> whole{{0, content.size()}};
  for (int i = 0; i < 200 && available_ranges(*viewer.source) != whole; ++i)
    std::this_thread::sleep_for(10ms);
  REQUIRE(available_ranges(*viewer.source) == whole);
  player::Player player(headless(true));
  player::PlayItem item;
  item.start = 6300ms;
  REQUIRE(player.play(*viewer.source, item).reason == player::EndReason::end_of_file);
  const auto& shown = player.stats().subtitles;
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].text == "Third cue");
  CHECK(swarmtv::test::seconds_of(shown[0].start) == Approx(5.2).margin(0.03));
}

TEST_CASE(
    "On a torrent whose pieces are not here, a seek shows the cue that began before its "
    "keyframe a moment late",
    "[e2e][subtitles]") {
  // subs_long_cue.mkv: "Long cue" runs 2-9 s. A start at 6.3 s lands on the keyframe at 6 s;
  // the bytes before it are not here yet, so they are fetched and read beside playback.
  Content content("stream-subtitle-late-preroll", "subs_long_cue.mkv");
  const auto seeding = seeders(content, 1, 400'000);
  Viewer viewer(content, seeding);
  player::Player player(headless(false));
  player::PlayItem item;
  item.start = 6300ms;
  REQUIRE(player.play(*viewer.source, item).reason == player::EndReason::end_of_file);
  const auto& stats = player.stats();
  REQUIRE(stats.subtitles.size() == 1);
  CHECK(stats.subtitles[0].text == "Long cue");
  CHECK(swarmtv::test::seconds_of(stats.subtitles[0].start) == Approx(2.0).margin(0.03));
}

// The bonus file of a real bundle, streamed from a rate-limited loopback seeder through
// TorrentByteSource, decrypted by DecryptingByteSource and decoded by the unchanged pipeline.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "season_fixture.h"
#include "swarmtv/ads/content_key_file.h"
#include "swarmtv/ads/decrypting_byte_source.h"
#include "swarmtv/decoder/file_byte_source.h"
#include "swarmtv/decoder/pipeline.h"
#include "swarmtv/stream/open_stream.h"
#include "swarmtv/stream/seeder.h"
#include "swarmtv/stream/torrent_byte_source.h"

using namespace swarmtv;
namespace fs = std::filesystem;

namespace {

// Video frames decoded from `source` until both decoders drained the end; an error if opening
// failed or 120 s passed.
Result<long> count_video_frames(ByteSource& source) {
  auto opened = decoder::Pipeline::open(source, {});
  if (!opened) return opened.error();
  auto& pipeline = *opened;
  if (auto decoders = pipeline->open_decoders({48000, 2, AV_SAMPLE_FMT_S16}); !decoders)
    return decoders.error();
  pipeline->start();
  long frames = 0;
  bool timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (;;) {
    bool got = false;
    while (pipeline->video()->frames().pop()) {
      ++frames;
      got = true;
    }
    if (auto* a = pipeline->audio()) {
      while (a->chunks().pop()) got = true;
    }
    const bool drained = pipeline->video()->frames().size() == 0 &&
                         (!pipeline->audio() || pipeline->audio()->chunks().size() == 0);
    if (!got && drained && pipeline->demuxer().at_end() && pipeline->decoders_finished()) break;
    if (std::chrono::steady_clock::now() > deadline) {
      timed_out = true;
      break;
    }
    if (!got) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  pipeline->stop();
  if (timed_out) return make_error(Errc::cancelled, "timed out");
  return frames;
}

}  // namespace

TEST_CASE("a bonus file streams from a loopback swarm, decrypted on the fly",
          "[publisher][bonus][swarm]") {
  test::TempDir home("bonus-swarm");
  const fs::path season = test::make_season(home / "season");
  const fs::path out = home / "out";
  const std::string swarmtv = test::swarmtv_in(home.path());
  REQUIRE(test::run(swarmtv + " keygen --out " + test::shell_quote((home / "keys").string()))
              .exit_code == 0);
  auto r = test::run(swarmtv + " bundle create " + test::shell_quote(season.string()) + " --key " +
                         test::shell_quote((home / "keys" / "publisher.key").string()) + " --out " +
                         test::shell_quote(out.string()),
                     300);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto key = ads::load_content_key(out / "bonus.key");
  REQUIRE(key);

  stream::SeedOptions seed;
  seed.input = out / "demo-s01.torrent";
  seed.loopback = true;
  seed.upload_limit = 400'000;  // slow enough that reads wait for pieces
  seed.state_dir = home / "seed-state";
  auto seeder = stream::Seeder::start(seed);
  REQUIRE(seeder);

  stream::SessionOptions options;
  options.download_dir = home / "download";
  options.loopback = true;
  stream::Session session(options);
  stream::OpenOptions open;
  open.file = "bonus/making-of.mp4.enc";
  auto opened = stream::open_stream(session, (*seeder)->magnet_uri(), open);
  REQUIRE(opened);

  auto locked = ads::DecryptingByteSource::open(std::move(opened->source), std::nullopt);
  REQUIRE_FALSE(locked);  // and the source it was given is gone: nothing was read

  auto again = opened->torrent->open(*opened->torrent->select_file(open.file));
  REQUIRE(again);
  auto bonus = ads::DecryptingByteSource::open(std::move(again).value(), *key);
  REQUIRE(bonus);

  auto plain = decoder::FileByteSource::open(season / "bonus" / "making-of.mp4");
  REQUIRE(plain);
  const auto expected = count_video_frames(**plain);
  REQUIRE(expected);
  REQUIRE(*expected > 0);
  const auto frames = count_video_frames(**bonus);
  REQUIRE(frames);
  CHECK(*frames == *expected);
}

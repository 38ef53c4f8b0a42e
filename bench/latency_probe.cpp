// A latency probe of the stream library alone (the bench/*.py scripts measure the whole player):
// three loopback seeders at RATE bytes/s, 256 KiB pieces; the time and bytes to read the head,
// and to read 256 KiB after a seek to 50 % and 90 %. Prints one JSON object.
//   swarmtv_latency_probe MEDIA.mp4 [RATE]   (default 400000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <unistd.h>

#include "swarmtv/stream/session.h"
#include "swarmtv/stream/torrent_byte_source.h"
#include "swarmtv/stream/torrent_creator.h"

namespace {

using namespace swarmtv;
using Clock = std::chrono::steady_clock;

stream::SessionOptions loopback_options(const std::filesystem::path& dir, int upload_limit) {
  stream::SessionOptions o;
  o.download_dir = dir;
  o.loopback = true;
  o.listen_port = 0;
  o.upload_rate_limit = upload_limit;
  return o;
}

bool read_exact(ByteSource& source, std::int64_t offset, std::int64_t length) {
  std::vector<std::byte> buffer(static_cast<std::size_t>(length));
  for (std::int64_t done = 0; done < length;) {
    const auto r = source.read_at(offset + done, std::span(buffer).subspan(std::size_t(done)), {});
    if (r.status != ReadStatus::ok) return false;
    done += std::int64_t(r.bytes);
  }
  return true;
}

lt::add_torrent_params params_of(const stream::CreatedTorrent& created) {
  lt::add_torrent_params p;
  p.ti = std::make_shared<lt::torrent_info>(*created.info);
  return p;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "latency_probe: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return fail("usage: swarmtv_latency_probe MEDIA [RATE]");
  const int rate = argc > 2 ? std::atoi(argv[2]) : 400'000;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("swarmtv-latency-probe-" + std::to_string(::getpid()));
  stream::CreateOptions create;
  create.piece_size = 256 * 1024;
  auto created = stream::create_torrent(argv[1], create);
  if (!created) return fail(created.error().message);
  std::vector<std::unique_ptr<stream::Session>> seeders;
  stream::AddOptions add;
  for (int i = 0; i < 3; ++i) {
    seeders.push_back(std::make_unique<stream::Session>(
        loopback_options(dir / ("seed" + std::to_string(i)), rate)));
    stream::AddOptions seed;
    seed.seed = true;
    seed.save_path = created->save_path;
    auto t = seeders.back()->add(params_of(*created), seed);
    if (!t || !(*t)->wait_until_finished(std::chrono::seconds(30))) return fail("seeder failed");
    add.peers.emplace_back(lt::make_address("127.0.0.1"), seeders.back()->listen_port());
  }
  stream::Session session(loopback_options(dir / "dl", 0));
  auto torrent = session.add(params_of(*created), add);
  if (!torrent) return fail(torrent.error().message);
  const auto t0 = Clock::now();
  auto source = (*torrent)->open(lt::file_index_t{0});
  if (!source) return fail(source.error().message);
  auto seconds_since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  if (!read_exact(**source, 0, 512 * 1024)) return fail("head read failed");
  std::printf("{\"rate\": %d, \"head_512k_s\": %.3f, \"head_downloaded\": %lld", rate,
              seconds_since(t0), (long long)(*torrent)->status().total_downloaded);
  (*source)->hint_bitrate(3'200'000);
  for (const double at : {0.5, 0.9}) {
    const auto offset = std::int64_t(at * double((*source)->size()));
    const auto before = Clock::now();
    const auto bytes_before = (*torrent)->status().total_downloaded;
    (*source)->hint_upcoming_read(offset);
    if (!read_exact(**source, offset, 256 * 1024)) return fail("seek read failed");
    std::printf(", \"seek_%d_s\": %.3f, \"seek_%d_downloaded\": %lld", int(at * 100),
                seconds_since(before), int(at * 100),
                (long long)((*torrent)->status().total_downloaded - bytes_before));
  }
  std::printf("}\n");
  std::filesystem::remove_all(dir);
  return 0;
}

// Parsing what the user gives, choosing files, creating torrents: no network involved.
#include <catch2/catch.hpp>

#include <fstream>

#include "swarm.h"
#include "swarmtv/stream/file_selection.h"
#include "swarmtv/stream/open_stream.h"
#include "swarmtv/stream/stream_status.h"
#include "swarmtv/stream/torrent_creator.h"
#include "swarmtv/stream/torrent_input.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::stream;
namespace fs = std::filesystem;

TEST_CASE("a corrupt .torrent, a missing one and a bad magnet link give a clear one-line error") {
  swarmtv::test::TempDir dir("stream-input");
  const fs::path corrupt = dir / "broken.torrent";
  std::ofstream(corrupt) << "d8:announce3:foo4:info";  // truncated bencoding

  const auto bad_file = parse_torrent_input(corrupt.string());
  REQUIRE_FALSE(bad_file);
  CHECK(bad_file.error().code == Errc::invalid_torrent);
  CHECK_THAT(bad_file.error().message,
             Catch::Contains("not a valid .torrent file") && Catch::Contains("broken.torrent"));
  CHECK(bad_file.error().message.find('\n') == std::string::npos);

  const auto missing = parse_torrent_input((dir / "nope.torrent").string());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == Errc::io_error);

  const auto bad_magnet = parse_torrent_input("magnet:?dn=nothing-here");
  REQUIRE_FALSE(bad_magnet);
  CHECK(bad_magnet.error().code == Errc::invalid_magnet);
  CHECK_THAT(bad_magnet.error().message, Catch::StartsWith("not a valid magnet link"));

  const auto bad_hash = parse_torrent_input("magnet:?xt=urn:btih:xyz");
  REQUIRE_FALSE(bad_hash);
  CHECK(bad_hash.error().code == Errc::invalid_magnet);

  const auto good = parse_torrent_input(
      "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&x.pe=127.0.0.1:7000");
  REQUIRE(good);
  CHECK(info_hash_hex(good.value()) == "0123456789abcdef0123456789abcdef01234567");
  REQUIRE(good->peers.size() == 1);  // x.pe: how a loopback magnet names its seeder
  CHECK(good->peers[0].port() == 7000);

  CHECK(is_torrent_input("magnet:?xt=urn:btih:00"));
  CHECK(is_torrent_input("/tmp/a.torrent"));
  CHECK_FALSE(is_torrent_input("/tmp/a.mp4"));
}

TEST_CASE("a magnet link's info-hash errors name the real cause: its length, its digits, two xt") {
  const auto message = [](const std::string& uri) {
    const auto parsed = parse_torrent_input(uri);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == Errc::invalid_magnet);
    CHECK(parsed.error().message.find('\n') == std::string::npos);
    return parsed.error().message;
  };
  // 40 characters, not hex (libtorrent skipped the xt: "cannot add a torrent without an
  // info-hash").
  CHECK_THAT(message("magnet:?xt=urn:btih:" + std::string(40, 'z')),
             Catch::Contains("40 hex digits or 32 base32") && Catch::Contains("zzzz"));
  // base32 of the wrong length, and hex of the wrong length.
  CHECK_THAT(message("magnet:?xt=urn:btih:ABCDEFGHIJKLMNOPQRSTUVWXYZ2345"),
             Catch::Contains("this one has 30"));
  CHECK_THAT(message("magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef0123456"),
             Catch::Contains("this one has 39"));
  CHECK_THAT(message("magnet:?xt=urn:btmh:1220aa"), Catch::Contains("v2 info-hash is 1220"));
  // Two torrents in one link (libtorrent kept the last one silently).
  CHECK_THAT(message("magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"
                     "&xt=urn:btih:1123456789abcdef0123456789abcdef01234567"),
             Catch::Contains("2 v1 info-hashes") && Catch::Contains("names one torrent"));
  // A terminal escape in the hash is not printed.
  CHECK(message("magnet:?xt=urn:btih:%1b[31m").find('\x1b') == std::string::npos);

  // What is valid stays valid: base32, percent-encoded separators, a hybrid v1 + v2 link.
  CHECK(parse_torrent_input("magnet:?xt=urn:btih:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
  const auto encoded =
      parse_torrent_input("magnet:?xt=urn%3Abtih%3A0123456789ABCDEF0123456789abcdef01234567");
  REQUIRE(encoded);
  CHECK(info_hash_hex(*encoded) == "0123456789abcdef0123456789abcdef01234567");
  const auto hybrid = parse_torrent_input(
      "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"
      "&xt=urn:btmh:1220" +
      std::string(64, 'a'));
  REQUIRE(hybrid);
  CHECK(hybrid->info_hashes.has_v1());
  CHECK(hybrid->info_hashes.has_v2());
}

TEST_CASE("file selection: largest video by default, by index, by path") {
  lt::file_storage fs;
  fs.add_file("Show/notes.txt", 5'000'000);
  fs.add_file("Show/ep1.mp4", 1'000'000);
  fs.add_file("Show/ep2.mkv", 2'000'000);
  fs.add_file("Show/extras/ep2.mkv", 10);
  fs.set_piece_length(16384);
  fs.set_num_pieces(static_cast<int>((fs.total_size() + 16383) / 16384));
  const auto files = list_files(fs);
  REQUIRE(files.size() == 4);
  CHECK(files[1].offset == 5'000'000);

  CHECK(select_file(files, "").value() == lt::file_index_t{2});
  CHECK(select_file(files, "1").value() == lt::file_index_t{1});
  CHECK(select_file(files, "Show/extras/ep2.mkv").value() == lt::file_index_t{3});
  CHECK(select_file(files, "ep2.mkv").value() == lt::file_index_t{2});  // first suffix match
  CHECK(select_file(files, "extras/ep2.mkv").value() == lt::file_index_t{3});
  const auto bad_index = select_file(files, "7");
  REQUIRE_FALSE(bad_index);
  CHECK(bad_index.error().code == Errc::no_such_file);
  CHECK_FALSE(select_file(files, "p2.mkv"));  // not '/'-aligned

  const std::vector<FileEntry> no_video{files[0]};
  CHECK(select_file(no_video, "").error().code == Errc::no_video_file);
  CHECK_THAT(format_file_list(files), Catch::Contains("  1  Show/ep1.mp4  1.0 MB"));
}

TEST_CASE("torrent creation is deterministic and picks a streaming piece size") {
  CHECK(streaming_piece_size(1'000'000) == 256 * 1024);
  CHECK(streaming_piece_size(700LL * 1024 * 1024) == 512 * 1024);
  CHECK(streaming_piece_size(4LL * 1024 * 1024 * 1024) == 1024 * 1024);

  swarmtv::test::TempDir dir("stream-create");
  fs::create_directories(dir / "Season");
  fs::copy_file(swarmtv::test::media("h264_aac_front.mp4"), dir / "Season" / "ep1.mp4");
  fs::copy_file(swarmtv::test::media("vp9_opus.mkv"), dir / "Season" / "ep2.mkv");
  std::ofstream(dir / "Season" / ".hidden") << "not in the torrent";

  const auto a = create_torrent(dir / "Season");
  REQUIRE(a);
  const auto b = create_torrent(dir / "Season");
  REQUIRE(b);
  CHECK(a->info_hash == b->info_hash);
  CHECK(a->data == b->data);
  CHECK(a->info->piece_length() == 256 * 1024);
  CHECK(a->info->num_files() == 2);
  CHECK(a->info->files().file_path(lt::file_index_t{0}) == "Season/ep1.mp4");
  CHECK_THAT(a->magnet_uri, Catch::StartsWith("magnet:?xt=urn:btih:" + a->info_hash));
  CHECK(a->save_path == fs::absolute(dir.path()).lexically_normal());

  CreateOptions small;
  small.piece_size = 16 * 1024;
  const auto c = create_torrent(dir / "Season" / "ep1.mp4", small);
  REQUIRE(c);
  CHECK(c->info->piece_length() == 16 * 1024);
  CHECK(c->info_hash != a->info_hash);
  CHECK(create_torrent(dir / "Season" / "ep1.mp4", small)->info_hash == c->info_hash);

  CHECK(create_torrent(dir / "missing").error().code == Errc::io_error);
}

TEST_CASE("status line for the OSD and terminal") {
  StreamStatus s;
  s.peers = 3;
  s.download_rate = 1'200'000;
  s.upload_rate = 40'000;
  CHECK(format_status_line(s) == "peers 3 \xE2\x86\x93 1.2 MB/s \xE2\x86\x91 40 kB/s");
  s.buffering = true;
  s.buffering_progress = 0.4;
  s.estimated_wait_seconds = 1.5;
  CHECK_THAT(format_status_line(s), Catch::EndsWith("buffering 40% ~2s"));
  CHECK(format_rate(999) == "999 B/s");
}

TEST_CASE("the player's status line: the file's progress and time left, never buffering") {
  StreamStatus s;
  s.peers = 2;
  s.download_rate = 500'000;
  s.upload_rate = 0;
  s.file_size = 1'200'000'000;
  s.file_progress = 0.425;
  s.buffering = true;  // a read blocked ahead: the player, not the stream, says it buffers
  s.buffering_progress = 0.1;
  const std::string line = format_viewer_status(s);
  CHECK(line ==
        "peers 2 \xE2\x86\x93 500 kB/s \xE2\x86\x91 0 B/s \xC2\xB7 42% of 1.2 GB, 23 min left");
  CHECK(line.find("buffering") == std::string::npos);
  s.download_rate = 0;
  CHECK_THAT(format_viewer_status(s), Catch::EndsWith("42% of 1.2 GB"));
  s.file_progress = 1.0;
  CHECK_THAT(format_viewer_status(s), Catch::EndsWith("\xC2\xB7 downloaded"));
  CHECK(format_size(40'000'000) == "40 MB");
  CHECK(format_size(900) == "900 B");
}

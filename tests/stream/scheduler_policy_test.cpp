// The streaming scheduler's policy alone: windows, deadlines, the head and the index tail, seek
// re-plans, starving and fed readers. libtorrent is replaced by a fake PieceControl that records
// what the scheduler asks of it; the torrent is a real lt::torrent_info built in memory.
#include <catch2/catch.hpp>

#include <iterator>
#include <map>
#include <memory>
#include <set>

#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/hasher.hpp>

#include "swarmtv/stream/streaming_scheduler.h"

using namespace swarmtv;
using namespace swarmtv::stream;
using namespace std::chrono_literals;

namespace {

constexpr int kPieceSize = 256 * 1024;
constexpr int kPieces = 64;

// One file of kPieces pieces; the hashes do not matter, nothing is downloaded.
std::shared_ptr<const lt::torrent_info> synthetic_torrent() {
  lt::file_storage files;
  files.add_file("show/episode.mp4", std::int64_t(kPieceSize) * kPieces);
  lt::create_torrent creator(files, kPieceSize, lt::create_torrent::v1_only);
  const lt::sha1_hash any_hash = lt::hasher("piece").final();  // generate() refuses all-zero
  for (int i = 0; i < kPieces; ++i) creator.set_hash(lt::piece_index_t{i}, any_hash);
  std::vector<char> bytes;
  lt::bencode(std::back_inserter(bytes), creator.generate());
  return std::make_shared<lt::torrent_info>(bytes, lt::from_span);
}

// Records the scheduler's calls as the state libtorrent would be in.
class FakePieceControl final : public PieceControl {
 public:
  std::set<int> have;
  std::map<int, int> deadlines;  // piece -> ms
  std::vector<lt::download_priority_t> piece_priorities =
      std::vector<lt::download_priority_t>(kPieces, lt::default_priority);
  std::vector<lt::download_priority_t> file_priorities;
  int clears = 0;

  // A piece passed its hash check: libtorrent drops its deadline by itself.
  void arrive(int p) {
    have.insert(p);
    deadlines.erase(p);
  }

  bool have_piece(lt::piece_index_t p) const override { return have.count(int(p)) != 0; }
  void set_deadline(lt::piece_index_t p, int ms) override {
    deadlines[int(p)] = ms;
    piece_priorities[std::size_t(int(p))] = lt::top_priority;
  }
  void reset_deadline(lt::piece_index_t p) override {
    deadlines.erase(int(p));
    piece_priorities[std::size_t(int(p))] = lt::low_priority;
  }
  void clear_deadlines() override {
    ++clears;
    for (const auto& [p, ms] : deadlines) piece_priorities[std::size_t(p)] = lt::low_priority;
    deadlines.clear();
  }
  void set_piece_priority(lt::piece_index_t p, lt::download_priority_t priority) override {
    piece_priorities[std::size_t(int(p))] = priority;
  }
  void set_piece_priorities(const std::vector<lt::download_priority_t>& p) override {
    piece_priorities = p;
  }
  void set_file_priorities(const std::vector<lt::download_priority_t>& p) override {
    file_priorities = p;
  }

  lt::download_priority_t priority(int piece) const { return piece_priorities[std::size_t(piece)]; }
};

struct SchedulerFixture {
  FakePieceControl* fake = nullptr;
  std::unique_ptr<StreamingScheduler> scheduler;

  SchedulerFixture() {
    auto control = std::make_unique<FakePieceControl>();
    fake = control.get();
    scheduler = std::make_unique<StreamingScheduler>(synthetic_torrent(), std::move(control));
    scheduler->set_download_rate(2'000'000);
  }
  static std::int64_t offset_of(int piece) { return std::int64_t(piece) * kPieceSize; }
  std::set<int> deadline_pieces() const {
    std::set<int> out;
    for (const auto& [p, ms] : fake->deadlines) out.insert(p);
    return out;
  }
};

}  // namespace

TEST_CASE_METHOD(SchedulerFixture, "A starving new reader wants its head piece and the next only",
                 "[stream][scheduler]") {
  scheduler->add_reader(lt::file_index_t{0}, std::nullopt);
  CHECK(deadline_pieces() == std::set<int>{0, 1});
  CHECK(fake->deadlines.at(0) < fake->deadlines.at(1));
  // Nothing else may queue at a peer ahead of the head: no rarest-first fill.
  CHECK(fake->priority(10) == lt::dont_download);
  REQUIRE(fake->file_priorities.size() == 1);
  CHECK(fake->file_priorities[0] != lt::dont_download);
}

TEST_CASE_METHOD(SchedulerFixture, "A fed reader gets the whole window and the fill",
                 "[stream][scheduler]") {
  const int reader = scheduler->add_reader(lt::file_index_t{0}, std::nullopt);
  scheduler->set_buffered(reader, 10s);
  const auto window = deadline_pieces();
  CHECK(window.size() > 2);
  CHECK(*window.begin() == 0);
  // Outside the window the file is fetched rarest-first, at a priority below the window's.
  CHECK(fake->priority(kPieces - 1) != lt::dont_download);
  CHECK(fake->priority(kPieces - 1) < fake->priority(0));
}

TEST_CASE_METHOD(SchedulerFixture, "A seek clears every deadline and plans at the target",
                 "[stream][scheduler]") {
  const int reader = scheduler->add_reader(lt::file_index_t{0}, std::nullopt);
  const int clears_before = fake->clears;
  scheduler->seek(reader, offset_of(40) + 1000);
  CHECK(fake->clears == clears_before + 1);  // libtorrent then cancels the old requests
  CHECK(deadline_pieces() == std::set<int>{40, 41});
  CHECK(scheduler->playhead(reader) == offset_of(40) + 1000);

  // A far read of a piece already here moves the window without cancelling anything.
  fake->arrive(10);
  const int clears_after_seek = fake->clears;
  scheduler->on_read(reader, offset_of(10));
  CHECK(fake->clears == clears_after_seek);
  CHECK(deadline_pieces().count(40) == 0);
}

TEST_CASE_METHOD(SchedulerFixture, "The window moves on as the playhead's pieces arrive",
                 "[stream][scheduler]") {
  const int reader = scheduler->add_reader(lt::file_index_t{0}, std::nullopt);
  fake->arrive(0);
  scheduler->on_piece_finished(lt::piece_index_t{0});
  scheduler->on_read(reader, offset_of(1));
  CHECK(deadline_pieces() == std::set<int>{1, 2});
}

TEST_CASE_METHOD(SchedulerFixture, "An MP4 index read first comes beside the head when starving",
                 "[stream][scheduler]") {
  const ByteRange tail{offset_of(kPieces - 1), offset_of(kPieces)};
  const int reader = scheduler->add_reader(lt::file_index_t{0}, std::nullopt);
  scheduler->set_index_tail(reader, tail, /*read_first=*/true);
  // In place of the head's next piece: the demuxer cannot open without the moov.
  CHECK(deadline_pieces() == std::set<int>{0, kPieces - 1});
}

TEST_CASE_METHOD(SchedulerFixture, "Matroska cues wait until the reader is fed",
                 "[stream][scheduler]") {
  const ByteRange tail{offset_of(kPieces - 1), offset_of(kPieces)};
  const int reader = scheduler->add_reader(lt::file_index_t{0}, std::nullopt);
  scheduler->set_index_tail(reader, tail, /*read_first=*/false);
  CHECK(deadline_pieces().count(kPieces - 1) == 0);
  scheduler->set_buffered(reader, 10s);
  CHECK(deadline_pieces().count(kPieces - 1) == 1);
}

TEST_CASE_METHOD(SchedulerFixture, "A prefetch gets deadlines and ends when its pieces are had",
                 "[stream][scheduler]") {
  const int id = scheduler->add_prefetch(lt::file_index_t{0}, {offset_of(20), offset_of(22)});
  CHECK(deadline_pieces() == std::set<int>{20, 21});
  scheduler->cancel_prefetch(id);
  CHECK(deadline_pieces().empty());
}

TEST_CASE_METHOD(SchedulerFixture,
                 "In a crowd only the urgent pieces get deadlines, the rest of a longer window "
                 "is wanted by rarity, and nothing outside it",
                 "[stream][scheduler][crowd]") {
  scheduler->set_download_rate(400'000);  // about 1.5 pieces a second: 2 urgent pieces
  scheduler->set_downloading_peers(3);
  const int reader = scheduler->add_reader(lt::file_index_t{0}, std::nullopt);
  scheduler->set_bitrate(reader, 3'000'000);  // 20 s of it are about 29 pieces
  REQUIRE(scheduler->crowd());
  // Starving (nothing buffered) does not shrink a crowd's window: the pieces ahead are what
  // the viewers trade, and other viewers supply the playhead's piece.
  CHECK(deadline_pieces() == std::set<int>{0, 1});
  for (int p : {2, 10, 28}) {
    CAPTURE(p);
    CHECK(fake->priority(p) == lt::top_priority);
    CHECK(fake->deadlines.count(p) == 0);
  }
  CHECK(fake->priority(40) == lt::dont_download);  // no fill: the seeder's upload is scarce
  CHECK(fake->priority(kPieces - 1) == lt::dont_download);

  // The swarm down to seeds again: the single-viewer plan (a starving reader's two pieces).
  scheduler->set_downloading_peers(0);
  scheduler->tick();
  CHECK_FALSE(scheduler->crowd());
  CHECK(deadline_pieces() == std::set<int>{0, 1});
  CHECK(fake->priority(10) == lt::dont_download);
}

TEST_CASE_METHOD(SchedulerFixture,
                 "In a crowd the first missing piece past the window stays wanted at the lowest "
                 "priority, so seeds never see the viewer lose interest",
                 "[stream][scheduler][crowd]") {
  scheduler->set_download_rate(400'000);
  scheduler->set_downloading_peers(3);
  scheduler->set_held_by_peers(std::vector<int>(kPieces, 0));
  const int reader = scheduler->add_reader(lt::file_index_t{0}, std::nullopt);
  scheduler->set_bitrate(reader, 3'000'000);  // a 20 s window: pieces 0 to about 29
  int past = -1;
  for (int p = 0; p < kPieces && past < 0; ++p)
    if (fake->priority(p) == lt::low_priority) past = p;
  REQUIRE(past > 20);
  CHECK(fake->priority(past - 1) == lt::top_priority);  // the window's last piece
  for (int p = past + 1; p < kPieces; ++p) {
    CAPTURE(p);
    CHECK(fake->priority(p) == lt::dont_download);  // still no fill
  }

  // The whole window is here: the piece past it is still wanted, nothing else.
  for (int p = 0; p < past; ++p) fake->arrive(p);
  scheduler->set_buffered(reader, 30s);
  scheduler->tick();
  CHECK(fake->priority(past) > lt::dont_download);
  // A claimed piece is not the one kept: the next missing one is.
  scheduler->set_claimed_by_peers({past});
  CHECK(fake->priority(past) == lt::dont_download);
  CHECK(fake->priority(past + 1) > lt::dont_download);
}

TEST_CASE_METHOD(SchedulerFixture,
                 "In a crowd a piece another viewer claimed waits for that viewer, until had "
                 "or lapsed",
                 "[stream][scheduler][crowd][claims]") {
  scheduler->set_download_rate(400'000);
  scheduler->set_downloading_peers(3);
  scheduler->set_held_by_peers(std::vector<int>(kPieces, 0));
  const int reader = scheduler->add_reader(lt::file_index_t{0}, std::nullopt);
  scheduler->set_bitrate(reader, 3'000'000);
  REQUIRE(deadline_pieces() == std::set<int>{0, 1});

  // Another viewer fetches pieces 0 and 5 from the seed: no deadline, not wanted meanwhile.
  scheduler->set_claimed_by_peers({0, 5});
  CHECK(deadline_pieces() == std::set<int>{1});
  CHECK(fake->priority(0) == lt::dont_download);
  CHECK(fake->priority(5) == lt::dont_download);
  CHECK(fake->priority(6) == lt::top_priority);

  // The claimer has piece 0 now (held by a peer): wanted again.
  std::vector<int> held(kPieces, 0);
  held[0] = 1;
  scheduler->set_held_by_peers(held);
  scheduler->set_claimed_by_peers({5});
  CHECK(fake->priority(0) == lt::top_priority);
  // The claim of 5 lapses: wanted again.
  scheduler->set_claimed_by_peers({});
  CHECK(fake->priority(5) == lt::top_priority);

  // Outside a crowd claims do not matter.
  scheduler->set_downloading_peers(0);
  scheduler->tick();
  scheduler->set_claimed_by_peers({0});
  CHECK(deadline_pieces().count(0) == 1);
}

TEST_CASE_METHOD(SchedulerFixture,
                 "A follower's reads plan nothing: no deadlines, no starving, the file fetched",
                 "[stream][scheduler]") {
  const int follower = scheduler->add_reader(lt::file_index_t{0}, std::nullopt, ReadRole::follower);
  // Wanted, and fetched rarest-first: a follower never starves, so the fill is not stopped.
  CHECK(deadline_pieces().empty());
  REQUIRE(fake->file_priorities.size() == 1);
  CHECK(fake->file_priorities[0] != lt::dont_download);
  CHECK(fake->priority(kPieces - 1) != lt::dont_download);
  // A read far away (a seek for a player) moves nothing either.
  scheduler->on_read(follower, offset_of(40));
  CHECK(deadline_pieces().empty());
  // Beside a player the player's window is all that is planned.
  const int player = scheduler->add_reader(lt::file_index_t{0}, std::nullopt);
  scheduler->set_buffered(player, 10s);
  const auto window = deadline_pieces();
  REQUIRE_FALSE(window.empty());
  CHECK(*window.begin() == 0);
  CHECK(window.count(40) == 0);
  CHECK(window.count(41) == 0);
}

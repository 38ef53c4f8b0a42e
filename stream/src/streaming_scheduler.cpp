#include "swarmtv/stream/streaming_scheduler.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "swarmtv/base/trace.h"

namespace swarmtv::stream {

namespace {

// A piece's playback time at `bitrate` (bits/s), at least 1 ms.
int piece_duration_ms(const PieceLayout& layout, std::int64_t bitrate) {
  const double ms =
      static_cast<double>(layout.piece_length) * 8000.0 / static_cast<double>(bitrate);
  return std::max(1, static_cast<int>(ms));
}

}  // namespace

StreamingScheduler::StreamingScheduler(std::shared_ptr<const lt::torrent_info> info,
                                       std::unique_ptr<PieceControl> control, WindowPolicy policy)
    : info_(std::move(info)),
      control_(std::move(control)),
      policy_(policy),
      layout_{info_->piece_length(), info_->total_size()} {}

ByteRange StreamingScheduler::file_extent(lt::file_index_t file) const {
  const lt::file_storage& fs = info_->files();
  const std::int64_t begin = fs.file_offset(file);
  return {begin, begin + fs.file_size(file)};
}

int StreamingScheduler::add_reader(lt::file_index_t file, std::optional<ByteRange> index_tail,
                                   ReadRole role) {
  std::lock_guard lock(mutex_);
  if (first_reader_at_ == std::chrono::steady_clock::time_point{})
    first_reader_at_ = std::chrono::steady_clock::now();
  Reader r;
  r.file = file;
  r.extent = file_extent(file);
  r.playhead = r.extent.begin;
  r.role = role;
  if (index_tail && role == ReadRole::playback)
    r.index_tail = ByteRange{r.extent.begin + index_tail->begin, r.extent.begin + index_tail->end};
  const int id = next_id_++;
  readers_[id] = r;
  priorities_dirty_ = true;
  apply_locked(false);
  return id;
}

void StreamingScheduler::remove_reader(int reader) {
  std::lock_guard lock(mutex_);
  if (readers_.erase(reader) == 0) return;
  priorities_dirty_ = true;
  apply_locked(false);
}

bool StreamingScheduler::window_contains_locked(const Reader& r, lt::piece_index_t p) const {
  const lt::piece_index_t at = layout_.piece_at(r.playhead);
  const std::int64_t bytes = window_bytes(r.bitrate, download_rate_, policy_);
  const int count = std::clamp(static_cast<int>(bytes / layout_.piece_length) + 1,
                               policy_.min_pieces, policy_.max_pieces);
  return p >= advance(at, -1) && p <= advance(at, count);
}

void StreamingScheduler::on_read(int reader, std::int64_t offset) {
  std::lock_guard lock(mutex_);
  const auto it = readers_.find(reader);
  if (it == readers_.end()) return;
  Reader& r = it->second;
  const std::int64_t abs = std::clamp(r.extent.begin + offset, r.extent.begin,
                                      std::max(r.extent.begin, r.extent.end - 1));
  const lt::piece_index_t before = layout_.piece_at(r.playhead);
  const lt::piece_index_t now = layout_.piece_at(abs);
  const bool near = window_contains_locked(r, now);
  r.playhead = abs;
  if (now == before || r.role == ReadRole::follower) return;
  // A far read whose bytes are already here (the demuxer peeking at an index it has) moves
  // the window without cancelling anything; one that will block is a seek.
  const bool seek = !near && !control_->have_piece(now);
  if (seek) r.buffered.reset();
  apply_locked(seek);
}

void StreamingScheduler::seek(int reader, std::int64_t offset) {
  std::lock_guard lock(mutex_);
  const auto it = readers_.find(reader);
  if (it == readers_.end()) return;
  Reader& r = it->second;
  r.playhead = std::clamp(r.extent.begin + offset, r.extent.begin,
                          std::max(r.extent.begin, r.extent.end - 1));
  r.buffered.reset();  // what the consumer held was for the old position
  apply_locked(!control_->have_piece(layout_.piece_at(r.playhead)));
}

void StreamingScheduler::set_buffered(int reader, MediaTime buffered) {
  std::lock_guard lock(mutex_);
  const auto it = readers_.find(reader);
  if (it == readers_.end()) return;
  Reader& r = it->second;
  const bool was_starving = starving_locked(r);
  r.buffered = buffered;
  if (starving_locked(r) == was_starving) return;
  trace("scheduler: {} with {:.1f} s buffered", was_starving ? "fed" : "starving",
        media_time_to_seconds(buffered));
  apply_locked(false);
}

void StreamingScheduler::set_bitrate(int reader, std::int64_t bits_per_second) {
  std::lock_guard lock(mutex_);
  const auto it = readers_.find(reader);
  if (it == readers_.end() || it->second.bitrate == bits_per_second) return;
  it->second.bitrate = std::max<std::int64_t>(bits_per_second, 0);
  apply_locked(false);
}

void StreamingScheduler::set_index_tail(int reader, std::optional<ByteRange> index_tail,
                                        bool read_first) {
  std::lock_guard lock(mutex_);
  const auto it = readers_.find(reader);
  if (it == readers_.end()) return;
  Reader& r = it->second;
  std::optional<ByteRange> abs;
  if (index_tail)
    abs = ByteRange{r.extent.begin + index_tail->begin, r.extent.begin + index_tail->end};
  // The verified head confirming what its first block told.
  if (abs == r.index_tail && read_first == r.index_read_first) return;
  r.index_tail = abs;
  r.index_read_first = read_first;
  priorities_dirty_ = true;
  apply_locked(false);
}

std::int64_t StreamingScheduler::playhead(int reader) const {
  std::lock_guard lock(mutex_);
  const auto it = readers_.find(reader);
  return it == readers_.end() ? 0 : it->second.playhead - it->second.extent.begin;
}

std::int64_t StreamingScheduler::bitrate(int reader) const {
  std::lock_guard lock(mutex_);
  const auto it = readers_.find(reader);
  return it == readers_.end() ? 0 : it->second.bitrate;
}

int StreamingScheduler::add_prefetch(lt::file_index_t file, ByteRange range,
                                     int first_deadline_ms) {
  std::lock_guard lock(mutex_);
  const ByteRange extent = file_extent(file);
  Prefetch p;
  p.file = file;
  p.range = {std::clamp(extent.begin + range.begin, extent.begin, extent.end),
             std::clamp(extent.begin + range.end, extent.begin, extent.end)};
  p.first_deadline_ms = std::max(first_deadline_ms, 0);
  const int id = next_id_++;
  prefetches_[id] = p;
  priorities_dirty_ = true;
  apply_locked(false);
  return id;
}

void StreamingScheduler::cancel_prefetch(int id) {
  std::lock_guard lock(mutex_);
  if (prefetches_.erase(id) == 0) return;
  priorities_dirty_ = true;
  apply_locked(false);
}

void StreamingScheduler::set_download_rate(std::int64_t bytes_per_second) {
  std::lock_guard lock(mutex_);
  download_rate_ = std::max<std::int64_t>(bytes_per_second, 0);
}

void StreamingScheduler::set_downloading_peers(int peers) {
  std::lock_guard lock(mutex_);
  const bool crowd = peers > 0;
  if (crowd == crowd_) return;
  trace("scheduler: {}", crowd ? "other viewers in the swarm: crowd plan" : "seeds only");
  crowd_ = crowd;
  priorities_dirty_ = true;  // the fill outside the windows stops or resumes
}

void StreamingScheduler::set_held_by_peers(std::vector<int> counts) {
  std::lock_guard lock(mutex_);
  held_by_peers_ = std::move(counts);
}

void StreamingScheduler::note_held_by_peers(const std::vector<int>& pieces) {
  std::lock_guard lock(mutex_);
  bool changed = false;
  for (int p : pieces) {
    const auto i = static_cast<std::size_t>(p);
    if (p < 0 || p >= layout_.num_pieces()) continue;
    if (held_by_peers_.size() <= i)
      held_by_peers_.resize(static_cast<std::size_t>(layout_.num_pieces()));
    if (held_by_peers_[i] > 0) continue;
    held_by_peers_[i] = 1;
    changed = true;
  }
  if (changed && crowd_) apply_locked(false);
}

void StreamingScheduler::set_claimed_by_peers(std::vector<int> pieces) {
  std::lock_guard lock(mutex_);
  std::set<int> claimed(pieces.begin(), pieces.end());
  if (claimed == claimed_by_peers_) return;
  claimed_by_peers_ = std::move(claimed);
  if (crowd_) apply_locked(false);
}

bool StreamingScheduler::crowd() const {
  std::lock_guard lock(mutex_);
  return crowd_;
}

void StreamingScheduler::tick() {
  std::lock_guard lock(mutex_);
  // file_prio_alert can be lost (a full alert queue): never let readers wait on it for long.
  if (file_priority_calls_ > 0 &&
      std::chrono::steady_clock::now() - file_priorities_set_at_ > std::chrono::seconds(5))
    file_priority_calls_ = 0;
  for (auto it = prefetches_.begin(); it != prefetches_.end();) {
    const PieceSpan span = pieces_covering(layout_, it->second.range);
    bool done = true;
    for (lt::piece_index_t p = span.first; p < span.last && done; ++p)
      done = control_->have_piece(p);
    if (done) {
      it = prefetches_.erase(it);
      priorities_dirty_ = true;
    } else {
      ++it;
    }
  }
  if (readers_.empty() && prefetches_.empty() && applied_.empty() && !priorities_dirty_) return;
  apply_locked(false);
}

void StreamingScheduler::on_piece_finished(lt::piece_index_t piece) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  recent_pieces_.push_back(now);
  while (now - recent_pieces_.front() > kGoodputWindow) recent_pieces_.pop_front();
  if (applied_.count(piece) == 0) return;
  apply_locked(false);
}

void StreamingScheduler::on_piece_failed(lt::piece_index_t piece) {
  std::lock_guard lock(mutex_);
  trace("scheduler: piece {} back in the picker", static_cast<int>(piece));
  ++piece_failures_;
  repick_locked();
}

void StreamingScheduler::on_peer_left() {
  std::lock_guard lock(mutex_);
  repick_locked();
}

void StreamingScheduler::repick_locked() {
  if (!starving_ || priorities_dirty_) return;
  // A piece going between priority 0 and non-zero makes libtorrent update every peer's interest,
  // which runs the peer's piece picker. The update is deferred until the calls already queued
  // have run, so it sees the final priorities: the piece toggled here, one nobody wants (while a
  // reader starves every unplanned piece has priority 0), is never requested.
  for (int i = layout_.num_pieces() - 1; i >= 0; --i) {
    const lt::piece_index_t p{i};
    if (applied_.count(p) != 0) continue;
    control_->set_piece_priority(p, lt::low_priority);
    control_->set_piece_priority(p, lt::dont_download);
    trace("scheduler: every peer picks again");
    return;
  }
}

void StreamingScheduler::on_file_priorities_applied() {
  std::lock_guard lock(mutex_);
  // One alert per prioritize_files() call: with two calls in flight, the first one's alert
  // says nothing of the second's part-file moves.
  if (file_priority_calls_ > 0) --file_priority_calls_;
  priorities_dirty_ = true;
  apply_locked(false);
}

std::set<lt::piece_index_t> StreamingScheduler::deadline_pieces() const {
  std::lock_guard lock(mutex_);
  std::set<lt::piece_index_t> out;
  for (const auto& [p, a] : applied_)
    if (a.deadline) out.insert(p);
  return out;
}

std::map<lt::piece_index_t, StreamingScheduler::Planned> StreamingScheduler::plan_locked() const {
  std::map<lt::piece_index_t, Planned> plan;
  // The piece at the playhead gets priority 7 alone, the next ones up to about a second of
  // download 6, the rest of the window 5: the picker takes higher priorities first (random within
  // one), so the piece being waited for is requested first from every peer, block by block, and
  // is never queued behind pieces needed seconds later.
  //
  // In a crowd, only those urgent pieces get deadlines. libtorrent requests deadline pieces from
  // the fastest peers holding them, whatever their rarity, so viewers that all put their whole
  // window under deadlines all ask the seeder for the same pieces and hold the same ones, with
  // nothing to trade. The rest of a crowd's (longer) window gets priority 7 alone: the ordinary
  // picker takes the highest priority first and, within it, the rarest with random ties, so each
  // viewer fetches different pieces ahead and gets the others from its peers.
  const int urgent = urgent_pieces(layout_.piece_length, download_rate_, policy_);
  const bool crowd = crowd_;
  const auto held = [this](lt::piece_index_t p) {
    const auto i = static_cast<std::size_t>(static_cast<int>(p));
    return i < held_by_peers_.size() && held_by_peers_[i] > 0;
  };
  // Another viewer is fetching it from a seed: wait for its HAVE (see set_claimed_by_peers()).
  const auto claimed = [this, &held](lt::piece_index_t p) {
    return claimed_by_peers_.count(static_cast<int>(p)) != 0 && !held(p);
  };
  auto merge = [&plan, urgent, crowd, &held, &claimed](const std::vector<PieceDeadline>& v,
                                                       int first_rank, int floor = 5,
                                                       bool window = false) {
    int rank = first_rank;
    for (const PieceDeadline& d : v) {
      if (crowd && window && claimed(d.piece)) {
        ++rank;
        continue;
      }
      const bool by_rarity = crowd && window && (rank >= urgent || (rank > 0 && held(d.piece)));
      const int graded = by_rarity ? 7 : rank == 0 ? 7 : rank < urgent ? 6 : 5;
      const lt::download_priority_t prio{static_cast<std::uint8_t>(std::max(graded, floor))};
      ++rank;
      auto [it, inserted] = plan.emplace(d.piece, Planned{d.deadline_ms, prio, !by_rarity});
      if (!inserted) {
        it->second.deadline_ms = std::min(it->second.deadline_ms, d.deadline_ms);
        it->second.priority = std::max(it->second.priority, prio);
        it->second.deadline = it->second.deadline || !by_rarity;
      }
    }
  };
  const auto have = [this](lt::piece_index_t p) { return control_->have_piece(p); };
  WindowPolicy window_policy = policy_;
  if (crowd) window_policy.media_ahead = std::max(policy_.media_ahead, policy_.crowd_media_ahead);
  for (const auto& [id, r] : readers_) {
    if (r.role == ReadRole::follower) continue;
    std::vector<PieceDeadline> window = plan_window(layout_, r.playhead, r.extent.end, r.bitrate,
                                                    download_rate_, window_policy, have);
    // The index's missing pieces, right after the head's first piece: the demuxer cannot open
    // without it.
    std::vector<PieceDeadline> index;
    if (r.index_tail) {
      const int spacing =
          piece_duration_ms(layout_, r.bitrate > 0 ? r.bitrate : policy_.fallback_bitrate);
      index = plan_range(layout_, *r.index_tail, spacing + 1, spacing, have);
    }
    // Starving, the reader waits for the playhead's piece: only that piece and the next ones
    // are wanted, not the rest of the window nor the index tail (see starving_locked()); but an
    // index the demuxer reads before its first frame comes next, in place of the next piece.
    const bool starving = starving_locked(r) && !crowd;
    const bool index_next = starving && r.index_read_first && !index.empty();
    const auto keep =
        static_cast<std::size_t>(index_next ? 1 : std::max(policy_.starving_pieces, 1));
    if (starving && window.size() > keep) window.resize(keep);
    merge(window, 0, 5, true);
    if (!starving || index_next) merge(index, 1, 6);
    if (crowd) keep_interest_locked(r, claimed, plan);
  }
  for (const auto& [id, p] : prefetches_) {
    const int spacing = piece_duration_ms(layout_, policy_.fallback_bitrate);
    merge(plan_range(layout_, p.range, p.first_deadline_ms, spacing, have),
          p.first_deadline_ms <= 1000 ? 0 : urgent);
  }
  return plan;
}

void StreamingScheduler::keep_interest_locked(const Reader& r,
                                              const std::function<bool(lt::piece_index_t)>& claimed,
                                              std::map<lt::piece_index_t, Planned>& plan) const {
  // A viewer wanting nothing tells its peers it is not interested. Transmission, for one, then
  // chokes it and unchokes it again only at its next rechoke, every 10 s: a viewer whose window
  // was all here, or all claimed, would wait that long for its next piece from such a seed. So
  // the first missing piece past the window stays wanted at the lowest priority, which every
  // piece of the window goes before.
  const lt::piece_index_t at = layout_.piece_at(r.playhead);
  const lt::piece_index_t file_end = advance(layout_.piece_at(r.extent.end - 1), 1);
  for (lt::piece_index_t p = at; p < file_end; ++p) {
    if (plan.count(p) != 0 || control_->have_piece(p) || claimed(p)) continue;  // the window's
    plan.emplace(p, Planned{0, lt::low_priority, false});
    return;
  }
}

std::vector<lt::download_priority_t> StreamingScheduler::file_priorities_locked() const {
  // Files once read or prefetched keep priority 1 at least: lowering a file to 0 after its bytes
  // went into it is not something libtorrent's storage undoes, and the pieces we do not want are
  // kept out by piece priorities instead.
  std::vector<lt::download_priority_t> prios(static_cast<std::size_t>(info_->num_files()),
                                             lt::dont_download);
  for (std::size_t i = 0; i < prios.size() && i < applied_file_priorities_.size(); ++i)
    if (applied_file_priorities_[i] != lt::dont_download) prios[i] = lt::low_priority;
  for (const auto& [id, p] : prefetches_)
    prios[static_cast<std::size_t>(static_cast<int>(p.file))] =
        std::max(prios[static_cast<std::size_t>(static_cast<int>(p.file))], lt::low_priority);
  for (const auto& [id, r] : readers_)
    prios[static_cast<std::size_t>(static_cast<int>(r.file))] = lt::default_priority;
  return prios;
}

std::vector<lt::download_priority_t> StreamingScheduler::piece_priorities_locked() const {
  std::vector<lt::download_priority_t> prios(static_cast<std::size_t>(layout_.num_pieces()),
                                             lt::dont_download);
  auto raise = [&](ByteRange range, lt::download_priority_t prio) {
    const PieceSpan span = pieces_covering(layout_, range);
    for (lt::piece_index_t p = span.first; p < span.last; ++p) {
      auto& slot = prios[static_cast<std::size_t>(static_cast<int>(p))];
      slot = std::max(slot, prio);
    }
  };
  // Outside the windows: the lowest priority, so the ordinary rarest-first picker fills spare
  // bandwidth with the rest of the file without competing with the windows. Not while a reader
  // starves: then nothing but its next pieces may take a place in a peer's request queue.
  if (starving_) return prios;  // set by apply_locked(), our only caller, just before
  // Nor in a crowd: the rarest pieces are those only the seeder holds, and a premiere's seeder
  // has upload for the pieces at the viewers' playheads, not for a fill no one needs yet.
  if (crowd_) return prios;
  for (const auto& [id, r] : readers_) raise(r.extent, lt::low_priority);
  for (const auto& [id, p] : prefetches_) raise(p.range, lt::low_priority);
  return prios;
}

double StreamingScheduler::goodput_locked() const {
  const auto now = std::chrono::steady_clock::now();
  const auto window =
      std::min<std::chrono::steady_clock::duration>(kGoodputWindow, now - first_reader_at_);
  const double seconds = std::chrono::duration<double>(window).count();
  if (seconds < 0.2) return 0.0;
  const auto pieces = std::count_if(recent_pieces_.begin(), recent_pieces_.end(),
                                    [&](auto t) { return now - t <= window; });
  return static_cast<double>(pieces) * static_cast<double>(layout_.piece_length) / seconds;
}

MediaTime StreamingScheduler::refill_goal(int reader) const {
  std::lock_guard lock(mutex_);
  const auto it = readers_.find(reader);
  if (it == readers_.end()) return MediaTime(0);
  const std::int64_t bitrate = it->second.bitrate;
  // libtorrent's rate is a running average sampled once a second: a second into a download it
  // still says far less than what came, and a player would wait seconds after its first
  // picture for nothing. The pieces verified lately say what really came.
  const double rate = std::max(static_cast<double>(download_rate_), goodput_locked());
  if (rate <= 0) return MediaTime(0);
  const auto piece = static_cast<double>(layout_.piece_length);
  // The next piece, or two once a piece failed its check here: a failed piece is fetched again.
  const double pieces = piece_failures_ > 0 ? 2.0 : 1.0;
  const double wait = pieces * piece / rate;
  // The rate dips while peers sit idle after a failed piece, and a dip must not ask for a long
  // wait: two pieces' worth of media is enough when the swarm keeps up with the media, and more
  // would not help when it does not.
  if (bitrate <= 0) return seconds_to_media_time(wait);
  return seconds_to_media_time(std::min(wait, 2.0 * piece * 8.0 / static_cast<double>(bitrate)));
}

bool StreamingScheduler::starving_locked(const Reader& r) const {
  if (r.role == ReadRole::follower) return false;
  // Fed: the consumer's buffer outlasts fetching the next two pieces at the measured rate.
  MediaTime fed = policy_.fed;
  if (download_rate_ > 0)
    fed = std::max(fed, seconds_to_media_time(2.0 * static_cast<double>(layout_.piece_length) /
                                              static_cast<double>(download_rate_)));
  if (r.buffered && *r.buffered >= fed) return false;
  return !control_->have_piece(layout_.piece_at(r.playhead));
}

bool StreamingScheduler::any_starving_locked() const {
  return std::any_of(readers_.begin(), readers_.end(),
                     [this](const auto& entry) { return starving_locked(entry.second); });
}

void StreamingScheduler::apply_locked(bool hard) {
  // Entering or leaving starvation changes every base priority (the rarest-first fill stops).
  if (const bool starving = any_starving_locked(); starving != starving_) {
    starving_ = starving;
    priorities_dirty_ = true;
  }
  const std::map<lt::piece_index_t, Planned> plan = plan_locked();
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now().time_since_epoch())
                                  .count();
  if (hard) {
    // Empty the deadline set first: the first deadline added to an empty set makes libtorrent
    // cancel every request not in it, which drops the requests for the old position.
    control_->clear_deadlines();
    applied_.clear();
    priorities_dirty_ = true;  // clearing puts the pieces back to priority 1
  }
  std::vector<lt::download_priority_t> base;  // what each piece gets without a deadline
  for (auto it = applied_.begin(); it != applied_.end();) {
    if (plan.count(it->first) != 0) {
      ++it;
      continue;
    }
    if (!control_->have_piece(it->first)) {
      if (it->second.deadline) control_->reset_deadline(it->first);
      // reset_piece_deadline leaves the piece at priority 1; put back what it should have.
      if (base.empty()) base = piece_priorities_locked();
      control_->set_piece_priority(it->first,
                                   base[static_cast<std::size_t>(static_cast<int>(it->first))]);
    }
    it = applied_.erase(it);
  }
  if (priorities_dirty_) {
    const auto files = file_priorities_locked();
    if (files != applied_file_priorities_) {
      ++file_priority_calls_;
      file_priorities_set_at_ = std::chrono::steady_clock::now();
      control_->set_file_priorities(files);  // on_file_priorities_applied() follows
      applied_file_priorities_ = files;
    }
    base = piece_priorities_locked();
    std::vector<lt::download_priority_t> pieces = base;
    for (const auto& [p, plan_entry] : plan)
      pieces[static_cast<std::size_t>(static_cast<int>(p))] = plan_entry.priority;
    control_->set_piece_priorities(pieces);
    priorities_dirty_ = false;
    applied_.clear();  // re-set every deadline below, so each gets its priority back
  }
  for (const auto& [p, plan_entry] : plan) apply_piece_locked(p, plan_entry, now_ms);
}

void StreamingScheduler::apply_piece_locked(lt::piece_index_t p, const Planned& plan,
                                            std::int64_t now_ms) {
  // Deadlines are "ms from now": re-setting one only matters when it moved noticeably.
  constexpr std::int64_t kSlackMs = 250;
  const auto a = applied_.find(p);
  if (!plan.deadline) {
    if (a != applied_.end() && !a->second.deadline && a->second.priority == plan.priority) return;
    if (a != applied_.end() && a->second.deadline) control_->reset_deadline(p);
    control_->set_piece_priority(p, plan.priority);
    applied_[p] = Applied{0, plan.priority, false};
    return;
  }
  const std::int64_t due = now_ms + plan.deadline_ms;
  if (a != applied_.end() && a->second.deadline && std::abs(a->second.due_ms - due) < kSlackMs &&
      a->second.priority == plan.priority)
    return;
  control_->set_deadline(p, plan.deadline_ms);
  // A new deadline forces priority 7; put the graded one back (see plan_locked()).
  control_->set_piece_priority(p, plan.priority);
  applied_[p] = Applied{due, plan.priority, true};
}

}  // namespace swarmtv::stream

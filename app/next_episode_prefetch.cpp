#include "next_episode_prefetch.h"

#include <algorithm>
#include <cmath>

#include "swarmtv/base/trace.h"
#include "swarmtv/stream/container_index.h"

namespace swarmtv::app {

namespace {

// Where the index may be at the end of the file. Matroska: the scheduler's own guess (its
// Cues). MP4: its moov may follow mdat, and which one it is shows only in the head, so the last
// 2 % (at least 64 KiB, at most 4 MiB) comes too; for a moov at the front that is a little
// waste at a moment the swarm has bandwidth to spare.
std::optional<ByteRange> index_tail(const stream::FileEntry& file) {
  const stream::ContainerKind kind = stream::container_from_path(file.path);
  if (kind == stream::ContainerKind::matroska) return stream::guess_index_tail(kind, file.size);
  if (kind != stream::ContainerKind::mp4) return std::nullopt;
  const std::int64_t tail = std::min(
      file.size, std::clamp(file.size / 50, std::int64_t(64 << 10), std::int64_t(4 << 20)));
  return ByteRange{file.size - tail, file.size};
}

}  // namespace

std::optional<lt::file_index_t> next_video_file(const std::vector<stream::FileEntry>& files,
                                                lt::file_index_t current) {
  std::vector<const stream::FileEntry*> videos;
  for (const auto& f : files)
    if (f.video) videos.push_back(&f);
  std::sort(videos.begin(), videos.end(),
            [](const auto* a, const auto* b) { return a->path < b->path; });
  for (std::size_t i = 0; i + 1 < videos.size(); ++i)
    if (videos[i]->index == current) return videos[i + 1]->index;
  return std::nullopt;
}

NextEpisodePrefetch::~NextEpisodePrefetch() {
  // What is on disk stays; only the deadlines of what did not come in time are dropped (the
  // next episode's own reader asks for it anew, or nobody wants it: the viewer stopped).
  for (int id : ids_) torrent_.cancel_prefetch(id);
}

void NextEpisodePrefetch::at(MediaTime position, std::optional<MediaTime> duration) {
  if (started_ || !duration) return;
  const MediaTime left = *duration - position;
  if (left <= kLead) start(left);
}

void NextEpisodePrefetch::start(MediaTime left) {
  if (started_) return;
  started_ = true;
  const std::vector<stream::FileEntry> files = torrent_.files();
  auto it = std::find_if(files.begin(), files.end(),
                         [&](const stream::FileEntry& f) { return f.index == next_; });
  if (it == files.end() || it->size <= 0) return;
  // Due a few seconds before the current episode ends, so its own window keeps the earlier
  // deadlines.
  using namespace std::chrono_literals;
  const auto first_deadline =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::max<MediaTime>(1s, left - 5s));
  std::vector<ByteRange> ranges{{0, std::min(it->size, kHeadBytes)}};
  if (auto tail = index_tail(*it); tail && tail->begin >= ranges[0].end) ranges.push_back(*tail);
  for (const ByteRange& r : ranges)
    if (auto id = torrent_.prefetch(next_, r, first_deadline)) ids_.push_back(*id);
  trace("next episode: prefetching file {} ({} ranges)", static_cast<int>(next_), ranges.size());
}

}  // namespace swarmtv::app

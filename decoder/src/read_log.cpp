#include "swarmtv/decoder/read_log.h"

#include <algorithm>
#include <utility>

namespace swarmtv::decoder {

void ReadLog::add(ByteRange range) {
  if (range.length() <= 0) return;
  std::lock_guard lock(mutex_);
  // Reads are mostly sequential: extending the last range is the common case.
  if (!ranges_.empty() && ranges_.back().begin <= range.begin &&
      range.begin <= ranges_.back().end) {
    ranges_.back().end = std::max(ranges_.back().end, range.end);
    return;
  }
  // First range ending at or after the new one's start: everything from there that touches
  // the new range merges into it.
  auto first = std::lower_bound(ranges_.begin(), ranges_.end(), range.begin,
                                [](const ByteRange& r, std::int64_t at) { return r.end < at; });
  auto last = first;
  while (last != ranges_.end() && last->begin <= range.end) {
    range.begin = std::min(range.begin, last->begin);
    range.end = std::max(range.end, last->end);
    ++last;
  }
  ranges_.insert(ranges_.erase(first, last), range);
}

std::vector<ByteRange> ReadLog::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(ranges_, {});
}

}  // namespace swarmtv::decoder

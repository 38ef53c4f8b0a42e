// The byte ranges a consumer has read, merged: what a first frame or a seek really cost.
#pragma once

#include <mutex>
#include <vector>

#include "swarmtv/base/byte_source.h"

namespace swarmtv::decoder {

// Thread-safe: the demuxer's thread adds, the player's thread takes.
class ReadLog {
 public:
  // Records [range.begin, range.end); overlapping and touching ranges merge.
  void add(ByteRange range);
  // The ranges recorded since the last take(), sorted and disjoint; the log starts empty again.
  std::vector<ByteRange> take();

 private:
  std::mutex mutex_;
  std::vector<ByteRange> ranges_;  // sorted, disjoint, not touching
};

}  // namespace swarmtv::decoder

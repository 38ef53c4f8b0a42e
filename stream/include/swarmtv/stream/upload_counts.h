// What a torrent sent to its peers, piece by piece and address by address: how a publisher sees
// whether each piece left its seeder once before any left it twice (a premiere's goal), and how
// a benchmark tells the bytes a viewer had from the seeder from those it had from other viewers.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace swarmtv::stream {

struct UploadCounts {
  // Blocks sent, per piece (each block sent to two peers counts twice); empty before metadata.
  std::vector<int> blocks_sent;
  // Blocks in each piece (the last piece may have fewer).
  std::vector<int> blocks_in_piece;
  // Payload bytes sent, by the peer's IP address.
  std::map<std::string, std::int64_t> bytes_by_address;

  // Whole copies of `piece` that left (blocks sent / blocks in the piece).
  double copies(std::size_t piece) const;
  // Pieces by copies sent: [0] never, [1] up to once, [2] more than once up to twice, ...;
  // the last bucket takes everything above it.
  std::vector<int> copies_histogram(int buckets = 5) const;
};

// "pieces sent 0/1/2/3/4+ times: 12/180/40/3/0"
std::string format_copies_histogram(const UploadCounts& counts);

}  // namespace swarmtv::stream

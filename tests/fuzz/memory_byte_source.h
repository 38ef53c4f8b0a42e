// A ByteSource over the fuzzer's bytes: the decoder reads them as it reads a file or a torrent.
#pragma once

#include <algorithm>
#include <cstring>

#include "swarmtv/base/byte_source.h"

namespace swarmtv::fuzz {

class MemoryByteSource final : public ByteSource {
 public:
  MemoryByteSource(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::int64_t size() const override { return static_cast<std::int64_t>(size_); }
  ReadResult read_at(std::int64_t offset, std::span<std::byte> buffer, std::stop_token) override {
    if (offset < 0 || offset >= size()) return ReadResult::end_of_file();
    const std::size_t n = std::min(buffer.size(), size_ - static_cast<std::size_t>(offset));
    std::memcpy(buffer.data(), data_ + offset, n);
    return ReadResult::bytes_read(n);
  }
  std::string describe() const override { return "fuzz input"; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
};

}  // namespace swarmtv::fuzz

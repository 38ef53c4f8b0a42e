// A ByteSource over a local file. Reads never block for long, but a triggered stop token still
// cancels them, so a file behaves exactly like every other source.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "swarmtv/base/byte_source.h"
#include "swarmtv/base/result.h"

namespace swarmtv::decoder {

class FileByteSource final : public ByteSource {
 public:
  // Opens `path`; an io_error with a one-line reason on failure.
  static Result<std::unique_ptr<FileByteSource>> open(const std::filesystem::path& path);
  ~FileByteSource() override;
  FileByteSource(const FileByteSource&) = delete;
  FileByteSource& operator=(const FileByteSource&) = delete;

  std::int64_t size() const override { return size_; }
  ReadResult read_at(std::int64_t offset, std::span<std::byte> buffer,
                     std::stop_token stop) override;
  std::string describe() const override { return name_; }

 private:
  struct PrivateTag {};

 public:
  FileByteSource(PrivateTag, int fd, std::int64_t size, std::string name);

 private:
  int fd_;
  std::int64_t size_;
  std::string name_;
};

}  // namespace swarmtv::decoder

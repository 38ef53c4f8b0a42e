#include "swarmtv/decoder/file_byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace swarmtv::decoder {

Result<std::unique_ptr<FileByteSource>> FileByteSource::open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(Errc::io_error, path.string() + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return make_error(Errc::io_error, path.string() + ": not a regular file");
  }
  return std::make_unique<FileByteSource>(PrivateTag{}, fd, st.st_size, path.filename().string());
}

FileByteSource::FileByteSource(PrivateTag, int fd, std::int64_t size, std::string name)
    : fd_(fd), size_(size), name_(std::move(name)) {}

FileByteSource::~FileByteSource() {
  ::close(fd_);
}

ReadResult FileByteSource::read_at(std::int64_t offset, std::span<std::byte> buffer,
                                   std::stop_token stop) {
  if (stop.stop_requested()) return ReadResult::cancelled();
  if (offset >= size_) return ReadResult::end_of_file();
  for (;;) {
    ssize_t n = ::pread(fd_, buffer.data(), buffer.size(), offset);
    if (n > 0) return ReadResult::bytes_read(static_cast<std::size_t>(n));
    if (n == 0) return ReadResult::end_of_file();  // the file shrank under us
    if (errno != EINTR) return ReadResult::failed(std::error_code(errno, std::generic_category()));
  }
}

}  // namespace swarmtv::decoder

#include "swarmtv/base/file_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

namespace swarmtv {
namespace {

Error io_error(const std::string& what, const std::filesystem::path& path, int err) {
  return make_error(Errc::io_error, what + " " + path.string() + ": " + std::strerror(err));
}

// Writes all of `data` to `fd`, retrying short writes and EINTR.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

Status write_new_file(const std::filesystem::path& path, std::string_view data, unsigned mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST)
      return make_error(Errc::io_error, path.string() + " exists; not overwriting it");
    return io_error("cannot create", path, errno);
  }
  // The umask may have removed bits, never added any; fchmod makes the mode exact.
  bool ok = ::fchmod(fd, mode) == 0 && write_all(fd, data) && ::fsync(fd) == 0;
  const int err = errno;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    ::unlink(path.c_str());
    return io_error("cannot write", path, err);
  }
  return {};
}

Status write_file_atomically(const std::filesystem::path& path, std::string_view data,
                             unsigned mode) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  if (auto s = write_new_file(tmp, data, mode); !s) return s;
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error("cannot replace", path, err);
  }
  return {};
}

}  // namespace swarmtv

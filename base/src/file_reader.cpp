#include "swarmtv/base/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace swarmtv {

namespace {

Error read_error(const std::filesystem::path& path, int err) {
  return make_error(Errc::io_error, "cannot read " + path.string() + ": " + std::strerror(err));
}

Error too_large(const std::filesystem::path& path, std::size_t max_bytes) {
  return make_error(Errc::io_error,
                    path.string() + " is too large (over " + std::to_string(max_bytes) + " bytes)");
}

// Closes the descriptor on every path out.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<std::string> read_small_file(const std::filesystem::path& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (f.fd < 0) return read_error(path, errno);
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) return read_error(path, errno);
  if (!S_ISREG(st.st_mode))
    return make_error(Errc::io_error, path.string() + ": not a regular file");
  if (static_cast<std::size_t>(st.st_size) > max_bytes) return too_large(path, max_bytes);
  std::string data;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return read_error(path, errno);
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    // The file may grow while we read it.
    if (data.size() > max_bytes) return too_large(path, max_bytes);
  }
  return data;
}

}  // namespace swarmtv

#include "file_util.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "swarmtv/base/file_reader.h"

namespace swarmtv::ads::internal {
namespace {

Error io_error(const std::string& what, const std::filesystem::path& path, int err) {
  return make_error(Errc::io_error, what + " " + path.string() + ": " + std::strerror(err));
}

// Writes all of `data` to `fd`, retrying short writes and EINTR.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

Status ensure_sodium() {
  static const int rc = sodium_init();  // 0: initialised now, 1: already; -1: failure
  if (rc < 0) return make_error(Errc::crypto_error, "libsodium could not be initialised");
  return {};
}

std::string to_hex(std::span<const unsigned char> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

bool from_hex(std::string_view hex, std::span<unsigned char> out) {
  if (hex.size() != out.size() * 2) return false;
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, &end) != 0) {
    return false;
  }
  return len == out.size() && end == hex.data() + hex.size();
}

std::string digest_hex(std::string_view data) {
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return to_hex(hash);
}

Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  return read_small_file(path, max_bytes);
}

Status write_new_file(const std::filesystem::path& path, std::string_view data, unsigned mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return io_error("cannot create", path, errno);
  // The umask may have removed bits, never added any; fchmod makes the mode exact.
  bool ok = ::fchmod(fd, mode) == 0 && write_all(fd, data) && ::fsync(fd) == 0;
  int err = errno;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    ::unlink(path.c_str());
    return io_error("cannot write", path, err);
  }
  return {};
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view data, unsigned mode) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  if (auto s = write_new_file(tmp, data, mode); !s) return s;
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return io_error("cannot replace", path, err);
  }
  return {};
}

}  // namespace swarmtv::ads::internal

// Errors as values for the stream library: every fallible call returns a Result<T> carrying
// either a value or an Error with a one-line, user-presentable message. The public API does not
// throw; a corrupt .torrent, a bad magnet link or a metadata timeout is an ordinary outcome.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace swarmtv::stream {

// Broad classes of failure, so callers can branch without parsing messages.
enum class Errc {
  invalid_torrent,   // a .torrent file that cannot be parsed
  invalid_magnet,    // a magnet: URI that cannot be parsed
  io_error,          // a file could not be read, written or created
  metadata_timeout,  // a magnet link's metadata did not arrive in time
  no_such_file,      // the requested file is not in the torrent (bad index or path)
  no_video_file,     // no file was asked for and the torrent holds no video file
  torrent_error,     // libtorrent reported an error for the torrent (disk full, ...)
  session_closed,    // the session was closed while the call was in progress
  cancelled,         // the caller cancelled the call
  invalid_argument,  // anything else the caller passed that cannot be used
};

struct Error {
  Errc code = Errc::invalid_argument;
  std::string message;  // one line, no trailing newline
};

// A value or an Error, in the spirit of C++23 std::expected (not available with GCC 12).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  // Precondition: ok().
  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // Precondition: !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<Error>(data_);
  }

 private:
  std::variant<T, Error> data_;
};

// For calls that return nothing on success.
struct Done {};
using Status = Result<Done>;

}  // namespace swarmtv::stream

// Errors as values, for every library of swarmtv: a fallible call returns a Result<T> (or a
// Status) carrying either a value or an Error with a one-line, user-presentable message. No
// public API throws; a corrupt .torrent, a malformed manifest or a refused command is an
// ordinary outcome, not a crash.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace swarmtv {

// Broad classes of failure, so callers can branch without parsing messages.
enum class Errc {
  invalid_argument,  // the caller passed something unusable
  parse_error,       // malformed JSON or a field that fails validation
  io_error,          // a file could not be read, written or created
  crypto_error,      // a key or signature is malformed, or libsodium failed
  refused,           // the state machine refuses the request right now (e.g. seek during a clip)
  invalid_state,     // the request breaks an invariant (e.g. setting a final clip state twice)
  not_found,         // the thing asked for does not exist
  invalid_torrent,   // a .torrent file that cannot be parsed
  invalid_magnet,    // a magnet: URI that cannot be parsed
  metadata_timeout,  // a magnet link's metadata did not arrive in time
  no_such_file,      // the requested file is not in the torrent (bad index or path)
  no_video_file,     // no file was asked for and the torrent holds no video file
  torrent_error,     // libtorrent reported an error for the torrent (disk full, ...)
  session_closed,    // the session was closed while the call was in progress
  cancelled,         // the caller cancelled the call
  media_error,       // the input cannot be demuxed or decoded (not a media file, no decoder)
  device_error,      // an audio or video output could not be opened or used
};

struct Error {
  Errc code = Errc::invalid_argument;
  std::string message;  // one line, no trailing newline
};

inline Error make_error(Errc code, std::string message) {
  return Error{code, std::move(message)};
}

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

// The result of an operation that produces no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  static Status success() { return Status(); }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // Precondition: !ok().
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace swarmtv

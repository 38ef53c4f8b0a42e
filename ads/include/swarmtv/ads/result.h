// Errors as values for the ads library: every fallible call returns a Result<T> (or Status)
// carrying either a value or an Error with a one-line, user-presentable message. Nothing in the
// public API throws; a malformed file or a refused command is an ordinary outcome, not a crash.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace swarmtv::ads {

// Broad classes of failure, so callers can branch without parsing messages.
enum class ErrorCode {
  invalid_argument,  // the caller passed something unusable
  parse_error,       // malformed JSON or a field that fails validation
  io_error,          // a file could not be read, written or created
  crypto_error,      // a key or signature is malformed, or libsodium failed
  refused,           // the state machine refuses the request right now (e.g. seek during a clip)
  invalid_state,     // the request breaks an invariant (e.g. setting a final clip state twice)
  not_found,         // the thing asked for does not exist
};

struct Error {
  ErrorCode code = ErrorCode::invalid_argument;
  std::string message;  // one line, no trailing newline
};

inline Error make_error(ErrorCode code, std::string message) {
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

// Result of an operation that produces no value.
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

}  // namespace swarmtv::ads

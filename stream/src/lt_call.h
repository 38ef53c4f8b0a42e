// Calls into libtorrent's torrent_handle, which throws once its torrent is gone (removed, or
// the session closed). That is a normal end for a handle, not an error of ours: such a call
// returns its fallback. Every other exception is reported once per call site on stderr (and
// each one on the SWARMTV_TRACE timeline), so nothing libtorrent says is silently dropped.
#pragma once

#include <exception>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace swarmtv::stream::aux {

// Reports `e`, thrown by libtorrent during `what` ("status", "add_piece ...").
void report_lt_exception(std::string_view what, const std::exception& e);

// f()'s value, or nullopt when libtorrent threw.
template <typename F, typename R = std::invoke_result_t<F>>
requires(!std::is_void_v<R>) std::optional<R> lt_call(std::string_view what, F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const std::exception& e) {
    report_lt_exception(what, e);
    return std::nullopt;
  }
}

// Runs f(); false when libtorrent threw.
template <typename F>
requires std::is_void_v<std::invoke_result_t<F>>
bool lt_do(std::string_view what, F&& f) {
  try {
    std::forward<F>(f)();
    return true;
  } catch (const std::exception& e) {
    report_lt_exception(what, e);
    return false;
  }
}

}  // namespace swarmtv::stream::aux

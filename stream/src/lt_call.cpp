#include "lt_call.h"

#include <cstdio>
#include <mutex>
#include <set>
#include <string>

#include <libtorrent/error_code.hpp>

#include "swarmtv/base/trace.h"

namespace swarmtv::stream::aux {

namespace {

bool torrent_gone(const std::exception& e) {
  const auto* system = dynamic_cast<const lt::system_error*>(&e);
  return system != nullptr && system->code() == lt::errors::invalid_torrent_handle;
}

}  // namespace

void report_lt_exception(std::string_view what, const std::exception& e) {
  trace("libtorrent: {}: {}", what, e.what());
  if (torrent_gone(e)) return;
  static std::mutex mutex;
  static std::set<std::string, std::less<>> reported;
  std::lock_guard lock(mutex);
  if (!reported.emplace(what).second) return;
  std::fprintf(stderr, "swarmtv: warning: libtorrent: %.*s: %s\n", int(what.size()), what.data(),
               e.what());
}

}  // namespace swarmtv::stream::aux

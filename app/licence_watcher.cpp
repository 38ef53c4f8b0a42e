#include "licence_watcher.h"

namespace swarmtv::app {

bool LicenceWatcher::ad_free() {
  std::string fingerprint = store_.fingerprint();
  const Clock::time_point now = clock_();
  if (read_once_ && fingerprint == seen_ && now - read_at_ < kRereadAfter) return ad_free_;
  // Fingerprint first, then read: a licence written between the two is read now and seen as a
  // change next time (one read too many), never missed.
  seen_ = std::move(fingerprint);
  read_at_ = now;
  read_once_ = true;
  ++reads_;
  ad_free_ = read_ad_free_ && read_ad_free_();
  return ad_free_;
}

}  // namespace swarmtv::app

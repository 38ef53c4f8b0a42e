#include "licence_watcher.h"

namespace swarmtv::app {

bool LicenceWatcher::ad_free() {
  std::string now = store_.fingerprint();
  if (read_once_ && now == seen_) return ad_free_;
  // Fingerprint first, then read: a licence written between the two is read now and seen as a
  // change next time (one read too many), never missed.
  seen_ = std::move(now);
  read_once_ = true;
  ++reads_;
  ad_free_ = read_ad_free_ && read_ad_free_();
  return ad_free_;
}

}  // namespace swarmtv::app

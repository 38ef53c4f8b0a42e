// Notices a licence added while a sponsor clip plays (`swarmtv licence add` in another terminal)
// without reading and verifying every licence each time it is asked: the licences are read again
// only when the licence directory's files changed (LicenceStore::fingerprint, stat() only).
#pragma once

#include <functional>
#include <string>

#include "swarmtv/ads/licence_store.h"

namespace swarmtv::app {

class LicenceWatcher {
 public:
  // `read_ad_free` reads the licences and says whether they make the viewer ad-free now (the
  // season's current_entitlement()).
  LicenceWatcher(ads::LicenceStore store, std::function<bool()> read_ad_free)
      : store_(std::move(store)), read_ad_free_(std::move(read_ad_free)) {}

  // Whether the stored licences make the viewer ad-free. The first call reads them; later calls
  // read them again only when the directory's licence files changed.
  bool ad_free();
  // How many times the licences were read (tests).
  int reads() const { return reads_; }

 private:
  ads::LicenceStore store_;
  std::function<bool()> read_ad_free_;
  std::string seen_;  // the fingerprint of the last read
  bool read_once_ = false;
  bool ad_free_ = false;
  int reads_ = 0;
};

}  // namespace swarmtv::app

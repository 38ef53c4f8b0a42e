// Notices a licence added while a sponsor clip plays (`swarmtv licence add` in another terminal)
// without reading and verifying every licence each time it is asked: the licences are read again
// only when the licence directory's files changed (LicenceStore::fingerprint, stat() only), or
// when a while has passed: a licence's validity starts and ends at times of its own, with no
// change on disk.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "swarmtv/ads/licence_store.h"

namespace swarmtv::app {

class LicenceWatcher {
 public:
  // `read_ad_free` reads the licences and says whether they make the viewer ad-free now (the
  // season's current_entitlement()).
  using Clock = std::chrono::steady_clock;
  // How long an unchanged directory's answer is trusted: a licence valid from 20:00 counts
  // within this of 20:00.
  static constexpr std::chrono::seconds kRereadAfter{30};

  LicenceWatcher(ads::LicenceStore store, std::function<bool()> read_ad_free,
                 std::function<Clock::time_point()> clock = Clock::now)
      : store_(std::move(store)),
        read_ad_free_(std::move(read_ad_free)),
        clock_(std::move(clock)) {}

  // Whether the stored licences make the viewer ad-free. The first call reads them; later calls
  // read them again when the directory's licence files changed or kRereadAfter has passed.
  bool ad_free();
  // How many times the licences were read (tests).
  int reads() const { return reads_; }

 private:
  ads::LicenceStore store_;
  std::function<bool()> read_ad_free_;
  std::function<Clock::time_point()> clock_;
  Clock::time_point read_at_{};
  std::string seen_;  // the fingerprint of the last read
  bool read_once_ = false;
  bool ad_free_ = false;
  int reads_ = 0;
};

}  // namespace swarmtv::app

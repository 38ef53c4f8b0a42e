// The fixed publisher key the generated seeds are signed with (make_fuzz_seeds.cpp), so the
// licence and signature fuzzers reach the code behind a valid signature.
#pragma once

#include <array>
#include <cstdlib>

#include "swarmtv/ads/publisher_key.h"
#include "swarmtv/ads/trust_store.h"

namespace swarmtv::fuzz {

// The key of the generated seeds (make_fuzz_seeds.cpp): a fixed seed of 0x5a bytes.
inline const ads::PublisherKeyPair& fuzz_key() {
  static const ads::PublisherKeyPair key = [] {
    std::array<unsigned char, 32> seed{};
    seed.fill(0x5a);
    auto k = ads::PublisherKeyPair::from_seed(seed);
    if (!k) std::abort();
    return std::move(*k);
  }();
  return key;
}

// A trust store holding fuzz_key() only.
inline const ads::TrustStore& fuzz_trust() {
  static const ads::TrustStore trust = [] {
    ads::TrustStore t;
    t.add(fuzz_key().public_key());
    return t;
  }();
  return trust;
}

}  // namespace swarmtv::fuzz

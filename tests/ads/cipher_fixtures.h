// Plaintexts and keys shared by the bonus cipher tests.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "swarmtv/ads/bonus_cipher.h"

namespace swarmtv::ads::test {

using Bytes = std::vector<unsigned char>;

constexpr std::uint32_t kChunk = 1024;  // small chunks, so short texts span several

inline Bytes random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  Bytes b(n);
  for (auto& x : b) x = static_cast<unsigned char>(rng());
  return b;
}

inline ContentKey key_of(unsigned char v) {
  ContentKey k{};
  k.fill(v);
  return k;
}

}  // namespace swarmtv::ads::test

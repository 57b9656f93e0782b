#include "dedup/simhash.h"

#include <algorithm>
#include <bit>

#include "dedup/minhash.h"

namespace skillpulse {

uint64_t SimHash64(std::string_view text, int shingle_words) {
  const int k = std::clamp(shingle_words, 1, 16);
  int32_t counts[64] = {};
  uint64_t ring[16] = {};
  uint64_t words = 0, shingles = 0;
  auto add = [&](uint64_t h) {
    for (int b = 0; b < 64; ++b) counts[b] += ((h >> b) & 1) ? 1 : -1;
    ++shingles;
  };
  ForEachTextWordHash(text, [&](uint64_t wh) {
    ring[words % k] = wh;
    ++words;
    if (words >= static_cast<uint64_t>(k)) {
      uint64_t h = 0;
      for (int j = k - 1; j >= 0; --j) h = h * 0x9E3779B97F4A7C15ULL + ring[(words - 1 - j) % k];
      add(Mix64(h));
    }
  });
  if (shingles == 0) return 0;
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    if (counts[b] > 0) out |= uint64_t{1} << b;
  }
  return out;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

}  // namespace skillpulse

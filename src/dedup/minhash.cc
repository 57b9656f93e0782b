#include "dedup/minhash.h"

#include <algorithm>
#include <limits>

namespace skillpulse {

uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

MinHashSignature ComputeMinHash(std::string_view text, int shingle_words) {
  constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  const int k = std::max(1, shingle_words);
  std::array<uint32_t, kMinHashSize> mins;
  mins.fill(kEmpty);
  MinHashSignature sig;

  // A ring of the last k word hashes; a shingle's hash is the polynomial
  //   H = w[n-k] * P^(k-1) + w[n-k+1] * P^(k-2) + ... + w[n-1]   (mod 2^64, P = kShingleMul)
  // of its words, oldest first. It is kept rolling: one multiply to drop the oldest word and
  // one to append the newest, instead of k multiplies per shingle.
  constexpr uint64_t kShingleMul = 0x9E3779B97F4A7C15ULL;
  uint64_t ring[16] = {};
  const int kk = std::min(k, 16);
  uint64_t top_power = 1;  // P^(kk-1)
  for (int j = 1; j < kk; ++j) top_power *= kShingleMul;
  uint64_t words = 0;
  uint64_t rolling = 0;
  int slot = 0;  // == words % kk
  auto add_shingle = [&](uint64_t h) {
    // Bin from the high bits, value from the low 32 (independent bits of a mixed hash).
    uint32_t bin = static_cast<uint32_t>((h >> 32) * kMinHashSize >> 32);
    uint32_t v = static_cast<uint32_t>(h);
    if (v < mins[bin]) mins[bin] = v;
    ++sig.shingles;
  };
  ForEachTextWordHash(text, [&](uint64_t wh) {
    if (words >= static_cast<uint64_t>(kk)) rolling -= ring[slot] * top_power;  // the oldest word leaves
    rolling = rolling * kShingleMul + wh;
    ring[slot] = wh;
    slot = slot + 1 == kk ? 0 : slot + 1;
    ++words;
    if (words >= static_cast<uint64_t>(kk)) add_shingle(Mix64(rolling));
  });
  if (words > 0 && words < static_cast<uint64_t>(kk)) {
    // Fewer words than a shingle: the whole text is one shingle.
    uint64_t h = 0;
    for (uint64_t j = 0; j < words; ++j) h = h * kShingleMul + ring[j];
    add_shingle(Mix64(h ^ words));
  }
  if (sig.shingles == 0) {
    sig.values.fill(0xFFFF);
    return sig;
  }
  // Optimal densification: an empty bin copies the value of the first non-empty bin on its
  // own pseudo-random probe sequence, so two texts fill their empty bins the same way.
  for (int i = 0; i < kMinHashSize; ++i) {
    uint32_t v = mins[i];
    for (uint64_t attempt = 1; v == kEmpty; ++attempt) {
      uint64_t j = Mix64((static_cast<uint64_t>(i) << 32) | attempt) % kMinHashSize;
      v = mins[j];
    }
    sig.values[i] = static_cast<uint16_t>(v);  // b-bit: the low 16 bits of the minimum
  }
  return sig;
}

double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b) {
  if (a.shingles == 0 || b.shingles == 0) return 0;
  int equal = 0;
  for (int i = 0; i < kMinHashSize; ++i) equal += a.values[i] == b.values[i];
  return static_cast<double>(equal) / kMinHashSize;
}

double EstimateContainment(const MinHashSignature& a, const MinHashSignature& b) {
  double j = EstimateJaccard(a, b);
  if (j <= 0) return 0;
  double na = a.shingles, nb = b.shingles;
  double c = j * (na + nb) / ((1 + j) * std::min(na, nb));
  return std::min(1.0, c);
}

}  // namespace skillpulse

// Near-duplicate text signatures: MinHash over word shingles of a description, computed with
// one-permutation hashing (Li, Owen & Zhang, "One Permutation Hashing", NIPS 2012) and optimal
// densification (Shrivastava, "Optimal Densification for Fast and Accurate Minwise Hashing",
// ICML 2017), storing b = 16 bits per value (Li & König, "b-Bit Minwise Hashing", WWW 2010).
// One hash per shingle instead of one per shingle and permutation: the signature of a 3 KB
// description costs about as much as reading it once. docs/DEDUP.md compares it with SimHash.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace skillpulse {

// Values per signature (bins). 64 x 16 bits = 128 bytes; the standard error of a Jaccard
// estimate is sqrt(J(1-J)/64) <= 0.0625.
inline constexpr int kMinHashSize = 64;

struct MinHashSignature {
  std::array<uint16_t, kMinHashSize> values{};
  // Number of shingles hashed (with repeats); 0 = no words (an empty description).
  uint32_t shingles = 0;
};

// The words of a description as near-duplicate detection sees them: maximal runs of ASCII
// letters/digits (lowercased) or non-ASCII letters (bytes kept); whitespace, ASCII
// punctuation, Latin-1 punctuation (U+00A0..U+00BF, incl. NBSP) and General Punctuation
// (U+2000..U+206F: dashes, curly quotes, bullets) separate words. So HTML entity variants,
// re-wrapping and bullet styles of the same text give the same words. A word's hash is
// Mix64(FNV-1a 64 of its bytes as described).
// Appends the hash of each word to `out`, in order (AVX2 when the CPU has it).
void AppendTextWordHashes(std::string_view text, std::vector<uint64_t>& out);
// Calls fn(hash64) for each word, in order (AppendTextWordHashes' words).
template <class Fn>
void ForEachTextWordHash(std::string_view text, Fn&& fn) {
  std::vector<uint64_t> words;
  AppendTextWordHashes(text, words);
  for (uint64_t h : words) fn(h);
}

// Hashes every run of `shingle_words` consecutive words (all words when there are fewer) and
// returns the MinHash signature.
MinHashSignature ComputeMinHash(std::string_view text, int shingle_words);

// Share of equal values: an unbiased estimate of the Jaccard similarity of the two shingle
// sets (plus 2^-16 for chance collisions of 16-bit values). 0 when either has no shingles.
double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b);
// |A ∩ B| / min(|A|, |B|) estimated from the Jaccard estimate and the shingle counts: 1 when
// one text is a prefix or excerpt of the other (truncated copies, "…" in RSS feeds).
double EstimateContainment(const MinHashSignature& a, const MinHashSignature& b);

// --- implementation details shared with the benchmark ---
uint64_t Mix64(uint64_t x);  // the murmur3 finalizer (a bijection)

// The portable byte-at-a-time form of AppendTextWordHashes. Both forms must give the same
// hashes for every input (the unit tests and the dedup_record fuzzer compare them).
void AppendTextWordHashesScalar(std::string_view text, std::vector<uint64_t>& out);

}  // namespace skillpulse

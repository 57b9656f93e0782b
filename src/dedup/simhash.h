// SimHash (Charikar, "Similarity Estimation Techniques from Rounding Algorithms", STOC 2002;
// Manku, Jain & Das Sarma, "Detecting Near-Duplicates for Web Crawling", WWW 2007) over the same
// word shingles as the MinHash signature. Kept as the measured alternative: docs/DEDUP.md
// compares how well each separates true duplicates from other postings of the same block.
// Dedup itself uses MinHash (dedup/minhash.h).
#pragma once

#include <cstdint>
#include <string_view>

namespace skillpulse {

// 64-bit SimHash: bit k is set when more shingle hashes have bit k set than not. 0 for a text
// without words.
uint64_t SimHash64(std::string_view text, int shingle_words);
// Differing bits; similarity estimate cos(pi * d / 64) of the shingle vectors.
int HammingDistance(uint64_t a, uint64_t b);

}  // namespace skillpulse

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
// re-wrapping and bullet styles of the same text give the same words.
// Calls fn(hash64) for each word, in order.
template <class Fn>
void ForEachTextWordHash(std::string_view text, Fn&& fn);

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

// ASCII bytes as ForEachTextWordHash sees them: the lowercased byte for letters and digits,
// 0 for separators, 0x80 for every byte >= 0x80 (decoded separately).
struct TextWordByteTable {
  unsigned char v[256];
  constexpr TextWordByteTable() : v() {
    for (int c = 0; c < 256; ++c) {
      if (c >= 0x80) v[c] = 0x80;
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) v[c] = static_cast<unsigned char>(c);
      else if (c >= 'A' && c <= 'Z') v[c] = static_cast<unsigned char>(c + 32);
      else v[c] = 0;
    }
  }
};
inline constexpr TextWordByteTable kTextWordBytes{};

template <class Fn>
void ForEachTextWordHash(std::string_view text, Fn&& fn) {
  constexpr uint64_t kPrime = 0x100000001b3ULL;   // FNV-1a 64
  constexpr uint64_t kOffset = 0xcbf29ce484222325ULL;
  uint64_t h = kOffset;
  bool in_word = false;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    unsigned char c = s[i];
    const unsigned char m = kTextWordBytes.v[c];
    if (m != 0 && m < 0x80) {  // ASCII letter or digit (the common case)
      h ^= m;
      h *= kPrime;
      in_word = true;
      ++i;
      continue;
    }
    bool word = false;
    size_t len = 1;
    if (m == 0x80) {
      // Decode just enough to classify; malformed bytes count as letters (consistently).
      uint32_t cp = c;
      if ((c & 0xE0) == 0xC0 && i + 1 < n) {
        cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
        len = 2;
      } else if ((c & 0xF0) == 0xE0 && i + 2 < n) {
        cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
        len = 3;
      } else if ((c & 0xF8) == 0xF0 && i + 3 < n) {
        cp = 0x10000;  // astral plane: letters/emoji, counted as word bytes
        len = 4;
      }
      word = !((cp >= 0xA0 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
               cp == 0x85 || cp == 0x1680 || cp == 0xFEFF);
    }
    if (word) {
      for (size_t k = 0; k < len; ++k) {
        h ^= s[i + k];
        h *= kPrime;
      }
      in_word = true;
    } else if (in_word) {
      fn(Mix64(h));
      h = kOffset;
      in_word = false;
    }
    i += len;
  }
  if (in_word) fn(Mix64(h));
}

}  // namespace skillpulse

#include "dedup/minhash.h"

#include <immintrin.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <memory>

namespace skillpulse {

uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

namespace {

constexpr uint64_t kFnvPrime = 0x100000001b3ULL;  // FNV-1a 64
constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

// ASCII bytes as the word scanner sees them: the lowercased byte for letters and digits, 0 for
// separators, 0x80 for every byte >= 0x80 (decoded separately).
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
constexpr TextWordByteTable kTextWordBytes{};

// The word being hashed while a scanner walks the text; finished word hashes go to `out`,
// which has room for every word (a text of n bytes has at most n / 2 + 1).
struct WordState {
  uint64_t h = kFnvOffset;
  bool in_word = false;
  uint64_t* out;

  void Add(unsigned char b) {
    h = (h ^ b) * kFnvPrime;
    in_word = true;
  }
  void End() {
    if (!in_word) return;
    *out++ = Mix64(h);
    h = kFnvOffset;
    in_word = false;
  }
};

// FNV-1a steps over p[0..n): four bytes per iteration and a jump into the last few, so a word
// costs its multiply chain (serial anyway) and not a compare and branch per byte.
inline uint64_t FnvBytes(uint64_t h, const unsigned char* p, size_t n) {
  for (; n >= 4; n -= 4, p += 4) {
    h = (h ^ p[0]) * kFnvPrime;
    h = (h ^ p[1]) * kFnvPrime;
    h = (h ^ p[2]) * kFnvPrime;
    h = (h ^ p[3]) * kFnvPrime;
  }
  switch (n) {
    case 3: h = (h ^ *p++) * kFnvPrime; [[fallthrough]];
    case 2: h = (h ^ *p++) * kFnvPrime; [[fallthrough]];
    case 1: h = (h ^ *p) * kFnvPrime; break;
    default: break;
  }
  return h;
}

// Consumes the character at s[i] (i < n): one ASCII byte, or a byte >= 0x80 and the bytes of
// its UTF-8 sequence, decoded just enough to classify it. Returns the bytes consumed (1..4).
inline size_t ScalarStep(const unsigned char* s, size_t i, size_t n, WordState& w) {
  const unsigned char c = s[i];
  const unsigned char m = kTextWordBytes.v[c];
  if (m != 0 && m < 0x80) {  // ASCII letter or digit (the common case)
    w.Add(m);
    return 1;
  }
  if (m == 0) {
    w.End();
    return 1;
  }
  // Malformed bytes count as letters (consistently); continuation bytes are not checked.
  uint32_t cp = c;
  size_t len = 1;
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
  const bool word = !((cp >= 0xA0 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
                      cp == 0x85 || cp == 0x1680 || cp == 0xFEFF);
  if (word) {
    for (size_t k = 0; k < len; ++k) w.Add(s[i + k]);  // the bytes as they are (not lowercased)
  } else {
    w.End();
  }
  return len;
}

// Returns the end of the hashes written from `out`.
uint64_t* WordHashesScalar(const unsigned char* s, size_t n, uint64_t* out) {
  WordState w{.out = out};
  for (size_t i = 0; i < n;) i += ScalarStep(s, i, n, w);
  w.End();
  return w.out;
}

// The word-byte mask of 32 bytes (bit i: v[i] is an ASCII letter or digit); stores the bytes
// with ASCII letters lowercased to `low`.
__attribute__((target("avx2"))) inline uint32_t WordBytesAvx2(__m256i v, unsigned char* low) {
  // Signed byte compares: bytes >= 0x80 are negative, so neither letters nor digits.
  const __m256i k_case = _mm256_set1_epi8(0x20);
  const __m256i folded = _mm256_or_si256(v, k_case);
  const __m256i alpha = _mm256_and_si256(_mm256_cmpgt_epi8(folded, _mm256_set1_epi8('a' - 1)),
                                         _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), folded));
  const __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('0' - 1)),
                                         _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), v));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(low), _mm256_or_si256(v, _mm256_and_si256(alpha, k_case)));
  return static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(alpha, digit)));
}

// 64 bytes at a time: the block's word bytes and lowercased bytes come from a few vector
// instructions; a word is a run of set bits of the word mask, found from the masks of its
// first and last bytes; only the hash itself (FNV-1a: one xor and one multiply per byte,
// inherently serial) goes byte by byte. A non-ASCII byte ends the block early and goes
// through ScalarStep, so every character is classified as the scalar scanner classifies it.
__attribute__((target("avx2,bmi,popcnt"))) uint64_t* WordHashesAvx2(const unsigned char* s, size_t n,
                                                                         uint64_t* out) {
  WordState w{.out = out};
  alignas(32) unsigned char low[64];
  alignas(32) unsigned char tail[64];
  size_t i = 0;
  while (i < n) {
    const size_t avail = n - i;
    const unsigned char* block = s + i;
    if (avail < 64) {
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, s + i, avail);
      block = tail;
    }
    const __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block));
    const __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32));
    // Bytes >= 0x80.
    const uint64_t high = static_cast<uint32_t>(_mm256_movemask_epi8(v0)) |
                          static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(v1))) << 32;
    if (std::popcount(high) > 8) {
      // Mostly non-ASCII text (CJK, Cyrillic): byte at a time is as fast and simpler.
      const size_t stop = i + std::min<size_t>(avail, 64);
      while (i < stop) i += ScalarStep(s, i, n, w);
      continue;
    }
    size_t lim = std::min<size_t>(avail, 64);  // the ASCII bytes of the block
    if (high != 0) lim = std::min<size_t>(lim, static_cast<size_t>(std::countr_zero(high)));
    if (lim > 0) {
      const uint64_t valid = lim == 64 ? ~uint64_t{0} : (uint64_t{1} << lim) - 1;
      const uint64_t word = (WordBytesAvx2(v0, low) | static_cast<uint64_t>(WordBytesAvx2(v1, low + 32)) << 32) & valid;
      // First and last bytes of runs. The last byte of the block ends no run: the word may go
      // on in the next block (or in a non-ASCII character).
      uint64_t starts = word & ~(word << 1);
      uint64_t ends = word & ~(word >> 1) & (valid >> 1);
      if (w.in_word) {  // the word of the previous block goes on, or ended with it
        if ((word & 1) == 0) {
          w.End();
        } else if (ends == 0) {
          w.h = FnvBytes(w.h, low, lim);  // the whole block
          starts = 0;
        } else {
          const size_t e = static_cast<size_t>(std::countr_zero(ends));
          w.h = FnvBytes(w.h, low, e + 1);
          w.End();
          starts &= starts - 1;
          ends &= ends - 1;
        }
      }
      while (starts != 0) {
        const size_t b = static_cast<size_t>(std::countr_zero(starts));
        starts &= starts - 1;
        if (ends == 0) {  // the last word goes on past the block
          w.h = FnvBytes(kFnvOffset, low + b, lim - b);
          w.in_word = true;
          break;
        }
        const size_t e = static_cast<size_t>(std::countr_zero(ends));
        ends &= ends - 1;
        *w.out++ = Mix64(FnvBytes(kFnvOffset, low + b, e + 1 - b));
      }
    }
    i += lim;
    if (i < n && s[i] >= 0x80) i += ScalarStep(s, i, n, w);
  }
  w.End();
  return w.out;
}

using WordHashesFn = uint64_t* (*)(const unsigned char*, size_t, uint64_t*);

WordHashesFn PickWordHashes() {
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
  return avx2 ? WordHashesAvx2 : WordHashesScalar;
}

WordHashesFn BestWordHashes() {
  static const WordHashesFn fn = PickWordHashes();
  return fn;
}

// Room for the words of a text of `bytes` bytes: a word takes a byte and a separator.
size_t MaxWords(size_t bytes) { return bytes / 2 + 1; }

void AppendWith(WordHashesFn fn, std::string_view text, std::vector<uint64_t>& out) {
  const size_t old = out.size();
  out.resize(old + MaxWords(text.size()));
  uint64_t* end = fn(reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data() + old);
  out.resize(static_cast<size_t>(end - out.data()));
}

}  // namespace

void AppendTextWordHashes(std::string_view text, std::vector<uint64_t>& out) { AppendWith(BestWordHashes(), text, out); }

void AppendTextWordHashesScalar(std::string_view text, std::vector<uint64_t>& out) {
  AppendWith(WordHashesScalar, text, out);
}

MinHashSignature ComputeMinHash(std::string_view text, int shingle_words) {
  constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  std::array<uint32_t, kMinHashSize> mins;
  mins.fill(kEmpty);
  MinHashSignature sig;
  auto add_shingle = [&](uint64_t h) {
    // Bin from the high bits, value from the low 32 (independent bits of a mixed hash).
    uint32_t bin = static_cast<uint32_t>((h >> 32) * kMinHashSize >> 32);
    uint32_t v = static_cast<uint32_t>(h);
    if (v < mins[bin]) mins[bin] = v;
    ++sig.shingles;
  };

  // The word hashes, in a per-thread buffer that only grows (and is never zero-filled: that
  // cost a fifth of the scan) up to kKeptWords; a longer text gets a buffer of its own, so a
  // thread never keeps more than 512 KiB after one huge text.
  constexpr size_t kKeptWords = size_t{1} << 16;
  thread_local std::unique_ptr<uint64_t[]> kept;
  thread_local size_t kept_size = 0;
  std::unique_ptr<uint64_t[]> own;
  const size_t need = MaxWords(text.size());
  if (need > kKeptWords) {
    own = std::make_unique_for_overwrite<uint64_t[]>(need);
  } else if (kept_size < need) {
    kept_size = std::min(kKeptWords, std::max(need, 2 * kept_size));
    kept = std::make_unique_for_overwrite<uint64_t[]>(kept_size);
  }
  uint64_t* w = own ? own.get() : kept.get();
  const size_t words =
      static_cast<size_t>(BestWordHashes()(reinterpret_cast<const unsigned char*>(text.data()), text.size(), w) - w);
  const size_t k = static_cast<size_t>(std::clamp(shingle_words, 1, 16));

  // A shingle's hash is the polynomial
  //   H = w[i-k+1] * P^(k-1) + w[i-k+2] * P^(k-2) + ... + w[i]   (mod 2^64, P = kShingleMul)
  // of its words, oldest first. It is kept rolling: one multiply to drop the oldest word and
  // one to append the newest, instead of k multiplies per shingle.
  constexpr uint64_t kShingleMul = 0x9E3779B97F4A7C15ULL;
  if (words >= k) {
    uint64_t top_power = 1;  // P^(k-1)
    for (size_t j = 1; j < k; ++j) top_power *= kShingleMul;
    uint64_t rolling = 0;
    for (size_t j = 0; j + 1 < k; ++j) rolling = rolling * kShingleMul + w[j];
    for (size_t i = k - 1; i < words; ++i) {
      rolling = rolling * kShingleMul + w[i];
      add_shingle(Mix64(rolling));
      rolling -= w[i + 1 - k] * top_power;  // the oldest word leaves
    }
  } else if (words > 0) {
    // Fewer words than a shingle: the whole text is one shingle.
    uint64_t h = 0;
    for (size_t j = 0; j < words; ++j) h = h * kShingleMul + w[j];
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

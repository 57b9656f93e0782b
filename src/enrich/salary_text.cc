// ExtractSalaryFromText: salary figures in free text.
//
// Shape of the work (most text has no salary, so the common path must be cheap):
//  1. Anchor scan (SIMD): positions of bytes that can sit next to a pay figure: currency
//     signs ($ £ € ¥ ₹ ...), a digit followed by k/K/w/an upper-case letter/CJK (150k, 100
//     USD, 16薪, 30万), an upper-case letter followed by a digit (USD 100), "alar" (salary)
//     and 薪. A text without anchors is done after one pass.
//  2. Around each anchor, parse one money expression: [currency] number [multiplier]
//     [currency] [period] ( connector [currency] number [multiplier] [currency] [period] )
//     [+] [period] [N薪].
//  3. Classify it from the words of its clause (left) and the noun phrase attached to it
//     (right): base pay, total compensation (OTE), or not a salary (funding, bonus, equity,
//     stipend, price ...); resolve currency and period; check plausibility.
//  4. Choose the ranges (base if any, else total) and fold them into one Salary.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/text.h"
#include "enrich/salary.h"
#include "enrich/salary_internal.h"

namespace skillpulse {
namespace {

using salary_internal::CurrencyInfo;
using salary_internal::FindCurrency;

constexpr size_t kNpos = std::string_view::npos;

inline bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAlpha(unsigned char c) { return IsUpper(c) || IsLower(c); }
inline bool IsAlnum(unsigned char c) { return IsAlpha(c) || IsDigit(c); }
inline char Lower(unsigned char c) { return IsUpper(c) ? static_cast<char>(c + 32) : static_cast<char>(c); }
// Lead byte of a 3-byte UTF-8 sequence in U+4000..U+9FFF (CJK ideographs).
inline bool IsCjkLead(unsigned char c) { return c >= 0xE4 && c <= 0xE9; }

// ---------------------------------------------------------------------------------------
// 1. Anchor scan
// ---------------------------------------------------------------------------------------

// The scan reads 64-byte windows and reports anchors for their first kStep bytes: an
// anchor depends on at most the 3 bytes after it, so windows overlap by 3 bytes and no state
// crosses windows. Per window, one bit per byte and class (bit k = byte k).
constexpr size_t kWindow = 64;
constexpr size_t kStep = 61;

struct ClassMasks {
  uint64_t dollar, c2, e2, x82, ef, e8, x96, digit, kw, cjk, upper, space, a, l, r, c;
};

// Anchor bits of a window: a currency sign ($ £ ¥ € ₹ ₩ ... ￥), 薪, a digit before k/K/w/W,
// a CJK character or an upper-case letter (150k, 30万, 100USD), a digit before a space and
// an upper-case letter, CJK, "la" or "cr" (100 USD, 12 LPA, 20 万, 20 lakh, 1.2 crore), an
// upper-case letter before a digit
// (USD100, EUR 50), and "alar" (salary).
inline uint64_t AnchorBits(const ClassMasks& c) {
  const uint64_t digit1 = c.digit >> 1, digit2 = c.digit >> 2;
  const uint64_t upper1 = c.upper >> 1, upper2 = c.upper >> 2;
  const uint64_t cjk1 = c.cjk >> 1, cjk2 = c.cjk >> 2;
  const uint64_t space1 = c.space >> 1;
  uint64_t m = c.dollar;
  m |= c.c2;  // £ ¥ (and rarer Latin-1 signs; the parser decides)
  m |= c.e2 & (c.x82 >> 1);
  m |= c.ef;
  m |= c.e8 & (c.x96 >> 1);
  const uint64_t lakh_crore2 = ((c.l >> 2) & (c.a >> 3)) | ((c.c >> 2) & (c.r >> 3));  // " lakh", " crore"
  m |= c.digit & ((c.kw >> 1) | cjk1 | upper1 | (space1 & (upper2 | cjk2 | lakh_crore2)));
  m |= c.upper & (digit1 | (space1 & digit2));
  m |= c.a & (c.l >> 1) & (c.a >> 2) & (c.r >> 3);
  return m & ((uint64_t{1} << kStep) - 1);
}

inline void EmitBits(uint64_t bits, size_t base, std::vector<uint32_t>& out) {
  while (bits != 0) {
    out.push_back(static_cast<uint32_t>(base + static_cast<size_t>(__builtin_ctzll(bits))));
    bits &= bits - 1;
  }
}

[[maybe_unused]] void ClassMasksScalar(const unsigned char* p, ClassMasks& m) {
  m = ClassMasks{};
  for (size_t k = 0; k < kWindow; ++k) {
    const unsigned char c = p[k];
    const unsigned char l = c | 0x20;
    const uint64_t bit = uint64_t{1} << k;
    if (c == '$') m.dollar |= bit;
    if (c == 0xC2) m.c2 |= bit;
    if (c == 0xE2) m.e2 |= bit;
    if (c == 0x82) m.x82 |= bit;
    if (c == 0xEF) m.ef |= bit;
    if (c == 0xE8) m.e8 |= bit;
    if (c == 0x96) m.x96 |= bit;
    if (IsDigit(c)) m.digit |= bit;
    if (l == 'k' || l == 'w') m.kw |= bit;
    if (IsCjkLead(c)) m.cjk |= bit;
    if (IsUpper(c)) m.upper |= bit;
    if (c == ' ') m.space |= bit;
    if (l == 'a') m.a |= bit;
    if (l == 'l') m.l |= bit;
    if (l == 'r') m.r |= bit;
    if (l == 'c') m.c |= bit;
  }
}

// Runs WINDOW(p) (which fills ClassMasks m) over the text in kStep strides; the last window
// is a zero-padded copy. A macro, so that the SIMD body is inlined into its target function.
#define SP_SCAN_WINDOWS(s, n, out, WINDOW)                               \
  do {                                                                   \
    ClassMasks m;                                                        \
    size_t i = 0;                                                        \
    for (; i + kWindow <= (n); i += kStep) {                             \
      if (!WINDOW((s) + i)) continue;                                    \
      cjk |= m.cjk;                                                      \
      EmitBits(AnchorBits(m), i, (out));                                 \
    }                                                                    \
    while (i < (n)) {                                                    \
      alignas(64) unsigned char tail[kWindow] = {};                      \
      std::memcpy(tail, (s) + i, std::min(kWindow, (n) - i));            \
      if (!WINDOW(tail)) {                                               \
        i += kStep;                                                      \
        continue;                                                        \
      }                                                                  \
      cjk |= m.cjk;                                                      \
      uint64_t bits = AnchorBits(m);                                     \
      if ((n) - i < kStep) bits &= (uint64_t{1} << ((n) - i)) - 1;       \
      EmitBits(bits, i, (out));                                          \
      i += kStep;                                                        \
    }                                                                    \
  } while (0)

#if defined(__x86_64__) && defined(__GNUC__)
#define SP_SALARY_X86_DISPATCH 1
__attribute__((target("avx512bw"))) bool FindAnchorsAvx512(const unsigned char* s, size_t n, std::vector<uint32_t>& out) {
  uint64_t cjk = 0;
  const __m512i k20 = _mm512_set1_epi8(0x20), kDollar = _mm512_set1_epi8('$');
  const __m512i kC2 = _mm512_set1_epi8(static_cast<char>(0xC2)), kE2 = _mm512_set1_epi8(static_cast<char>(0xE2));
  const __m512i k82 = _mm512_set1_epi8(static_cast<char>(0x82)), kEF = _mm512_set1_epi8(static_cast<char>(0xEF));
  const __m512i kE8 = _mm512_set1_epi8(static_cast<char>(0xE8)), k96 = _mm512_set1_epi8(static_cast<char>(0x96));
  const __m512i k0 = _mm512_set1_epi8('0'), k9 = _mm512_set1_epi8(9);
  const __m512i kK = _mm512_set1_epi8('k'), kW = _mm512_set1_epi8('w');
  const __m512i kE4 = _mm512_set1_epi8(static_cast<char>(0xE4)), k5 = _mm512_set1_epi8(5);
  const __m512i kA = _mm512_set1_epi8('A'), k25 = _mm512_set1_epi8(25), kSp = _mm512_set1_epi8(' ');
  const __m512i ka = _mm512_set1_epi8('a'), kl = _mm512_set1_epi8('l'), kr = _mm512_set1_epi8('r');
  const __m512i kc = _mm512_set1_epi8('c');
// A window with no digit, no lead byte of a sign or of 薪, and no "alar" has no anchor
// (about 80% of HN text): a quick test, four windows at a time so their loads overlap, then
// the full classes only for the windows that pass.
#define SP_QUICK(p)                                                                                \
  __extension__({                                                                                  \
    const __m512i v = _mm512_loadu_si512(p);                                                       \
    const __m512i l = _mm512_or_si512(v, k20);                                                     \
    const uint64_t a_ = _mm512_cmpeq_epi8_mask(l, ka);                                             \
    (_mm512_cmpeq_epi8_mask(v, kDollar) | _mm512_cmpeq_epi8_mask(v, kC2) |                         \
     _mm512_cmpeq_epi8_mask(v, kE2) | _mm512_cmpeq_epi8_mask(v, kEF) | _mm512_cmpeq_epi8_mask(v, kE8) | \
     _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, k0), k9) |                                          \
     (a_ & (_mm512_cmpeq_epi8_mask(l, kl) >> 1) & (a_ >> 2) & (_mm512_cmpeq_epi8_mask(l, kr) >> 3))); \
  })
#define SP_FULL(p)                                                                 \
  do {                                                                             \
    const __m512i v = _mm512_loadu_si512(p);                                       \
    const __m512i l = _mm512_or_si512(v, k20);                                     \
    m.dollar = _mm512_cmpeq_epi8_mask(v, kDollar);                                 \
    m.c2 = _mm512_cmpeq_epi8_mask(v, kC2);                                         \
    m.e2 = _mm512_cmpeq_epi8_mask(v, kE2);                                         \
    m.ef = _mm512_cmpeq_epi8_mask(v, kEF);                                         \
    m.e8 = _mm512_cmpeq_epi8_mask(v, kE8);                                         \
    m.digit = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, k0), k9);                  \
    m.a = _mm512_cmpeq_epi8_mask(l, ka);                                           \
    m.l = _mm512_cmpeq_epi8_mask(l, kl);                                           \
    m.r = _mm512_cmpeq_epi8_mask(l, kr);                                           \
    m.x82 = _mm512_cmpeq_epi8_mask(v, k82);                                        \
    m.x96 = _mm512_cmpeq_epi8_mask(v, k96);                                        \
    m.kw = _mm512_cmpeq_epi8_mask(l, kK) | _mm512_cmpeq_epi8_mask(l, kW);          \
    m.cjk = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, kE4), k5);                   \
    m.upper = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, kA), k25);                 \
    m.space = _mm512_cmpeq_epi8_mask(v, kSp);                                      \
    m.c = _mm512_cmpeq_epi8_mask(l, kc);                                           \
  } while (0)
  ClassMasks m;
  size_t i = 0;
  for (; i + 3 * kStep + kWindow <= n; i += 4 * kStep) {
    const uint64_t q0 = SP_QUICK(s + i), q1 = SP_QUICK(s + i + kStep);
    const uint64_t q2 = SP_QUICK(s + i + 2 * kStep), q3 = SP_QUICK(s + i + 3 * kStep);
    if ((q0 | q1 | q2 | q3) == 0) continue;
    const uint64_t q[4] = {q0, q1, q2, q3};
    for (size_t k = 0; k < 4; ++k) {
      if (q[k] == 0) continue;
      SP_FULL(s + i + k * kStep);
      cjk |= m.cjk;
      EmitBits(AnchorBits(m), i + k * kStep, out);
    }
  }
  for (; i < n; i += kStep) {
    alignas(64) unsigned char tail[kWindow];
    const unsigned char* p = s + i;
    if (i + kWindow > n) {
      std::memset(tail, 0, sizeof(tail));
      std::memcpy(tail, s + i, n - i);
      p = tail;
    }
    if (SP_QUICK(p) == 0) continue;
    SP_FULL(p);
    cjk |= m.cjk;
    uint64_t bits = AnchorBits(m);
    if (n - i < kStep) bits &= (uint64_t{1} << (n - i)) - 1;
    EmitBits(bits, i, out);
  }
#undef SP_QUICK
#undef SP_FULL
  return cjk != 0;
}

__attribute__((target("avx2"))) bool FindAnchorsAvx2(const unsigned char* s, size_t n, std::vector<uint32_t>& out) {
  uint64_t cjk = 0;
  const __m256i k20 = _mm256_set1_epi8(0x20), kDollar = _mm256_set1_epi8('$');
  const __m256i kC2 = _mm256_set1_epi8(static_cast<char>(0xC2)), kE2 = _mm256_set1_epi8(static_cast<char>(0xE2));
  const __m256i k82 = _mm256_set1_epi8(static_cast<char>(0x82)), kEF = _mm256_set1_epi8(static_cast<char>(0xEF));
  const __m256i kE8 = _mm256_set1_epi8(static_cast<char>(0xE8)), k96 = _mm256_set1_epi8(static_cast<char>(0x96));
  const __m256i k0 = _mm256_set1_epi8('0'), k9 = _mm256_set1_epi8(9);
  const __m256i kK = _mm256_set1_epi8('k'), kW = _mm256_set1_epi8('w');
  const __m256i kE4 = _mm256_set1_epi8(static_cast<char>(0xE4)), k5 = _mm256_set1_epi8(5);
  const __m256i kA = _mm256_set1_epi8('A'), k25 = _mm256_set1_epi8(25), kSp = _mm256_set1_epi8(' ');
  const __m256i ka = _mm256_set1_epi8('a'), kl = _mm256_set1_epi8('l'), kr = _mm256_set1_epi8('r');
  const __m256i kc = _mm256_set1_epi8('c');
#define SP_MASK(x) static_cast<uint32_t>(_mm256_movemask_epi8(x))
#define SP_EQ2(c) (uint64_t{SP_MASK(_mm256_cmpeq_epi8(v0, c))} | (uint64_t{SP_MASK(_mm256_cmpeq_epi8(v1, c))} << 32))
#define SP_LEQ2(c) (uint64_t{SP_MASK(_mm256_cmpeq_epi8(l0, c))} | (uint64_t{SP_MASK(_mm256_cmpeq_epi8(l1, c))} << 32))
#define SP_IN1(x, lo, span) \
  _mm256_cmpeq_epi8(_mm256_min_epu8(_mm256_sub_epi8((x), lo), span), _mm256_sub_epi8((x), lo))
#define SP_IN2(lo, span) (uint64_t{SP_MASK(SP_IN1(v0, lo, span))} | (uint64_t{SP_MASK(SP_IN1(v1, lo, span))} << 32))
#define SP_WINDOW(p)                                                                      \
  __extension__({                                                                         \
    const __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));           \
    const __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>((p) + 32));    \
    const __m256i l0 = _mm256_or_si256(v0, k20), l1 = _mm256_or_si256(v1, k20);           \
    m.dollar = SP_EQ2(kDollar);                                                           \
    m.c2 = SP_EQ2(kC2);                                                                   \
    m.e2 = SP_EQ2(kE2);                                                                   \
    m.ef = SP_EQ2(kEF);                                                                   \
    m.e8 = SP_EQ2(kE8);                                                                   \
    m.digit = SP_IN2(k0, k9);                                                             \
    m.a = SP_LEQ2(ka);                                                                    \
    m.l = SP_LEQ2(kl);                                                                    \
    m.r = SP_LEQ2(kr);                                                                    \
    const bool any = (m.dollar | m.c2 | m.e2 | m.ef | m.e8 | m.digit |                    \
                      (m.a & (m.l >> 1) & (m.a >> 2) & (m.r >> 3))) != 0;                 \
    if (any) {                                                                            \
      m.x82 = SP_EQ2(k82);                                                                \
      m.x96 = SP_EQ2(k96);                                                                \
      m.kw = SP_LEQ2(kK) | SP_LEQ2(kW);                                                   \
      m.cjk = SP_IN2(kE4, k5);                                                            \
      m.upper = SP_IN2(kA, k25);                                                          \
      m.space = SP_EQ2(kSp);                                                              \
      m.c = SP_LEQ2(kc);                                                                  \
    }                                                                                     \
    any;                                                                                  \
  })
  SP_SCAN_WINDOWS(s, n, out, SP_WINDOW);
  return cjk != 0;
#undef SP_WINDOW
#undef SP_MASK
#undef SP_EQ2
#undef SP_LEQ2
#undef SP_IN1
#undef SP_IN2
}
#endif

[[maybe_unused]] bool FindAnchorsScalar(const unsigned char* s, size_t n, std::vector<uint32_t>& out) {
  uint64_t cjk = 0;
#define SP_WINDOW(p) (ClassMasksScalar((p), m), true)
  SP_SCAN_WINDOWS(s, n, out, SP_WINDOW);
#undef SP_WINDOW
  return cjk != 0;
}

using FindAnchorsFn = bool (*)(const unsigned char*, size_t, std::vector<uint32_t>&);

FindAnchorsFn ChooseFindAnchors() {
#if defined(SP_SALARY_X86_DISPATCH)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512bw")) return FindAnchorsAvx512;
  if (__builtin_cpu_supports("avx2")) return FindAnchorsAvx2;
#endif
  return FindAnchorsScalar;
}

// Appends the positions of bytes that may start or sit next to a pay figure, in increasing
// order; returns true when a CJK character was seen near one (Chinese/Japanese rules apply).
// Picks the widest SIMD the CPU has (AVX-512BW, AVX2; else portable scalar).
bool FindAnchors(std::string_view text, std::vector<uint32_t>& out) {
  static const FindAnchorsFn find = ChooseFindAnchors();
  // Ask for the text's first cache lines at once: a posting is ~1 KB, shorter than the
  // hardware prefetcher's ramp-up, so its misses would otherwise come one at a time.
  for (size_t off = 0; off < text.size() && off < 4096; off += 64) __builtin_prefetch(text.data() + off);
  return find(reinterpret_cast<const unsigned char*>(text.data()), text.size(), out);
}

// ---------------------------------------------------------------------------------------
// Keyword tables (lower-case ASCII words; CJK substrings). Sources: the shared postings
// (HN who-is-hiring 2018-2026, Ashby, Uber, Glassdoor, ruanyf/weekly) read by hand.
// ---------------------------------------------------------------------------------------

enum WordFlag : uint32_t {
  kWBase = 1u << 0,       // names base pay: the figure is a salary (salary, base, pay ...)
  kWTotal = 1u << 1,      // total compensation (OTE, TC)
  kWExcl = 1u << 2,       // the figure is not pay (funding, bonus, equity, stipend, price ...)
  kWExclRight = 1u << 3,  // not pay when it is the noun right after the figure ("$10M in sales")
  kWEvidence = 1u << 4,   // says the clause is about pay (range, rate, DOE ...)
  kWImplyK = 1u << 5,     // may introduce a range written without its "k" ("Salary: 120-150")
  kWYear = 1u << 6,       // period hints before a figure
  kWMonth = 1u << 7,
  kWWeek = 1u << 8,
  kWDay = 1u << 9,
  kWHour = 1u << 10,
  kWEstimate = 1u << 11,  // est., estimated
  kWUpTo = 1u << 12,      // "up to", "max"
  kWFrom = 1u << 13,      // "from", "starting at", "at least", "over"
  kWBetween = 1u << 14,
  kWTarget = 1u << 16,      // "target": OTE when "on target" / "target earnings|cash"
  kWCompNoun = 1u << 17,    // words after "total"/"target" that make it total comp
  kWConj = 1u << 18,        // and, plus, with, or
  kWPer = 1u << 19,         // "per": "per user", "per seat" make a price
  kWPriceUnit = 1u << 20,   // user, seat, license ... after "per"
  kWNeutral = 1u << 21,     // may follow a pay figure without saying what it is ("depending")
  kWProse = 1u << 22,       // running-prose word (pronoun, article, auxiliary): absent from titles
  kWPayVerb = 1u << 23,     // "offering", "pay", "earn": pay when right before a figure
  kWFiller = 1u << 24,      // "of", "over", "about": may sit between a noun and its figure
  kWStop = 1u << 25,        // function word after a figure ("$75,000 on target earnings")
};

struct Keyword {
  std::string_view word;
  uint32_t flags;
};

// Sorted by word (checked at startup in debug builds by a unit test through lookups).
constexpr Keyword kKeywords[] = {
    {"401k", kWExcl},
    {"a", kWStop},
    {"about", kWFiller},
    {"above", kWFrom},
    {"acquired", kWExcl},
    {"acquisition", kWExcl},
    {"acv", kWExcl},
    {"after", kWNeutral},
    {"allowance", kWExcl},
    {"allowances", kWExcl},
    {"almost", kWFiller},
    {"an", kWStop},
    {"and", kWConj},
    {"annual", kWYear | kWEvidence},
    {"annualised", kWYear | kWEvidence},
    {"annualized", kWYear | kWEvidence},
    {"annually", kWYear | kWEvidence},
    {"approx", kWNeutral},
    {"approximately", kWNeutral},
    {"are", kWProse},
    {"around", kWFiller},
    {"arr", kWExcl},
    {"as", kWStop},
    {"assets", kWExcl},
    {"at", kWFiller | kWStop},
    {"aum", kWExcl},
    {"award", kWExcl},
    {"awards", kWExcl},
    {"backed", kWExcl},
    {"base", kWBase | kWImplyK},
    {"based", kWNeutral},
    {"been", kWProse},
    {"before", kWNeutral},
    {"between", kWBetween},
    {"billion", kWExcl},
    {"bonus", kWExcl},
    {"bonuses", kWExcl},
    {"bounties", kWExcl},
    {"bounty", kWExcl},
    {"brutto", kWBase},
    {"budget", kWExcl},
    {"budgets", kWExcl},
    {"businesses", kWExclRight},
    {"but", kWStop},
    {"cad", kWNeutral},
    {"can", kWProse},
    {"cap", kWExclRight},
    {"capital", kWExcl},
    {"cash", kWCompNoun | kWEvidence},
    {"chf", kWNeutral},
    {"childcare", kWExcl},
    {"clients", kWExclRight},
    {"commensurate", kWNeutral},
    {"commission", kWExcl},
    {"commissions", kWExcl},
    {"commuter", kWExcl},
    {"comp", kWBase | kWImplyK | kWCompNoun},
    {"companies", kWExclRight},
    {"compensate", kWBase},
    {"compensated", kWBase},
    {"compensation", kWBase | kWImplyK | kWCompNoun},
    {"contract", kWExclRight},
    {"contracts", kWExclRight},
    {"cost", kWExcl},
    {"costs", kWExcl},
    {"could", kWProse},
    {"credit", kWExcl},
    {"credits", kWExcl},
    {"ctc", kWBase | kWImplyK},
    {"customer", kWPriceUnit},
    {"customers", kWExclRight},
    {"daily", kWDay | kWEvidence},
    {"deal", kWExcl},
    {"deals", kWExcl},
    {"dependent", kWNeutral},
    {"depending", kWNeutral},
    {"developers", kWExclRight},
    {"discount", kWExcl},
    {"discounts", kWExcl},
    {"doe", kWEvidence},
    {"donate", kWExcl},
    {"donation", kWExcl},
    {"donations", kWExcl},
    {"downloads", kWExclRight},
    {"earn", kWBase | kWPayVerb},
    {"earning", kWBase | kWPayVerb},
    {"earnings", kWCompNoun | kWEvidence},
    {"earns", kWBase},
    {"employee", kWPriceUnit},
    {"employees", kWExclRight},
    {"equipment", kWExcl},
    {"equity", kWExcl},
    {"equiv", kWNeutral},
    {"equivalent", kWNeutral},
    {"est", kWEstimate},
    {"estimate", kWEstimate},
    {"estimated", kWEstimate},
    {"estimates", kWEstimate},
    {"eur", kWNeutral},
    {"exceeding", kWFrom},
    {"exit", kWExcl},
    {"experience", kWNeutral},
    {"fee", kWExcl},
    {"fees", kWExcl},
    {"fertility", kWExcl},
    {"fitness", kWExcl},
    {"fixed", kWNeutral},
    {"for", kWStop},
    {"from", kWFrom},
    {"fsa", kWExcl},
    {"fund", kWExcl},
    {"funded", kWExcl},
    {"funding", kWExcl},
    {"fundraise", kWExcl},
    {"fundraising", kWExcl},
    {"gbp", kWNeutral},
    {"gehalt", kWBase | kWImplyK},
    {"generated", kWExcl},
    {"get", kWProse},
    {"gift", kWExcl},
    {"gifts", kWExcl},
    {"gmv", kWExcl},
    {"go", kWProse},
    {"grant", kWExcl},
    {"grants", kWExcl},
    {"gross", kWEvidence},
    {"grossing", kWExcl},
    {"guaranteed", kWNeutral},
    {"gym", kWExcl},
    {"had", kWProse},
    {"has", kWProse},
    {"have", kWProse},
    {"hourly", kWHour | kWEvidence},
    {"housing", kWExcl},
    {"hra", kWExcl},
    {"hsa", kWExcl},
    {"in", kWFiller | kWStop},
    {"incentive", kWExcl},
    {"incentives", kWExcl},
    {"industry", kWExclRight},
    {"insurance", kWExcl},
    {"internet", kWExcl},
    {"invest", kWExcl},
    {"invested", kWExcl},
    {"investment", kWExcl},
    {"investments", kWExcl},
    {"investor", kWExcl},
    {"investors", kWExcl},
    {"ipo", kWExcl},
    {"is", kWProse | kWStop},
    {"ish", kWNeutral},
    {"it", kWProse},
    {"its", kWProse},
    {"laptop", kWExcl},
    {"least", kWFrom},
    {"level", kWNeutral},
    {"license", kWPriceUnit},
    {"loan", kWExcl},
    {"loans", kWExcl},
    {"location", kWNeutral},
    {"lpa", kWBase | kWImplyK},
    {"lunch", kWExcl},
    {"market", kWExclRight},
    {"max", kWUpTo},
    {"maximum", kWUpTo},
    {"meal", kWExcl},
    {"meals", kWExcl},
    {"members", kWExclRight},
    {"million", kWExcl},
    {"min", kWFrom},
    {"minimum", kWFrom},
    {"monthly", kWMonth | kWEvidence},
    {"more", kWFiller},
    {"mortgage", kWExcl},
    {"moves", kWExcl},
    {"mrr", kWExcl},
    {"nearly", kWFiller},
    {"negotiable", kWNeutral},
    {"net", kWNeutral},
    {"obo", kWNeutral},
    {"of", kWFiller | kWStop},
    {"offer", kWPayVerb},
    {"offering", kWPayVerb},
    {"offers", kWPayVerb},
    {"on", kWStop},
    {"options", kWExcl},
    {"or", kWConj | kWStop},
    {"ote", kWTotal},
    {"our", kWProse},
    {"over", kWFrom | kWFiller},
    {"package", kWEvidence | kWCompNoun},
    {"paid", kWBase},
    {"pay", kWBase | kWCompNoun | kWPayVerb},
    {"paying", kWBase | kWPayVerb},
    {"payment", kWExclRight},
    {"payments", kWExclRight},
    {"pays", kWBase | kWPayVerb},
    {"people", kWExclRight},
    {"per", kWPer},
    {"perk", kWExcl},
    {"perks", kWExcl},
    {"person", kWPriceUnit},
    {"pipeline", kWExcl},
    {"plus", kWConj},
    {"pretax", kWNeutral},
    {"price", kWExcl},
    {"priced", kWExcl},
    {"prices", kWExcl},
    {"pricing", kWExcl},
    {"prize", kWExcl},
    {"prizes", kWExcl},
    {"pro", kWNeutral},
    {"processed", kWExcl},
    {"processes", kWExcl},
    {"purchases", kWExclRight},
    {"quota", kWExcl},
    {"quotas", kWExcl},
    {"raise", kWExcl},
    {"raised", kWExcl},
    {"raising", kWExcl},
    {"range", kWEvidence},
    {"rata", kWNeutral},
    {"rate", kWEvidence},
    {"referral", kWExcl},
    {"reimburse", kWExcl},
    {"reimbursed", kWExcl},
    {"reimbursement", kWExcl},
    {"reimbursements", kWExcl},
    {"relocation", kWExcl},
    {"remuneration", kWBase | kWImplyK | kWCompNoun},
    {"retention", kWExcl},
    {"rev", kWExcl},
    {"revenue", kWExcl},
    {"revenues", kWExcl},
    {"rewards", kWCompNoun},
    {"roughly", kWNeutral},
    {"round", kWExcl},
    {"rounds", kWExcl},
    {"rsu", kWExcl},
    {"rsus", kWExcl},
    {"salaire", kWBase | kWImplyK},
    {"salaries", kWBase | kWImplyK},
    {"salario", kWBase | kWImplyK},
    {"salary", kWBase | kWImplyK},
    {"sales", kWExclRight},
    {"saved", kWExcl},
    {"savings", kWExcl},
    {"scholarship", kWExcl},
    {"seat", kWPriceUnit},
    {"seed", kWExcl},
    {"series", kWExcl},
    {"shares", kWExcl},
    {"signing", kWExcl},
    {"spend", kWExcl},
    {"spending", kWExcl},
    {"spent", kWExcl},
    {"stars", kWExclRight},
    {"start", kWFrom},
    {"starting", kWFrom},
    {"starts", kWFrom},
    {"stipend", kWExcl},
    {"stipends", kWExcl},
    {"stock", kWExcl},
    {"stocks", kWExcl},
    {"students", kWExclRight},
    {"subscribers", kWExclRight},
    {"subscription", kWExcl},
    {"target", kWTarget},
    {"tc", kWTotal},
    {"than", kWFiller},
    {"that", kWProse},
    {"the", kWProse | kWStop},
    {"their", kWProse},
    {"these", kWProse},
    {"they", kWProse},
    {"this", kWProse},
    {"those", kWProse},
    {"to", kWStop},
    {"transactions", kWExclRight},
    {"travel", kWExcl},
    {"tuition", kWExcl},
    {"turnover", kWExcl},
    {"unit", kWPriceUnit},
    {"upto", kWUpTo},
    {"usd", kWNeutral},
    {"user", kWPriceUnit},
    {"users", kWExclRight},
    {"valuation", kWExcl},
    {"valued", kWExcl},
    {"visitors", kWExclRight},
    {"volume", kWExclRight},
    {"wage", kWBase | kWCompNoun},  // "on-target wage" is OTE (ashby neofinancial)
    {"wages", kWBase | kWCompNoun},
    {"was", kWProse},
    {"we", kWProse},
    {"weekly", kWWeek | kWEvidence},
    {"wellness", kWExcl},
    {"were", kWProse},
    {"which", kWProse},
    {"who", kWProse},
    {"will", kWProse},
    {"with", kWConj},
    {"worth", kWExcl},
    {"would", kWProse},
    {"yearly", kWYear | kWEvidence},
    {"you", kWProse},
    {"your", kWProse},
};

constexpr bool KeywordsSorted() {
  for (size_t i = 1; i < std::size(kKeywords); ++i) {
    if (!(kKeywords[i - 1].word < kKeywords[i].word)) return false;
  }
  return true;
}
static_assert(KeywordsSorted(), "kKeywords must be sorted for binary search");

// Keywords bucketed by (first letter, length): a lookup compares at most a few words.
class KeywordIndex {
 public:
  KeywordIndex() {
    for (const Keyword& k : kKeywords) {
      size_t b = Bucket(k.word);
      if (b != kNone) buckets_[b].push_back(k);
    }
  }
  uint32_t Find(std::string_view w) const {
    size_t b = Bucket(w);
    if (b == kNone) return 0;
    for (const Keyword& k : buckets_[b]) {
      if (std::memcmp(k.word.data(), w.data(), w.size()) == 0) return k.flags;
    }
    return 0;
  }

 private:
  static constexpr size_t kMaxLen = 24;
  static constexpr size_t kNone = ~size_t{0};
  static size_t Bucket(std::string_view w) {
    if (w.empty() || w.size() > kMaxLen || !IsLower(static_cast<unsigned char>(w[0]))) {
      return w == "401k" ? 26 * (kMaxLen + 1) : kNone;
    }
    return static_cast<size_t>(w[0] - 'a') * (kMaxLen + 1) + w.size();
  }
  std::vector<Keyword> buckets_[26 * (kMaxLen + 1) + 1];
};

// Flags of a lower-case word (0 when not a keyword).
uint32_t LookupWord(std::string_view lower_word) {
  static const KeywordIndex index;
  uint32_t f = index.Find(lower_word);
  // Plurals: "acvs", "quotas", "stipends".
  if (f == 0 && lower_word.size() > 3 && lower_word.back() == 's') {
    f = index.Find(lower_word.substr(0, lower_word.size() - 1)) & ~(kWProse | kWStop | kWFiller | kWPayVerb);
  }
  return f;
}

// CJK keywords, matched as substrings of the clause.
constexpr Keyword kCjkKeywords[] = {
    {"薪", kWBase | kWImplyK}, {"工资", kWBase}, {"待遇", kWBase}, {"底薪", kWBase}, {"税前", kWEvidence},
    {"年薪", kWBase | kWYear}, {"月薪", kWBase | kWMonth}, {"日薪", kWBase | kWDay}, {"时薪", kWBase | kWHour},
    {"年収", kWBase | kWYear}, {"月給", kWBase | kWMonth}, {"時給", kWBase | kWHour}, {"給与", kWBase},
    {"年包", kWTotal | kWYear}, {"总包", kWTotal | kWYear},
    {"奖", kWExcl}, {"补贴", kWExcl}, {"补助", kWExcl}, {"餐补", kWExcl}, {"房补", kWExcl}, {"期权", kWExcl},
    {"股票", kWExcl}, {"股权", kWExcl}, {"融资", kWExcl}, {"估值", kWExcl}, {"营收", kWExcl}, {"激励", kWExcl},
    {"报销", kWExcl}, {"预算", kWExcl}, {"提成", kWExcl}, {"分红", kWExcl}, {"绩效", kWExcl}, {"礼金", kWExcl},
    {"显示器", kWExclRight}, {"用户", kWExclRight}, {"最高", kWUpTo},
    {"餐", kWExcl}, {"日标", kWExcl}, {"住房", kWExcl}, {"租房", kWExcl}, {"交通", kWExcl}, {"话费", kWExcl},
    {"通信费", kWExcl}, {"体检", kWExcl},
};

// ---------------------------------------------------------------------------------------
// Currency symbols and words
// ---------------------------------------------------------------------------------------

enum class Generic : uint8_t { kNone, kDollar, kYen };

struct CurrencyMatch {
  size_t end = 0;             // position after the currency
  std::string_view code;      // ISO 4217; "" for a generic sign until resolved
  Generic generic = Generic::kNone;
  bool ok = false;
};

struct SymbolSpelling {
  std::string_view bytes;
  std::string_view code;
  Generic generic;
};
constexpr SymbolSpelling kSymbols[] = {
    {"$", "", Generic::kDollar},     {"\xC2\xA3", "GBP", Generic::kNone},  // £
    {"\xE2\x82\xAC", "EUR", Generic::kNone},                             // €
    {"\xC2\xA5", "", Generic::kYen},    {"\xEF\xBF\xA5", "", Generic::kYen},  // ¥ ￥
    {"\xE2\x82\xB9", "INR", Generic::kNone},                             // ₹
    {"\xE2\x82\xA9", "KRW", Generic::kNone},                             // ₩
    {"\xE2\x82\xBD", "RUB", Generic::kNone},                             // ₽
    {"\xE2\x82\xBA", "TRY", Generic::kNone},                             // ₺
    {"\xE2\x82\xB1", "PHP", Generic::kNone},                             // ₱
    {"\xE2\x82\xAA", "ILS", Generic::kNone},                             // ₪
    {"\xE2\x82\xA6", "NGN", Generic::kNone},                             // ₦
    {"\xE2\x82\xAB", "VND", Generic::kNone},                             // ₫
    {"\xE2\x82\xB4", "UAH", Generic::kNone},                             // ₴
    {"人民币", "CNY", Generic::kNone},
};
// Letters written before "$" ("US$", "CA$", "A$" ...).
struct DollarPrefix {
  std::string_view letters;
  std::string_view code;
};
constexpr DollarPrefix kDollarPrefixes[] = {
    {"A", "AUD"},  {"AU", "AUD"},  {"AUD", "AUD"}, {"C", "CAD"},   {"CA", "CAD"},  {"CAD", "CAD"},
    {"CDN", "CAD"}, {"HK", "HKD"}, {"HKD", "HKD"}, {"MX", "MXN"},  {"MXN", "MXN"}, {"NT", "TWD"},
    {"NZ", "NZD"}, {"NZD", "NZD"}, {"R", "BRL"},   {"S", "SGD"},   {"SG", "SGD"},  {"SGD", "SGD"},
    {"US", "USD"}, {"USD", "USD"},
};
// Currency words written after a figure (ASCII, case-insensitive) or CJK.
constexpr SymbolSpelling kSuffixWords[] = {
    {"dollars", "", Generic::kDollar}, {"dollar", "", Generic::kDollar}, {"euros", "EUR", Generic::kNone},
    {"euro", "EUR", Generic::kNone},   {"eur", "EUR", Generic::kNone},    {"eu", "EUR", Generic::kNone},
    {"pounds", "GBP", Generic::kNone}, {"rupees", "INR", Generic::kNone},
    {"yuan", "CNY", Generic::kNone},   {"rmb", "CNY", Generic::kNone},    {"yen", "JPY", Generic::kNone},
};
constexpr SymbolSpelling kCjkSuffixes[] = {
    {"美元", "USD", Generic::kNone}, {"美金", "USD", Generic::kNone}, {"人民币", "CNY", Generic::kNone},
    {"元", "CNY", Generic::kNone},   {"块", "CNY", Generic::kNone},   {"円", "JPY", Generic::kNone},
    {"日元", "JPY", Generic::kNone}, {"欧元", "EUR", Generic::kNone}, {"英镑", "GBP", Generic::kNone},
    {"港币", "HKD", Generic::kNone}, {"港元", "HKD", Generic::kNone},
};

// ---------------------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------------------

enum class Kind : uint8_t { kBase, kTotal, kExcluded };

struct Side {
  size_t begin = 0, end = 0;  // the whole side
  size_t num_begin = 0, num_end = 0;
  double value = 0;
  double mult = 1;
  bool has_mult = false;
  bool mult_lakh_crore = false;  // lakh/crore/LPA: Indian units, INR implied
  bool lpa = false;              // "LPA": lakh per annum
  bool wan = false;              // 万 / w: CJK ten-thousands, yearly figures
  bool big = false;              // millions, billions: funding and revenue, rarely pay
  std::string_view code;         // ISO currency written on this side
  Generic generic = Generic::kNone;
  bool has_currency = false;
  std::optional<SalaryPeriod> period;
  bool plus = false;     // "150k+"
  size_t plus_end = 0;   // one past the "+" when plus
};

struct Mention {
  size_t begin = 0, end = 0;
  std::string_view code;
  Generic generic = Generic::kNone;
  bool has_currency = false;
  bool implied_inr = false;
  bool lpa = false;
  std::optional<double> lo, hi;
  bool is_range = false;
  std::optional<SalaryPeriod> period;
  bool period_explicit = false;
  int payments = 0;
  bool has_mult = false;
  bool wan = false;
  bool big = false;
  bool cjk = false;  // written in Chinese/Japanese text
  bool is_estimate = false;
  Kind kind = Kind::kBase;
  bool evidence = false;
  bool open_high = false;
  bool unsure = false;  // in prose with no pay word: kept only beside a sure figure
  std::string_view currency;  // resolved
};

class Scanner {
 public:
  Scanner(std::string_view text, const SalaryContext& ctx, std::vector<Mention>& mentions)
      : s_(text), ctx_(ctx), mentions_(mentions) {
    mentions_.clear();
  }
  std::optional<Salary> Run();

 private:
  unsigned char At(size_t i) const { return i < s_.size() ? static_cast<unsigned char>(s_[i]) : 0; }
  bool StartsAt(size_t i, std::string_view lit) const {
    return i < s_.size() && s_[i] == lit[0] && s_.size() - i >= lit.size() &&
           std::memcmp(s_.data() + i, lit.data(), lit.size()) == 0;
  }
  bool StartsAtNoCase(size_t i, std::string_view lit) const {
    if (i >= s_.size() || s_.size() - i < lit.size() || Lower(At(i)) != lit[0]) return false;
    for (size_t k = 0; k < lit.size(); ++k) {
      if (Lower(At(i + k)) != lit[k]) return false;
    }
    return true;
  }
  // Space, tab, U+00A0 or U+202F at i: its length, else 0.
  size_t SpaceLen(size_t i) const {
    unsigned char c = At(i);
    if (c == ' ' || c == '\t') return 1;
    if (c == 0xC2 && At(i + 1) == 0xA0) return 2;
    if (c == 0xE2 && At(i + 1) == 0x80 && (At(i + 2) == 0xAF || At(i + 2) == 0x89)) return 3;
    return 0;
  }
  size_t SkipSpaces(size_t i, int max_spaces = 8) const {
    while (max_spaces-- > 0) {
      size_t l = SpaceLen(i);
      if (l == 0) break;
      i += l;
    }
    return i;
  }
  bool WordEndsAt(size_t i) const { return !IsAlpha(At(i)); }
  // True when a pay word ends at p, glued to a figure: "base20K-40K" (cn 948182670).
  bool PayWordEndsAt(size_t p) const {
    size_t b = p;
    while (b > 0 && p - b < 12 && IsAlpha(At(b - 1))) --b;
    if (b == p || p - b > 12 || (b > 0 && IsAlnum(At(b - 1)))) return false;
    char buf[12];
    for (size_t k = b; k < p; ++k) buf[k - b] = Lower(At(k));
    return (LookupWord(std::string_view(buf, p - b)) & kWBase) != 0;
  }
  bool IsRupeeAt(size_t i) const {
    return (StartsAt(i, "INR") && !IsAlpha(At(i + 3))) || StartsAt(i, "\xE2\x82\xB9");
  }
  // True when [b, e) holds only spaces and a list conjunction ("and", "plus", "+", "&", ",").
  bool ConjunctionOnlyBetween(size_t b, size_t e) const {
    bool conj = false;
    for (size_t i = b; i < e;) {
      unsigned char c = At(i);
      if (c == ' ') { ++i; continue; }
      if (c == '+' || c == '&' || c == ',') { conj = true; ++i; continue; }
      if (StartsAtNoCase(i, "and") && !IsAlpha(At(i + 3))) { conj = true; i += 3; continue; }
      if (StartsAtNoCase(i, "plus") && !IsAlpha(At(i + 4))) { conj = true; i += 4; continue; }
      return false;
    }
    return conj;
  }
  // True when the word at p (after spaces) is an add-on to pay ("+ equity", "+ bonus"): the
  // "+" before it is a conjunction, not "or more".
  bool AddOnAfter(size_t p) const {
    size_t q = SkipSpaces(p, 2);
    char buf[16];
    size_t len = 0;
    while (IsAlpha(At(q + len)) && len < sizeof(buf)) {
      buf[len] = Lower(At(q + len));
      ++len;
    }
    if (len == 0 || IsAlpha(At(q + len))) return false;
    std::string_view w(buf, len);
    return w == "equity" || w == "benefits" || w == "benefit" || w == "options" || w == "stock" ||
           w == "stocks" || w == "rsu" || w == "rsus" || w == "shares" || w == "perks";
  }
  bool WordStartsAt(size_t i) const { return i == 0 || !IsAlpha(At(i - 1)); }

  bool CjkNear(size_t begin, size_t end) const;
  bool ParseNumber(size_t p, double& value, size_t& end) const;
  void SpacedThousandsGroup(Side& side) const;
  CurrencyMatch CurrencyPrefixAt(size_t p) const;
  CurrencyMatch CurrencySuffixAt(size_t p) const;
  size_t MultiplierAt(size_t p, Side& side) const;
  std::optional<SalaryPeriod> PeriodAt(size_t p, size_t& end) const;
  int PaymentsAt(size_t p, size_t& end) const;
  size_t ConnectorAt(size_t p, bool between) const;
  bool ParseSide(size_t p, bool first, Side& side) const;
  bool ParseExpression(size_t start, Mention& m) const;
  size_t NumberStartFromSeed(size_t seed) const;
  size_t ExpressionStartBefore(size_t num_begin) const;
  size_t CurrencyPrefixBefore(size_t p) const;
  void Classify(Mention& m) const;
  size_t ClauseStart(size_t p) const;
  bool InHeaderField(const Mention& m) const;
  void ProcessAnchor(size_t anchor);

  std::string_view s_;
  const SalaryContext& ctx_;
  std::vector<Mention>& mentions_;  // scratch owned by the calling thread
  bool has_cjk_ = false;            // the text has a CJK character somewhere
  size_t consumed_ = 0;
  std::string_view first_currency_;  // first currency written anywhere (any figure)
};

bool Scanner::CjkNear(size_t begin, size_t end) const {
  if (!has_cjk_) return false;
  size_t lo = begin > 48 ? begin - 48 : 0;
  size_t hi = std::min(s_.size(), end + 48);
  for (size_t i = lo; i < hi; ++i) {
    if (IsCjkLead(At(i))) return true;
  }
  return false;
}

// Parses digits with thousands separators (1,234,567  1.234.567  12,00,000  120'000) and a
// decimal part (50.00, 3.5, 3,5 before a multiplier). Stops before a separator that does
// not fit. Returns false when p is not a digit or the number is absurdly long.
bool Scanner::ParseNumber(size_t p, double& value, size_t& end) const {
  if (!IsDigit(At(p))) return false;
  size_t i = p;
  while (IsDigit(At(i))) ++i;
  size_t first_len = i - p;
  if (first_len > 12) return false;
  // Collect separator groups.
  struct Group {
    char sep;
    size_t begin, len;
  };
  Group groups[8];
  size_t ng = 0;
  size_t j = i;
  while (ng < 8) {
    unsigned char c = At(j);
    size_t sep_len = 1;
    char sep = 0;
    if (c == ',' || c == '.' || c == '\'') {
      sep = static_cast<char>(c);
    } else if (c == 0xE2 && At(j + 1) == 0x80 && At(j + 2) == 0x99) {  // ’ as in 120’000
      sep = '\'';
      sep_len = 3;
    } else {
      break;
    }
    size_t k = j + sep_len;
    if (!IsDigit(At(k))) break;
    size_t d = k;
    while (IsDigit(At(d))) ++d;
    groups[ng++] = Group{sep, k, d - k};
    j = d;
  }
  auto digits_value = [&](size_t b, size_t len) {
    double v = 0;
    for (size_t k = 0; k < len; ++k) v = v * 10 + (At(b + k) - '0');
    return v;
  };
  double v = digits_value(p, first_len);
  end = i;
  if (ng == 0) {
    value = v;
    return true;
  }
  // Thousands groups: all groups of one separator with 3 digits (or Indian 2-digit middle
  // groups before a final 3-digit group), optionally followed by a decimal group with the
  // other separator.
  char tsep = groups[0].sep;
  size_t k = 0;
  bool indian = false;
  while (k < ng && groups[k].sep == tsep &&
         (groups[k].len == 3 || (tsep == ',' && groups[k].len == 2 && k + 1 < ng && groups[k + 1].sep == ','))) {
    if (groups[k].len == 2) indian = true;
    ++k;
  }
  bool thousands_ok = k > 0 && groups[k - 1].len == 3 && first_len <= 3;
  if (indian && first_len > 2) thousands_ok = false;
  if (thousands_ok && tsep == '.' && k == 1 && first_len <= 3) {
    // "1.500" is read as 1500 (European grouping) unless a multiplier follows ("1.500k" is
    // nonsense either way; "3.5k" has one digit and is a decimal).
    unsigned char after = At(groups[0].begin + groups[0].len);
    if ((after | 0x20) == 'k' || (after | 0x20) == 'm') thousands_ok = false;
  }
  if (thousands_ok) {
    for (size_t g = 0; g < k; ++g) v = v * std::pow(10.0, static_cast<double>(groups[g].len)) + digits_value(groups[g].begin, groups[g].len);
    end = groups[k - 1].begin + groups[k - 1].len;
    // Decimal part with the other separator.
    if (k < ng && groups[k].sep != tsep && groups[k].sep != '\'' && groups[k].len <= 2 &&
        groups[k].begin == end + 1) {
      v += digits_value(groups[k].begin, groups[k].len) / std::pow(10.0, static_cast<double>(groups[k].len));
      end = groups[k].begin + groups[k].len;
    }
    value = v;
    return true;
  }
  // Decimal point: "50.00", "3.5", "1.25"; a comma decimal only before a multiplier ("3,5k").
  const Group& g = groups[0];
  if (g.begin == i + 1 && g.len <= 4) {
    unsigned char after = At(g.begin + g.len);
    bool mult_follows = (after | 0x20) == 'k' || (after | 0x20) == 'm' || after == ' ' || IsCjkLead(after);
    if (g.sep == '.' || (g.sep == ',' && g.len <= 2 && mult_follows && (after | 0x20) == 'k')) {
      v += digits_value(g.begin, g.len) / std::pow(10.0, static_cast<double>(g.len));
      end = g.begin + g.len;
    }
  }
  value = v;
  return true;
}

CurrencyMatch Scanner::CurrencyPrefixAt(size_t p) const {
  CurrencyMatch m;
  const unsigned char c0 = At(p);
  if (!(c0 == '$' || c0 == 0xC2 || c0 == 0xE2 || c0 == 0xEF || c0 == 0xE4 || IsUpper(c0))) return m;
  for (const SymbolSpelling& sym : kSymbols) {
    if (StartsAt(p, sym.bytes)) {
      m.end = p + sym.bytes.size();
      m.code = sym.code;
      m.generic = sym.generic;
      m.ok = true;
      // "$AUD100-150k", "$CAD 120k": the code after the sign names the dollar.
      if (sym.generic == Generic::kDollar && IsUpper(At(m.end)) && IsUpper(At(m.end + 1)) && IsUpper(At(m.end + 2)) &&
          !IsAlpha(At(m.end + 3))) {
        if (const CurrencyInfo* info = FindCurrency(s_.substr(m.end, 3))) {
          m.code = info->code;
          m.generic = Generic::kNone;
          m.end += 3;
        }
      }
      return m;
    }
  }
  if (!IsUpper(At(p)) || !WordStartsAt(p)) {
    // "Rs." / "Rs" (rupees) and "RM" (ringgit) are the only mixed/short spellings we take.
    return m;
  }
  size_t q = p;
  while (IsUpper(At(q)) && q - p < 4) ++q;
  std::string_view letters = s_.substr(p, q - p);
  if (At(q) == '$') {
    for (const DollarPrefix& d : kDollarPrefixes) {
      if (d.letters == letters) {
        m.end = q + 1;
        m.code = d.code;
        m.ok = true;
        return m;
      }
    }
    return m;
  }
  if (IsAlpha(At(q))) {
    if (letters == "R" && At(q) == 's') {  // Rs / Rs.
      size_t e = q + 1;
      if (At(e) == '.') ++e;
      m.end = e;
      m.code = "INR";
      m.ok = true;
    }
    return m;
  }
  if (letters.size() == 2 && letters == "RM") {
    m.end = q;
    m.code = "MYR";
    m.ok = true;
    return m;
  }
  if (letters.size() != 3) return m;
  std::string_view code = letters == "RMB" ? std::string_view("CNY") : letters == "NTD" ? std::string_view("TWD") : letters;
  const CurrencyInfo* info = FindCurrency(code);
  if (info == nullptr) return m;
  m.code = info->code;
  m.ok = true;
  m.end = q;
  // "USD $95,500", "CAD$", "EUR €50k": a sign after the code belongs to it.
  size_t r = SkipSpaces(q, 1);
  for (const SymbolSpelling& sym : kSymbols) {
    if (sym.bytes.size() <= 3 && StartsAt(r, sym.bytes) && (sym.generic != Generic::kNone || sym.code == m.code)) {
      m.end = r + sym.bytes.size();
      break;
    }
  }
  return m;
}

CurrencyMatch Scanner::CurrencySuffixAt(size_t p) const {
  CurrencyMatch m;
  size_t q = SkipSpaces(p, 1);
  bool paren = false;
  if (At(q) == '(') {
    paren = true;
    ++q;
  } else if (StartsAt(q, "\xEF\xBC\x88")) {  // （
    paren = true;
    q += 3;
  }
  auto close = [&](size_t e) {
    if (!paren) return e;
    if (At(e) == ')') return e + 1;
    if (StartsAt(e, "\xEF\xBC\x89")) return e + 3;  // ）
    return kNpos;
  };
  if (IsUpper(At(q))) {
    size_t e = q;
    while (IsUpper(At(e)) && e - q < 4) ++e;
    if (At(e) == '$') {  // "80k - 120k CA$"
      std::string_view letters = s_.substr(q, e - q);
      for (const DollarPrefix& d : kDollarPrefixes) {
        if (d.letters == letters) {
          size_t c = close(e + 1);
          if (c == kNpos) return m;
          m.end = c;
          m.code = d.code;
          m.ok = true;
          return m;
        }
      }
    }
    if (e - q == 3 && !IsAlpha(At(e))) {
      std::string_view letters = s_.substr(q, 3);
      std::string_view code =
          letters == "RMB" ? std::string_view("CNY") : letters == "NTD" ? std::string_view("TWD") : letters;
      if (const CurrencyInfo* info = FindCurrency(code)) {
        size_t c = close(e);
        if (c != kNpos) {
          m.end = c;
          m.code = info->code;
          m.ok = true;
        }
      }
      return m;
    }
  }
  for (const SymbolSpelling& sym : kSymbols) {
    if (StartsAt(q, sym.bytes)) {
      size_t c = close(q + sym.bytes.size());
      if (c == kNpos) return m;
      m.end = c;
      m.code = sym.code;
      m.generic = sym.generic;
      m.ok = true;
      return m;
    }
  }
  if (IsAlpha(At(q))) {
    for (const SymbolSpelling& w : kSuffixWords) {
      if (StartsAtNoCase(q, w.bytes) && WordEndsAt(q + w.bytes.size())) {
        size_t c = close(q + w.bytes.size());
        if (c == kNpos) return m;
        m.end = c;
        m.code = w.code;
        m.generic = w.generic;
        m.ok = true;
        return m;
      }
    }
    return m;
  }
  if (IsCjkLead(At(q))) {
    for (const SymbolSpelling& w : kCjkSuffixes) {
      if (StartsAt(q, w.bytes)) {
        size_t c = close(q + w.bytes.size());
        if (c == kNpos) return m;
        m.end = c;
        m.code = w.code;
        m.ok = true;
        return m;
      }
    }
  }
  return m;
}

// Multiplier after the digits at p: k, m, mm, bn, million, lakh, crore, LPA, 万, w ...
// Returns the position after it (p when none).
size_t Scanner::MultiplierAt(size_t p, Side& side) const {
  size_t q = p;
  size_t sp = SpaceLen(q);
  auto set = [&](double mult, size_t end) {
    side.mult = mult;
    side.has_mult = true;
    return end;
  };
  // Attached letters (a space is allowed only before whole words and CJK units).
  for (int pass = 0; pass < 2; ++pass) {
    bool spaced = pass == 1;
    if (spaced) {
      if (sp == 0) break;
      q = p + sp;
    }
    unsigned char c = At(q);
    unsigned char c1 = At(q + 1);
    if ((c == 'k' || c == 'K') && (!IsAlpha(c1) || (IsUpper(c1) && FindCurrency(s_.substr(q + 1, 3)) != nullptr &&
                                                     !IsAlpha(At(q + 4))))) {
      if (spaced && IsAlnum(c1)) break;
      return set(1e3, q + 1);
    }
    if (StartsAtNoCase(q, "thousand") && WordEndsAt(q + 8)) return set(1e3, q + 8);
    if (StartsAtNoCase(q, "million")) {
      size_t e = q + 7;
      if (Lower(At(e)) == 's') ++e;
      if (WordEndsAt(e)) return set(1e6, e);
    }
    if (StartsAtNoCase(q, "billion")) {
      size_t e = q + 7;
      if (Lower(At(e)) == 's') ++e;
      if (WordEndsAt(e)) return set(1e9, e);
    }
    if (StartsAtNoCase(q, "lakh") || StartsAtNoCase(q, "lacs") || StartsAtNoCase(q, "lac")) {
      size_t e = q + (StartsAtNoCase(q, "lakh") || StartsAtNoCase(q, "lacs") ? 4 : 3);
      if (Lower(At(e)) == 's') ++e;
      if (WordEndsAt(e)) {
        side.mult_lakh_crore = true;
        return set(1e5, e);
      }
    }
    if (StartsAtNoCase(q, "crore")) {
      size_t e = q + 5;
      if (Lower(At(e)) == 's') ++e;
      if (WordEndsAt(e)) {
        side.mult_lakh_crore = true;
        return set(1e7, e);
      }
    }
    if (StartsAtNoCase(q, "lpa") && WordEndsAt(q + 3)) {
      side.mult_lakh_crore = true;
      side.lpa = true;
      return set(1e5, q + 3);
    }
    if (StartsAt(q, "万")) {
      side.wan = true;
      return set(1e4, q + 3);
    }
    if (StartsAt(q, "千")) return set(1e3, q + 3);
    if (spaced) break;
    // Attached-only short forms.
    if ((c == 'w' || c == 'W') && !IsAlpha(c1) && CjkNear(q, q + 1)) {
      side.wan = true;
      return set(1e4, q + 1);
    }
    // "12L", "1.2Cr" only with a rupee sign or code around ("50L" is litres; "8L - 30L" is
    // handled with the range).
    const bool inr_around = side.code == "INR" || IsRupeeAt(SkipSpaces(q + (c == 'L' ? 1 : 2), 1));
    if (c == 'L' && !IsAlpha(c1) && inr_around) {
      side.mult_lakh_crore = true;
      return set(1e5, q + 1);
    }
    if ((c == 'C' || c == 'c') && c1 == 'r' && !IsAlpha(At(q + 2)) && inr_around) {
      side.mult_lakh_crore = true;
      return set(1e7, q + 2);
    }
    if (c == 'm' || c == 'M') {
      if ((c1 == 'm' || c1 == 'M') && !IsAlpha(At(q + 2))) return set(1e6, q + 2);
      if ((c1 == 'n' || c1 == 'N') && !IsAlpha(At(q + 2))) return set(1e6, q + 2);
      if (c1 == 'i' && At(q + 2) == 'l' && !IsAlpha(At(q + 3))) return set(1e6, q + 3);
      if (!IsAlpha(c1)) return set(1e6, q + 1);
    }
    if (c == 'b' || c == 'B') {
      if ((c1 == 'n' || c1 == 'N') && !IsAlpha(At(q + 2))) return set(1e9, q + 2);
      if (!IsAlpha(c1)) return set(1e9, q + 1);
    }
    if ((c == 't' || c == 'T') && !IsAlpha(c1)) return set(1e12, q + 1);
  }
  return p;
}

// A period written at p (after optional spaces): "/yr", "per hour", "an hour", "p.a.",
// "annually", "pcm", "/月" ... Sets end.
std::optional<SalaryPeriod> Scanner::PeriodAt(size_t p, size_t& end) const {
  size_t q = SkipSpaces(p, 2);
  struct P {
    std::string_view word;
    SalaryPeriod period;
  };
  // Units after "/", "per", "a"/"an", "each": longest first.
  static constexpr P kUnits[] = {
      {"annum", SalaryPeriod::kYear}, {"year", SalaryPeriod::kYear},  {"yr", SalaryPeriod::kYear},
      {"month", SalaryPeriod::kMonth}, {"mth", SalaryPeriod::kMonth}, {"mo", SalaryPeriod::kMonth},
      {"week", SalaryPeriod::kWeek},  {"wk", SalaryPeriod::kWeek},    {"hour", SalaryPeriod::kHour},
      {"hrs", SalaryPeriod::kHour},   {"hr", SalaryPeriod::kHour},    {"day", SalaryPeriod::kDay},
  };
  static constexpr P kSlashLetters[] = {
      {"y", SalaryPeriod::kYear}, {"a", SalaryPeriod::kYear}, {"m", SalaryPeriod::kMonth},
      {"w", SalaryPeriod::kWeek}, {"d", SalaryPeriod::kDay},  {"h", SalaryPeriod::kHour},
  };
  auto unit_at = [&](size_t u, bool allow_letter) -> std::optional<SalaryPeriod> {
    for (const P& w : kUnits) {
      if (StartsAtNoCase(u, w.word)) {
        size_t e = u + w.word.size();
        if (Lower(At(e)) == 's' && w.word != "hrs") ++e;
        if (At(e) == '.' && (w.word == "yr" || w.word == "mo" || w.word == "hr" || w.word == "wk")) ++e;
        if (WordEndsAt(e)) {
          end = e;
          return w.period;
        }
      }
    }
    if (allow_letter) {
      for (const P& w : kSlashLetters) {
        if (Lower(At(u)) == w.word[0] && !IsAlnum(At(u + 1))) {
          end = u + 1;
          return w.period;
        }
      }
    }
    return std::nullopt;
  };
  unsigned char c = At(q);
  if (c == '/') {
    size_t u = SkipSpaces(q + 1, 1);
    if (auto per = unit_at(u, true)) return per;
    // "/ monthly", "/yearly" (Y Combinator's job pages: "$3K - $4.5K / monthly").
    static constexpr P kAdverbs[] = {
        {"annually", SalaryPeriod::kYear}, {"yearly", SalaryPeriod::kYear}, {"monthly", SalaryPeriod::kMonth},
        {"weekly", SalaryPeriod::kWeek},   {"daily", SalaryPeriod::kDay},   {"hourly", SalaryPeriod::kHour},
    };
    for (const P& w : kAdverbs) {
      if (StartsAtNoCase(u, w.word) && WordEndsAt(u + w.word.size())) {
        end = u + w.word.size();
        return w.period;
      }
    }
    static constexpr struct {
      std::string_view bytes;
      SalaryPeriod period;
    } kCjk[] = {{"月", SalaryPeriod::kMonth}, {"年", SalaryPeriod::kYear}, {"天", SalaryPeriod::kDay},
                {"日", SalaryPeriod::kDay},   {"小时", SalaryPeriod::kHour}, {"时", SalaryPeriod::kHour},
                {"周", SalaryPeriod::kWeek}};
    for (const auto& k : kCjk) {
      if (StartsAt(u, k.bytes)) {
        end = u + k.bytes.size();
        return k.period;
      }
    }
    return std::nullopt;
  }
  if (StartsAt(q, "每月")) { end = q + 6; return SalaryPeriod::kMonth; }
  if (StartsAt(q, "每年")) { end = q + 6; return SalaryPeriod::kYear; }
  if (!IsAlpha(c)) return std::nullopt;
  if (!WordStartsAt(q)) return std::nullopt;
  if (StartsAtNoCase(q, "per ") || StartsAtNoCase(q, "an ") || StartsAtNoCase(q, "a ") || StartsAtNoCase(q, "each ")) {
    size_t sp = q;
    while (IsAlpha(At(sp))) ++sp;
    if (StartsAtNoCase(q, "per ") && StartsAtNoCase(sp + 1, "diem")) return std::nullopt;
    if (auto per = unit_at(sp + 1, false)) return per;
    return std::nullopt;
  }
  if (StartsAtNoCase(q, "per-")) {
    if (auto per = unit_at(q + 4, false)) return per;
  }
  static constexpr P kWords[] = {
      {"p.a.", SalaryPeriod::kYear},      {"p.a", SalaryPeriod::kYear},      {"p/a", SalaryPeriod::kYear},
      {"pa", SalaryPeriod::kYear},        {"annually", SalaryPeriod::kYear}, {"annual", SalaryPeriod::kYear},
      {"yearly", SalaryPeriod::kYear},    {"pcm", SalaryPeriod::kMonth},     {"monthly", SalaryPeriod::kMonth},
      {"pm", SalaryPeriod::kMonth},       {"weekly", SalaryPeriod::kWeek},   {"pw", SalaryPeriod::kWeek},
      {"p/w", SalaryPeriod::kWeek},       {"daily", SalaryPeriod::kDay},     {"p/d", SalaryPeriod::kDay},
      {"pd", SalaryPeriod::kDay},         {"hourly", SalaryPeriod::kHour},   {"p/h", SalaryPeriod::kHour},
      {"ph", SalaryPeriod::kHour},        {"hr", SalaryPeriod::kHour},       {"hrs", SalaryPeriod::kHour},
  };
  for (const P& w : kWords) {
    if (StartsAtNoCase(q, w.word)) {
      size_t e = q + w.word.size();
      if (w.word.back() == '.' || !IsAlpha(At(e))) {
        if (w.word == "pm" && At(e) == '.') return std::nullopt;  // "5 p.m." is a time
        end = e;
        return w.period;
      }
    }
  }
  return std::nullopt;
}

// Chinese/Japanese payments per year after a monthly figure: "·16薪", "*16", "×13薪",
// " 13薪", "，15薪", "*18月". Returns 0 when none.
int Scanner::PaymentsAt(size_t p, size_t& end) const {
  size_t q = p;
  for (int k = 0; k < 4; ++k) {
    size_t l = SpaceLen(q);
    if (l) { q += l; continue; }
    if (At(q) == ',' || At(q) == '(') { ++q; continue; }
    if (StartsAt(q, "，") || StartsAt(q, "、") || StartsAt(q, "（")) { q += 3; continue; }
    break;
  }
  bool marker = false;
  if (At(q) == '*' || At(q) == 'x' || At(q) == 'X') { ++q; marker = true; }
  else if (StartsAt(q, "\xC2\xB7") || StartsAt(q, "\xC3\x97")) { q += 2; marker = true; }      // · ×
  else if (StartsAt(q, "\xE3\x83\xBB") || StartsAt(q, "\xE2\x80\xA2")) { q += 3; marker = true; }  // ・ •
  q = SkipSpaces(q, 1);
  if (!IsDigit(At(q))) return 0;
  size_t d = q;
  int n = 0;
  while (IsDigit(At(d)) && d - q < 3) n = n * 10 + (At(d++) - '0');
  if (IsDigit(At(d))) return 0;
  double frac = 0;
  if (At(d) == '.' && IsDigit(At(d + 1))) {
    frac = (At(d + 1) - '0') / 10.0;
    d += 2;
  }
  size_t e = SkipSpaces(d, 1);
  bool xin = StartsAt(e, "薪");
  bool yue = StartsAt(e, "月") || StartsAt(e, "个月");
  if (!(xin || (marker && (yue || !IsAlnum(At(e)))))) return 0;
  if (n < 12 || n > 24) return 0;
  end = xin ? e + 3 : (StartsAt(e, "个月") ? e + 6 : (yue ? e + 3 : d));
  return static_cast<int>(std::lround(n + frac));
}

// A range connector at p: - – — ~ ～ 至 "to" "bis" ("and" after "between"). Returns the
// position after it and the spaces that follow, or kNpos.
size_t Scanner::ConnectorAt(size_t p, bool between) const {
  size_t q = SkipSpaces(p, 3);
  size_t e = kNpos;
  unsigned char c = At(q);
  if (c == '-' || c == '~') {
    e = q + 1;
    while (At(e) == '-') ++e;
  } else if (StartsAt(q, "\xE2\x80\x93") || StartsAt(q, "\xE2\x80\x94") || StartsAt(q, "\xE2\x88\x92") ||
             StartsAt(q, "\xEF\xBD\x9E") || StartsAt(q, "\xE3\x80\x9C") || StartsAt(q, "至")) {
    e = q + 3;
    while (StartsAt(e, "\xE2\x80\x94") || StartsAt(e, "\xE2\x80\x93")) e += 3;  // ——
  } else if (StartsAtNoCase(q, "to") && !IsAlpha(At(q + 2)) && q > p) {
    e = q + 2;
  } else if (StartsAtNoCase(q, "bis") && !IsAlpha(At(q + 3)) && q > p) {
    e = q + 3;
  } else if (between && StartsAtNoCase(q, "and") && !IsAlpha(At(q + 3)) && q > p) {
    e = q + 3;
  } else if (StartsAtNoCase(q, "through") && !IsAlpha(At(q + 7)) && q > p) {
    e = q + 7;
  }
  if (e == kNpos) return kNpos;
  return SkipSpaces(e, 3);
}

// "$50, 000 - $65, 000", "$ 55, 000", "$1, 500 per month": a thousands comma typed with a
// space after it. Only after a currency sign (the caller checks), for 1-3 plain digits and one
// 3-digit group that ends the number and no list ("$100, 200, 500", "$100, 200 or 300").
// Source: every "<sign> d, ddd" in the shared HN and Ashby data is a thousands group (held-out
// round 4, ashby brainly).
void Scanner::SpacedThousandsGroup(Side& side) const {
  const size_t b = side.num_begin, e = side.num_end;
  if (e - b > 3) return;
  for (size_t k = b; k < e; ++k) {
    if (!IsDigit(At(k))) return;
  }
  if (At(e) != ',' || At(e + 1) != ' ' || !IsDigit(At(e + 2)) || !IsDigit(At(e + 3)) || !IsDigit(At(e + 4))) return;
  const size_t g = e + 5;
  if (IsDigit(At(g)) || At(g) == ',' || (At(g) == '.' && IsDigit(At(g + 1)))) return;
  const size_t w = SkipSpaces(g, 1);
  if ((StartsAtNoCase(w, "or") && !IsAlpha(At(w + 2))) || (StartsAtNoCase(w, "and") && !IsAlpha(At(w + 3)))) return;
  side.value = side.value * 1000 + (At(e + 2) - '0') * 100 + (At(e + 3) - '0') * 10 + (At(e + 4) - '0');
  side.num_end = g;
}

// One side of a range at p: [currency] digits [multiplier] [currency] [period].
bool Scanner::ParseSide(size_t p, bool first, Side& side) const {
  side = Side{};
  side.begin = p;
  size_t q = p;
  CurrencyMatch pre = CurrencyPrefixAt(q);
  if (pre.ok && first && q > 0) {
    // "$" inside a URL or an identifier ("/inst/15$392530", "a$b").
    unsigned char b = At(q - 1);
    if (IsDigit(b) || b == '=' || b == '_' || (IsLower(b) && At(q) == '$')) return false;
  }
  if (pre.ok) {
    side.code = pre.code;
    side.generic = pre.generic;
    side.has_currency = true;
    q = SkipSpaces(pre.end, 1);
  }
  if (!IsDigit(At(q))) return false;
  if (first && !pre.ok && q > 0) {
    // A number glued to a word or an identifier ("H1B", "C1507B65C3", "v2.5", "#1") is not
    // an amount.
    unsigned char b = At(q - 1);
    if ((IsAlnum(b) && !PayWordEndsAt(q)) || b == '/' || b == '=' || b == '_' || b == '#' || b == '@' || b == '&' ||
        b == '?' || (b == '.' && q > 1 && IsAlnum(At(q - 2)))) {
      return false;
    }
  }
  side.num_begin = q;
  if (!ParseNumber(q, side.value, side.num_end)) return false;
  if (pre.ok) SpacedThousandsGroup(side);
  q = side.num_end;
  if (At(q) == '%' || StartsAt(SkipSpaces(q, 1), "%")) return false;
  // 401(k), 403(b), 457(b): retirement plans.
  if ((side.value == 401 || side.value == 403 || side.value == 457) && q - side.num_begin == 3 &&
      (Lower(At(q)) == 'k' || Lower(At(q)) == 'b' || At(q) == '(')) {
    return false;
  }
  q = MultiplierAt(q, side);
  if (side.has_mult && side.mult == 1e3 && side.value >= 1000) side.mult = 1;  // "$110,000k" is a typo
  if (At(q) == '/' && At(q + 1) == '-') q += 2;  // "₹38,500/-": Indian notation for "only"
  side.big = side.mult >= 1e6 && !side.mult_lakh_crore;
  if (!pre.ok || pre.generic != Generic::kNone) {
    CurrencyMatch suf = CurrencySuffixAt(q);
    if (suf.ok) {
      // A written code beats a generic sign ("$100k CAD").
      if (!pre.ok || suf.generic == Generic::kNone) {
        side.code = suf.code;
        side.generic = suf.generic;
      }
      side.has_currency = true;
      q = suf.end;
      if (!side.has_mult) q = MultiplierAt(q, side);  // "K元" is handled above; "元" then nothing
    }
  }
  size_t pe = q;
  if (auto per = PeriodAt(q, pe)) {
    side.period = per;
    q = pe;
    // "USD$167,000 per year", "$100k USD/yr": a code may follow the period too.
  }
  // "150k+" (attached) is "or more"; in "200k+ equity" the figure is the equity's.
  // "£28k+pa": a period word glued after the "+" still leaves it "or more".
  // "$200K + | https://...": a detached "+" that ends the header field (only spaces, then
  // "|", a line break or the end) is "or more" too; "$120k + equity" is not.
  size_t pe_plus = 0;
  if (At(q) == '+' && (!IsAlnum(At(q + 1)) || (PeriodAt(q + 1, pe_plus) && pe_plus - (q + 1) <= 4))) {
    side.plus = true;
    side.plus_end = q + 1;
  } else if (At(q) == ' ' && At(q + 1) == '+') {
    size_t r = q + 2;
    while (At(r) == ' ') ++r;
    if (r >= s_.size() || At(r) == '|' || At(r) == '\n') {
      side.plus = true;
      side.plus_end = q + 2;
    }
  }
  side.end = q;
  return true;
}

// Parses the expression whose first side starts at `start`.
bool Scanner::ParseExpression(size_t start, Mention& m) const {
  Side a;
  if (!ParseSide(start, true, a)) return false;
  m = Mention{};
  m.begin = start;
  // "between X and Y": look at the word before.
  bool between = false;
  {
    size_t b = start;
    while (b > 0 && (At(b - 1) == ' ' || At(b - 1) == ':')) --b;
    if (b >= 7 && StartsAtNoCase(b - 7, "between")) between = true;
  }
  Side b;
  bool range = false;
  size_t after_a = a.end;
  if (!a.plus) {
    size_t c = ConnectorAt(after_a, between);
    if (c == kNpos && a.end == a.num_end && At(a.end) == 'L' && !IsAlpha(At(a.end + 1))) {
      c = ConnectorAt(a.end + 1, between);  // "8L - 30L"
    }
    // "$170,700 (min) — $213,400 (mid) — $256,100 (max)": a band written with its midpoint.
    size_t annot = SkipSpaces(after_a, 1);
    if (c == kNpos && StartsAtNoCase(annot, "(min)")) c = ConnectorAt(annot + 5, between);
    if (c != kNpos && At(c) != '\n' && ParseSide(c, false, b)) range = true;
    annot = range ? SkipSpaces(b.end, 1) : kNpos;
    if (range && StartsAtNoCase(annot, "(mid)")) {
      Side top;
      size_t c2 = ConnectorAt(annot + 5, false);
      if (c2 != kNpos && ParseSide(c2, false, top) && StartsAtNoCase(SkipSpaces(top.end, 1), "(max)")) {
        b = top;
        b.end = SkipSpaces(top.end, 1) + 5;
      }
    }
  }
  // "8L - 30L": lakhs on both sides of a range need no rupee sign.
  if (range && !a.has_mult && !b.has_mult && At(a.num_end) == 'L' && !IsAlpha(At(a.num_end + 1)) &&
      At(b.num_end) == 'L' && !IsAlpha(At(b.num_end + 1)) && b.end == b.num_end) {
    for (Side* x : {&a, &b}) {
      x->mult = 1e5;
      x->has_mult = true;
      x->mult_lakh_crore = true;
    }
    b.end = b.num_end + 1;
  }
  // "₹40–60L", "Rs 12-18 Cr": the rupee written before the first side makes the second side's
  // "L"/"Cr" lakh/crore (MultiplierAt reads them only with a rupee around, as "50L" is litres);
  // the one-side rule below then scales the first side too (gantryops HN 2026-02, Jurisphere).
  if (range && a.code == "INR" && !a.has_mult && !b.has_mult && b.end == b.num_end) {
    const bool lakh = At(b.num_end) == 'L' && !IsAlpha(At(b.num_end + 1));
    const bool crore = (At(b.num_end) == 'C' || At(b.num_end) == 'c') && At(b.num_end + 1) == 'r' &&
                       !IsAlpha(At(b.num_end + 2));
    if (lakh || crore) {
      b.mult = lakh ? 1e5 : 1e7;
      b.has_mult = true;
      b.mult_lakh_crore = true;
      b.end = b.num_end + (lakh ? 1 : 2);
    }
  }
  // "$154-190,000": the thousands written on the second side only, as "$120-150k" writes the
  // "k" once (gantryops HN 2026-04, b.well). Only for a first side of 2-3 plain digits whose
  // thousand lies below the second side's, itself a whole number of thousands written with a
  // separator.
  if (range && !a.has_mult && !b.has_mult && a.value >= 10 && a.value < 1000 && std::floor(a.value) == a.value &&
      b.value >= 10000 && std::fmod(b.value, 1000) == 0 && a.value * 1000 < b.value && b.value <= a.value * 10000 &&
      b.num_end - b.num_begin >= 4 && (At(b.num_end - 4) == ',' || At(b.num_end - 4) == '.')) {
    a.value *= 1000;
  }
  size_t end = range ? b.end : a.end;
  bool plus = range ? b.plus : a.plus;
  if (plus) end = range ? b.plus_end : a.plus_end;
  // Multiplier on one side only applies to the other side when it is written small
  // ("$120-150k", "€45K-€70", "12-18 LPA").
  if (range) {
    if (a.has_mult && !b.has_mult && b.value < 1000) {
      b.mult = a.mult;
      b.has_mult = true;
      b.wan = a.wan;
    } else if (b.has_mult && !a.has_mult && a.value < 1000) {
      a.mult = b.mult;
      a.has_mult = true;
      a.wan = b.wan;
      a.lpa = b.lpa;
      a.mult_lakh_crore = b.mult_lakh_crore;
    }
  }
  // Currency: a written code beats a generic sign; the second side's suffix applies to both.
  const Side* cur = &a;
  if (range && b.has_currency && (!a.has_currency || (a.generic != Generic::kNone && b.generic == Generic::kNone))) cur = &b;
  m.has_currency = cur->has_currency;
  m.code = cur->code;
  m.generic = cur->generic;
  m.implied_inr = a.mult_lakh_crore || (range && b.mult_lakh_crore);
  m.lpa = a.lpa || (range && b.lpa);
  m.has_mult = a.has_mult || (range && b.has_mult);
  m.wan = a.wan || (range && b.wan);
  m.big = a.big || (range && b.big);
  // Period: on either side, else after the whole expression.
  m.period = a.period ? a.period : (range ? b.period : std::nullopt);
  if (!m.period) {
    size_t pe = end;
    if (auto per = PeriodAt(end, pe)) {
      m.period = per;
      end = pe;
    }
  }
  if (!m.period && (a.lpa || (range && b.lpa))) m.period = SalaryPeriod::kYear;
  m.period_explicit = m.period.has_value();
  // Currency written after the period ("$100k/yr USD").
  if (!m.has_currency || m.generic != Generic::kNone) {
    CurrencyMatch suf = CurrencySuffixAt(end);
    if (suf.ok && suf.generic == Generic::kNone) {
      m.code = suf.code;
      m.generic = Generic::kNone;
      m.has_currency = true;
      end = suf.end;
    }
  }
  m.is_range = range;
  m.lo = a.value * a.mult;
  m.hi = range ? b.value * b.mult : a.value * a.mult;
  m.open_high = plus && !range;
  // "or more", "and up", "以上", "起".
  {
    size_t q = SkipSpaces(end, 1);
    if (!range && (StartsAtNoCase(q, "or more") || StartsAtNoCase(q, "and up") || StartsAtNoCase(q, "and above") ||
                   StartsAtNoCase(q, "or higher") || StartsAt(q, "以上") || StartsAt(q, "起"))) {
      m.open_high = true;
    }
  }
  m.cjk = CjkNear(start, end);
  if (m.cjk) {
    size_t pe = end;
    int n = PaymentsAt(end, pe);
    if (n > 0) {
      m.payments = n;
      end = pe;
    }
  }
  m.end = end;
  return true;
}

// The start of the number containing the digit at `seed`.
size_t Scanner::NumberStartFromSeed(size_t seed) const {
  size_t p = seed;
  while (p > 0) {
    unsigned char c = At(p - 1);
    if (IsDigit(c)) {
      --p;
    } else if ((c == ',' || c == '.' || c == '\'') && p >= 2 && IsDigit(At(p - 2))) {
      --p;
    } else {
      break;
    }
  }
  return p;
}

// Where the expression whose number starts at num_begin begins: a currency written before
// it, or the first side of a range it closes ("120 - 150k" seen from "150k").
// The start of a currency written right before the number at p ("$", "US$", "USD ",
// "€ ", "人民币"), or p when there is none.
size_t Scanner::CurrencyPrefixBefore(size_t p) const {
  size_t e = p;
  if (e >= 1 && At(e - 1) == ' ') {
    --e;
  } else if (e >= 2 && At(e - 2) == 0xC2 && At(e - 1) == 0xA0) {
    e -= 2;
  }
  if (e == 0) return p;
  const unsigned char last = At(e - 1);
  size_t cands[4];
  size_t nc = 0;
  if (last == '$') {
    size_t ls = e - 1;
    while (ls > 0 && e - 1 - ls < 3 && IsUpper(At(ls - 1))) --ls;
    // "USD $60,000": a code, one space, then the sign (CurrencyPrefixAt reads both).
    if (ls == e - 1 && ls >= 4 && At(ls - 1) == ' ' && IsUpper(At(ls - 2)) && IsUpper(At(ls - 3)) &&
        IsUpper(At(ls - 4))) {
      cands[nc++] = ls - 4;
    }
    cands[nc++] = ls;  // "US$", "CA$"
    if (ls != e - 1) cands[nc++] = e - 1;
  } else if (IsUpper(last) || last == '.' || last == 's') {
    if (e >= 3) cands[nc++] = e - 3;  // "USD", "Rs."
    if (e >= 2) cands[nc++] = e - 2;  // "RM", "Rs"
  } else if (last >= 0x80) {
    if (e >= 2) cands[nc++] = e - 2;  // £ ¥
    if (e >= 3) cands[nc++] = e - 3;  // € ₹ ￥
    if (e >= 9) cands[nc++] = e - 9;  // 人民币
  }
  for (size_t k = 0; k < nc; ++k) {
    CurrencyMatch pre = CurrencyPrefixAt(cands[k]);
    if (pre.ok && (pre.end == p || SkipSpaces(pre.end, 1) == p)) return cands[k];
  }
  return p;
}

size_t Scanner::ExpressionStartBefore(size_t num_begin) const {
  size_t start = CurrencyPrefixBefore(num_begin);
  // A range's first side: digits [mult] [currency] [period] connector — within 40 bytes.
  size_t lo = start > 40 ? start - 40 : 0;
  for (size_t d = start; d > lo; --d) {
    if (At(d - 1) == '\n') break;
    if (!IsDigit(At(d - 1))) continue;
    size_t ns = NumberStartFromSeed(d - 1);
    size_t cand = CurrencyPrefixBefore(ns);
    Side a;
    if (ParseSide(cand, true, a) && !a.plus) {
      size_t c = ConnectorAt(a.end, true);
      if (c == start) return cand;
    }
    break;  // only the nearest number to the left is a candidate
  }
  return start;
}

// Start of the clause that contains p: back to a sentence end, '|', ';', a bullet, or a
// line start. A figure alone on its line (after a bullet) also sees the heading line above
// it ("Salary range:\n\n€60k – €100k").
size_t Scanner::ClauseStart(size_t p) const {
  size_t lo = p > 160 ? p - 160 : 0;
  size_t i = p;
  while (i > lo) {
    unsigned char c = At(i - 1);
    if (c == '\n') {
      // Only bullet/space between the line start and p: extend to the previous non-empty line.
      bool only_lead = true;
      for (size_t k = i; k < p; ++k) {
        unsigned char d = At(k);
        if (!(d == ' ' || d == '-' || d == '*' || d == '\t' || d == 0xE2 || d == 0x80 || d == 0xA2 || d == '>' ||
              d == '#' || d == 0xF0 || d == 0x9F || (d >= 0x80 && d <= 0xBF))) {
          only_lead = false;
          break;
        }
      }
      if (!only_lead) return i;
      size_t j = i - 1;
      while (j > lo && (At(j - 1) == '\n' || At(j - 1) == ' ' || At(j - 1) == '\r')) --j;
      size_t line_end = j;
      size_t k = j;
      while (k > lo && At(k - 1) != '\n') --k;
      if (line_end - k > 80) return i;  // a paragraph, not a heading
      return k;
    }
    if (c == '|' || c == ';' || c == '!' || c == '?') return i;
    if (c == '.' && (At(i) == ' ' || At(i) == '\n') && i >= 2 && IsAlpha(At(i - 2)) &&
        !(i >= 4 && At(i - 3) == '.' )) {
      // Sentence end ("... funding. Salary"), not "p.a." or a decimal.
      return i;
    }
    if (c == 0xA2 && i >= 3 && At(i - 2) == 0x80 && At(i - 3) == 0xE2) return i;  // •
    if (c == 0x82 && i >= 3 && At(i - 2) == 0x80 && At(i - 3) == 0xE3) return i;  // 。
    if (c == 0x9B && i >= 3 && At(i - 2) == 0xBC && At(i - 3) == 0xEF) return i;  // ；
    --i;
  }
  return i;
}

// True when m fills a field of an HN header line ("Acme | Engineer | SF | $120k-$150k").
bool Scanner::InHeaderField(const Mention& m) const {
  // The field around the figure, within its line (bounded: HN texts without <p> are one
  // long line). A header line has at least two '|'.
  const size_t lo = m.begin > 300 ? m.begin - 300 : 0;
  const size_t hi = std::min(s_.size(), m.end + 300);
  auto find_right = [&](size_t from, char c) {
    const void* p = from < hi ? std::memchr(s_.data() + from, c, hi - from) : nullptr;
    return p ? static_cast<size_t>(static_cast<const char*>(p) - s_.data()) : hi;
  };
  auto find_left = [&](size_t to, char c) {  // position after the last c in [lo, to), or lo
    const void* p = to > lo ? memrchr(s_.data() + lo, c, to - lo) : nullptr;
    return p ? static_cast<size_t>(static_cast<const char*>(p) - s_.data()) + 1 : lo;
  };
  size_t fs = std::max(find_left(m.begin, '|'), find_left(m.begin, '\n'));
  size_t fe = std::min(find_right(m.end, '|'), find_right(m.end, '\n'));
  const bool pipe_left = fs > 0 && At(fs - 1) == '|';
  const bool pipe_right = fe < s_.size() && At(fe) == '|';
  if (!pipe_left && !pipe_right) return false;
  if (!(pipe_left && pipe_right)) {
    // One more '|' on the same line, on the side that has one.
    bool second = false;
    if (pipe_left) {
      for (size_t i = fs - 1; i > lo && At(i - 1) != '\n'; --i) {
        if (At(i - 1) == '|') {
          second = true;
          break;
        }
      }
    } else {
      for (size_t i = fe + 1; i < hi && At(i) != '\n'; ++i) {
        if (At(i) == '|') {
          second = true;
          break;
        }
      }
    }
    if (!second) return false;
  }
  // Before the figure in its field: at most a label ("Salary:", "Comp", "SALARY").
  int words = 0;
  for (size_t i = fs; i < m.begin; ++i) {
    if (IsAlpha(At(i)) && (i == fs || !IsAlnum(At(i - 1)))) ++words;
  }
  size_t rest = SkipSpaces(m.end, 2);
  return words <= 2 && (fe - m.end <= 48 || StartsAtNoCase(rest, "http") || StartsAtNoCase(rest, "www"));
}

struct WordRef {
  size_t pos;
  size_t end;
  uint32_t flags;
};

void Scanner::Classify(Mention& m) const {
  // ---- Left: the words of the clause before the figure (the last 40).
  const size_t cs = ClauseStart(m.begin);
  WordRef words[40];
  size_t nw = 0;
  auto push = [&](size_t pos, size_t end, uint32_t flags) {
    if (nw == 40) {
      std::memmove(words, words + 1, sizeof(WordRef) * 39);
      nw = 39;
    }
    words[nw++] = WordRef{pos, end, flags};
  };
  {
    char buf[24];
    size_t i = cs;
    while (i < m.begin) {
      unsigned char c = At(i);
      if ((c == 'h' || c == 'w') && (StartsAt(i, "http") || StartsAt(i, "www.")) && (i == cs || !IsAlnum(At(i - 1)))) {
        while (i < m.begin && At(i) != ' ' && At(i) != '\n' && At(i) != '(') ++i;  // a link says nothing
        continue;
      }
      if (IsAlnum(c)) {
        size_t b = i;
        size_t len = 0;
        bool alpha_start = IsAlpha(c);
        while (i < m.begin && IsAlnum(At(i))) {
          if (len < sizeof(buf)) buf[len] = Lower(At(i));
          ++len;
          ++i;
        }
        uint32_t f = 0;
        if ((alpha_start || (len == 4 && buf[0] == '4')) && len <= sizeof(buf)) f = LookupWord(std::string_view(buf, len));
        push(b, i, f);
        continue;
      }
      if (IsCjkLead(c)) {
        uint32_t f = 0;
        size_t best_len = 0;
        for (const Keyword& k : kCjkKeywords) {
          if (k.word.size() > best_len && StartsAt(i, k.word)) {
            f = k.flags;
            best_len = k.word.size();
          }
        }
        if (best_len > 0) {
          push(i, i + best_len, f);
          i += best_len;
          continue;
        }
      }
      ++i;
    }
  }
  // True when only list glue ("&", "+", ",", "/", "and") separates words[w-1] and words[w]:
  // "COMPENSATION & EQUITY", "Salary + Equity + Benefits".
  auto glued_to_previous = [&](size_t w) {
    if (w == 0) return false;
    for (size_t k = words[w - 1].end; k < words[w].pos; ++k) {
      unsigned char c = At(k);
      if (!(c == ' ' || c == '&' || c == '+' || c == ',' || c == '/')) return false;
    }
    return true;
  };
  auto is_total_word = [&](size_t w) {
    const uint32_t f = words[w].flags;
    if (f & kWTotal) return true;
    // "total compensation", "on target earnings", "target cash".
    if ((f & kWCompNoun) && w > 0 &&
        (StartsAtNoCase(words[w - 1].pos, "total") || (words[w - 1].flags & kWTarget))) {
      return true;
    }
    return (f & kWTarget) && w > 0 && words[w - 1].end - words[w - 1].pos == 2 && StartsAtNoCase(words[w - 1].pos, "on");
  };
  // A figure written with an hourly or daily period is a rate of pay: a noun that would
  // make a bare figure an amount of something else ("$2M contract", "contract of $2M") only
  // names the engagement ("a CAD $40/hour contract rate", "a contract at $40/hour"; held-out
  // round 6, ashby cohere). No contract value, count or price in the data is per hour or day.
  const bool wage_period = m.period_explicit && m.period &&
                           (*m.period == SalaryPeriod::kHour || *m.period == SalaryPeriod::kDay);
  int prose_words = 0;
  for (size_t w = 0; w < nw; ++w) {
    // Prose words in lower case or Capitalized; "IT" or "THE" in a header are not prose.
    if ((words[w].flags & kWProse) && !(words[w].end - words[w].pos > 1 && IsUpper(At(words[w].pos + 1)))) ++prose_words;
  }
  // The nearest word that says what the figure is decides; an exclusion listed next to a
  // pay word ("Compensation & Equity:") does not.
  Kind left_kind = Kind::kBase;
  bool left_decided = false;
  bool left_salary = false;
  bool left_imply_k = false;
  std::optional<SalaryPeriod> left_period;
  bool up_to = false, from = false;
  // "We are offering $150K-$175K", "we pay $120k": a pay verb right before the figure.
  for (size_t w = nw > 3 ? nw - 3 : 0; w < nw; ++w) {  // "offering up to $210K"
    if (words[w].flags & kWPayVerb) left_salary = true;
  }
  for (size_t w = nw; w-- > 0;) {
    const uint32_t f = words[w].flags;
    const bool total = is_total_word(w);
    // "sales of £407,000", "market of $2T": a noun that is not pay, right before the figure.
    if (!left_decided && (f & kWExclRight) && !wage_period) {
      bool near = true;
      for (size_t v = w + 1; v < nw; ++v) {
        if (!(words[v].flags & kWFiller)) {
          near = false;
          break;
        }
      }
      // "Junior developers (30-60k CAD)", "Sales (£40k base)": a figure in parentheses right
      // after the noun annotates a role of a list, it is not an amount of that noun.
      bool annotates = false;
      if (w + 1 == nw) {
        size_t k = m.begin;
        while (k > words[w].end && (At(k - 1) == ' ' || At(k - 1) == '~')) --k;
        annotates = k > words[w].end && At(k - 1) == '(';
      }
      if (near && nw - w <= 3 && !annotates) {
        left_kind = Kind::kExcluded;
        left_decided = true;
      }
    }
    if (!left_decided) {
      if (total) {
        left_kind = Kind::kTotal;
        left_decided = true;
      } else if ((f & kWExcl) && w + 1 == nw && ConjunctionOnlyBetween(words[w].end, m.begin)) {
        // "equity and $90k-180k": the excluded thing is another item of a list.
      } else if (f & kWExcl) {
        size_t v = w;
        while (v > 0 && glued_to_previous(v) && (words[v - 1].flags & kWExcl) && !(words[v - 1].flags & kWBase)) --v;
        if (v > 0 && (glued_to_previous(v) || StartsAtNoCase(words[v - 1].pos, "and")) &&
            (words[v - 1].flags & kWBase)) {
          left_kind = Kind::kBase;
        } else if (v > 1 && StartsAtNoCase(words[v - 1].pos, "and") && words[v - 1].end - words[v - 1].pos == 3 &&
                   (words[v - 2].flags & kWBase)) {
          left_kind = Kind::kBase;
        } else {
          left_kind = Kind::kExcluded;
        }
        left_decided = true;
      } else if (f & kWBase) {
        left_kind = Kind::kBase;
        left_decided = true;
      }
    }
    if (f & (kWBase | kWEvidence | kWTotal)) left_salary = true;
    if (f & kWImplyK) left_imply_k = true;
    if (!left_period) {
      if (f & kWYear) left_period = SalaryPeriod::kYear;
      else if (f & kWMonth) left_period = SalaryPeriod::kMonth;
      else if (f & kWWeek) left_period = SalaryPeriod::kWeek;
      else if (f & kWDay) left_period = SalaryPeriod::kDay;
      else if (f & kWHour) left_period = SalaryPeriod::kHour;
      // "day rate".
      else if (w > 0 && StartsAtNoCase(words[w].pos, "rate") && StartsAtNoCase(words[w - 1].pos, "day") &&
               words[w - 1].end - words[w - 1].pos == 3) {
        left_period = SalaryPeriod::kDay;
      }
    }
    if (f & kWEstimate) m.is_estimate = true;
    if (w + 3 >= nw) {  // modifiers right before the figure
      if (f & kWUpTo) up_to = true;
      if (f & kWFrom) from = true;
      if (StartsAtNoCase(words[w].pos, "up to") || StartsAtNoCase(words[w].pos, "up-to")) up_to = true;
      if (StartsAtNoCase(words[w].pos, "less than") || StartsAtNoCase(words[w].pos, "under ")) up_to = true;
      // "Salary to €74,000": "to" right after a pay noun, with no lower figure, is a cap.
      if (w + 1 == nw && w > 0 && words[w].end - words[w].pos == 2 && StartsAtNoCase(words[w].pos, "to") &&
          (words[w - 1].flags & kWBase) && !m.is_range) {
        up_to = true;
      }
    }
  }
  // ---- Right: the noun phrase attached to the figure ("$10M in funding", "$500 stipend",
  // "$160k OTE", "$150k base"). A conjunction first ("+ equity", "and") attaches nothing.
  Kind right_kind = Kind::kBase;
  bool right_decided = false;
  bool right_salary = false;
  bool right_unknown_first = false;  // the first attached word says nothing about pay
  bool right_imply_k = false;
  bool right_addon_first = false;  // "equity", "benefits" right after the figure
  bool right_attached = false;
  {
    size_t i = m.end;
    int nwords = 0;
    bool prev_per = false;
    uint32_t prev_flags = 0;
    size_t prev_pos = kNpos, prev_end = kNpos;
    char buf[24];
    while (i < s_.size() && nwords < 6) {
      unsigned char c = At(i);
      if (c == '&' && nwords == 0) break;  // "$150k & equity"
      if (c == ' ' || c == '\t' || c == '&' || c == '-' || c == '"' || c == '\'' || (c == 0xC2 && At(i + 1) == 0xA0)) {
        i += (c == 0xC2) ? 2 : 1;
        continue;
      }
      if (IsAlpha(c)) {
        size_t len = 0;
        size_t b = i;
        while (IsAlnum(At(i))) {
          if (len < sizeof(buf)) buf[len] = Lower(At(i));
          ++len;
          ++i;
        }
        // A label that starts the next item ("Perks: ..."), a link: not attached.
        if (At(i) == ':' || (len >= 4 && (StartsAtNoCase(b, "http") || StartsAtNoCase(b, "www")))) break;
        if (nwords == 0 && len == 1 && Lower(At(b)) == 'w' && At(i) == '/') break;  // "w/ equity" 
        uint32_t f = len <= sizeof(buf) ? LookupWord(std::string_view(buf, len)) : 0;
        if (f & kWConj) break;  // "... along with equity": what follows is another item
        right_attached = true;
        ++nwords;
        if (prev_per && (f & kWPriceUnit)) {  // "$10 per user"
          right_kind = Kind::kExcluded;
          right_decided = true;
          break;
        }
        prev_per = (f & kWPer) != 0;
        bool total = (f & kWTotal) != 0;
        if ((f & kWCompNoun) && prev_pos != kNpos && (StartsAtNoCase(prev_pos, "total") || (prev_flags & kWTarget))) {
          total = true;
        }
        if ((f & kWTarget) && prev_pos != kNpos && prev_end - prev_pos == 2 && StartsAtNoCase(prev_pos, "on")) {
          total = true;
        }
        if (f & kWEstimate) m.is_estimate = true;
        if (nwords == 1 && (f & ~(kWProse | kWFiller | kWPayVerb | kWStop)) == 0 && !(f & kWStop)) {
          right_unknown_first = true;
        }
        if (nwords == 1 && AddOnAfter(b)) right_addon_first = true;
        if (!right_decided) {
          if (total) {
            right_kind = Kind::kTotal;
            right_decided = true;
            right_salary = true;
          } else if ((f & kWExcl) || ((f & kWExclRight) && !wage_period)) {
            right_kind = Kind::kExcluded;
            right_decided = true;
          } else if (f & kWBase) {
            right_salary = true;
            right_decided = true;
          }
        }
        if ((f & (kWBase | kWEvidence)) && nwords <= 2) right_salary = true;
        if ((f & kWImplyK) && nwords <= 2) right_imply_k = true;
        prev_flags = f;
        prev_pos = b;
        prev_end = i;
        continue;
      }
      if (IsCjkLead(c)) {
        // The CJK noun phrase after the figure (up to five characters: "租房补贴", "体检报销").
        size_t lim = i;
        for (int k = 0; k < 5 && IsCjkLead(At(lim)); ++k) lim += 3;
        for (size_t j = i; j < lim && !right_decided; j += 3) {
          for (const Keyword& k : kCjkKeywords) {
            if (j + k.word.size() <= lim && StartsAt(j, k.word)) {
              if (k.flags & (kWExcl | kWExclRight)) {
                right_kind = Kind::kExcluded;
                right_decided = true;
              } else if (k.flags & kWBase) {
                right_salary = true;
              }
              break;
            }
          }
        }
        break;
      }
      break;  // punctuation, digits, "+": the clause ends
    }
  }
  // "+ equity", "plus bonus", "with revenue share", "& benefits" right after the figure: pay
  // and its add-ons.
  bool addon_evidence = false;
  {
    size_t i = SkipSpaces(m.end, 2);
    bool conj = false;
    if (At(i) == '+' || At(i) == '&' || At(i) == ',') {
      conj = true;
      ++i;
    } else if ((StartsAtNoCase(i, "and") || StartsAtNoCase(i, "with")) && !IsAlpha(At(i + (Lower(At(i)) == 'a' ? 3 : 4)))) {
      conj = true;
      i += Lower(At(i)) == 'a' ? 3 : 4;
    } else if (StartsAtNoCase(i, "plus") && !IsAlpha(At(i + 4))) {
      conj = true;
      i += 4;
    } else if (StartsAtNoCase(i, "w/")) {
      conj = true;
      i += 2;
    }
    if (conj) {
      i = SkipSpaces(i, 2);
      for (int k = 0; k < 2 && IsAlpha(At(i)); ++k) {
        if (AddOnAfter(i) || StartsAtNoCase(i, "bonus") || StartsAtNoCase(i, "commission") ||
            StartsAtNoCase(i, "revenue") || StartsAtNoCase(i, "profit") || StartsAtNoCase(i, "equity")) {
          addon_evidence = true;
          break;
        }
        while (IsAlpha(At(i))) ++i;
        i = SkipSpaces(i, 1);
      }
    }
  }
  // "(Glassdoor est.)", "(Employer est.)" right after the figure.
  {
    size_t lim = std::min(s_.size(), m.end + 32);
    for (size_t i = m.end; i + 3 <= lim; ++i) {
      if (At(i) == '\n') break;
      if ((StartsAtNoCase(i, "est.") || StartsAtNoCase(i, "estimate")) && (i == 0 || !IsAlpha(At(i - 1)))) {
        m.is_estimate = true;
      }
    }
  }
  int header_field = -1;  // computed on demand
  auto in_header = [&] {
    if (header_field < 0) header_field = InHeaderField(m) ? 1 : 0;
    return header_field == 1;
  };
  // In an HN header field "$150k-$210k USD equity, benefits" and "| 180K+ Equity |" list
  // add-ons to the pay, unless another figure comes first in the field: in
  // "| $75-120k base & 200k+ equity |" the second figure is the equity's.
  if (right_decided && right_kind == Kind::kExcluded && right_addon_first && in_header()) {
    bool figure_before = false;
    for (size_t i = m.begin; i > 0 && At(i - 1) != '|' && At(i - 1) != '\n' && m.begin - i < 200; --i) {
      if (IsDigit(At(i - 1))) figure_before = true;
    }
    if (!figure_before) right_decided = false;
  }
  // Y Combinator's job pages (Work at a Startup, posted to HN as job stories) give a role's
  // pay as a field: "Founding Software Engineer $150K - $200K • 1.00% - 3.00% • San Francisco".
  // A range with its currency closed by " • " is that field: the words before it are the
  // company's tagline ("AI-native hedge fund", "Revenue Activation Platform"), not the figure's
  // clause (gantryops HN 2026: 26 such pages, 5 were lost to their taglines).
  if (m.is_range && m.has_currency && !m.big && !right_decided && StartsAt(SkipSpaces(m.end, 2), "\xE2\x80\xA2")) {
    left_kind = Kind::kBase;
    left_salary = true;
  }
  m.kind = (right_decided && right_kind != Kind::kBase) ? right_kind : (right_decided ? Kind::kBase : left_kind);
  m.evidence = left_salary || right_salary || m.period_explicit || m.payments > 0 || m.lpa || addon_evidence;
  if (!m.evidence && in_header()) m.evidence = true;
  if (!m.evidence) {
    // A pay word shortly after, in the same line ("100k+ and up (we are flexible on salary").
    size_t lim = std::min(s_.size(), m.end + 64);
    char buf[16];
    for (size_t i = m.end; i < lim && At(i) != '\n' && At(i) != '|';) {
      if (IsAlpha(At(i)) && !IsAlpha(At(i - 1))) {
        size_t len = 0;
        while (IsAlpha(At(i)) && len < sizeof(buf)) buf[len++] = Lower(At(i++));
        if (!IsAlpha(At(i)) && (LookupWord(std::string_view(buf, len)) & kWBase)) {
          m.evidence = true;
          break;
        }
        while (IsAlpha(At(i))) ++i;
        continue;
      }
      ++i;
    }
  }
  // "a $40k studio experience", "10 lac graduates": a figure qualifying some other noun.
  if (!m.is_range && right_unknown_first && !m.evidence) m.kind = Kind::kExcluded;
  // A figure inside a sentence that says nothing about pay ("houses that commonly go for
  // $150,000 to $450,000"); role lists ("Senior Engineer (€50,000 - €77,500)") have no
  // function words.
  m.unsure = !m.evidence && prose_words >= 2;
  // A range written without any "k" after a salary word ("Salary: 120-150").
  if (m.is_range && !m.has_mult && !m.period_explicit && (left_imply_k || right_imply_k) && *m.lo >= 40 && *m.hi <= 999 && *m.lo < *m.hi &&
      std::floor(*m.lo) == *m.lo && std::floor(*m.hi) == *m.hi) {
    *m.lo *= 1000;
    *m.hi *= 1000;
    m.has_mult = true;
  }
  // Figures without a currency need evidence; a bare range with a multiplier may stand alone
  // when nothing is attached to it ("| 80K - 200K + equity |", "前端开发工程师 12~25K").
  if (!m.has_currency && !m.implied_inr) {
    bool ok = m.evidence && !(right_unknown_first && !right_salary);
    // Without a multiplier only a pay word or a period makes a plain number pay ("ISO 27001").
    if (!m.has_mult && !(left_decided && left_kind != Kind::kExcluded) && !right_salary && !m.period_explicit) ok = false;
    if (!ok && m.is_range && m.has_mult && !right_attached) ok = true;
    if (!ok) m.kind = Kind::kExcluded;
    if (!m.has_mult && *m.lo < 1000) m.kind = Kind::kExcluded;  // "3-5" is not pay
    if (!m.has_mult && *m.lo >= 1900 && *m.lo <= 2100 && std::floor(*m.lo) == *m.lo) m.kind = Kind::kExcluded;  // a year
  }
  if (!m.is_range) {
    if (up_to && !from) {
      m.lo.reset();
      m.open_high = false;  // "up to $110,000+": the cap is the figure
    } else if (from && !up_to) {
      m.open_high = true;
    }
  }
  if (m.open_high) m.hi.reset();
  // Millions are funding, revenue and quotas unless a pay word introduces them.
  if (m.big && !(left_decided && left_kind == Kind::kBase && left_imply_k)) m.kind = Kind::kExcluded;
  // Period: written > hinted before ("hourly rate of") > convention.
  if (!m.period && left_period) m.period = left_period;
  if (!m.period && m.cjk) m.period = m.wan ? SalaryPeriod::kYear : SalaryPeriod::kMonth;
  if (!m.period) m.period = SalaryPeriod::kYear;
}

void Scanner::ProcessAnchor(size_t anchor) {
  if (anchor < consumed_) return;
  // Find the digit this anchor belongs to.
  size_t seed = kNpos;
  unsigned char c = At(anchor);
  if (IsDigit(c)) {
    seed = anchor;
  } else if (IsUpper(c) && IsDigit(At(anchor + 1))) {
    seed = anchor + 1;
  } else if (IsUpper(c) && At(anchor + 1) == ' ' && IsDigit(At(anchor + 2))) {
    seed = anchor + 2;
  } else if ((c | 0x20) == 'a' || c == 0xE8) {
    // "salary" / 薪: the first digit within the next 80 bytes.
    size_t lim = std::min(s_.size(), anchor + 80);
    for (size_t i = anchor; i < lim; ++i) {
      if (IsDigit(At(i))) {
        seed = i;
        break;
      }
    }
  } else {
    // A currency sign: the figure after it (a prefix) or before it (a suffix, "55k€").
    CurrencyMatch cm = CurrencyPrefixAt(anchor);
    size_t after = cm.ok ? SkipSpaces(cm.end, 1) : anchor + 1;
    if (IsDigit(At(after))) {
      seed = after;
    } else {
      size_t b = anchor;
      for (int k = 0; k < 4 && b > 0; ++k) {
        unsigned char d = At(b - 1);
        if (IsDigit(d)) {
          seed = b - 1;
          break;
        }
        if (d == ' ' || d == 'k' || d == 'K' || d == '(') --b;
        else break;
      }
    }
  }
  if (seed == kNpos || seed < consumed_) return;
  size_t ns = NumberStartFromSeed(seed);
  if (ns < consumed_) return;
  // A number glued to a word or a path ("H1B", "EC2", "C1507B65C3", "/jobs/4617650007") with
  // no currency code before it is no amount: skip the whole token.
  if (ns > 0) {
    const unsigned char prev = At(ns - 1);
    if ((IsAlpha(prev) || prev == '/' || prev == '=' || prev == '_' || prev == '#' || prev == '@') &&
        CurrencyPrefixBefore(ns) == ns && !PayWordEndsAt(ns)) {
      size_t e = seed;
      while (e < s_.size() && (IsAlnum(At(e)) || At(e) == '_')) ++e;
      consumed_ = e;
      return;
    }
  }
  size_t start = ExpressionStartBefore(ns);
  if (start < consumed_) start = ns;
  Mention m;
  if (!ParseExpression(start, m)) {
    if (start != ns && ParseExpression(ns, m)) {
      // fall through with the shorter expression
    } else {
      consumed_ = std::max(consumed_, seed + 1);
      return;
    }
  }
  if (m.end <= seed) {
    // The expression found from the left does not reach the anchor: parse from the number.
    if (!ParseExpression(ns, m)) {
      consumed_ = std::max(consumed_, seed + 1);
      return;
    }
  }
  consumed_ = m.end;
  // A plain small number or a year with no currency and no multiplier is never pay, unless
  // it may be a range with an implied "k" ("Salary: 120-150"): skip the context work.
  if (!m.has_currency && !m.implied_inr && !m.has_mult &&
      !(m.is_range && *m.lo >= 40 && *m.hi <= 999) &&
      (*m.lo < 1000 || (*m.lo >= 1900 && *m.lo <= 2100))) {
    return;
  }
  if (m.has_currency && m.generic == Generic::kNone && first_currency_.empty()) first_currency_ = m.code;
  if (m.has_currency && m.generic == Generic::kDollar && first_currency_.empty()) first_currency_ = "$";
  // "$10M", "$2B": above any salary in any period even before the context is read.
  if (m.big && m.has_currency) {
    const CurrencyInfo* info = m.generic == Generic::kNone ? FindCurrency(m.code) : FindCurrency("USD");
    if (info != nullptr && *m.lo * info->approx_usd > 2.0e6) return;
  }
  Classify(m);
  mentions_.push_back(m);
}

std::string_view DollarOf(std::string_view country_currency) {
  static constexpr std::string_view kDollarish[] = {"AUD", "CAD", "HKD", "MXN", "NZD", "SGD", "TWD", "USD"};
  for (std::string_view d : kDollarish) {
    if (d == country_currency) return d;
  }
  return "USD";
}

std::optional<Salary> Scanner::Run() {
  thread_local std::vector<uint32_t> anchors;
  anchors.clear();
  has_cjk_ = FindAnchors(s_, anchors);
  if (anchors.empty()) return std::nullopt;
  for (uint32_t a : anchors) ProcessAnchor(a);
  if (mentions_.empty()) return std::nullopt;

  const std::string_view country_cur = CurrencyOfCountry(ctx_.country);
  // Currency for figures written without one.
  std::string_view bare_currency = country_cur;
  if (bare_currency.empty()) {
    for (const Mention& m : mentions_) {
      if (m.kind != Kind::kExcluded && m.has_currency && m.generic == Generic::kNone) {
        bare_currency = m.code;
        break;
      }
    }
  }
  if (bare_currency.empty() && !first_currency_.empty() && first_currency_ != "$") bare_currency = first_currency_;

  // Resolve currency; check plausibility.
  for (Mention& m : mentions_) {
    if (m.kind == Kind::kExcluded) continue;
    if (m.has_currency) {
      if (m.generic == Generic::kDollar) {
        m.currency = country_cur.empty() ? std::string_view("USD") : DollarOf(country_cur);
      } else if (m.generic == Generic::kYen) {
        m.currency = country_cur == "JPY" ? std::string_view("JPY")
                     : (country_cur == "CNY" || (country_cur.empty() && m.cjk)) ? std::string_view("CNY")
                                                                                 : std::string_view("JPY");
      } else {
        m.currency = m.code;
      }
    } else if (m.implied_inr) {
      m.currency = "INR";
    } else if (!bare_currency.empty()) {
      m.currency = bare_currency;
    } else if (m.cjk) {
      m.currency = "CNY";
    } else {
      m.currency = "USD";
    }
    const CurrencyInfo* info = FindCurrency(m.currency);
    double usd = info ? info->approx_usd : 1.0;
    double min_annual = (info == nullptr || info->major) ? 8000 : 2000;
    double per_year = PeriodsPerYear(*m.period);
    if (*m.period == SalaryPeriod::kMonth && m.payments > 0) per_year = m.payments;
    auto plausible = [&](double v) {
      double annual = v * per_year * usd;
      return annual >= min_annual && annual <= 2.0e6;
    };
    if ((m.lo && !plausible(*m.lo)) || (m.hi && !plausible(*m.hi))) {
      m.kind = Kind::kExcluded;
      continue;
    }
    if (!m.lo && !m.hi) {
      m.kind = Kind::kExcluded;
      continue;
    }
    if (m.lo && m.hi) {
      if (*m.lo <= 0 || *m.lo > *m.hi || *m.hi > 10 * *m.lo) m.kind = Kind::kExcluded;
    }
  }

  // A figure written without a period takes the period written on the same figure elsewhere
  // ("| 80k+ NTD |" in the header, "NTD 80k+/month" in the body).
  for (Mention& m : mentions_) {
    if (m.period_explicit || m.kind == Kind::kExcluded) continue;
    for (const Mention& o : mentions_) {
      if (o.period_explicit && o.kind != Kind::kExcluded && o.currency == m.currency &&
          ((m.lo && o.lo && *m.lo == *o.lo) || (m.hi && o.hi && *m.hi == *o.hi))) {
        m.period = o.period;
        break;
      }
    }
  }
  // Figures found in prose without a pay word count only when the posting states pay
  // elsewhere in the same currency.
  for (Mention& m : mentions_) {
    if (!m.unsure || m.kind == Kind::kExcluded) continue;
    bool sure_peer = false;
    for (const Mention& o : mentions_) {
      if (&o != &m && o.kind != Kind::kExcluded && o.currency == m.currency) sure_peer = true;
    }
    if (!sure_peer) m.kind = Kind::kExcluded;
  }
  // Base ranges if any, else total-compensation ones.
  bool any_base = false, any_total = false;
  for (const Mention& m : mentions_) {
    any_base = any_base || m.kind == Kind::kBase;
    any_total = any_total || m.kind == Kind::kTotal;
  }
  if (!any_base && !any_total) return std::nullopt;
  const Kind want = any_base ? Kind::kBase : Kind::kTotal;
  std::vector<const Mention*> pool;
  for (const Mention& m : mentions_) {
    if (m.kind == want) pool.push_back(&m);
  }
  // Exact repeats are one range, unless the posting lists three or more ranges.
  if (pool.size() < 3) {
    std::vector<const Mention*> unique;
    for (const Mention* m : pool) {
      bool dup = false;
      for (const Mention* u : unique) {
        if (u->currency == m->currency && u->period == m->period && u->lo == m->lo && u->hi == m->hi) dup = true;
      }
      if (!dup) unique.push_back(m);
    }
    pool.swap(unique);
  }
  // Main currency and period: the most used, the first listed on a tie.
  size_t best = 0;
  int best_count = 0;
  for (size_t i = 0; i < pool.size(); ++i) {
    int count = 0;
    for (const Mention* m : pool) count += (m->currency == pool[i]->currency && m->period == pool[i]->period);
    if (count > best_count) {
      best_count = count;
      best = i;
    }
  }
  const std::string_view main_cur = pool[best]->currency;
  const SalaryPeriod main_period = *pool[best]->period;
  Salary out;
  out.origin = SalaryOrigin::kText;
  out.currency = std::string(main_cur);
  out.period = main_period;
  for (const Mention* m : pool) {
    out.ranges.push_back(SalaryRange{std::string(m->currency), *m->period, m->lo, m->hi});
    if (m->currency != main_cur || *m->period != main_period) continue;
    if (m->lo) out.min = out.min ? std::min(*out.min, *m->lo) : *m->lo;
    if (m->hi) out.max = out.max ? std::max(*out.max, *m->hi) : *m->hi;
    if (m->is_estimate) out.is_estimate = true;
    if (m->payments > 0 && out.payments_per_year == 0) out.payments_per_year = m->payments;
  }
  // Contradictory open ranges ("up to 42K" and "150k+"): span every bound written.
  if (out.min && out.max && *out.min > *out.max) {
    double lo = *out.max, hi = *out.min;
    for (const Mention* m : pool) {
      if (m->currency != main_cur || *m->period != main_period) continue;
      for (const std::optional<double>& v : {m->lo, m->hi}) {
        if (v) lo = std::min(lo, *v), hi = std::max(hi, *v);
      }
    }
    out.min = lo;
    out.max = hi;
  }
  return out;
}

}  // namespace

namespace salary_internal {
bool FindAnchorsForTest(std::string_view text, AnchorIsa isa, std::vector<uint32_t>& out) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  switch (isa) {
    case AnchorIsa::kScalar:
      (void)FindAnchorsScalar(s, text.size(), out);
      return true;
    case AnchorIsa::kAvx2:
#if defined(SP_SALARY_X86_DISPATCH)
      if (!__builtin_cpu_supports("avx2")) return false;
      (void)FindAnchorsAvx2(s, text.size(), out);
      return true;
#else
      return false;
#endif
    case AnchorIsa::kAvx512:
#if defined(SP_SALARY_X86_DISPATCH)
      if (!__builtin_cpu_supports("avx512bw")) return false;
      (void)FindAnchorsAvx512(s, text.size(), out);
      return true;
#else
      return false;
#endif
    case AnchorIsa::kBest:
      (void)FindAnchors(text, out);
      return true;
  }
  return false;
}
}  // namespace salary_internal

std::optional<Salary> ExtractSalaryFromText(std::string_view text, const SalaryContext& context) {
  if (text.size() > (size_t{1} << 31)) text = text.substr(0, size_t{1} << 31);
  thread_local std::vector<Mention> mentions;
  Scanner scanner(text, context, mentions);
  return scanner.Run();
}

std::optional<Salary> ExtractSalaryFromFieldAndText(std::string_view field, std::string_view text,
                                                    const SalaryContext& context) {
  std::optional<Salary> from_field;
  if (!field.empty()) from_field = ExtractSalaryFromText(field, context);
  if (!from_field) return ExtractSalaryFromText(text, context);
  std::optional<Salary> from_text = ExtractSalaryFromText(text, context);
  if (!from_text || from_text->currency != from_field->currency || from_text->period != from_field->period ||
      from_text->ranges.size() <= from_field->ranges.size()) {
    return from_field;
  }
  for (const SalaryRange& f : from_field->ranges) {
    if (std::find(from_text->ranges.begin(), from_text->ranges.end(), f) == from_text->ranges.end()) return from_field;
  }
  return from_text;
}

}  // namespace skillpulse

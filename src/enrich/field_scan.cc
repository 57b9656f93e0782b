#include "enrich/field_scan.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SP_HAVE_AVX512_PATH 1
#endif

namespace skillpulse::fields {

bool EqualsLowerAt(std::string_view s, size_t pos, std::string_view word) {
  if (pos > s.size() || s.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(s[pos + i]) != word[i]) return false;
  }
  return true;
}

bool NextToken(std::string_view s, size_t pos, Token& t) {
  const size_t n = s.size();
  const char* p = s.data();
  if (pos < n && pos > 0) {
    // Back up to the start of the token that contains pos.
    const uint8_t k = ClassOf(p[pos]);
    if (k != 0) {
      while (pos > 0 && ClassOf(p[pos - 1]) == k) --pos;
    }
  }
  while (pos < n && ClassOf(p[pos]) == 0) ++pos;
  if (pos >= n) return false;
  const uint8_t k = ClassOf(p[pos]);
  size_t e = pos + 1;
  while (e < n && ClassOf(p[e]) == k) ++e;
  t.begin = static_cast<uint32_t>(pos);
  t.end = static_cast<uint32_t>(e);
  t.digits = k == kClassDigit;
  return true;
}

bool PrevToken(std::string_view s, size_t end, Token& t) {
  if (end > s.size()) end = s.size();
  const char* p = s.data();
  size_t e = end;
  while (e > 0 && ClassOf(p[e - 1]) == 0) --e;
  if (e == 0) return false;
  const uint8_t k = ClassOf(p[e - 1]);
  size_t b = e - 1;
  while (b > 0 && ClassOf(p[b - 1]) == k) --b;
  t.begin = static_cast<uint32_t>(b);
  t.end = static_cast<uint32_t>(e);
  t.digits = k == kClassDigit;
  return true;
}

bool IsJoinGap(std::string_view s, size_t a_end, size_t b_begin, bool a_digits, bool b_digits, bool slash) {
  if (b_begin < a_end) return false;
  size_t gap = b_begin - a_end;
  if (gap == 0) return a_digits != b_digits;
  if (gap > 3) return false;
  for (size_t i = a_end; i < b_begin; ++i) {
    char c = s[i];
    if (c != ' ' && c != '\t' && c != '-' && c != '_' && c != '.' && c != ':' && !(slash && c == '/')) return false;
  }
  return true;
}

int NumberValue(std::string_view w) {
  if (w.empty()) return -1;
  if (IsDigit(w[0])) {
    if (w.size() > 4) return -1;
    int v = 0;
    for (char c : w) {
      if (!IsDigit(c)) return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
  static constexpr std::string_view kWords[] = {"zero",    "one",     "two",       "three",    "four",
                                                "five",    "six",     "seven",     "eight",    "nine",
                                                "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                                "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                                "twenty"};
  for (int i = 0; i <= 20; ++i) {
    if (w == kWords[i]) return i;
  }
  if (w == "a" || w == "an") return 1;
  return -1;
}

bool TokenMatches(std::string_view s, const Token& t, const PhraseWord& w) {
  switch (w.kind) {
    case PhraseWord::kNumber: {
      if (t.digits) return t.size() <= 4;
      if (t.size() > 9) return false;
      char buf[10];
      for (uint32_t i = 0; i < t.size(); ++i) buf[i] = Lower(s[t.begin + i]);
      int v = NumberValue(std::string_view(buf, t.size()));
      return v >= 0 && !(t.size() <= 2 && (buf[0] == 'a'));  // "a"/"an" are not numbers here
    }
    case PhraseWord::kPrefix:
      return t.size() >= w.text.size() && EqualsLowerAt(s, t.begin, w.text);
    case PhraseWord::kExact:
    default:
      return TokenIs(s, t, w.text);
  }
}

bool IsSentenceBreak(std::string_view s, const Token& a, size_t b_begin) {
  for (size_t i = a.end; i < b_begin && i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n' || c == '!' || c == '?' || c == ';' || c == '|') return true;
    if (c == '.' && (i + 1 >= s.size() || s[i + 1] == ' ')) {
      if (a.digits || a.size() > 2) return true;
    }
  }
  return false;
}

namespace {
// WordSet's hash: the word's bytes as little-endian 8-byte chunks (the last one zero-padded),
// folded with a multiply and finished with a murmur-style mix; never 0.
inline uint64_t MixChunk(uint64_t h, uint64_t chunk) { return (h ^ chunk) * 0x9E3779B97F4A7C15ULL; }
inline uint64_t FinishHash(uint64_t h) {
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 29;
  return h | 1;
}
inline uint64_t WordHash(std::string_view w) {
  uint64_t h = 0xcbf29ce484222325ULL ^ w.size();
  size_t i = 0;
  for (; i + 8 <= w.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, w.data() + i, 8);
    h = MixChunk(h, x);
  }
  if (i < w.size()) {
    uint64_t x = 0;
    for (size_t k = i; k < w.size(); ++k) x |= static_cast<uint64_t>(static_cast<unsigned char>(w[k])) << (8 * (k - i));
    h = MixChunk(h, x);
  }
  return FinishHash(h);
}
inline int LetterIndex(char c) { return (c >= 'a' && c <= 'z') ? c - 'a' : 26; }
}  // namespace

void WordSet::Add(std::string_view word, int value) {
  if (word.empty()) throw std::invalid_argument("empty word");
  std::string w;
  bool prefix = word.back() == '*';
  if (prefix) word.remove_suffix(1);
  for (char c : word) w.push_back(Lower(c));
  if (w.empty()) throw std::invalid_argument("empty word");
  if (prefix) {
    auto& list = by_letter_[LetterIndex(w[0])];
    list.emplace_back(std::move(w), value);
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    ++prefixes_;
    return;
  }
  if (Find(w) >= 0 && !table_.empty()) {
    for (const auto& e : words_) {
      if (e.first == w) return;  // first value wins
    }
  }
  words_.emplace_back(std::move(w), value);
  if (table_.empty() || words_.size() * 2 > table_.size()) {
    Rehash();
  } else {
    // Room left: insert the new word only.
    uint64_t h = WordHash(words_.back().first);
    size_t mask = table_.size() - 1;
    size_t k = h & mask;
    while (table_[k].hash != 0) k = (k + 1) & mask;
    table_[k] = Slot{h, static_cast<int32_t>(words_.size() - 1)};
  }
}

void WordSet::Rehash() {
  size_t cap = 16;
  while (cap < words_.size() * 4) cap <<= 1;
  table_.assign(cap, Slot{});
  for (size_t i = 0; i < words_.size(); ++i) {
    uint64_t h = WordHash(words_[i].first);
    size_t k = h & (cap - 1);
    while (table_[k].hash != 0) k = (k + 1) & (cap - 1);
    table_[k] = Slot{h, static_cast<int32_t>(i)};
  }
}

int WordSet::Find(std::string_view w) const { return w.empty() ? -1 : FindHashed(w, WordHash(w)); }

int WordSet::FindHashed(std::string_view w, uint64_t h) const {
  if (!table_.empty()) {
    size_t mask = table_.size() - 1;
    for (size_t k = h & mask; table_[k].hash != 0; k = (k + 1) & mask) {
      if (table_[k].hash == h) {
        const std::string& e = words_[table_[k].index].first;
        bool eq = e.size() == w.size();
        for (size_t i = 0; eq && i < w.size(); ++i) eq = e[i] == w[i];
        if (eq) return words_[table_[k].index].second;
      }
    }
  }
  if (prefixes_ != 0) {
    for (const auto& p : by_letter_[LetterIndex(w[0])]) {
      if (w.size() >= p.first.size() && w.compare(0, p.first.size(), p.first) == 0) return p.second;
    }
  }
  return -1;
}

WordKey::WordKey(std::string_view s, const Token& t) {
  const size_t n = t.size();
  if (n == 0 || n > kMaxBytes || t.end > s.size()) return;
  // Lowercases and hashes (WordHash) 8 bytes at a time. A token holds only letters or only
  // digits, so OR 0x20 is Lower() on every byte of it.
  const char* p = s.data() + t.begin;
  const size_t readable = s.size() - t.begin;  // bytes that may be loaded from p
  uint64_t h = 0xcbf29ce484222325ULL ^ n;
  for (size_t i = 0; i < n; i += 8) {
    const size_t take = std::min<size_t>(8, n - i);
    uint64_t x = 0;
    if (readable - i >= 8) {
      std::memcpy(&x, p + i, 8);
    } else {
      for (size_t k = 0; k < take; ++k) x |= static_cast<uint64_t>(static_cast<unsigned char>(p[i + k])) << (8 * k);
    }
    const uint64_t keep = take == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * take)) - 1;
    x = (x | 0x2020202020202020ULL) & keep;
    std::memcpy(buf + i, &x, 8);
    h = MixChunk(h, x);
  }
  size = static_cast<uint32_t>(n);
  hash = FinishHash(h);
}

size_t TokenizeAll(std::string_view s, Token* out, size_t max_tokens) {
  size_t n = 0;
  size_t pos = 0;
  Token t;
  while (n < max_tokens && NextToken(s, pos, t)) {
    out[n++] = t;
    pos = t.end;
  }
  return n;
}

// ---------------------------------------------------------------------------------------
// TriggerScanner

namespace {

inline uint32_t KeyOf(std::string_view lower_word) {
  uint32_t key = 0;
  size_t n = std::min<size_t>(lower_word.size(), 4);
  std::memcpy(&key, lower_word.data(), n);
  return key;
}

inline uint32_t HashKey(uint32_t key, int bits) { return (key * 2654435761u) >> (32 - bits); }

// 64-bit mask of ASCII letters in p[0..64).
inline uint64_t LetterMask64(const unsigned char* p) {
#if defined(__SSE2__)
  const __m128i lower_bit = _mm_set1_epi8(0x20);
  const __m128i shift = _mm_set1_epi8(static_cast<char>(0x80 - 'a'));
  const __m128i limit = _mm_set1_epi8(static_cast<char>(0x80 + 26));
  uint64_t mask = 0;
  for (int i = 0; i < 4; ++i) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    __m128i l = _mm_add_epi8(_mm_or_si128(v, lower_bit), shift);  // letters -> [0x80, 0x80+26)
    __m128i is = _mm_cmplt_epi8(l, limit);                        // signed compare
    mask |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(is))) << (16 * i);
  }
  return mask;
#else
  uint64_t mask = 0;
  for (int i = 0; i < 64; ++i) mask |= static_cast<uint64_t>(IsLetter(static_cast<char>(p[i]))) << i;
  return mask;
#endif
}

}  // namespace

void TriggerScanner::Add(std::string_view word, bool prefix, uint8_t category, uint16_t id) {
  if (word.empty() || word.size() > 40) throw std::invalid_argument("trigger word length");
  for (char c : word) {
    if (c < 'a' || c > 'z') throw std::invalid_argument("trigger word must be lowercase letters: " + std::string(word));
  }
  if (prefix && word.size() < 4) throw std::invalid_argument("prefix trigger needs >= 4 letters: " + std::string(word));
  pending_.push_back(Trigger{std::string(word), prefix, category, id});
}

void TriggerScanner::Build() {
  std::vector<Trigger> all = std::move(pending_);
  pending_.clear();
  std::stable_sort(all.begin(), all.end(),
                   [](const Trigger& a, const Trigger& b) { return KeyOf(a.word) < KeyOf(b.word); });
  triggers_ = std::move(all);
  table_.assign(size_t{1} << kTableBits, Slot{});
  size_t i = 0;
  while (i < triggers_.size()) {
    uint32_t key = KeyOf(triggers_[i].word);
    size_t j = i;
    while (j < triggers_.size() && KeyOf(triggers_[j].word) == key) ++j;
    if (j - i > 0xFFFF || i > 0xFFFF) throw std::invalid_argument("too many triggers");
    uint32_t h = HashKey(key, kTableBits);
    while (table_[h].key != 0) h = (h + 1) & ((1u << kTableBits) - 1);
    table_[h] = Slot{key, static_cast<uint16_t>(i), static_cast<uint16_t>(j - i)};
    i = j;
  }
  std::memset(pair01_, 0, sizeof(pair01_));
  std::memset(pair12_, 0, sizeof(pair12_));
  std::memset(pair02_, 0, sizeof(pair02_));
  std::memset(pair23_, 0, sizeof(pair23_));
  auto set = [](uint8_t* t, unsigned x, unsigned y) {
    unsigned idx = x | ((y & 3u) << 5);
    t[idx] = static_cast<uint8_t>(t[idx] | (1u << ((y >> 2) & 7u)));
  };
  for (const Trigger& t : triggers_) {
    unsigned c0 = static_cast<unsigned>(t.word[0]) & 31u;
    unsigned c1 = t.word.size() > 1 ? static_cast<unsigned>(t.word[1]) & 31u : 0u;
    unsigned c2 = t.word.size() > 2 ? static_cast<unsigned>(t.word[2]) & 31u : 0u;
    unsigned c3 = t.word.size() > 3 ? static_cast<unsigned>(t.word[3]) & 31u : 0u;
    set(pair01_, c0, c1);
    set(pair12_, c1, c2);
    set(pair02_, c0, c2);
    // A prefix trigger of 4 letters matches longer words: any 4th letter of those is fine
    // (the word's own 4th letter is the trigger's). Exact triggers of 3 or fewer letters need
    // the word to end there (code 0).
    set(pair23_, c2, c3);
  }
}

bool TriggerScanner::HasFastPath() {
#if defined(SP_HAVE_AVX512_PATH)
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("bmi");
  }();
  return has;
#else
  return false;
#endif
}

void TriggerScanner::Scan(std::string_view text, std::vector<Hit>& hits, size_t max_hits) const {
#if defined(SP_HAVE_AVX512_PATH)
  if (HasFastPath()) {
    ScanAvx512(text, hits, max_hits);
    return;
  }
#endif
  ScanPortable(text, hits, max_hits);
}

#if defined(SP_HAVE_AVX512_PATH)
namespace {
// The 64 bytes at p[at..] of a text of n bytes, zero past the end (masked: nothing past the
// end is read).
__attribute__((target("avx512f,avx512bw"))) inline __m512i LoadTail(const unsigned char* p, size_t n, size_t at) {
  if (at + 64 <= n) return _mm512_loadu_si512(p + at);
  if (at >= n) return _mm512_setzero_si512();
  const __mmask64 keep = (uint64_t{1} << (n - at)) - 1;
  return _mm512_maskz_loadu_epi8(keep, p + at);
}
}  // namespace

// 64 bytes per step: letter masks of the bytes at i, i+1, i+2, i+3; word starts; the three
// letter-pair filters (vpermi2b looks a 7-bit index up in a 128-byte table, the remaining 3
// bits select the bit), so only ~1 in 8 word starts reaches the scalar key probe.
__attribute__((target("avx512f,avx512bw,avx512vbmi,bmi"))) void TriggerScanner::ScanAvx512(
    std::string_view text, std::vector<Hit>& hits, size_t max_hits) const {
  if (table_.empty() || text.empty()) return;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const size_t limit = hits.size() + max_hits;
  static constexpr uint32_t kKeep[5] = {0, 0xFFu, 0xFFFFu, 0xFFFFFFu, 0xFFFFFFFFu};
  const Slot* table = table_.data();
  const __m512i lower_bit = _mm512_set1_epi8(0x20);
  const __m512i a_char = _mm512_set1_epi8('a');
  const __m512i twenty_six = _mm512_set1_epi8(26);
  const __m512i low5 = _mm512_set1_epi8(31);
  const __m512i x60 = _mm512_set1_epi8(0x60);
  const __m512i seven = _mm512_set1_epi8(7);
  // 1 << k for k = 0..7 in every 128-bit lane (vpshufb indexes within lanes).
  const __m512i pow2 = _mm512_set4_epi32(0, 0, static_cast<int>(0x80402010u), 0x08040201);
  const __m512i t01a = _mm512_load_si512(pair01_), t01b = _mm512_load_si512(pair01_ + 64);
  const __m512i t12a = _mm512_load_si512(pair12_), t12b = _mm512_load_si512(pair12_ + 64);
  const __m512i t02a = _mm512_load_si512(pair02_), t02b = _mm512_load_si512(pair02_ + 64);
  const __m512i t23a = _mm512_load_si512(pair23_), t23b = _mm512_load_si512(pair23_ + 64);
// Letter pair (x, y) in the 1024-bit table (ta, tb): a mask of the bytes where it is.
#define SP_PAIR_TEST(x, y, ta, tb)                                                                     \
  _mm512_test_epi8_mask(                                                                               \
      _mm512_permutex2var_epi8((ta), _mm512_or_si512((x), _mm512_and_si512(_mm512_slli_epi16((y), 5), x60)), (tb)), \
      _mm512_shuffle_epi8(pow2, _mm512_and_si512(_mm512_srli_epi16((y), 2), seven)))
  // Blocks whose 64 bytes plus 3 lookahead bytes are in bounds are read directly; the last
  // ones with masked loads, which read nothing past the end (masked-out bytes are zero, not
  // letters, and cannot fault). No copy: a copied tail costs a store-forwarding stall per load.
  const size_t direct_end = n >= 67 ? n - 67 + 1 : 0;  // blocks starting below this are direct
  uint64_t carry = 0;
  for (size_t base = 0; base < n; base += 64) {
    const unsigned char* block = p + base;
    __m512i v0, v1, v2, v3;
    if (base < direct_end) {
      v0 = _mm512_or_si512(_mm512_loadu_si512(block), lower_bit);
      v1 = _mm512_or_si512(_mm512_loadu_si512(block + 1), lower_bit);
      v2 = _mm512_or_si512(_mm512_loadu_si512(block + 2), lower_bit);
      v3 = _mm512_or_si512(_mm512_loadu_si512(block + 3), lower_bit);
    } else {
      v0 = _mm512_or_si512(LoadTail(p, n, base), lower_bit);
      v1 = _mm512_or_si512(LoadTail(p, n, base + 1), lower_bit);
      v2 = _mm512_or_si512(LoadTail(p, n, base + 2), lower_bit);
      v3 = _mm512_or_si512(LoadTail(p, n, base + 3), lower_bit);
    }
    const uint64_t m0 = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v0, a_char), twenty_six);
    const uint64_t m1 = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v1, a_char), twenty_six);
    const uint64_t m2 = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v2, a_char), twenty_six);
    const uint64_t m3 = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v3, a_char), twenty_six);
    uint64_t starts = m0 & ~((m0 << 1) | carry);
    carry = m0 >> 63;
    if (starts == 0) continue;
    // Letter codes, 0 past the end of the word.
    const uint64_t c1m = m1 & m0;
    const uint64_t c2m = m2 & c1m;
    __m512i c0 = _mm512_maskz_mov_epi8(m0, _mm512_and_si512(v0, low5));
    __m512i c1 = _mm512_maskz_mov_epi8(c1m, _mm512_and_si512(v1, low5));
    __m512i c2 = _mm512_maskz_mov_epi8(c2m, _mm512_and_si512(v2, low5));
    uint64_t cand = starts & SP_PAIR_TEST(c0, c1, t01a, t01b);
    if (cand == 0) continue;
    cand &= SP_PAIR_TEST(c1, c2, t12a, t12b);
    cand &= SP_PAIR_TEST(c0, c2, t02a, t02b);
    if (cand == 0) continue;
    {
      const uint64_t c3m = m3 & c2m;
      __m512i c3 = _mm512_maskz_mov_epi8(c3m, _mm512_and_si512(v3, low5));
      cand &= SP_PAIR_TEST(c2, c3, t23a, t23b);
    }
    while (cand != 0) {
      const int tz = __builtin_ctzll(cand);
      cand &= cand - 1;
      const uint64_t one = uint64_t{1} << tz;
      const int run4 = !(m0 & one) ? 0 : !(c1m & one) ? 1 : !(c2m & one) ? 2 : !(m3 & c2m & one) ? 3 : 4;
      // The run4 letters are in bounds; a 4-byte read may not be, near the end.
      const size_t at = base + static_cast<size_t>(tz);
      uint32_t key = 0;
      std::memcpy(&key, block + tz, at + 4 <= n ? 4 : n - at);
      key = (key | 0x20202020u) & kKeep[run4];
      const uint32_t h = HashKey(key, kTableBits);
      if (table[h].key == 0) continue;
      Probe(text, at, key, h, static_cast<size_t>(__builtin_ctzll(~(m0 >> tz) | (uint64_t{1} << 63))), hits);
      if (hits.size() >= limit) return;
    }
  }
}
#undef SP_PAIR_TEST
#else
void TriggerScanner::ScanAvx512(std::string_view text, std::vector<Hit>& hits, size_t max_hits) const {
  ScanPortable(text, hits, max_hits);
}
#endif

void TriggerScanner::Probe(std::string_view text, size_t pos, uint32_t key, size_t slot_index, size_t run,
                           std::vector<Hit>& hits) const {
  const uint32_t mask = (1u << kTableBits) - 1;
  size_t h = slot_index;
  while (table_[h].key != key) {
    if (table_[h].key == 0) return;
    h = (h + 1) & mask;
  }
  const Slot& slot = table_[h];
  // The whole word length (only for key matches): the caller's count, extended past the
  // bytes it looked at.
  while (pos + run < text.size() && IsLetter(text[pos + run])) ++run;
  for (size_t k = slot.first; k < size_t{slot.first} + slot.count; ++k) {
    const Trigger& t = triggers_[k];
    if (t.prefix ? run < t.word.size() : run != t.word.size()) continue;
    if (t.word.size() > 4 && !EqualsLowerAt(text, pos + 4, std::string_view(t.word).substr(4))) continue;
    hits.push_back(Hit{static_cast<uint32_t>(pos), static_cast<uint16_t>(std::min<size_t>(run, 0xFFFF)), t.category,
                       t.id});
  }
}

void TriggerScanner::ScanPortable(std::string_view text, std::vector<Hit>& hits, size_t max_hits) const {
  if (table_.empty() || text.empty()) return;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const size_t limit = hits.size() + max_hits;
  static constexpr uint32_t kKeep[5] = {0, 0xFFu, 0xFFFFu, 0xFFFFFFu, 0xFFFFFFFFu};
  const Slot* table = table_.data();
  // Blocks are read directly while a whole block plus the 4-byte key load past its end and
  // the next block's mask are in bounds; the last < 136 bytes are copied to a zero-padded
  // buffer (zero bytes are not letters, so nothing past the end can match).
  alignas(16) unsigned char tail[256];  // the last < 136 bytes, up to 3 blocks plus lookahead
  size_t direct_end = n >= 136 ? ((n - 136) / 64 + 1) * 64 : 0;  // blocks [0, direct_end) are direct
  size_t tail_base = direct_end;
  size_t tail_len = n - tail_base;
  std::memset(tail, 0, sizeof(tail));
  std::memcpy(tail, p + tail_base, tail_len);
  auto block_ptr = [&](size_t base) { return base < direct_end ? p + base : tail + (base - tail_base); };
  uint64_t carry = 0;  // 1 when the byte before the block is a letter
  uint64_t m = LetterMask64(block_ptr(0));
  for (size_t base = 0; base < n; base += 64) {
    const unsigned char* block = block_ptr(base);
    const uint64_t m_next = base + 64 < n ? LetterMask64(block_ptr(base + 64)) : 0;
    uint64_t starts = m & ~((m << 1) | carry);
    carry = m >> 63;
    while (starts != 0) {
      const int tz = __builtin_ctzll(starts);
      starts &= starts - 1;
      // Letter bits from the word start on, across the block boundary (the double shift is
      // m_next << (64 - tz) without the undefined shift by 64 when tz == 0); the first four
      // are in this block unless the word starts in its last three bytes.
      auto bits_from = [&] { return (m >> tz) | ((m_next << 1) << (63 - tz)); };
      const uint64_t bits4 = tz <= 60 ? m >> tz : bits_from();
      const int run4 = __builtin_ctzll(~bits4 | 0x10);  // min(letters, 4)
      uint32_t key;
      std::memcpy(&key, block + tz, 4);
      key = (key | 0x20202020u) & kKeep[run4];
      const uint32_t h = HashKey(key, kTableBits);
      if (table[h].key == 0) continue;
      const uint64_t bits = bits_from();
      Probe(text, base + static_cast<size_t>(tz), key, h, ~bits == 0 ? 64 : static_cast<size_t>(__builtin_ctzll(~bits)),
            hits);
      if (hits.size() >= limit) return;
    }
    m = m_next;
  }
}

// ---------------------------------------------------------------------------------------
// PhraseSet

void PhraseSet::Add(std::string_view phrase, int value) {
  Phrase p;
  p.value = value;
  int marked = -1;
  size_t i = 0;
  while (i < phrase.size()) {
    while (i < phrase.size() && phrase[i] == ' ') ++i;
    if (i >= phrase.size()) break;
    size_t j = i;
    while (j < phrase.size() && phrase[j] != ' ') ++j;
    std::string_view w = phrase.substr(i, j - i);
    i = j;
    PhraseWord pw;
    if (w[0] == '^') {
      marked = static_cast<int>(p.words.size());
      w.remove_prefix(1);
    }
    if (w == "{n}" || w == "#") {
      pw.kind = PhraseWord::kNumber;
    } else {
      if (!w.empty() && w.back() == '*') {
        pw.kind = PhraseWord::kPrefix;
        w.remove_suffix(1);
      }
      if (w.empty()) throw std::invalid_argument("empty phrase word in: " + std::string(phrase));
      bool letters = IsLetter(w[0]);
      for (char c : w) {
        char l = Lower(c);
        if (letters ? !IsLetter(l) : !IsDigit(l)) {
          throw std::invalid_argument("phrase word must be letters or digits: " + std::string(phrase));
        }
        pw.text.push_back(l);
      }
    }
    p.words.push_back(std::move(pw));
  }
  if (p.words.empty()) throw std::invalid_argument("empty phrase");
  if (marked >= 0) {
    p.anchor = static_cast<size_t>(marked);
  } else {
    p.anchor = p.words.size();
    for (size_t k = 0; k < p.words.size(); ++k) {
      if (p.words[k].kind != PhraseWord::kNumber && IsLetter(p.words[k].text[0])) {
        p.anchor = k;
        break;
      }
    }
    if (p.anchor == p.words.size()) throw std::invalid_argument("phrase without a letter word: " + std::string(phrase));
  }
  const PhraseWord& a = p.words[p.anchor];
  if (a.kind == PhraseWord::kNumber || !IsLetter(a.text[0]) || (a.kind == PhraseWord::kPrefix && a.text.size() < 4)) {
    throw std::invalid_argument("bad phrase anchor in: " + std::string(phrase));
  }
  int index = static_cast<int>(phrases_.size());
  phrases_.push_back(std::move(p));
  const Phrase& added = phrases_.back();
  const PhraseWord& aw = added.words[added.anchor];
  // One anchor per word text; it is a prefix trigger when any of its phrases needs one, and
  // each phrase checks its own anchor word when matched.
  auto it = std::find_if(anchors_.begin(), anchors_.end(), [&](const Anchor& x) { return x.word.text == aw.text; });
  if (it == anchors_.end()) {
    anchors_.emplace_back();
    anchors_.back().word = aw;
    it = anchors_.end() - 1;
  }
  if (aw.kind == PhraseWord::kPrefix) it->word.kind = PhraseWord::kPrefix;
  if (value >= 0 && value < 32) it->values |= 1u << value;
  it->phrases.push_back(index);
  std::stable_sort(it->phrases.begin(), it->phrases.end(),
                   [&](int x, int y) { return phrases_[x].words.size() > phrases_[y].words.size(); });
  Index(*it, index);
}

void PhraseSet::Index(Anchor& a, int phrase) {
  const Phrase& p = phrases_[phrase];
  auto add = [&](WordSet& words, std::vector<std::vector<int>>& lists, std::vector<int>& other, uint32_t& first,
                 const PhraseWord& w) {
    if (w.kind != PhraseWord::kExact) {
      other.push_back(phrase);
      return;
    }
    first |= FirstBit(w.text.empty() ? '\0' : w.text[0]);
    int idx = words.Find(w.text);
    if (idx < 0) {
      idx = static_cast<int>(lists.size());
      lists.emplace_back();
      words.Add(w.text, idx);
    }
    lists[idx].push_back(phrase);
  };
  if (p.anchor + 1 < p.words.size()) {
    add(a.after_words, a.after_lists, a.after_other, a.after_first, p.words[p.anchor + 1]);
  } else if (p.anchor > 0) {
    add(a.before_words, a.before_lists, a.before_other, a.before_first, p.words[p.anchor - 1]);
  } else {
    a.solo.push_back(phrase);
  }
}

void PhraseSet::Register(TriggerScanner& scanner, uint8_t category) const {
  for (size_t i = 0; i < anchors_.size(); ++i) {
    scanner.Add(anchors_[i].word.text, anchors_[i].word.kind == PhraseWord::kPrefix, category,
                static_cast<uint16_t>(i));
  }
}

bool PhraseSet::MatchPhrase(std::string_view text, const Phrase& p, const Token& anchor_tok, const Token* next_ok,
                            const Token* prev_ok, PhraseMatch& m) const {
  // The anchor token starts with the anchor word (the scanner, or MatchWordAt, checked it):
  // an exact anchor only needs the length.
  const PhraseWord& aw = p.words[p.anchor];
  if (aw.kind == PhraseWord::kExact && anchor_tok.size() != aw.text.size()) return false;
  Token cur = anchor_tok;
  // Words after the anchor.
  size_t k_after = p.anchor + 1;
  if (next_ok != nullptr && k_after < p.words.size()) {
    cur = *next_ok;
    ++k_after;
  }
  for (size_t k = k_after; k < p.words.size(); ++k) {
    Token next;
    if (!NextToken(text, cur.end, next)) return false;
    if (!IsJoinGap(text, cur.end, next.begin, cur.digits, next.digits, slash_joins_)) return false;
    if (!TokenMatches(text, next, p.words[k])) return false;
    cur = next;
  }
  uint32_t end = cur.end;
  cur = anchor_tok;
  size_t k_before = p.anchor;
  if (prev_ok != nullptr && k_before > 0) {
    cur = *prev_ok;
    --k_before;
  }
  for (size_t k = k_before; k-- > 0;) {
    Token prev;
    if (!PrevToken(text, cur.begin, prev)) return false;
    if (!IsJoinGap(text, prev.end, cur.begin, prev.digits, cur.digits, slash_joins_)) return false;
    if (!TokenMatches(text, prev, p.words[k])) return false;
    cur = prev;
  }
  m.value = p.value;
  m.begin = cur.begin;
  m.end = end;
  m.phrase = static_cast<int>(&p - phrases_.data());
  return true;
}

bool PhraseSet::MatchAnchor(std::string_view text, const Anchor& a, const Token& t, PhraseMatch& m) const {
  // Candidates: phrases continuing with the next word, phrases ending with the previous word,
  // and the anchor alone; the one with the most words that matches wins (ties: file order).
  // The neighbour words are read once; a candidate is tried in full only when its word next
  // to the anchor fits.
  int best = -1;
  size_t best_words = 0;
  PhraseMatch bm;
  // next_ok / prev_ok: the neighbour token already checked for this phrase (see MatchPhrase).
  auto try_phrase = [&](int idx, const Token* next_ok, const Token* prev_ok) {
    const Phrase& p = phrases_[idx];
    if (best >= 0 && (p.words.size() < best_words || (p.words.size() == best_words && idx > best))) return;
    PhraseMatch pm;
    if (MatchPhrase(text, p, t, next_ok, prev_ok, pm)) {
      best = idx;
      best_words = p.words.size();
      bm = pm;
    }
  };
  auto fits = [&](const PhraseWord& w, const Token& tok, std::string_view lower) {
    switch (w.kind) {
      case PhraseWord::kNumber: return TokenMatches(text, tok, w);
      case PhraseWord::kPrefix: return lower.size() >= w.text.size() && lower.compare(0, w.text.size(), w.text) == 0;
      default: return lower == w.text;
    }
  };
  Token next;
  if ((!a.after_lists.empty() || !a.after_other.empty()) && NextToken(text, t.end, next) &&
      (!a.after_other.empty() || (a.after_first & FirstBit(text[next.begin])) != 0) &&
      IsJoinGap(text, t.end, next.begin, t.digits, next.digits, slash_joins_) && next.size() <= WordKey::kMaxBytes) {
    const WordKey key(text, next);
    const std::string_view lower = key.lower();
    int li = a.after_words.Find(key);
    if (li >= 0) {
      for (int idx : a.after_lists[li]) try_phrase(idx, &next, nullptr);
    }
    for (int idx : a.after_other) {
      const Phrase& p = phrases_[idx];
      if (fits(p.words[p.anchor + 1], next, lower)) try_phrase(idx, &next, nullptr);
    }
  }
  Token prev;
  if ((!a.before_lists.empty() || !a.before_other.empty()) && PrevToken(text, t.begin, prev) &&
      (!a.before_other.empty() || (a.before_first & FirstBit(text[prev.begin])) != 0) &&
      IsJoinGap(text, prev.end, t.begin, prev.digits, t.digits, slash_joins_) && prev.size() <= WordKey::kMaxBytes) {
    const WordKey key(text, prev);
    const std::string_view lower = key.lower();
    int li = a.before_words.Find(key);
    if (li >= 0) {
      for (int idx : a.before_lists[li]) try_phrase(idx, nullptr, &prev);
    }
    for (int idx : a.before_other) {
      const Phrase& p = phrases_[idx];
      if (fits(p.words[p.anchor - 1], prev, lower)) try_phrase(idx, nullptr, &prev);
    }
  }
  for (int idx : a.solo) try_phrase(idx, nullptr, nullptr);
  if (best < 0) return false;
  m = bm;
  return true;
}

bool PhraseSet::Match(std::string_view text, const Hit& hit, PhraseMatch& m) const {
  if (hit.id >= anchors_.size()) return false;
  Token anchor_tok{hit.pos, static_cast<uint32_t>(hit.pos + hit.len), false};
  return MatchAnchor(text, anchors_[hit.id], anchor_tok, m);
}

bool PhraseSet::MatchWordAt(std::string_view text, size_t pos, PhraseMatch& m) const {
  Token t;
  if (!NextToken(text, pos, t) || t.digits || t.begin != pos) return false;
  for (const Anchor& a : anchors_) {
    if (!TokenMatches(text, t, a.word)) continue;
    if (MatchAnchor(text, a, t, m)) return true;
  }
  return false;
}

}  // namespace skillpulse::fields

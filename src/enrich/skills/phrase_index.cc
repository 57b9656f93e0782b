#include "enrich/skills/phrase_index.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#define SP_PHRASE_AVX2 1
#endif

namespace skillpulse {

namespace {

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsAlpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigitByte(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Folding used for anchor keys: ASCII letters to lowercase; digits are unchanged by |0x20 and
// '_' becomes 0x7F, the same on both sides.
constexpr uint64_t kFold8 = 0x2020202020202020ULL;
// Masks keeping the first `len` bytes of a little-endian 8-byte load.
constexpr uint64_t kKeepBytes[9] = {0,
                                    0xFFULL,
                                    0xFFFFULL,
                                    0xFFFFFFULL,
                                    0xFFFFFFFFULL,
                                    0xFFFFFFFFFFULL,
                                    0xFFFFFFFFFFFFULL,
                                    0xFFFFFFFFFFFFFFULL,
                                    0xFFFFFFFFFFFFFFFFULL};

bool ByteEq(char t, char p, bool case_sensitive) {
  if (t == p) return true;
  if (case_sensitive) return false;
  unsigned char a = static_cast<unsigned char>(t);
  return IsAlpha(a) && (a ^ static_cast<unsigned char>(p)) == 0x20;
}

inline __attribute__((always_inline)) uint64_t Load8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

// text[pos, pos + 8) as a little-endian word, zero past text[n - 1]. REQUIRES: pos <= n.
inline uint64_t LoadAfter(const char* s, size_t n, size_t pos) {
  if (pos + 8 <= n) return Load8(s + pos);
  char buf[8] = {};
  std::memcpy(buf, s + pos, n - pos);
  return Load8(buf);
}

// text[pos - 8, pos) as a little-endian word, zero before text[0].
inline uint64_t LoadBefore(const char* s, size_t pos) {
  if (pos >= 8) return Load8(s + pos - 8);
  char buf[8] = {};
  std::memcpy(buf + 8 - pos, s, pos);
  return Load8(buf);
}

// The quick-reject bit of a window's first byte `b` (see PhraseIndex::Key): its low 5 bits,
// which ASCII case does not change, in one half of the word for adjacent windows and the other
// for windows past whitespace.
inline uint64_t WindowByteBit(unsigned char b, bool spaced) {
  return uint64_t{1} << ((b & 31) | (spaced ? 32 : 0));
}

// A token's folded bytes as two little-endian words: its first 8 bytes and, for tokens longer
// than 8 bytes, its last 8 (else 0). Bytes past the token are zero. Reads only inside [0, n).
struct FoldedToken {
  uint64_t first;
  uint64_t last;
};

inline __attribute__((always_inline)) FoldedToken FoldToken(const char* s, size_t n, size_t ts, size_t te) {
  size_t len = te - ts;
  if (len > 8) return {Load8(s + ts) | kFold8, Load8(s + te - 8) | kFold8};
  uint64_t first;
  if (ts + 8 <= n) {
    first = Load8(s + ts);
  } else {
    char buf[8] = {};
    std::memcpy(buf, s + ts, len);
    first = Load8(buf);
  }
  return {(first | kFold8) & kKeepBytes[len], 0};
}

// Multiplicative hashing of the folded words: the filter uses the top bits, the table the
// middle bits. Tokens of at most 8 bytes are identified by `first` alone (folded word bytes are
// never 0, so the length is implied).
// The hash is Mix(HashProduct(...)); Mix leaves the top 29 bits alone, so the filter bits can
// be taken from the product before mixing (Scan does, for the ~85 % of tokens that stop there).
constexpr uint64_t kLastMul = 0x9E3779B97F4A7C15ULL;
constexpr uint64_t kHashMul = 0xFF51AFD7ED558CCDULL;
inline __attribute__((always_inline)) uint64_t HashProduct(const FoldedToken& f, size_t len) {
  uint64_t x = len > 8 ? f.first ^ (f.last * kLastMul) ^ static_cast<uint64_t>(len) : f.first;
  return x * kHashMul;
}
inline __attribute__((always_inline)) uint64_t Mix(uint64_t h) { return h ^ (h >> 29); }
inline __attribute__((always_inline)) uint64_t HashFolded(const FoldedToken& f, size_t len) {
  return Mix(HashProduct(f, len));
}


// Words too common to be good anchors: a phrase is indexed under another of its tokens when it
// has one ("is a plus" under "plus", "Google Cloud Run" under "Run" rather than "Cloud"). Only
// speed depends on this list (English function words and words frequent in job postings),
// never what matches.
bool IsCommonWord(std::string_view folded) {
  static constexpr std::string_view kWords[] = {
      "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "be", "you", "your",
      "we", "our", "it", "if", "as", "at", "by", "what", "who", "that", "this", "will", "can", "have", "has",
      "not", "s", "ll", "re", "ve", "d", "t", "m", "do", "but", "from", "all", "would", "should", "must",
      "about", "us", "they", "their", "there", "team", "experience", "work", "data", "stack", "cloud", "core",
      "platform", "open", "language", "build", "services", "service", "development", "framework", "enterprise",
      "analytics", "security", "power", "software", "engineer", "engineering", "product", "web", "app", "apps",
      "code", "design", "systems", "system", "tools", "tool", "full", "time", "new", "company", "server",
      "studio", "engine", "manager", "management", "mobile", "api", "apis", "test", "testing", "edition",
      "project", "labs", "kit", "functions", "real", "simple", "visual", "text", "suite", "query", "model",
      "office", "one", "pro", "plus", "support", "network", "business", "center", "hub", "works", "job", "jobs",
      "customer", "customers", "remote", "years", "skills", "knowledge", "strong", "building", "technology",
      "technologies", "google", "amazon", "microsoft", "apache", "aws", "azure"};
  for (auto w : kWords) {
    if (w == folded) return true;
  }
  return false;
}

#if defined(__SSE2__)
inline __m128i InRange(__m128i v, char lo, char hi) {
  __m128i x = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - static_cast<unsigned char>(lo))));
  return _mm_cmplt_epi8(x, _mm_set1_epi8(static_cast<char>(-128 + (hi - lo) + 1)));
}
// Bit i set when p[i] is a word byte, for 64 bytes.
inline uint64_t WordMask64(const char* p) {
  uint64_t m = 0;
  for (int k = 0; k < 4; ++k) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i w = _mm_or_si128(_mm_or_si128(InRange(lower, 'a', 'z'), InRange(v, '0', '9')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    m |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(w))) << (16 * k);
  }
  return m;
}
#else
inline uint64_t WordMask64(const char* p) {
  uint64_t m = 0;
  for (int i = 0; i < 64; ++i) m |= static_cast<uint64_t>(IsWordByte(static_cast<unsigned char>(p[i]))) << i;
  return m;
}
#endif

// Bit i set when p[i] >= 0x80, for 64 bytes.
#if defined(__SSE2__)
inline uint64_t HighBitMask64(const char* p) {
  uint64_t m = 0;
  for (int k = 0; k < 4; ++k) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    m |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(v))) << (16 * k);
  }
  return m;
}
#else
inline uint64_t HighBitMask64(const char* p) {
  uint64_t m = 0;
  for (int i = 0; i < 64; ++i) m |= static_cast<uint64_t>(static_cast<unsigned char>(p[i]) >= 0x80) << i;
  return m;
}
#endif

// Bit i set when p[i] is one of the mark bytes, for 64 bytes.
#if defined(__SSE2__)
struct MarkVectors {
  __m128i v[8];
  int n = 0;
  explicit MarkVectors(const std::string& marks) {
    for (char c : marks) v[n++] = _mm_set1_epi8(c);
  }
};
inline uint64_t MarkMask64(const char* p, const MarkVectors& mv) {
  uint64_t m = 0;
  for (int k = 0; k < 4; ++k) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    __m128i acc = _mm_cmpeq_epi8(x, mv.v[0]);
    for (int j = 1; j < mv.n; ++j) acc = _mm_or_si128(acc, _mm_cmpeq_epi8(x, mv.v[j]));
    m |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(acc))) << (16 * k);
  }
  return m;
}
#else
struct MarkVectors {
  bool table[256] = {};
  explicit MarkVectors(const std::string& marks) {
    for (char c : marks) table[static_cast<unsigned char>(c)] = true;
  }
};
inline uint64_t MarkMask64(const char* p, const MarkVectors& mv) {
  uint64_t m = 0;
  for (int i = 0; i < 64; ++i) m |= static_cast<uint64_t>(mv.table[static_cast<unsigned char>(p[i])]) << i;
  return m;
}
#endif

// The per-byte masks of a run of 64-byte blocks (see BlockMasksFn), with the state carried
// from one run to the next.
struct BlockMaskState {
  uint64_t prev_word2 = 0;  // whether the byte before the run is a word byte (word_starts)
};

// Fills, for each 64-byte block of p[0, len) (the last one zero-padded): word[b] = the word
// bytes ([A-Za-z0-9_]) and digit[b] = the digits; when `mark` is non-null, mark[b] = the bytes
// of `marks`; when `starts` is non-null, starts[b] = where a word (also counting bytes >= 0x80)
// starts.
using BlockMasksFn = void (*)(const char* p, size_t len, const ByteMarks* marks, uint64_t* word, uint64_t* digit,
                              uint64_t* mark, uint64_t* starts, BlockMaskState& st);

#if defined(__SSE2__)
inline uint64_t DigitMask64(const char* p) {
  uint64_t m = 0;
  for (int k = 0; k < 4; ++k) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    m |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(InRange(v, '0', '9')))) << (16 * k);
  }
  return m;
}
#else
inline uint64_t DigitMask64(const char* p) {
  uint64_t m = 0;
  for (int i = 0; i < 64; ++i) m |= static_cast<uint64_t>(IsDigitByte(static_cast<unsigned char>(p[i]))) << i;
  return m;
}
#endif

void BlockMasksGeneric(const char* p, size_t len, const ByteMarks* marks, uint64_t* word, uint64_t* digit,
                       uint64_t* mark, uint64_t* starts, BlockMaskState& st) {
  const MarkVectors mark_vectors(marks != nullptr && !marks->bytes().empty() ? marks->bytes() : std::string(1, '\0'));
  char tail[64];
  for (size_t base = 0, b = 0; base < len; base += 64, ++b) {
    const char* block = p + base;
    if (len - base < 64) {
      std::memset(tail, 0, sizeof tail);  // NUL is neither a word byte nor a mark here
      std::memcpy(tail, p + base, len - base);
      block = tail;
    }
    uint64_t m = WordMask64(block);
    word[b] = m;
    digit[b] = DigitMask64(block);
    if (mark != nullptr) {
      uint64_t mm = MarkMask64(block, mark_vectors);
      if (len - base < 64) mm &= (uint64_t{1} << (len - base)) - 1;  // not the padding
      mark[b] = mm;
    }
    if (starts != nullptr) {
      uint64_t w2 = m | HighBitMask64(block);
      starts[b] = w2 & ~((w2 << 1) | st.prev_word2);
      st.prev_word2 = w2 >> 63;
    }
  }
}

#if defined(SP_PHRASE_AVX2)
// The same with AVX2, 32 bytes at a time, classifying bytes by nibble lookups: entry lo[b & 15]
// & hi[b >> 4] is non-zero exactly for the bytes of a class. Word bytes: bit 0 = digits (high
// nibble 3, low 0-9), bit 1 = A-O and a-o (high 4 or 6, low 1-F), bit 2 = P-Z and p-z (high 5
// or 7, low 0-A), bit 3 = '_' (high 5, low F). Marks: ByteMarks' tables (bit k = mark k).
alignas(16) constexpr uint8_t kWordLo[16] = {1 | 4,     1 | 2 | 4, 1 | 2 | 4, 1 | 2 | 4, 1 | 2 | 4, 1 | 2 | 4,
                                             1 | 2 | 4, 1 | 2 | 4, 1 | 2 | 4, 1 | 2 | 4, 2 | 4,     2,
                                             2,         2,         2,         2 | 8};
alignas(16) constexpr uint8_t kWordHi[16] = {0, 0, 0, 1, 2, 4 | 8, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0};

struct Masks32 {
  uint32_t word;
  uint32_t digit;
  uint32_t mark;
  uint32_t high;
};

__attribute__((target("avx2"))) inline Masks32 Classify32Avx2(__m256i v, __m256i word_lo, __m256i word_hi,
                                                                 __m256i mark_lo, __m256i mark_hi) {
  const __m256i nib = _mm256_set1_epi8(0x0F);
  const __m256i zero = _mm256_setzero_si256();
  __m256i lo = _mm256_and_si256(v, nib);
  __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nib);
  __m256i cls = _mm256_and_si256(_mm256_shuffle_epi8(word_lo, lo), _mm256_shuffle_epi8(word_hi, hi));
  __m256i mk = _mm256_and_si256(_mm256_shuffle_epi8(mark_lo, lo), _mm256_shuffle_epi8(mark_hi, hi));
  Masks32 r;
  r.word = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(cls, zero)));
  // Bit 0 of each byte (digits) moved to its top bit: a 16-bit shift by 7 does it for both bytes.
  r.digit = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_slli_epi16(cls, 7)));
  r.mark = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(mk, zero)));
  r.high = static_cast<uint32_t>(_mm256_movemask_epi8(v));
  return r;
}

__attribute__((target("avx2"))) void BlockMasksAvx2(const char* p, size_t len, const ByteMarks* marks,
                                                    uint64_t* word, uint64_t* digit, uint64_t* mark,
                                                    uint64_t* starts, BlockMaskState& st) {
  const __m256i word_lo = _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(kWordLo)));
  const __m256i word_hi = _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(kWordHi)));
  __m256i mark_lo = _mm256_setzero_si256();
  __m256i mark_hi = _mm256_setzero_si256();
  if (marks != nullptr) {
    mark_lo = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(marks->lo_nibble_bits())));
    mark_hi = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(marks->hi_nibble_bits())));
  }
  alignas(32) char tail[64];
  uint64_t prev_word2 = st.prev_word2;
  for (size_t base = 0, b = 0; base < len; base += 64, ++b) {
    const char* block = p + base;
    if (len - base < 64) {
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, p + base, len - base);
      block = tail;
    }
    Masks32 a = Classify32Avx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(block)), word_lo, word_hi,
                               mark_lo, mark_hi);
    Masks32 c = Classify32Avx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32)), word_lo, word_hi,
                               mark_lo, mark_hi);
    uint64_t m = a.word | static_cast<uint64_t>(c.word) << 32;
    word[b] = m;
    digit[b] = a.digit | static_cast<uint64_t>(c.digit) << 32;
    if (mark != nullptr) {
      uint64_t mm = a.mark | static_cast<uint64_t>(c.mark) << 32;
      if (len - base < 64) mm &= (uint64_t{1} << (len - base)) - 1;  // not the padding
      mark[b] = mm;
    }
    if (starts != nullptr) {
      uint64_t w2 = m | a.high | static_cast<uint64_t>(c.high) << 32;
      starts[b] = w2 & ~((w2 << 1) | prev_word2);
      prev_word2 = w2 >> 63;
    }
  }
  st.prev_word2 = prev_word2;
}
#endif

BlockMasksFn PickBlockMasks() {
#if defined(SP_PHRASE_AVX2)
  if (__builtin_cpu_supports("avx2")) return BlockMasksAvx2;
#endif
  return BlockMasksGeneric;
}

}  // namespace

ByteMarks::ByteMarks(std::string_view bytes) {
  for (char c : bytes) {
    if (!table_[static_cast<unsigned char>(c)] && bytes_.size() < 8) {
      table_[static_cast<unsigned char>(c)] = true;
      // Mark k owns bit k in the table of its low nibble and in that of its high nibble: a byte
      // has a common bit in both exactly when it is one of the marks.
      unsigned char u = static_cast<unsigned char>(c);
      lo_nibble_bits_[u & 15] |= static_cast<uint8_t>(1u << bytes_.size());
      hi_nibble_bits_[u >> 4] |= static_cast<uint8_t>(1u << bytes_.size());
      bytes_.push_back(c);
    }
  }
}

Status PhraseIndex::Add(std::string_view phrase, bool case_sensitive, bool digit_suffix, uint32_t id) {
  if (built_) return FailedPrecondition("PhraseIndex::Add after Build");
  if (phrase.empty() || phrase.size() > 1000) return InvalidArgument("phrase empty or longer than 1000 bytes");
  if (IsWs(phrase.front()) || IsWs(phrase.back())) {
    return InvalidArgument("phrase '" + std::string(phrase) + "' has leading or trailing whitespace");
  }
  // Tokens of the phrase, as the text will be tokenized.
  size_t best_off = 0;
  size_t best_len = 0;
  bool best_function = true;
  size_t last_end = 0;
  for (size_t i = 0; i < phrase.size();) {
    if (!IsWordByte(static_cast<unsigned char>(phrase[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < phrase.size() && IsWordByte(static_cast<unsigned char>(phrase[j]))) ++j;
    size_t len = j - i;
    if (len > kMaxAnchorBytes) {
      return InvalidArgument("phrase '" + std::string(phrase) + "' has a word longer than " +
                             std::to_string(kMaxAnchorBytes) + " bytes");
    }
    std::string folded(phrase.substr(i, len));
    for (char& c : folded) c = static_cast<char>(c | 0x20);
    bool function = IsCommonWord(folded);
    // Prefer content words, then longer ones, then the first.
    if (best_len == 0 || (best_function && !function) || (function == best_function && len > best_len)) {
      best_off = i;
      best_len = len;
      best_function = function;
    }
    last_end = j;
    i = j;
  }
  if (best_len == 0) return InvalidArgument("phrase '" + std::string(phrase) + "' has no letter or digit");
  Phrase p;
  p.id = id;
  p.text_off = static_cast<uint32_t>(pool_.size());
  p.len = static_cast<uint16_t>(phrase.size());
  p.anchor_off = static_cast<uint16_t>(best_off);
  p.anchor_len = static_cast<uint16_t>(best_len);
  p.case_sensitive = case_sensitive;
  p.digit_suffix = digit_suffix && best_off + best_len == phrase.size() && last_end == phrase.size() &&
                   IsAlpha(static_cast<unsigned char>(phrase[phrase.size() - 1]));
  // The quick-reject windows (see Phrase): bytes compared exactly by Verify, up to a space.
  auto mask_byte = [&](char c) -> uint64_t {
    return !case_sensitive && IsAlpha(static_cast<unsigned char>(c)) ? 0xDF : 0xFF;
  };
  p.next_mask = p.next_value = p.prev_mask = p.prev_value = 0;
  p.whole_token = best_off == 0 && best_len == phrase.size();
  {
    char buf[8] = {};
    std::memcpy(buf, phrase.data(), std::min<size_t>(8, phrase.size()));
    p.raw8 = Load8(buf);
  }
  size_t next_from = best_off + best_len;
  p.next_space = next_from < phrase.size() && phrase[next_from] == ' ';
  if (p.next_space) ++next_from;
  size_t prev_to = best_off;
  p.prev_space = prev_to > 0 && phrase[prev_to - 1] == ' ';
  if (p.prev_space) --prev_to;
  for (size_t j = next_from, k = 0; j < phrase.size() && k < 8 && phrase[j] != ' '; ++j, ++k) {
    uint64_t m = mask_byte(phrase[j]);
    p.next_mask |= m << (8 * k);
    p.next_value |= (static_cast<uint64_t>(static_cast<unsigned char>(phrase[j])) & m) << (8 * k);
  }
  for (size_t j = prev_to, k = 7; j > 0 && k < 8 && phrase[j - 1] != ' '; --j, --k) {
    uint64_t m = mask_byte(phrase[j - 1]);
    p.prev_mask |= m << (8 * k);
    p.prev_value |= (static_cast<uint64_t>(static_cast<unsigned char>(phrase[j - 1])) & m) << (8 * k);
  }
  pool_.append(phrase);
  std::string key(phrase.substr(best_off, best_len));
  for (char& c : key) c = static_cast<char>(c | 0x20);
  phrases_.push_back(p);
  pending_keys_.push_back(std::move(key));
  return Status::Ok();
}

void PhraseIndex::Build() {
  // Group phrases by anchor key.
  std::vector<uint32_t> order(phrases_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return pending_keys_[a] < pending_keys_[b]; });
  std::vector<Phrase> sorted;
  sorted.reserve(phrases_.size());
  for (size_t i = 0; i < order.size(); ++i) {
    const std::string& key = pending_keys_[order[i]];
    if (i == 0 || key != pending_keys_[order[i - 1]]) {
      Key k;
      k.key_off = static_cast<uint32_t>(pool_.size());
      k.key_len = static_cast<uint16_t>(key.size());
      pool_.append(key);
      // The hash and words are computed exactly as for text tokens.
      FoldedToken f = FoldToken(key.data(), key.size(), 0, key.size());
      k.hash = HashFolded(f, key.size());
      k.first8 = f.first;
      k.last8 = f.last;
      k.first = static_cast<uint32_t>(sorted.size());
      k.count = 0;
      k.any_window = false;
      k.any_spaced = false;
      k.open = false;
      k.next_bits = 0;
      k.prev_bits = 0;
      k.whole_bits = 0;
      keys_.push_back(k);
    }
    const Phrase& p = phrases_[order[i]];
    sorted.push_back(p);
    ++keys_.back().count;
    Key& k = keys_.back();
    k.any_window |= !p.whole_token;
    k.any_spaced |= p.next_space || p.prev_space;
    const uint32_t at = k.count - 1;
    if (at >= 64) {
      k.open = true;
    } else if (p.whole_token) {
      k.whole_bits |= uint64_t{1} << at;
    } else if ((p.next_mask & 0xFF) != 0) {
      k.next_bits |= WindowByteBit(static_cast<unsigned char>(p.next_value), p.next_space);
    } else if ((p.prev_mask >> 56) != 0) {
      k.prev_bits |= WindowByteBit(static_cast<unsigned char>(p.prev_value >> 56), p.prev_space);
    } else {
      k.open = true;
    }
  }
  phrases_ = std::move(sorted);
  pending_keys_.clear();
  pending_keys_.shrink_to_fit();

  // MatchPrefix's index.
  prefix_ready_ = true;
  for (size_t i = 0; i < phrases_.size(); ++i) {
    std::string_view ph(pool_.data() + phrases_[i].text_off, phrases_[i].len);
    for (size_t j = 0; j < ph.size(); ++j) {
      bool simple_space = ph[j] == ' ' && j > 0 && j + 1 < ph.size() && !IsWs(ph[j - 1]) && !IsWs(ph[j + 1]);
      if (IsWs(ph[j]) && !simple_space) prefix_ready_ = false;
    }
    size_t k = 0;
    while (k < ph.size() && IsWordByte(static_cast<unsigned char>(ph[k]))) ++k;
    if (k == 0) prefix_ready_ = false;
    if (phrases_[i].anchor_off == 0 || k == 0 || k > kMaxAnchorBytes) continue;  // found through its anchor
    PrefixKey key{HashFolded(FoldToken(ph.data(), ph.size(), 0, k), k), static_cast<uint32_t>(i), {0, 0}, {0, 0}};
    for (size_t j = 0; j < 16 && j < ph.size(); ++j) {
      unsigned char c = static_cast<unsigned char>(ph[j]);
      uint64_t m = !phrases_[i].case_sensitive && IsAlpha(c) ? 0xDF : 0xFF;
      key.mask[j / 8] |= m << (8 * (j % 8));
      key.value[j / 8] |= (c & m) << (8 * (j % 8));
    }
    prefix_keys_.push_back(key);
  }
  std::sort(prefix_keys_.begin(), prefix_keys_.end());

  size_t cap = 16;
  while (cap < keys_.size() * 2) cap <<= 1;
  slots_.assign(cap, 0);
  slot_mask_ = cap - 1;
  for (size_t i = 0; i < keys_.size(); ++i) {
    uint64_t h = keys_[i].hash;
    size_t s = (h >> 17) & slot_mask_;
    while (slots_[s] != 0) s = (s + 1) & slot_mask_;
    slots_[s] = static_cast<uint32_t>(i + 1);
    const char* key = pool_.data() + keys_[i].key_off;
    filter_.Set(AnchorFilter::PreKey(keys_[i].key_len, static_cast<unsigned char>(key[0]),
                                     static_cast<unsigned char>(key[keys_[i].key_len - 1])),
                h);
  }
  built_ = true;
}

void PhraseIndex::SetSideFilter(const AnchorFilter& side_filter) {
  side_ = side_filter;
  either_ = filter_;
  either_.Merge(side_);
}

// Inlined into OnToken, its only caller (a call costs about a third of a lookup).
inline __attribute__((always_inline)) const PhraseIndex::Key* PhraseIndex::Lookup(const char* text, size_t ts, size_t len, uint64_t first8, uint64_t last8,
                                            uint64_t hash) const {
  for (size_t s = (hash >> 17) & slot_mask_;; s = (s + 1) & slot_mask_) {
    uint32_t v = slots_[s];
    if (v == 0) return nullptr;
    const Key& k = keys_[v - 1];
    if (k.hash == hash && k.key_len == len && k.first8 == first8 && k.last8 == last8) {
      // The first and last 8 bytes are equal; compare what lies between (tokens > 16 bytes).
      const char* key = pool_.data() + k.key_off;
      size_t i = 8;
      while (i + 8 < len && (static_cast<unsigned char>(text[ts + i]) | 0x20) == static_cast<unsigned char>(key[i])) ++i;
      if (i + 8 >= len) return &k;
    }
  }
}

bool PhraseIndex::Verify(std::string_view text, size_t ts, size_t te, bool stripped, const Phrase& p,
                         uint32_t& begin, uint32_t& end) const {
  if (stripped && !p.digit_suffix) return false;
  if (te - ts != p.anchor_len) return false;
  const char* ph = pool_.data() + p.text_off;
  const bool cs = p.case_sensitive;
  // Caseless anchors equal the token already (the key matched on folded bytes).
  if (cs && std::memcmp(text.data() + ts, ph + p.anchor_off, p.anchor_len) != 0) return false;
  size_t n = text.size();
  size_t i = te;
  for (size_t j = p.anchor_off + p.anchor_len; j < p.len; ++j) {
    char c = ph[j];
    if (c == ' ') {
      size_t k = i;
      while (k < n && IsWs(text[k])) ++k;
      if (k == i) return false;
      i = k;
      continue;
    }
    if (i >= n || !ByteEq(text[i], c, cs)) return false;
    ++i;
  }
  end = static_cast<uint32_t>(i);
  i = ts;
  for (size_t j = p.anchor_off; j-- > 0;) {
    char c = ph[j];
    if (c == ' ') {
      size_t k = i;
      while (k > 0 && IsWs(text[k - 1])) --k;
      if (k == i) return false;
      i = k;
      continue;
    }
    if (i == 0 || !ByteEq(text[i - 1], c, cs)) return false;
    --i;
  }
  begin = static_cast<uint32_t>(i);
  return true;
}

// Inlined into its callers: for Scan's (FilterHit) a call costs ~10 % of the work per anchor.
inline __attribute__((always_inline)) void PhraseIndex::OnToken(std::string_view text, size_t ts, size_t te,
                                                                uint64_t h, bool stripped,
                                                                std::vector<PhraseMatch>& out) const {
  const size_t n = text.size();
  FoldedToken f = FoldToken(text.data(), n, ts, te);
  const Key* key = Lookup(text.data(), ts, te - ts, f.first, f.last, h);
  if (key == nullptr) return;
  // The quick-reject windows around the token (see Phrase), for the phrases that are not the
  // token alone.
  uint64_t next8 = 0;
  uint64_t prev8 = 0;
  uint64_t next8_ws = 0;
  uint64_t prev8_ws = 0;
  bool windowed_may_match = true;  // false: only the whole_token phrases are left to check
  if (key->any_window) {
    next8 = LoadAfter(text.data(), n, te);
    prev8 = LoadBefore(text.data(), ts);
    uint64_t next_bits = WindowByteBit(static_cast<unsigned char>(next8), false);
    uint64_t prev_bits = WindowByteBit(static_cast<unsigned char>(prev8 >> 56), false);
    if (key->any_spaced) {
      size_t a = te;
      while (a < n && IsWs(text[a])) ++a;
      size_t b = ts;
      while (b > 0 && IsWs(text[b - 1])) --b;
      // No whitespace: no spaced phrase matches; a zero window fails every nonzero mask.
      if (a > te) {
        next8_ws = LoadAfter(text.data(), n, a);
        next_bits |= WindowByteBit(static_cast<unsigned char>(next8_ws), true);
      }
      if (b < ts) {
        prev8_ws = LoadBefore(text.data(), b);
        prev_bits |= WindowByteBit(static_cast<unsigned char>(prev8_ws >> 56), true);
      }
    }
    windowed_may_match = key->open || (key->next_bits & next_bits) != 0 || (key->prev_bits & prev_bits) != 0;
  }
  auto check = [&](const Phrase& p) __attribute__((always_inline)) {
    if (p.whole_token) {
      // The token is the phrase (ignoring case): only case and the digit suffix remain.
      if (stripped && !p.digit_suffix) return;
      if (p.case_sensitive) {
        bool same = p.anchor_len <= 8 && ts + 8 <= n
                        ? (Load8(text.data() + ts) & kKeepBytes[p.anchor_len]) == p.raw8
                        : std::memcmp(text.data() + ts, pool_.data() + p.text_off, p.anchor_len) == 0;
        if (!same) return;
      }
      out.push_back(PhraseMatch{p.id, static_cast<uint32_t>(ts), static_cast<uint32_t>(te)});
      return;
    }
    const uint64_t nw = p.next_space ? next8_ws : next8;
    const uint64_t pw = p.prev_space ? prev8_ws : prev8;
    if (((nw & p.next_mask) ^ p.next_value) | ((pw & p.prev_mask) ^ p.prev_value)) return;
    uint32_t b = 0;
    uint32_t e = 0;
    if (Verify(text, ts, te, stripped, p, b, e)) out.push_back(PhraseMatch{p.id, b, e});
  };
  if (windowed_may_match) {
    for (uint32_t i = key->first; i < key->first + key->count; ++i) check(phrases_[i]);
  } else {
    // (The key has at most 64 phrases, else it is open.)
    for (uint64_t w = key->whole_bits; w != 0; w &= w - 1) check(phrases_[key->first + __builtin_ctzll(w)]);
  }
}

bool PhraseIndex::Scan(std::string_view text, std::vector<PhraseMatch>& out, size_t max_matches,
                       std::vector<TokenRef>* side, const ByteMarks* marks, std::vector<uint64_t>* mark_bits,
                       std::vector<uint64_t>* word_starts) const {
#if defined(SP_PHRASE_AVX2)
  static const bool bmi2 = __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
  if (bmi2) return ScanBmi2(text, out, max_matches, side, marks, mark_bits, word_starts);
#endif
  return ScanImpl(text, out, max_matches, side, marks, mark_bits, word_starts);
}

#if defined(SP_PHRASE_AVX2)
__attribute__((target("bmi,bmi2"))) bool PhraseIndex::ScanBmi2(std::string_view text, std::vector<PhraseMatch>& out,
                                                              size_t max_matches, std::vector<TokenRef>* side,
                                                              const ByteMarks* marks,
                                                              std::vector<uint64_t>* mark_bits,
                                                              std::vector<uint64_t>* word_starts) const {
  return ScanImpl(text, out, max_matches, side, marks, mark_bits, word_starts);
}
#else
bool PhraseIndex::ScanBmi2(std::string_view text, std::vector<PhraseMatch>& out, size_t max_matches,
                           std::vector<TokenRef>* side, const ByteMarks* marks, std::vector<uint64_t>* mark_bits,
                           std::vector<uint64_t>* word_starts) const {
  return ScanImpl(text, out, max_matches, side, marks, mark_bits, word_starts);
}
#endif

// Inlined into Scan and ScanBmi2, so that each is compiled for its target.
inline __attribute__((always_inline)) bool PhraseIndex::ScanImpl(std::string_view text, std::vector<PhraseMatch>& out,
                                                                 size_t max_matches, std::vector<TokenRef>* side,
                                                                 const ByteMarks* marks,
                                                                 std::vector<uint64_t>* mark_bits,
                                                                 std::vector<uint64_t>* word_starts) const {
  const char* p = text.data();
  const size_t n = text.size();
  if (marks != nullptr) mark_bits->assign((n + 63) / 64, 0);
  if (word_starts != nullptr) word_starts->assign((n + 63) / 64, 0);
  if (!built_) return true;
  static const BlockMasksFn block_masks = PickBlockMasks();
  ScanSink sink{text, &out, side, max_matches, false};
  // One test for the ~85 % of tokens that anchor nothing in either filter.
  const uint64_t* either_words = side != nullptr ? either_.full_words() : filter_.full_words();
  // Word tokens, 64 bytes at a time: bit i of `m` is set when p[base + i] is a word byte.
  // `safe`: 8 bytes can be read at ts (a token in a block that ends 8 bytes before the text).
  // `last_digit`: p[te - 1] is a digit.
  // `safe` is a std::bool_constant, so that each call site gets its own code.
  auto visit = [&](size_t ts, size_t te, auto safe, bool last_digit) __attribute__((always_inline)) {
    const size_t len = te - ts;
    uint64_t x;
    if (len <= 8) {
      uint64_t first;
      if constexpr (decltype(safe)::value) {
        first = Load8(p + ts);
      } else {
        first = FoldToken(p, n, ts, te).first;
      }
      x = (first | kFold8) & kKeepBytes[len];
    } else if (len <= kMaxAnchorBytes) {
      x = (Load8(p + ts) | kFold8) ^ ((Load8(p + te - 8) | kFold8) * kLastMul) ^ len;  // HashProduct's
    } else {
      return;
    }
    uint64_t h = x * kHashMul;
    uint64_t bit = h >> (64 - AnchorFilter::kBits);
    if ((either_words[bit >> 6] >> (bit & 63)) & 1) FilterHit(sink, ts, te, h);
    if (last_digit) StrippedToken(text, ts, te, out);
  };
  auto last_is_digit = [&](size_t te) { return IsDigitByte(static_cast<unsigned char>(p[te - 1])); };
  bool open = false;
  size_t tok_start = 0;
  // The masks are computed a chunk of blocks at a time (SIMD, see BlockMasksFn), then walked.
  constexpr size_t kChunkBlocks = 32;
  uint64_t words[kChunkBlocks];
  uint64_t digits[kChunkBlocks];
  BlockMaskState mask_state;
  for (size_t base = 0; base < n; base += 64) {
    const size_t b = base / 64;
    if (b % kChunkBlocks == 0) {
      block_masks(p + base, std::min(n - base, kChunkBlocks * 64), marks, words, digits,
                  marks != nullptr ? mark_bits->data() + b : nullptr,
                  word_starts != nullptr ? word_starts->data() + b : nullptr, mask_state);
    }
    const uint64_t m = words[b % kChunkBlocks];
    const uint64_t dig = digits[b % kChunkBlocks];
    // Bit j of `ends`: the token's last byte is p[base + j], within this block (a token reaching
    // the block's end may go on in the next one).
    uint64_t ends = m & ~(m >> 1) & ~(uint64_t{1} << 63);
    uint64_t prev = open ? 1 : 0;
    if (open) {
      uint64_t non_word = ~m;
      if (non_word == 0) continue;  // the token spans the whole block
      size_t q = static_cast<size_t>(__builtin_ctzll(non_word));
      visit(tok_start, base + q, std::false_type{}, last_is_digit(base + q));
      open = false;
      if (q > 0) ends &= ends - 1;  // that token's end (q == 0: it ended with the last block)
    }
    uint64_t starts = m & ~((m << 1) | prev);
    // The tokens that end in the block, in order. `safe`: 8 bytes can be read at each start (a
    // token that ends in the block starts at most 64 bytes before its end). `any_digit`: some
    // token may end with a digit (most blocks have none: their loop skips the test).
    auto walk = [&](auto safe, auto any_digit) __attribute__((always_inline)) {
      while (ends != 0) {
        size_t i = static_cast<uint32_t>(__builtin_ctzll(starts));
        starts &= starts - 1;
        size_t j = static_cast<uint32_t>(__builtin_ctzll(ends));
        ends &= ends - 1;
        visit(base + i, base + j + 1, safe, decltype(any_digit)::value && ((dig >> j) & 1));
      }
    };
    if (base + 64 + 8 > n) {
      walk(std::false_type{}, std::true_type{});
    } else if ((ends & dig) == 0) {
      walk(std::true_type{}, std::false_type{});
    } else {
      walk(std::true_type{}, std::true_type{});
    }
    // A token left open at the block's end (its end is not in `ends`).
    if (starts != 0) {
      open = true;
      tok_start = base + static_cast<size_t>(__builtin_ctzll(starts));
    }
    if (out.size() >= max_matches) {
      out.resize(max_matches);
      return false;
    }
  }
  if (open) visit(tok_start, n, std::false_type{}, last_is_digit(n));
  if (out.size() >= max_matches) {
    out.resize(max_matches);
    return false;
  }
  return true;
}

__attribute__((noinline)) void PhraseIndex::FilterHit(ScanSink& sink, size_t ts, size_t te, uint64_t product) const {
  // Mix leaves the filter bits (the top ones) alone.
  const uint64_t h = Mix(product);
  // (OnToken folds the token again: keeping the words live in Scan's loop costs more.)
  if (filter_.MayContain(h)) OnToken(sink.text, ts, te, h, false, *sink.out);
  if (sink.side != nullptr && side_.MayContain(h) && !sink.side_full) {
    sink.side->push_back(TokenRef{static_cast<uint32_t>(ts), static_cast<uint32_t>(te), h});
    sink.side_full = sink.side->size() >= sink.max_matches;
  }
}

void PhraseIndex::StrippedToken(std::string_view text, size_t ts, size_t te, std::vector<PhraseMatch>& out) const {
  // "Python3", "Vue3": the token without its trailing digits.
  const char* p = text.data();
  size_t e = te;
  while (e > ts && IsDigitByte(static_cast<unsigned char>(p[e - 1]))) --e;
  if (e == ts || !IsAlpha(static_cast<unsigned char>(p[e - 1])) || e - ts > kMaxAnchorBytes) return;
  if (!filter_.PreMayContain(AnchorFilter::PreKey(e - ts, static_cast<unsigned char>(p[ts]),
                                                  static_cast<unsigned char>(p[e - 1])))) {
    return;
  }
  uint64_t h = HashFolded(FoldToken(p, text.size(), ts, e), e - ts);
  if (filter_.MayContain(h)) OnToken(text, ts, e, h, true, out);
}

void PhraseIndex::MatchPrefix(std::string_view text, std::vector<PhraseMatch>& out) const {
  if (!built_ || text.empty()) return;
  if (!prefix_ready_) {
    thread_local std::vector<PhraseMatch> all;
    all.clear();
    Scan(text, all, size_t{1} << 20);
    for (const PhraseMatch& m : all) {
      if (m.begin == 0) out.push_back(m);
    }
    return;
  }
  // A phrase that begins at text[0] starts with a word byte, so its first word is exactly the
  // text's first token (the byte after it in the phrase is not a word byte, nor can the text's be).
  size_t k = 0;
  while (k < text.size() && IsWordByte(static_cast<unsigned char>(text[k]))) ++k;
  if (k == 0 || k > kMaxAnchorBytes) return;
  // Phrases anchored on their first word: what Scan finds on the first token (only those
  // matches can begin at 0), in Scan's order.
  const FoldedToken f = FoldToken(text.data(), text.size(), 0, k);
  const uint64_t h = HashFolded(f, k);
  if (filter_.MayContain(h)) OnToken(text, 0, k, h, false, out);
  if (IsDigitByte(static_cast<unsigned char>(text[k - 1]))) StrippedToken(text, 0, k, out);
  // Phrases anchored on a later word (Scan reports them after the first token's), found by the
  // hash of their first word (the alignment below compares the word itself).
  auto it = std::lower_bound(prefix_keys_.begin(), prefix_keys_.end(), PrefixKey{h, 0, {0, 0}, {0, 0}});
  if (it == prefix_keys_.end() || it->hash != h) return;
  const size_t n = text.size();
  // Whether text[0, 16) aligns byte for byte with any match (see PrefixKey).
  bool aligned = n >= 16;
  for (size_t j = 0; j < 16 && aligned; ++j) {
    aligned = !IsWs(text[j]) || (text[j] == ' ' && (j + 1 == 16 || !IsWs(text[j + 1])));
  }
  const uint64_t head[2] = {aligned ? Load8(text.data()) : 0, aligned ? Load8(text.data() + 8) : 0};
  for (; it != prefix_keys_.end() && it->hash == h; ++it) {
    if (aligned && ((head[0] & it->mask[0]) != it->value[0] || (head[1] & it->mask[1]) != it->value[1])) continue;
    const Phrase& p = phrases_[it->phrase];
    const char* ph = pool_.data() + p.text_off;
    // Align the phrase bytes before the anchor from text[0] (a space takes a whole whitespace
    // run: with single spaces between other bytes the alignment is unique).
    size_t i = 0;
    bool ok = true;
    for (size_t j = 0; j < p.anchor_off && ok; ++j) {
      if (ph[j] == ' ') {
        size_t a = i;
        while (i < n && IsWs(text[i])) ++i;
        ok = i > a;
      } else {
        ok = i < n && ByteEq(text[i], ph[j], p.case_sensitive);
        ++i;
      }
    }
    // The anchor must be a whole text token there, as Scan finds it; Verify does the rest.
    size_t te = i + p.anchor_len;
    if (!ok || te > n || IsWordByte(static_cast<unsigned char>(text[i - 1])) ||
        (te < n && IsWordByte(static_cast<unsigned char>(text[te])))) {
      continue;
    }
    const char* key = ph + p.anchor_off;
    for (size_t j = 0; j < p.anchor_len && ok; ++j) {
      unsigned char c = static_cast<unsigned char>(text[i + j]);
      ok = IsWordByte(c) && (c | 0x20) == (static_cast<unsigned char>(key[j]) | 0x20);
    }
    uint32_t b = 0;
    uint32_t e = 0;
    if (ok && Verify(text, i, te, false, p, b, e) && b == 0) out.push_back(PhraseMatch{p.id, b, e});
  }
}

void PhraseIndex::MatchToken(std::string_view text, const TokenRef& t, std::vector<PhraseMatch>& out) const {
  if (!built_ || t.end - t.begin > kMaxAnchorBytes || !filter_.MayContain(t.hash)) return;
  if (!filter_.PreMayContain(AnchorFilter::PreKey(t.end - t.begin, static_cast<unsigned char>(text[t.begin]),
                                                  static_cast<unsigned char>(text[t.end - 1])))) {
    return;
  }
  OnToken(text, t.begin, t.end, t.hash, false, out);
}

}  // namespace skillpulse

// Internal to the field extractors: the cheap prefilter every extractor runs before any real
// logic, and the token/phrase helpers they share.
//
// Text model. A token is a maximal run of ASCII letters, or a maximal run of ASCII digits
// ("H-1B" is h|1|b, "5+years" is 5|years, "SDE2" is sde|2). Bytes >= 0x80 separate tokens.
// A phrase ("full time", "h 1 b", "on ^site") matches consecutive tokens whose gaps hold only
// joiners (space, tab, '-', '_', '.', ':', at most 3 bytes; no gap at a letter/digit switch; '/' too
// for sets that allow it), case
// insensitively, so "full-time", "Full Time" and "FULL_TIME" are one phrase.
//
// TriggerScanner finds the words that can start a rule in one pass: it visits every word start
// (a letter preceded by a non-letter), keys it by its first <= 4 lowercase letters and probes a
// small hash table; only words whose key is a trigger are verified and reported. Cost is
// linear in the text and independent of the number of triggers (bench/fields_bench.cc).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace skillpulse::fields {

inline bool IsLetter(char c) { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }
inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
inline bool IsAlnum(char c) { return IsLetter(c) || IsDigit(c); }
inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Byte classes for the token loops (one load per byte): kClassLetter for ASCII letters,
// kClassDigit for ASCII digits, 0 otherwise.
constexpr uint8_t kClassLetter = 1, kClassDigit = 2;
inline constexpr struct CharClassTable {
  uint8_t c[256];
} kCharClass = [] {
  CharClassTable t{};
  for (int i = 'a'; i <= 'z'; ++i) t.c[i] = t.c[i - 32] = kClassLetter;
  for (int i = '0'; i <= '9'; ++i) t.c[i] = kClassDigit;
  return t;
}();
inline uint8_t ClassOf(char c) { return kCharClass.c[static_cast<unsigned char>(c)]; }

// True when s holds a byte >= 0x80 (8 bytes at a time).
inline bool HasNonAscii(std::string_view s) {
  size_t i = 0;
  uint64_t acc = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, s.data() + i, 8);
    acc |= w;
  }
  for (; i < s.size(); ++i) acc |= static_cast<unsigned char>(s[i]);
  return (acc & 0x8080808080808080ULL) != 0;
}

// Case-insensitive ASCII equality of s[pos, pos+word.size()) with lowercase `word`.
bool EqualsLowerAt(std::string_view s, size_t pos, std::string_view word);

struct Token {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool digits = false;
  uint32_t size() const { return end - begin; }
};
// True when token `t` of `s` is `lower_word` (lowercase ASCII), case-insensitively.
inline bool TokenIs(std::string_view s, const Token& t, std::string_view lower_word) {
  return t.size() == lower_word.size() && EqualsLowerAt(s, t.begin, lower_word);
}
// The token that contains s[pos] or starts after it; false at end of text.
bool NextToken(std::string_view s, size_t pos, Token& t);
// The token that ends at or before `end` (exclusive bound); false at start of text.
bool PrevToken(std::string_view s, size_t end, Token& t);
// True when the bytes between two tokens [a_end, b_begin) may join phrase words; slash: '/'
// joins too ("4 days/week").
bool IsJoinGap(std::string_view s, size_t a_end, size_t b_begin, bool a_digits, bool b_digits, bool slash = false);
// The value of a number token: digits ("12") or an English number word one..twenty,
// "a"/"an" (1), "couple" (2), "few"... is not a number. -1 when not a number.
int NumberValue(std::string_view token_lower);

// One word-start match of a trigger.
struct Hit {
  uint32_t pos = 0;       // byte offset of the word start
  uint16_t len = 0;       // letters in the word (the whole letter run)
  uint8_t category = 0;   // the owner of the trigger (see kCategory* in the extractors)
  uint16_t id = 0;        // the owner's trigger id
};

class TriggerScanner {
 public:
  // Registers `word` (lowercase ASCII letters). prefix: any word starting with it matches
  // ("sponsor" -> "sponsorship"); REQUIRES prefix words to have >= 4 letters. Several owners
  // may register the same word. Throws std::invalid_argument on a malformed word (setup bug).
  void Add(std::string_view word, bool prefix, uint8_t category, uint16_t id);
  // Must be called after the last Add and before Scan.
  void Build();
  // Appends the hits in `text`, in text order, stopping after max_hits hits. Uses the
  // AVX-512 VBMI path when the CPU has it (checked once), else the portable one; both give
  // the same hits.
  void Scan(std::string_view text, std::vector<Hit>& hits, size_t max_hits = 4096) const;
  // The portable path (SSE2 or plain C++), for tests and machines without AVX-512.
  void ScanPortable(std::string_view text, std::vector<Hit>& hits, size_t max_hits = 4096) const;
  // True when Scan uses the AVX-512 path on this machine.
  static bool HasFastPath();

 private:
  struct Trigger {
    std::string word;
    bool prefix = false;
    uint8_t category = 0;
    uint16_t id = 0;
  };
  struct Slot {
    uint32_t key = 0;  // 0 = empty
    uint16_t first = 0;
    uint16_t count = 0;
  };
  static constexpr int kTableBits = 11;
  // run: letters known to start at pos (the scan's masks); Probe extends it to the word's end.
  void Probe(std::string_view text, size_t pos, uint32_t key, size_t slot_index, size_t run,
             std::vector<Hit>& hits) const;
  void ScanAvx512(std::string_view text, std::vector<Hit>& hits, size_t max_hits) const;

  std::vector<Trigger> pending_;
  std::vector<Trigger> triggers_;  // grouped by key
  std::vector<Slot> table_;
  // Letter-pair filters for the AVX-512 path: bit (x, y) is set when some trigger has letters
  // x, y (5-bit codes, 0 = past the word's end) at positions (0,1), (1,2), (0,2), (2,3).
  alignas(64) uint8_t pair01_[128] = {};
  alignas(64) uint8_t pair12_[128] = {};
  alignas(64) uint8_t pair02_[128] = {};
  alignas(64) uint8_t pair23_[128] = {};
};

// A token lowercased and hashed once, for lookups in several WordSets ("is this word a
// negation, a cue, a noun...?"). Tokens longer than kMaxBytes match nothing.
struct WordKey {
  static constexpr size_t kMaxBytes = 48;
  // t must be a token of s (letters only or digits only, as NextToken gives them).
  WordKey(std::string_view s, const Token& t);
  std::string_view lower() const { return std::string_view(buf, size); }
  alignas(8) char buf[kMaxBytes + 8];
  uint32_t size = 0;   // 0: too long (or empty), matches nothing
  uint64_t hash = 0;   // WordSet's hash of lower()
};

// A set of lowercase words, exact or prefix ("sponsor*"), each with an int value. Lookups hash
// the word (no allocation); prefixes are grouped by first letter.
class WordSet {
 public:
  // Throws std::invalid_argument on an empty word.
  void Add(std::string_view word, int value);
  // The value of token t, or -1. Exact words win over prefixes; the longest prefix wins.
  int Find(std::string_view s, const Token& t) const { return Find(WordKey(s, t)); }
  int Find(const WordKey& k) const { return k.size == 0 ? -1 : FindHashed(k.lower(), k.hash); }
  int Find(std::string_view lower_word) const;
  bool empty() const { return words_.empty() && prefixes_ == 0; }

 private:
  struct Slot {
    uint64_t hash = 0;  // 0 = empty
    int32_t index = -1;
  };
  void Rehash();
  int FindHashed(std::string_view lower_word, uint64_t hash) const;  // hash = WordHash(lower_word)
  std::vector<std::pair<std::string, int>> words_;
  std::vector<Slot> table_;
  std::vector<std::pair<std::string, int>> by_letter_[27];  // prefixes, longest first
  size_t prefixes_ = 0;
};

// A word of a phrase pattern.
struct PhraseWord {
  std::string text;     // lowercase; empty for kNumber
  enum Kind : uint8_t { kExact, kPrefix, kNumber } kind = kExact;
};

struct PhraseMatch {
  int value = 0;
  uint32_t begin = 0;  // byte span of the whole phrase in the text
  uint32_t end = 0;
  int phrase = -1;     // index of the phrase in its set
};

// A set of phrases, each with an int value. Syntax of a phrase: words separated by spaces;
// "w*" matches tokens starting with w; "{n}" matches a number (digits or one..twenty); the
// anchor (the word the scanner looks for) is the first letter word, or the one marked "^w".
// Anchors must be letter words; prefix anchors need >= 4 letters.
class PhraseSet {
 public:
  // Throws std::invalid_argument on bad syntax (a data-file bug found at startup).
  void Add(std::string_view phrase, int value);
  // Registers every anchor with `scanner`; hits come back with category `category`.
  void Register(TriggerScanner& scanner, uint8_t category) const;
  // The longest phrase (most words) anchored at `hit` (a hit of this set). False if none.
  bool Match(std::string_view text, const Hit& hit, PhraseMatch& m) const;
  // Matches phrases anchored at the word starting at `pos` (no scanner needed).
  bool MatchWordAt(std::string_view text, size_t pos, PhraseMatch& m) const;
  // Bit v set when some phrase of the hit's anchor has value v (values 0..31): lets a caller
  // skip hits that cannot give what it looks for.
  uint32_t AnchorValues(const Hit& hit) const { return hit.id < anchors_.size() ? anchors_[hit.id].values : 0; }
  size_t size() const { return phrases_.size(); }
  // Lets '/' join phrase words ("4 days/week"); off by default ("Senior/Staff" is two levels).
  void set_slash_joins(bool on) { slash_joins_ = on; }

 private:
  struct Phrase {
    std::vector<PhraseWord> words;
    size_t anchor = 0;
    int value = 0;
  };
  // The phrases of one anchor word, indexed by the word right after the anchor (or, for
  // phrases that end at the anchor, the word right before it), so a match reads two
  // neighbour words and tries only the phrases that can fit.
  struct Anchor {
    PhraseWord word;
    std::vector<int> phrases;  // all, longest first
    std::vector<int> solo;     // phrases of the anchor word alone
    WordSet after_words;       // exact next word -> index into after_lists
    std::vector<std::vector<int>> after_lists;
    std::vector<int> after_other;  // next word is a prefix or a number
    WordSet before_words;      // exact previous word (phrases ending at the anchor)
    std::vector<std::vector<int>> before_lists;
    std::vector<int> before_other;
    uint32_t values = 0;       // bit v: a phrase of this anchor has value v (v < 32)
    // FirstBit of the first byte of each word in after_words / before_words: a neighbour
    // word whose bit is clear matches none of them ("full stack", "part of" for the anchors
    // "full" / "part"), so its key is not built.
    uint32_t after_first = 0, before_first = 0;
  };
  // Bit of a word's first byte for Anchor::after_first: a..z (either case) -> 0..25, other -> 26.
  static uint32_t FirstBit(char c) {
    return uint32_t{1} << (IsLetter(c) ? static_cast<unsigned>((c | 0x20) - 'a') : 26u);
  }
  // next / prev: the token after / before the anchor when the caller already checked that it
  // joins the anchor and fits the phrase's word there (nullptr: check it here).
  bool MatchPhrase(std::string_view text, const Phrase& p, const Token& anchor_tok, const Token* next,
                   const Token* prev, PhraseMatch& m) const;
  bool MatchAnchor(std::string_view text, const Anchor& a, const Token& t, PhraseMatch& m) const;
  void Index(Anchor& a, int phrase);

  std::vector<Phrase> phrases_;
  std::vector<Anchor> anchors_;
  bool slash_joins_ = false;
};

// True when token text s[t] matches word w.
bool TokenMatches(std::string_view s, const Token& t, const PhraseWord& w);

// True when the gap between token `a` and the next token starting at b_begin crosses a
// sentence or line boundary: a newline, '!', '?', ';', '|', or ". " (unless `a` is a short
// abbreviation such as "Sr." or "U.S.").
bool IsSentenceBreak(std::string_view s, const Token& a, size_t b_begin);

// Iterates the tokens of a short string (at most max_tokens).
size_t TokenizeAll(std::string_view s, Token* out, size_t max_tokens);

// A bounded memo of a pure function of a short string: direct-mapped, kSlots entries, each
// keyed by the exact bytes (XXH3 to pick the slot, then a byte compare); a later key that maps
// to an occupied slot replaces its entry. Keys longer than kMaxKey bytes are not stored. Not
// thread-safe: keep one per thread (thread_local), so lookups take no lock. Why: header fields,
// titles and locations repeat across postings ("San Francisco, CA", "Full-time"); 26% of
// the shared HN file's first lines occur more than once.
template <class V, size_t kSlots = 4096, size_t kMaxKey = 400>
class StringMemo {
  static_assert((kSlots & (kSlots - 1)) == 0, "kSlots must be a power of two");

 public:
  // The hash Find and Put take (computed once when both are called).
  static uint64_t HashOf(std::string_view key) { return key.size() > kMaxKey ? 0 : Hash64(key); }
  // The value stored for `key`, or nullptr.
  const V* Find(std::string_view key) const { return Find(key, HashOf(key)); }
  const V* Find(std::string_view key, uint64_t hash) const {
    if (key.size() > kMaxKey || slots_.empty()) return nullptr;
    const Slot& s = slots_[hash & (kSlots - 1)];
    return s.used && s.key == key ? &s.value : nullptr;
  }
  // Stores a copy of `value` for `key` (nothing when the key is too long).
  void Put(std::string_view key, const V& value) { Put(key, HashOf(key), value); }
  void Put(std::string_view key, uint64_t hash, const V& value) {
    if (V* v = Claim(key, hash)) *v = value;
  }
  // Gives `key` its slot (dropping the entry there) and returns the value to fill in place;
  // nullptr when the key is too long to store.
  V* Claim(std::string_view key, uint64_t hash) {
    if (key.size() > kMaxKey) return nullptr;
    if (slots_.empty()) slots_.resize(kSlots);
    Slot& s = slots_[hash & (kSlots - 1)];
    s.used = true;
    s.key.assign(key);
    return &s.value;
  }

 private:
  struct Slot {
    bool used = false;
    std::string key;
    V value{};
  };
  std::vector<Slot> slots_;  // allocated on first Put
};

}  // namespace skillpulse::fields

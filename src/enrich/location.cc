// Location strings -> ISO 3166 places, from the gazetteer data/places.tsv.
//
// A string is tokenized (case and Latin diacritics folded, '.' and ''' dropped inside words),
// then read left to right: the longest gazetteer alias at each token becomes a mention; a
// mention that follows a place and names a coarser place that contains it is a qualifier
// ("San Francisco, CA", "Portland, ME", "Berlin, Germany", "Toronto, ON, Canada"); anything
// else starts a new place. Rules for the ambiguous cases are documented in fields.h.
#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "enrich/field_data.h"
#include "enrich/field_scan.h"
#include "enrich/fields.h"
#include "enrich/fields_internal.h"

namespace skillpulse {
namespace fields {
namespace {

enum class Kind : uint8_t { kArea, kCountry, kRegion, kCity };

struct Entry {
  Kind kind = Kind::kCity;
  std::string country;  // alpha-2 ("" for areas)
  std::string region;   // ISO 3166-2 or ""
  std::string city;     // canonical city name (cities only)
  std::string label;    // remote-scope label: country code, or the area's label
};

constexpr uint8_t kUpperOnly = 1;   // alias written in capitals: input must be in capitals
constexpr uint8_t kCapRequired = 2; // alias is an English word: input needs a capital

struct Cand {
  uint16_t entry;
  uint8_t flags;
};

// Open-addressing map from a 64-bit key (never 0) to a 32-bit value.
class HashMap64 {
 public:
  void Init(size_t expected) {
    size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    keys_.assign(cap, 0);
    values_.assign(cap, 0);
  }
  uint32_t* Find(uint64_t key) {
    size_t mask = keys_.size() - 1;
    // Keys are mixed hashes with the low bit forced to 1: index by the bits above it.
    for (size_t i = (key >> 1) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return &values_[i];
      if (keys_[i] == 0) return nullptr;
    }
  }
  const uint32_t* Find(uint64_t key) const { return const_cast<HashMap64*>(this)->Find(key); }
  uint32_t& Insert(uint64_t key) {
    size_t mask = keys_.size() - 1;
    for (size_t i = (key >> 1) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == 0) {
        keys_[i] = key;
        return values_[i];
      }
    }
  }

 private:
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
};

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x | 1;  // never 0
}
inline uint64_t SeqHash(uint64_t prev, uint64_t tok) { return Mix64(prev * 0x9E3779B97F4A7C15ULL ^ tok); }

// Folds one code point to lowercase ASCII where it is a Latin letter with diacritics:
// writes 1-2 chars to out and returns their count, and whether the letter was a capital.
// Returns 0 when the code point is not a foldable Latin letter.
int FoldLatin(char32_t cp, bool& upper, char out[2]) {
  upper = false;
  auto put = [&](const char* r) {
    out[0] = r[0];
    out[1] = r[1];
    return r[1] == 0 ? 1 : 2;
  };
  if (cp >= 0xC0 && cp <= 0xFF) {
    static const char* const kLatin1[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "y"};
    const char* r = kLatin1[cp - 0xC0];
    if (r == nullptr) return 0;
    upper = cp < 0xDF;
    return put(r);
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    // Base letters and case of U+0100..U+017F (Unicode NFKD without marks; '#' = digraph).
    static constexpr char kBase[] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii##jjkkkllllllllllnnnnnnnnnoooooo##rrrrrrs"
        "sssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    static constexpr char kCase[] =
        "UlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUllUlUlUlU"
        "lUlUlUlUllUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUlUUlUlUll";
    static_assert(sizeof(kBase) == 129 && sizeof(kCase) == 129);
    size_t k = cp - 0x100;
    upper = kCase[k] == 'U';
    if (kBase[k] == '#') return put((cp == 0x132 || cp == 0x133) ? "ij" : "oe");
    out[0] = kBase[k];
    return 1;
  }
  switch (cp) {
    case 0x218: upper = true; return put("s");
    case 0x219: return put("s");
    case 0x21A: upper = true; return put("t");
    case 0x21B: return put("t");
    default: return 0;
  }
}

enum class Sep : uint8_t { kNone, kComma, kList, kOpen, kClose };

// Trivially constructible: token arrays live on the stack uninitialized.
struct LTok {
  uint32_t begin;
  uint32_t end;
  uint64_t hash;
  uint8_t caps;  // 0 lower, 1 first letter capital, 2 all capitals (>= 2 letters)
  uint8_t len;   // folded length, capped at 255
  char c0, c1;   // folded first two chars
  bool digits;
  Sep sep;       // strongest separator before the token
  uint32_t info; // WordInfo bits (filled by ScanLocation)
};

constexpr size_t kMaxTokens = 64;
constexpr size_t kMaxBytes = 1024;

struct Tokens {
  std::array<LTok, kMaxTokens> t;
  size_t n = 0;
};

inline Sep Stronger(Sep a, Sep b) { return static_cast<uint8_t>(a) >= static_cast<uint8_t>(b) ? a : b; }

// A run of ASCII letters and digits from s[begin] (an ASCII letter or digit), with '.' and
// apostrophes dropped inside: its folded FNV-1a hash, kept bytes, letters and capitals, and
// the index past it. Locals only, so the loop stays in registers.
struct AsciiRun {
  uint64_t hash;
  uint32_t len, letters, uppers;
  size_t end;
};
// What one byte adds to a run, as three 21-bit counters in one word (kept bytes, letters,
// capitals; a run is at most kMaxBytes long): one table load and one add per byte. 0 ends
// the run; kRunDrop (a '.' or an apostrophe) is skipped.
constexpr uint64_t kRunKept = 1, kRunLetter = uint64_t{1} << 21, kRunUpper = uint64_t{1} << 42,
                   kRunDrop = uint64_t{1} << 63, kRunCountMask = (uint64_t{1} << 21) - 1;
inline constexpr struct RunTable {
  uint64_t v[256];
} kRun = [] {
  RunTable t{};
  for (int c = '0'; c <= '9'; ++c) t.v[c] = kRunKept;
  for (int c = 'a'; c <= 'z'; ++c) {
    t.v[c] = kRunKept | kRunLetter;
    t.v[c - 32] = kRunKept | kRunLetter | kRunUpper;
  }
  t.v[static_cast<unsigned char>('.')] = kRunDrop;
  t.v[static_cast<unsigned char>('\'')] = kRunDrop;
  return t;
}();
inline AsciiRun ReadAsciiRun(std::string_view s, size_t begin) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  uint64_t h = 0xcbf29ce484222325ULL;
  uint64_t counts = 0;
  size_t i = begin;
  for (; i < n; ++i) {
    const unsigned d = p[i];
    const uint64_t w = kRun.v[d];
    if (static_cast<int64_t>(w) <= 0) {
      if (w == 0) break;
      continue;  // a dropped '.' or apostrophe
    }
    counts += w;
    // OR 0x20 lowercases a letter and keeps a digit (digits have that bit set).
    h = (h ^ (d | 0x20u)) * 0x100000001b3ULL;
  }
  return AsciiRun{h, static_cast<uint32_t>(counts & kRunCountMask),
                  static_cast<uint32_t>((counts >> 21) & kRunCountMask),
                  static_cast<uint32_t>((counts >> 42) & kRunCountMask), i};
}

void Tokenize(std::string_view s, Tokens& out) {
  out.n = 0;
  if (s.size() > kMaxBytes) s = TruncateUtf8(s, kMaxBytes);
  uint64_t h = 0xcbf29ce484222325ULL;
  bool in_tok = false;
  LTok cur;
  int uppers = 0, lowers = 0;
  bool first_upper = false;
  Sep pending = Sep::kNone;
  auto finish = [&](size_t end) {
    if (!in_tok) return;
    in_tok = false;
    cur.end = static_cast<uint32_t>(end);
    cur.hash = Mix64(h);
    cur.caps = (uppers >= 2 && lowers == 0) ? 2 : (first_upper ? 1 : 0);
    if (out.n < kMaxTokens) out.t[out.n++] = cur;
  };
  auto add_char = [&](char c, size_t pos, bool upper, bool is_digit) {
    if (!in_tok) {
      in_tok = true;
      cur = LTok{};
      cur.begin = static_cast<uint32_t>(pos);
      cur.sep = pending;
      cur.digits = is_digit;
      pending = Sep::kNone;
      h = 0xcbf29ce484222325ULL;
      uppers = lowers = 0;
      first_upper = upper;
    }
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    if (cur.len == 0) cur.c0 = c;
    if (cur.len == 1) cur.c1 = c;
    if (cur.len < 255) ++cur.len;
    if (upper) ++uppers;
    else if (!is_digit) ++lowers;
  };
  size_t i = 0;
  const size_t n = s.size();
  while (i < n && out.n < kMaxTokens) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!in_tok && c < 0x80 && IsAlnum(static_cast<char>(c))) {
      // Fast path: a run of ASCII letters and digits, with '.' and apostrophes dropped inside.
      cur.begin = static_cast<uint32_t>(i);
      cur.sep = pending;
      cur.len = 0;
      pending = Sep::kNone;
      h = 0xcbf29ce484222325ULL;
      uppers = lowers = 0;
      first_upper = c >= 'A' && c <= 'Z';
      cur.digits = IsDigit(static_cast<char>(c));
      in_tok = true;
      const AsciiRun run = ReadAsciiRun(s, i);
      i = run.end;
      h = run.hash;
      uppers = static_cast<int>(run.uppers);
      lowers = static_cast<int>(run.letters - run.uppers);
      cur.digits = cur.digits && run.letters == 0;
      cur.len = static_cast<uint8_t>(run.len > 255 ? 255 : run.len);
      cur.c0 = static_cast<char>(s[cur.begin] | 0x20);
      cur.c1 = 0;
      if (run.len >= 2) {
        size_t k = cur.begin + 1;
        while (ClassOf(s[k]) == 0) ++k;  // skip a dropped '.' or apostrophe
        cur.c1 = static_cast<char>(s[k] | 0x20);
      }
      continue;  // the general path below ends the token (or extends it with non-ASCII)
    }
    if (c < 0x80) {
      if (IsLetter(static_cast<char>(c))) {
        // Letters and digits written together are one word ("ON1", "40GRID", "2nd").
        bool up = c <= 'Z';
        if (in_tok && cur.digits) cur.digits = false;
        add_char(Lower(static_cast<char>(c)), i, up, false);
      } else if (IsDigit(static_cast<char>(c))) {
        add_char(static_cast<char>(c), i, false, !in_tok || cur.digits);
      } else if ((c == '.' || c == '\'') && in_tok) {
        // Dropped inside a word: "U.S." = "US", "St. Louis" = "St Louis".
      } else {
        finish(i);
        Sep sep = Sep::kNone;
        switch (c) {
          case ',': sep = Sep::kComma; break;
          case '/': case '|': case ';': case '&': case '+': case '\n': sep = Sep::kList; break;
          case '(': case '[': sep = Sep::kOpen; break;
          case ')': case ']': sep = Sep::kClose; break;
          default: break;
        }
        pending = Stronger(pending, sep);
      }
      ++i;
      continue;
    }
    size_t start = i;
    char32_t cp = DecodeUtf8(s, i);
    bool up = false;
    char folded[2];
    int nf = FoldLatin(cp, up, folded);
    if (nf > 0) {
      if (in_tok && cur.digits) finish(start);
      for (int k = 0; k < nf; ++k) add_char(folded[k], start, up && k == 0, false);
      continue;
    }
    if (cp == 0x2019 || cp == 0x2018) {
      if (!in_tok) pending = Stronger(pending, Sep::kNone);
      continue;  // apostrophes
    }
    finish(start);
    if (cp == 0x2022 || cp == 0xB7 || cp == 0x5C0 || cp == 0xFF5C || cp == 0x2502 || cp == 0xA6) {
      pending = Stronger(pending, Sep::kList);
    } else if (cp >= 0x370 && cp != 0xFFFD && !IsUnicodeSpace(cp) && !(cp >= 0x2000 && cp <= 0x2BFF) &&
               !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFF00 && cp <= 0xFF65)) {
      // Letters of other scripts (CJK city names...) are kept as their own bytes.
      for (size_t k = start; k < i; ++k) add_char(s[k], start, false, false);
      finish(i);
    }
  }
  finish(s.size());
}

struct Gazetteer {
  std::vector<Entry> entries;
  std::vector<std::vector<Cand>> cands;
  HashMap64 alias;      // sequence hash -> index into cands
  HashMap64 multi;      // first-token hash -> max alias length in tokens
  HashMap64 noise;      // token hash -> 1
  HashMap64 roles;      // token hash -> role class (kRole*) | kRoleCore
  HashMap64 time_words; // "time", "timezone(s)", "tz", "hours" after a scope
  HashMap64 words;      // token hash -> kInfo* bits
  std::array<int16_t, 26 * 26> country_by_code{};  // alpha-2 -> entry index, -1
  // Subdivisions of the US and Canada by their code suffix ("CA" -> US-CA), for unlisted
  // cities qualified by a state or province code ("Garland, TX").
  std::array<int16_t, 26 * 26> na_region_by_code{};
  size_t max_alias_tokens = 1;
};

constexpr uint32_t kRoleStrong = 1, kRoleWeak = 2, kRoleLevel = 3, kRoleStop = 4, kRoleCore = 16;
// Everything a single token can be, in one lookup (Gazetteer::words): bits 0-4 the longest
// alias that starts with it (in tokens, 0 = none), bit 5 location noise, bits 8-10 role class,
// bit 11 core role noun, bit 12 a time-zone word.
constexpr uint32_t kInfoAliasLenMask = 31, kInfoNoise = 1u << 5, kInfoRoleShift = 8, kInfoCore = 1u << 11,
                   kInfoTime = 1u << 12;

int CodeIndex(char a, char b) {
  if (a < 'a' || a > 'z' || b < 'a' || b > 'z') return -1;
  return (a - 'a') * 26 + (b - 'a');
}

std::unique_ptr<Gazetteer> LoadGazetteer() {
  auto g = std::make_unique<Gazetteer>();
  g->country_by_code.fill(-1);
  g->na_region_by_code.fill(-1);
  g->noise.Init(512);
  g->words.Init(4096);
  g->time_words.Init(16);
  auto rows = TsvRows(DataText("places.tsv"));
  struct PendingAlias {
    uint64_t hash;
    size_t tokens;
    uint64_t first;
    Cand cand;
  };
  std::vector<PendingAlias> aliases;
  std::vector<std::string> noise_words;
  Tokens toks;
  for (const auto& row : rows) {
    if (row.size() < 2) throw std::logic_error("places.tsv: short row");
    std::string_view kind = row[0];
    std::vector<std::string_view> names;
    for (size_t p = 0; p <= row[1].size();) {
      size_t bar = row[1].find('|', p);
      if (bar == std::string_view::npos) bar = row[1].size();
      if (bar > p) names.push_back(row[1].substr(p, bar - p));
      p = bar + 1;
    }
    if (kind == "noise") {
      for (auto w : names) {
        Tokenize(w, toks);
        if (toks.n != 1) throw std::logic_error("places.tsv: noise word must be one token: " + std::string(w));
        g->noise.Insert(toks.t[0].hash) = 1;
        g->words.Insert(toks.t[0].hash) |= kInfoNoise;
      }
      continue;
    }
    Entry e;
    if (kind == "area") e.kind = Kind::kArea;
    else if (kind == "country") e.kind = Kind::kCountry;
    else if (kind == "region") e.kind = Kind::kRegion;
    else if (kind == "city") e.kind = Kind::kCity;
    else throw std::logic_error("places.tsv: unknown kind " + std::string(kind));
    std::string col2 = row.size() > 2 ? std::string(row[2]) : "";
    if (e.kind == Kind::kArea) {
      e.label = col2;
    } else {
      e.country = col2;
      e.region = row.size() > 3 ? std::string(row[3]) : "";
      e.label = e.country;
      if (e.country.size() != 2) throw std::logic_error("places.tsv: bad country code in " + std::string(row[1]));
    }
    std::string_view canonical = names.empty() ? std::string_view() : names[0];
    if (!canonical.empty() && canonical[0] == '~') canonical.remove_prefix(1);
    if (e.kind == Kind::kCity) e.city = std::string(canonical);
    if (g->entries.size() >= 0xFFFF) throw std::logic_error("places.tsv: too many rows");
    uint16_t index = static_cast<uint16_t>(g->entries.size());
    if (e.kind == Kind::kCountry) {
      int ci = CodeIndex(AsciiLower(e.country[0]), AsciiLower(e.country[1]));
      if (ci >= 0 && g->country_by_code[ci] < 0) g->country_by_code[ci] = static_cast<int16_t>(index);
    }
    if (e.kind == Kind::kRegion && (e.country == "US" || e.country == "CA") && e.region.size() == 5) {
      int ci = CodeIndex(AsciiLower(e.region[3]), AsciiLower(e.region[4]));
      if (ci >= 0 && g->na_region_by_code[ci] < 0 && (e.country == "US" || g->na_region_by_code[ci] < 0)) {
        g->na_region_by_code[ci] = static_cast<int16_t>(index);
      }
    }
    g->entries.push_back(std::move(e));
    for (auto name : names) {
      uint8_t flags = 0;
      if (name[0] == '~') {
        flags |= kCapRequired;
        name.remove_prefix(1);
      }
      bool has_lower = false, has_upper = false;
      for (char c : name) {
        has_lower = has_lower || (c >= 'a' && c <= 'z');
        has_upper = has_upper || (c >= 'A' && c <= 'Z');
      }
      if (has_upper && !has_lower) flags |= kUpperOnly;
      Tokenize(name, toks);
      if (toks.n == 0) continue;
      uint64_t h = toks.t[0].hash;
      for (size_t k = 1; k < toks.n; ++k) h = SeqHash(h, toks.t[k].hash);
      // Aliases are keyed by a 64-bit hash of their folded tokens only (no text compare):
      // with ~2,000 aliases a collision has a probability below 1e-12.
      aliases.push_back(PendingAlias{h, toks.n, toks.t[0].hash, Cand{index, flags}});
    }
  }
  for (std::string_view w : {"time", "times", "timezone", "timezones", "tz", "hours", "zone", "zones"}) {
    Tokenize(w, toks);
    g->time_words.Insert(toks.t[0].hash) = 1;
    g->words.Insert(toks.t[0].hash) |= kInfoTime;
  }
  // Role words (data/fields/roles.tsv), hashed like location tokens so one tokenization of a
  // header field serves both.
  g->roles.Init(512);
  for (const auto& row : TsvRows(DataText("fields/roles.tsv"))) {
    if (row.size() < 2) continue;
    Tokenize(row[0], toks);
    if (toks.n != 1) throw std::logic_error("roles.tsv: role word must be one token: " + std::string(row[0]));
    uint32_t v = row[1] == "strong" ? kRoleStrong : row[1] == "weak" ? kRoleWeak : row[1] == "level" ? kRoleLevel
                                                                                                     : kRoleStop;
    if (row.size() > 2 && row[2] == "core") v |= kRoleCore;
    g->roles.Insert(toks.t[0].hash) = v;
    uint32_t& info = g->words.Insert(toks.t[0].hash);
    info |= ((v & 15u) << kInfoRoleShift) | ((v & kRoleCore) ? kInfoCore : 0u);
  }
  g->alias.Init(aliases.size());
  g->multi.Init(aliases.size());
  for (const auto& a : aliases) {
    uint32_t& slot = g->alias.Insert(a.hash);
    if (slot == 0) {
      g->cands.emplace_back();
      slot = static_cast<uint32_t>(g->cands.size());  // 1-based
    }
    auto& list = g->cands[slot - 1];
    bool dup = false;
    for (const auto& c : list) dup = dup || c.entry == a.cand.entry;
    if (!dup) list.push_back(a.cand);
    if (a.tokens > 1) {
      uint32_t& m = g->multi.Insert(a.first);
      if (m < a.tokens) m = static_cast<uint32_t>(a.tokens);
      if (a.tokens > g->max_alias_tokens) g->max_alias_tokens = a.tokens;
    }
    uint32_t& info = g->words.Insert(a.first);
    uint32_t len = std::min<uint32_t>(static_cast<uint32_t>(a.tokens), kInfoAliasLenMask);
    if ((info & kInfoAliasLenMask) < len) info = (info & ~kInfoAliasLenMask) | len;
  }
  // Among the places one alias names, cities come first, then subdivisions, then countries
  // ("New York" = the city; "Georgia" = the US state; "Washington" = the city, D.C.); within
  // a kind, the file order.
  for (auto& list : g->cands) {
    std::stable_sort(list.begin(), list.end(), [&](const Cand& a, const Cand& b) {
      auto rank = [&](const Cand& c) {
        switch (g->entries[c.entry].kind) {
          case Kind::kCity: return 0;
          case Kind::kRegion: return 1;
          case Kind::kCountry: return 2;
          default: return 3;
        }
      };
      return rank(a) < rank(b);
    });
  }
  return g;
}

const Gazetteer& Gaz() {
  static const std::unique_ptr<Gazetteer> g = LoadGazetteer();
  return *g;
}

bool CaseOk(const Tokens& toks, size_t b, size_t e, uint8_t flags) {
  if (flags & kUpperOnly) {
    for (size_t k = b; k < e; ++k) {
      const LTok& t = toks.t[k];
      if (t.digits) continue;
      if (t.caps == 2) continue;
      if (t.len == 1 && t.caps == 1) continue;  // single capital letter ("U.S." -> "U", "S")
      return false;
    }
    return true;
  }
  if (flags & kCapRequired) return toks.t[b].caps != 0;
  return true;
}

struct Mention {
  enum Type : uint8_t { kPlace, kCode, kUnknown, kNoise } type = kUnknown;
  uint8_t tb = 0, te = 0;      // token span
  uint8_t n = 0;               // candidates
  std::array<uint16_t, 8> ids{};
  bool abbrev = false;         // matched through an all-capitals alias
};

// Finds the longest alias at token i. Returns tokens consumed (0 if none).
size_t MatchAlias(const Gazetteer& g, const Tokens& toks, size_t i, Mention& m) {
  const size_t alias_len = toks.t[i].info & kInfoAliasLenMask;
  if (alias_len == 0) return 0;  // no alias starts with this word
  size_t max_n = std::min<size_t>(alias_len, toks.n - i);
  // Sequence hashes for lengths 1..max_n; separators inside an alias may only be spaces,
  // hyphens or a comma ("Washington, D.C.").
  uint64_t hs[16];
  size_t usable = 1;
  hs[0] = toks.t[i].hash;
  for (size_t k = 1; k < max_n && k < 16; ++k) {
    Sep sep = toks.t[i + k].sep;
    if (sep != Sep::kNone && sep != Sep::kComma) break;
    hs[k] = SeqHash(hs[k - 1], toks.t[i + k].hash);
    usable = k + 1;
  }
  for (size_t len = usable; len >= 1; --len) {
    const uint32_t* slot = g.alias.Find(hs[len - 1]);
    if (slot == nullptr) continue;
    const auto& list = g.cands[*slot - 1];
    m.n = 0;
    m.abbrev = false;
    for (const Cand& c : list) {
      if (!CaseOk(toks, i, i + len, c.flags)) continue;
      if (m.n < m.ids.size()) m.ids[m.n++] = c.entry;
      if (c.flags & kUpperOnly) m.abbrev = true;
    }
    if (m.n > 0) {
      m.type = Mention::kPlace;
      m.tb = static_cast<uint8_t>(i);
      m.te = static_cast<uint8_t>(i + len);
      return len;
    }
  }
  return 0;
}

bool Coarser(Kind q, Kind c) {
  // q may qualify c: a region qualifies a city, a country qualifies a city or a region.
  if (q == Kind::kRegion) return c == Kind::kCity;
  if (q == Kind::kCountry) return c == Kind::kCity || c == Kind::kRegion;
  return false;
}

bool Compatible(const Entry& c, const Entry& q) {
  if (!Coarser(q.kind, c.kind)) return false;
  if (q.country != c.country) return false;
  if (q.kind == Kind::kRegion) return c.region.empty() || c.region == q.region;
  return true;
}

// A two-letter code after a place: its country code or subdivision suffix.
bool CodeMatches(const Entry& c, char a, char b) {
  if (c.kind == Kind::kArea) return false;
  if (AsciiLower(c.country[0]) == a && AsciiLower(c.country[1]) == b && c.kind != Kind::kCountry) return true;
  if (c.kind == Kind::kCity && c.region.size() == c.country.size() + 3) {
    return AsciiLower(c.region[3]) == a && AsciiLower(c.region[4]) == b;
  }
  return false;
}

class Resolver {
 public:
  Resolver(const Gazetteer& g, std::string_view s, const Tokens& toks, LocationScan& out)
      : g_(g), s_(s), toks_(toks), out_(out) {}

  void Run() {
    size_t i = 0;
    while (i < toks_.n) {
      const LTok& t = toks_.t[i];
      Mention m;
      // "ON-SITE (Berlin)", "ON SITE": the work mode, not Ontario's code "ON".
      if (t.len == 2 && t.c0 == 'o' && t.c1 == 'n' && i + 1 < toks_.n && toks_.t[i + 1].len == 4 &&
          EqualsLowerAt(s_, toks_.t[i + 1].begin, "site")) {
        m.tb = static_cast<uint8_t>(i);
        m.te = static_cast<uint8_t>(i + 2);
        m.type = Mention::kNoise;
        OnNoise(m);
        i += 2;
        continue;
      }
      size_t used = MatchAlias(g_, toks_, i, m);
      if (used > 0) {
        // "Remote, potentially w/travel to DC" (held-out3 hn 31252608), "occasional travel to
        // San Francisco": a destination of trips, not the job's location.
        OnPlace(m);
        if (AfterTravelTo(i) && cur_.active && cur_.tb == m.tb) cur_.travel = true;
        i += used;
        continue;
      }
      m.tb = static_cast<uint8_t>(i);
      m.te = static_cast<uint8_t>(i + 1);
      if (t.digits) {
        m.type = Mention::kNoise;
      } else if (t.info & kInfoNoise) {
        m.type = Mention::kNoise;
      } else if (t.len == 2 && t.caps == 2) {
        m.type = Mention::kCode;
      } else {
        m.type = Mention::kUnknown;
      }
      if (m.type == Mention::kUnknown) ++out_.content_tokens;
      switch (m.type) {
        case Mention::kCode: OnCode(m); break;
        case Mention::kUnknown: OnUnknown(m); break;
        default: OnNoise(m); break;
      }
      ++i;
    }
    Flush();
    FixStandaloneCodes();
    NyAsTheCity();
  }

 private:
  // True when the two tokens before token i are "travel(s|ling) to".
  bool AfterTravelTo(size_t i) const {
    if (i < 2) return false;
    const LTok& to = toks_.t[i - 1];
    const LTok& tr = toks_.t[i - 2];
    if (to.len != 2 || to.c0 != 't' || to.c1 != 'o' || tr.len < 6 || tr.c0 != 't' || tr.c1 != 'r') return false;
    return EqualsLowerAt(s_, tr.begin, "travel");  // a prefix: travel, travels, travelling
  }

  struct Building {
    bool active = false;
    bool unknown = false;        // an unlisted city from capitalized words
    uint8_t tb = 0, te = 0;      // tokens of the (unknown) city words
    uint8_t n = 0;
    std::array<uint16_t, 8> ids{};
    int region_q = -1;           // qualifying subdivision entry
    int country_q = -1;          // qualifying country entry
    bool abbrev = false;
    bool lone_code = false;      // a single all-capitals two-letter token
    int qualifier_tokens = 0;
    uint8_t last_te = 0;
    bool words_counted = false;  // the unknown city's words already count as place tokens
    bool scope_only = false;     // "US time zones": a scope, not a job location
    bool travel = false;         // "travel to DC": a trip's destination, neither place nor scope
  };

  void CountPlaceTokens(const Mention& m) { out_.place_tokens += m.te - m.tb; out_.content_tokens += m.te - m.tb; }

  Kind FinestKind(const Building& b) const { return g_.entries[b.ids[0]].kind; }

  bool Adjacent(const Mention& m) const {
    // Qualifiers attach across spaces, commas, hyphens and an opening parenthesis only.
    Sep sep = toks_.t[m.tb].sep;
    return sep == Sep::kNone || sep == Sep::kComma || sep == Sep::kOpen;
  }

  // Tries `m` as a qualifier of the place being built. True when it attached.
  bool TryQualify(const Mention& m) {
    if (!cur_.active || !Adjacent(m) || cur_.last_te != m.tb) return false;
    // A trip's destination takes a comma-qualifier ("travel to Austin, TX") only: in "travel
    // to DC - USA only" the country is the job's.
    if (cur_.travel && toks_.t[m.tb].sep != Sep::kComma) return false;
    if (cur_.unknown) {
      if (cur_.region_q >= 0 || cur_.country_q >= 0) {
        // "Garland, TX, USA": a country after the state.
        for (uint8_t k = 0; k < m.n; ++k) {
          const Entry& q = g_.entries[m.ids[k]];
          if (q.kind == Kind::kCountry && cur_.region_q >= 0 && g_.entries[cur_.region_q].country == q.country) {
            Attach(m, -1, m.ids[k]);
            return true;
          }
        }
        return false;
      }
      // "Garland, TX", "Aachen, Germany": a named qualifier after unlisted words needs a
      // comma or parenthesis ("ThoughtWorks India" is a company).
      Sep qsep = toks_.t[m.tb].sep;
      if (qsep != Sep::kComma && qsep != Sep::kOpen) return false;
      for (uint8_t k = 0; k < m.n; ++k) {
        const Entry& q = g_.entries[m.ids[k]];
        if (q.kind == Kind::kRegion) {
          Attach(m, m.ids[k], -1);
          return true;
        }
        if (q.kind == Kind::kCountry) {
          Attach(m, -1, m.ids[k]);
          return true;
        }
      }
      return false;
    }
    // Narrow the candidates to those the qualifier contains.
    for (uint8_t qk = 0; qk < m.n; ++qk) {
      const Entry& q = g_.entries[m.ids[qk]];
      std::array<uint16_t, 8> keep{};
      uint8_t kept = 0;
      for (uint8_t k = 0; k < cur_.n; ++k) {
        if (Compatible(g_.entries[cur_.ids[k]], q)) keep[kept++] = cur_.ids[k];
      }
      if (kept > 0) {
        cur_.ids = keep;
        cur_.n = kept;
        if (q.kind == Kind::kRegion) Attach(m, m.ids[qk], -1);
        else Attach(m, -1, m.ids[qk]);
        return true;
      }
    }
    // "Toronto, CA", "Bangalore, IN": a two-letter code that is the city's country or
    // subdivision code, whatever else it could mean on its own.
    if (m.te - m.tb == 1 && toks_.t[m.tb].len == 2 && toks_.t[m.tb].caps == 2) {
      Mention code = m;
      code.type = Mention::kCode;
      if (TryCode(code)) return true;
    }
    // "Portland, Michigan", "Paris, Texas": a spelled-out city followed by a US state or
    // Canadian province that does not contain it reads as an unlisted city of that name.
    const Entry& q0 = g_.entries[m.ids[0]];
    if (q0.kind == Kind::kRegion && (q0.country == "US" || q0.country == "CA") && !cur_.abbrev &&
        toks_.t[m.tb].sep == Sep::kComma && FinestKind(cur_) == Kind::kCity && cur_.qualifier_tokens == 0) {
      uint8_t tb = cur_.tb, te = cur_.te;
      cur_ = Building{};
      cur_.active = true;
      cur_.unknown = true;
      cur_.tb = tb;
      cur_.te = te;
      cur_.words_counted = true;
      Attach(m, m.ids[0], -1);
      return true;
    }
    return false;
  }

  bool TryCode(const Mention& m) {
    if (!cur_.active || !Adjacent(m) || cur_.last_te != m.tb) return false;
    const LTok& t = toks_.t[m.tb];
    char a = t.c0, b = t.c1;
    int ci = CodeIndex(a, b);
    if (ci < 0) return false;
    if (cur_.unknown) {
      if (cur_.region_q >= 0 || cur_.country_q >= 0) {
        int c = g_.country_by_code[ci];
        if (c >= 0 && cur_.region_q >= 0 && g_.entries[cur_.region_q].country == g_.entries[c].country) {
          Attach(m, -1, c);
          return true;
        }
        return false;
      }
      if (g_.na_region_by_code[ci] >= 0) {
        Attach(m, g_.na_region_by_code[ci], -1);
        return true;
      }
      return false;
    }
    std::array<uint16_t, 8> keep{};
    uint8_t kept = 0;
    for (uint8_t k = 0; k < cur_.n; ++k) {
      if (CodeMatches(g_.entries[cur_.ids[k]], a, b)) keep[kept++] = cur_.ids[k];
    }
    if (kept == 0) return false;
    cur_.ids = keep;
    cur_.n = kept;
    Attach(m, -1, -1);
    return true;
  }

  void Attach(const Mention& m, int region_q, int country_q) {
    if (region_q >= 0) cur_.region_q = region_q;
    if (country_q >= 0) cur_.country_q = country_q;
    cur_.qualifier_tokens += m.te - m.tb;
    cur_.last_te = m.te;
    out_.place_tokens += m.te - m.tb;
    out_.content_tokens += m.te - m.tb;
    if (cur_.unknown) {
      // The unlisted city's words become place tokens too, now that they are qualified.
      if (!cur_.words_counted) out_.place_tokens += cur_.te - cur_.tb;
      cur_.words_counted = true;
    }
  }

  void OnPlace(const Mention& m) {
    if (TryQualify(m)) return;
    Flush();
    CountPlaceTokens(m);
    cur_ = Building{};
    cur_.active = true;
    cur_.n = m.n;
    cur_.ids = m.ids;
    cur_.tb = m.tb;
    cur_.te = m.te;
    cur_.last_te = m.te;
    cur_.abbrev = m.abbrev;
    cur_.lone_code = m.te - m.tb == 1 && toks_.t[m.tb].len == 2 && toks_.t[m.tb].caps == 2;
  }

  void OnCode(const Mention& m) {
    if (TryCode(m)) return;
    // An unattached capitalized pair of letters: an unknown word.
    ++out_.content_tokens;
    OnUnknown(m);
  }

  void OnUnknown(const Mention& m) {
    const LTok& t = toks_.t[m.tb];
    bool capital = t.caps != 0;
    if (capital && cur_.active && cur_.unknown && cur_.qualifier_tokens == 0 && cur_.last_te == m.tb &&
        (t.sep == Sep::kNone) && cur_.te - cur_.tb < 4) {
      cur_.te = m.te;
      cur_.last_te = m.te;
      return;
    }
    Flush();
    if (capital) {
      cur_ = Building{};
      cur_.active = true;
      cur_.unknown = true;
      cur_.tb = m.tb;
      cur_.te = m.te;
      cur_.last_te = m.te;
    }
  }

  void OnNoise(const Mention& m) {
    // Noise ends a run of unknown words that found no qualifier; it does not end a place,
    // but a qualifier must follow its place directly (last_te stops matching).
    if (cur_.active && cur_.unknown && cur_.qualifier_tokens == 0) cur_ = Building{};
    // "US time zones", "EU hours": a country or area named for its time zone.
    if (cur_.active && !cur_.unknown && cur_.last_te == m.tb && (toks_.t[m.tb].info & kInfoTime) != 0) {
      Kind k = g_.entries[cur_.ids[0]].kind;
      if (k == Kind::kCountry || k == Kind::kArea || k == Kind::kRegion) cur_.scope_only = true;
    }
  }

  bool anywhere_in_ = false;  // "anywhere in" was read: the next place is a remote scope

  std::string_view TokenText(size_t i) const { return s_.substr(toks_.t[i].begin, toks_.t[i].end - toks_.t[i].begin); }

  void AddScope(const std::string& label) {
    if (label.empty()) return;
    for (const auto& s : out_.scopes) {
      if (s == label) return;
    }
    out_.scopes.push_back(label);
  }

  void Flush() {
    if (!cur_.active) return;
    Building b = cur_;
    cur_ = Building{};
    if (b.travel) return;
    Place p;
    if (b.unknown) {
      if (b.region_q < 0 && b.country_q < 0) return;
      // A lone capitalized code is no city name ("travel to SF / CO (USA)": CO after a trip's
      // destination).
      if (b.te - b.tb == 1 && toks_.t[b.tb].len == 2 && toks_.t[b.tb].caps == 2) return;
      // The city as written, between its first and last word.
      p.city = std::string(s_.substr(toks_.t[b.tb].begin, toks_.t[b.te - 1].end - toks_.t[b.tb].begin));
      if (b.region_q >= 0) {
        p.region = g_.entries[b.region_q].region;
        p.country = g_.entries[b.region_q].country;
      } else {
        p.country = g_.entries[b.country_q].country;
      }
      // A city is an office, not a scope; only countries, subdivisions and areas are.
      out_.places.push_back(std::move(p));
      ++nplaces_;
      return;
    }
    const Entry& e = g_.entries[b.ids[0]];
    if (e.kind == Kind::kArea) {
      // "Anywhere in India", "anywhere in the US": the place after "in" is the scope (it is
      // scanned on its own), not the world.
      const size_t te = static_cast<size_t>(b.te);
      if (e.label == "worldwide" && b.te - b.tb == 1 && EqualsIgnoreAsciiCase(TokenText(b.tb), "anywhere") &&
          te < toks_.n && EqualsIgnoreAsciiCase(TokenText(te), "in")) {
        const size_t next = te + 1 < toks_.n && EqualsIgnoreAsciiCase(TokenText(te + 1), "the") ? te + 2 : te + 1;
        if (next < toks_.n && toks_.t[next].caps > 0) {
          anywhere_in_ = true;  // the next place is the scope, even a city ("Hong Kong")
          return;
        }
      }
      anywhere_in_ = false;
      AddScope(e.label);
      return;
    }
    if (b.scope_only) {
      AddScope(e.country);
      return;
    }
    p.country = e.country;
    p.region = e.region;
    p.city = e.city;
    if (p.region.empty() && b.region_q >= 0 && g_.entries[b.region_q].country == p.country) {
      p.region = g_.entries[b.region_q].region;
    }
    if (e.kind != Kind::kCity || anywhere_in_) AddScope(p.country);
    anywhere_in_ = false;
    out_.places.push_back(std::move(p));
    if (b.lone_code && e.kind == Kind::kRegion && nplaces_ < 64) lone_code_ |= uint64_t{1} << nplaces_;
    ++nplaces_;
  }

  // "US, CA", "Remote (US/CA)": a lone two-letter subdivision code next to a country reads
  // as that country's code (CA = Canada), not as a state.
  void FixStandaloneCodes() {
    for (size_t k = 0; k < out_.places.size(); ++k) {
      if (k >= 64 || !(lone_code_ >> k & 1)) continue;
      auto is_country = [&](size_t j) {
        const Place& q = out_.places[j];
        return q.city.empty() && q.region.empty() && !q.country.empty();
      };
      bool near_country = (k > 0 && is_country(k - 1)) || (k + 1 < out_.places.size() && is_country(k + 1));
      if (!near_country) continue;
      const Place& p = out_.places[k];
      char a = AsciiLower(p.region[3]), b = AsciiLower(p.region[4]);
      int ci = CodeIndex(a, b);
      if (ci < 0 || g_.country_by_code[ci] < 0) continue;
      const Entry& c = g_.entries[g_.country_by_code[ci]];
      std::string old = p.country;
      out_.places[k] = Place{c.country, "", ""};
      // Rebuild the scopes: replace the state's country by the code's country.
      bool still_used = false;
      for (const auto& q : out_.places) still_used = still_used || q.country == old;
      if (!still_used) {
        for (auto& s : out_.scopes) {
          if (s == old) s = c.country;
        }
      } else {
        AddScope(c.country);
      }
    }
  }

  // A lone "NY" among cities or alone ("NY, Zurich, Remote" held-out4 hn 31598441, "NY or SF
  // Onsite", "NY"): HN headers write it for New York City. Beside another state ("Remote / NY /
  // FL", "NY or CT", "CA & NY preferred") it stays the state.
  void NyAsTheCity() {
    for (size_t k = 0; k < out_.places.size() && k < 64; ++k) {
      if (!(lone_code_ >> k & 1)) continue;
      Place& p = out_.places[k];
      if (p.region != "US-NY" || !p.city.empty()) continue;
      auto is_state = [&](size_t j) {
        const Place& q = out_.places[j];
        return q.city.empty() && !q.region.empty();
      };
      // Another state, or another lone code ("VA, PA, FL, CA, NY", "CA & NY preferred").
      bool beside_state = false;
      for (size_t j = 0; j < out_.places.size(); ++j) {
        beside_state = beside_state || (j != k && (is_state(j) || (j < 64 && (lone_code_ >> j & 1))));
      }
      if (beside_state) continue;
      p.city = "New York";
    }
  }

  const Gazetteer& g_;
  std::string_view s_;
  const Tokens& toks_;
  LocationScan& out_;
  Building cur_;
  uint64_t lone_code_ = 0;  // places[k] came from a lone two-letter subdivision code
  size_t nplaces_ = 0;
};

void ScanUncached(std::string_view s, LocationScan& out) {
  out.places.clear();
  out.scopes.clear();
  out.place_tokens = 0;
  out.content_tokens = 0;
  const Gazetteer& g = Gaz();
  out.roles = RoleWords{};
  Tokens toks;
  Tokenize(s, toks);
  // A place needs a gazetteer alias or a two-letter capital code ("Garland, TX"); without
  // either, every token that is not a number or location noise is an unknown content word
  // and the resolver would find nothing (role fields, company names).
  bool may_place = false;
  int unknown_words = 0;
  for (size_t i = 0; i < toks.n; ++i) {
    const uint32_t* v = g.words.Find(toks.t[i].hash);
    const uint32_t info = v ? *v : 0u;
    toks.t[i].info = info;
    may_place = may_place || (info & kInfoAliasLenMask) != 0 || (toks.t[i].len == 2 && toks.t[i].caps == 2);
    if (toks.t[i].digits) {
      ++out.roles.glue;
      continue;
    }
    unknown_words += (info & kInfoNoise) == 0;
    switch ((info >> kInfoRoleShift) & 7u) {
      case kRoleStrong: ++out.roles.strong; break;
      case kRoleWeak: ++out.roles.weak; break;
      case kRoleLevel: ++out.roles.level; break;
      case kRoleStop: ++out.roles.glue; break;
      default: ++out.roles.other; break;
    }
    if (info & kInfoCore) ++out.roles.core;
  }
  if (!may_place) {
    out.content_tokens = unknown_words;
    return;
  }
  Resolver r(g, s.size() > kMaxBytes ? TruncateUtf8(s, kMaxBytes) : s, toks, out);
  r.Run();
}

}  // namespace

const LocationScan& ScanLocation(std::string_view s) {
  // Pure in `s`, and the strings repeat (header fields, locations): a bounded per-thread memo,
  // filled in place.
  thread_local StringMemo<LocationScan> memo;
  thread_local LocationScan unstored;  // keys too long for the memo
  const uint64_t hash = memo.HashOf(s);
  if (const LocationScan* known = memo.Find(s, hash)) return *known;
  LocationScan* slot = memo.Claim(s, hash);
  LocationScan& out = slot != nullptr ? *slot : unstored;
  ScanUncached(s, out);
  return out;
}

}  // namespace fields

Place fields::PrimaryPlace(const LocationScan& scan) {
  if (scan.places.empty()) return Place{};
  const Place& first = scan.places.front();
  if (first.city.empty() && first.region.empty()) {
    // "Remote (UK) or Belfast": a later city in the same country says more.
    for (const auto& p : scan.places) {
      if (!p.city.empty() && p.country == first.country) return p;
    }
  }
  return first;
}

Place NormalizeLocation(std::string_view location) { return fields::PrimaryPlace(fields::ScanLocation(location)); }

std::vector<Place> NormalizeLocations(std::string_view location) { return fields::ScanLocation(location).places; }

bool LooksLikeLocation(std::string_view s) { return fields::ScanLocation(s).loose(); }

}  // namespace skillpulse

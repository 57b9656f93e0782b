#include "sources/hn_header.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <span>

#include "core/text.h"
#include "enrich/field_scan.h"
#include "enrich/fields.h"
#include "enrich/fields_internal.h"

namespace skillpulse {
namespace {

using fields::IsAlnum;
using fields::IsDigit;
using fields::IsLetter;
using fields::Lower;

constexpr size_t kMaxLine = 1000;      // only this much of a first line is read
constexpr size_t kMaxLineNoBar = 200;  // without '|', longer first lines are prose
constexpr size_t kLongBarLine = 250;   // a '|' line this long runs into the posting's prose
constexpr size_t kMaxFields = 24;
constexpr size_t kMaxLineHits = 256;  // trigger hits read in a header line

enum class SepKind { kBar, kDash, kBracket, kSlash, kComma, kColon };

// Byte length of a '|'-like separator at s[i], 0 if none: '|', U+FF5C, U+05C0, U+2022,
// U+00A6, U+2016, U+2502.
size_t BarAt(std::string_view s, size_t i) {
  auto u = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (s[i] == '|') return 1;
  if (i + 1 < s.size() && u(0) == 0xD7 && u(1) == 0x80) return 2;
  if (i + 1 < s.size() && u(0) == 0xC2 && u(1) == 0xA6) return 2;
  if (i + 2 < s.size() && u(0) == 0xEF && u(1) == 0xBD && u(2) == 0x9C) return 3;
  if (i + 2 < s.size() && u(0) == 0xE2 && u(1) == 0x80 && (u(2) == 0xA2 || u(2) == 0x96)) return 3;
  if (i + 2 < s.size() && u(0) == 0xE2 && u(1) == 0x94 && u(2) == 0x82) return 3;
  return 0;
}

// Byte length of a dash separator at s[i] (with its spaces), 0 if none: " - ", " -- ",
// " – ", " — ", "–x" / "x—" with a space on one side.
size_t DashAt(std::string_view s, size_t i) {
  if (s[i] != ' ') {
    // En/em dash with a space on the right only: "Austin –TX" is not, "Acme— NYC" is.
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x93 || static_cast<unsigned char>(s[i + 2]) == 0x94) && i > 0 &&
        s[i - 1] != ' ' && i + 3 < s.size() && s[i + 3] == ' ') {
      return 4;
    }
    return 0;
  }
  size_t j = i + 1;
  if (j < s.size() && s[j] == '-') {
    size_t k = j;
    while (k < s.size() && s[k] == '-') ++k;
    if (k - j > 3) return 0;
    if (k - j >= 2) return (k < s.size() && s[k] == ' ') ? k + 1 - i : k - i;  // " --" / " -- "
    return (k < s.size() && s[k] == ' ') ? k + 1 - i : 0;                       // " - "
  }
  if (j + 2 < s.size() && static_cast<unsigned char>(s[j]) == 0xE2 && static_cast<unsigned char>(s[j + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[j + 2]) == 0x93 || static_cast<unsigned char>(s[j + 2]) == 0x94)) {
    size_t k = j + 3;
    return (k < s.size() && s[k] == ' ') ? k + 1 - i : k - i;
  }
  return 0;
}

inline size_t SepAt(std::string_view s, size_t i, SepKind kind) {
  const char c = s[i];
  switch (kind) {
    case SepKind::kBar:
      return (c == '|' || static_cast<unsigned char>(c) >= 0xC2) ? BarAt(s, i) : 0;
    case SepKind::kDash:
      return (c == ' ' || static_cast<unsigned char>(c) == 0xE2) ? DashAt(s, i) : 0;
    case SepKind::kBracket:
      return (c == ']' || c == '[') ? 1 : 0;
    case SepKind::kSlash:
      return (c == ' ' && i + 2 < s.size() && s[i + 1] == '/' && s[i + 2] == ' ') ? 3 : 0;
    case SepKind::kComma:
      return (c == ',' && i + 1 < s.size() && s[i + 1] == ' ') ? 2 : 0;
    case SepKind::kColon:
      return (c == ':' && i + 1 < s.size() && s[i + 1] == ' ') ? 2 : 0;
  }
  return 0;
}

// Split's loop for one separator kind (a template argument, so SepAt reduces to that kind's
// test). Inside parentheses separators do not split; bars always split and brackets ignore
// parentheses.
template <SepKind kKind>
size_t SplitOn(std::string_view s, std::array<std::string_view, kMaxFields>& out) {
  constexpr bool kTrackDepth = kKind != SepKind::kBar && kKind != SepKind::kBracket;
  size_t n = 0;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if constexpr (kTrackDepth) {
      if (c == '(') ++depth;
      else if (c == ')' && depth > 0) --depth;
    }
    size_t len = depth == 0 ? SepAt(s, i, kKind) : 0;
    if (len == 0) {
      ++i;
      continue;
    }
    std::string_view f = TrimAscii(s.substr(start, i - start));
    if (!f.empty() && n < kMaxFields) out[n++] = f;
    i += len;
    start = i;
  }
  std::string_view f = TrimAscii(s.substr(start));
  if (!f.empty() && n < kMaxFields) out[n++] = f;
  return n;
}

// Inside parentheses separators do not split ("Remote (US, Canada)"); bars always split.
size_t Split(std::string_view s, SepKind kind, std::array<std::string_view, kMaxFields>& out) {
  switch (kind) {
    case SepKind::kBar:
      if (!fields::HasNonAscii(s)) {
        // Only ASCII '|' can separate: split with memchr.
        size_t n = 0, start = 0;
        while (start <= s.size()) {
          const void* bar = std::memchr(s.data() + start, '|', s.size() - start);
          size_t end = bar ? static_cast<size_t>(static_cast<const char*>(bar) - s.data()) : s.size();
          std::string_view f = TrimAscii(s.substr(start, end - start));
          if (!f.empty() && n < kMaxFields) out[n++] = f;
          start = end + 1;
        }
        return n;
      }
      return SplitOn<SepKind::kBar>(s, out);
    case SepKind::kDash: return SplitOn<SepKind::kDash>(s, out);
    case SepKind::kBracket: return SplitOn<SepKind::kBracket>(s, out);
    case SepKind::kSlash: return SplitOn<SepKind::kSlash>(s, out);
    case SepKind::kComma: return SplitOn<SepKind::kComma>(s, out);
    case SepKind::kColon: return SplitOn<SepKind::kColon>(s, out);
  }
  return 0;
}

// The separator kinds present at parenthesis depth 0 (bit i = SepKind i), in one pass.
unsigned SeparatorKinds(std::string_view s) {
  unsigned kinds = 0;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '(') ++depth;
    else if (c == ')' && depth > 0) --depth;
    if (c == ']' || c == '[') kinds |= 1u << static_cast<unsigned>(SepKind::kBracket);
    if (depth != 0) continue;
    if ((c == ' ' || static_cast<unsigned char>(c) == 0xE2) && DashAt(s, i) > 0) {
      kinds |= 1u << static_cast<unsigned>(SepKind::kDash);
    }
    if (c == ' ' && i + 2 < s.size() && s[i + 1] == '/' && s[i + 2] == ' ') {
      kinds |= 1u << static_cast<unsigned>(SepKind::kSlash);
    }
    if (c == ',' && i + 1 < s.size() && s[i + 1] == ' ') kinds |= 1u << static_cast<unsigned>(SepKind::kComma);
    if (c == ':' && i + 1 < s.size() && s[i + 1] == ' ') kinds |= 1u << static_cast<unsigned>(SepKind::kColon);
  }
  return kinds;
}

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool w = c != ' ' && c != '\t';
    if (w && !in) ++n;
    in = w;
  }
  return n;
}

// ---- URLs ----

// URL bytes: ASCII above ' ' but for '|', '(', ')', ',' and '>' (one table load per byte).
constexpr auto kUrlChar = [] {
  std::array<bool, 256> t{};
  for (int c = '!'; c < 0x80; ++c) t[c] = c != '|' && c != ')' && c != '(' && c != ',' && c != '>';
  return t;
}();
bool IsUrlChar(char c) { return kUrlChar[static_cast<unsigned char>(c)]; }

// Top-level domains seen on HN headers, for bare domains ("beacons.ai", "ae.studio").
bool KnownTld(std::string_view t) {
  static constexpr std::string_view kTlds[] = {"com", "io", "ai", "co", "org", "net", "dev", "app", "so", "xyz",
                                               "tech", "studio", "sh", "me", "us", "uk", "de", "fr", "nl", "se",
                                               "ch", "at", "eu", "ca", "es", "it", "pl", "be", "dk", "no", "fi",
                                               "is", "gg", "fm", "tv", "ly", "to", "cc", "health", "bio", "cloud",
                                               "finance", "money", "works", "team", "jobs", "careers", "space",
                                               "systems", "software", "build", "run", "inc", "energy", "design",
                                               "network", "earth", "world", "life", "care", "page", "site", "in",
                                               "au", "nz", "jp", "sg", "br", "ie", "pt", "cz", "ee", "lt", "lv"};
  for (auto k : kTlds) {
    if (EqualsIgnoreAsciiCase(t, k)) return true;
  }
  return false;
}

// Finds the first URL ("http://...", "https://...", "www....") or bare domain ("beacons.ai")
// in s: [b, e). False if none. Every URL has a '.', so a string without one is read once.
bool FindUrl(std::string_view s, size_t& b, size_t& e) {
  const char* dot = static_cast<const char*>(std::memchr(s.data(), '.', s.size()));
  if (dot == nullptr) return false;
  size_t best = std::string_view::npos;
  size_t scheme = s.find("://");
  if (scheme != std::string_view::npos) {
    size_t k = scheme;
    while (k > 0 && IsLetter(s[k - 1])) --k;
    if (scheme - k >= 3) best = k;  // http, https, ftp
  }
  // "www." and bare domains: look at every '.'.
  for (size_t i = static_cast<size_t>(dot - s.data()); i < s.size() && i < best; ++i) {
    if (s[i] != '.') continue;
    if (i >= 3 && (s[i - 1] | 0x20) == 'w' && (s[i - 2] | 0x20) == 'w' && (s[i - 3] | 0x20) == 'w' &&
        (i == 3 || !IsAlnum(s[i - 4]))) {
      best = std::min(best, i - 3);
      break;
    }
    if (i == 0 || !IsAlnum(s[i - 1]) || i + 2 >= s.size() || !IsLetter(s[i + 1])) continue;
    size_t tb = i + 1, te = tb;
    while (te < s.size() && IsLetter(s[te])) ++te;
    if (te < s.size() && (IsAlnum(s[te]) || s[te] == '@')) continue;
    if (!KnownTld(s.substr(tb, te - tb))) continue;  // "Node.js" is not a domain
    size_t db = i;
    while (db > 0 && (IsAlnum(s[db - 1]) || s[db - 1] == '-' || s[db - 1] == '.')) --db;
    if (db > 0 && s[db - 1] == '@') continue;  // an e-mail address
    best = std::min(best, db);
    break;
  }
  if (best == std::string_view::npos) return false;
  b = best;
  e = b;
  while (e < s.size() && IsUrlChar(s[e])) ++e;
  while (e > b && (s[e - 1] == '.' || s[e - 1] == ';' || s[e - 1] == ':')) --e;
  return e > b;
}

// s without its URLs (as a new string), and whether anything but URLs and punctuation remains.
std::string WithoutUrls(std::string_view s, std::string* first_url) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t b, e;
    if (!FindUrl(s.substr(pos), b, e)) break;
    if (first_url && first_url->empty()) *first_url = std::string(s.substr(pos + b, e - b));
    out.append(s.substr(pos, b));
    out.push_back(' ');
    pos += e;
  }
  out.append(s.substr(pos));
  return out;
}

bool HasAlnum(std::string_view s) {
  for (char c : s) {
    if (IsAlnum(c)) return true;
  }
  return false;
}

// ---- pay ----

// Pay words of LooksLikeSalary, matched as whole letter runs (ASCII case-insensitive).
enum PayWord : uint8_t { kPayNone, kPayNamed, kPayUnit, kPayPer, kPayPerUnit, kPaySlashUnit, kPayNot };

// Up to 8 lowercase letters packed little-endian, so a word compares as one integer.
constexpr uint64_t Pack8(std::string_view w) {
  uint64_t v = 0;
  for (size_t i = 0; i < w.size() && i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(w[i])) << (8 * i);
  return v;
}

struct PayKey {
  uint64_t key;
  PayWord type;
  std::string_view word;
};

// Pay words by length (index = length in bytes, 2..12).
constexpr PayKey K(std::string_view w, PayWord t) { return PayKey{Pack8(w), t, w}; }
constexpr PayKey kPay2[] = {K("hr", kPaySlashUnit), K("yr", kPaySlashUnit)};
constexpr PayKey kPay3[] = {K("usd", kPayUnit), K("eur", kPayUnit), K("gbp", kPayUnit), K("cad", kPayUnit),
                            K("aud", kPayUnit), K("chf", kPayUnit), K("sek", kPayUnit), K("inr", kPayUnit),
                            K("lpa", kPayUnit), K("ote", kPayUnit), K("arr", kPayNot),  K("mau", kPayNot),
                            K("dau", kPayNot),  K("per", kPayPer),  K("day", kPayPerUnit)};
constexpr PayKey kPay4[] = {K("lakh", kPayUnit), K("seed", kPayNot), K("hour", kPayPerUnit)};
constexpr PayKey kPay5[] = {K("users", kPayNot), K("stars", kPayNot), K("annum", kPayPerUnit)};
constexpr PayKey kPay6[] = {K("salary", kPayNamed), K("raised", kPayNot), K("series", kPayNot), K("people", kPayNot)};
constexpr PayKey kPay7[] = {K("funding", kPayNot), K("revenue", kPayNot), K("members", kPayNot)};
constexpr PayKey kPay8[] = {K("installs", kPayNot)};
constexpr PayKey kPay9[] = {K("customers", kPayNot), K("valuation", kPayNot), K("downloads", kPayNot),
                            K("employees", kPayNot), K("followers", kPayNot)};
constexpr PayKey kPay12[] = {K("compensation", kPayNamed)};

// `key` = Pack8 of the first 8 lowercased letters of `w`; `before` = the byte before it.
PayWord ClassifyPayWord(std::string_view w, uint64_t key, char before) {
  std::span<const PayKey> table;
  switch (w.size()) {
    case 2: table = kPay2; break;
    case 3: table = kPay3; break;
    case 4: table = kPay4; break;
    case 5: table = kPay5; break;
    case 6: table = kPay6; break;
    case 7: table = kPay7; break;
    case 8: table = kPay8; break;
    case 9: table = kPay9; break;
    case 12: table = kPay12; break;
    default: return kPayNone;
  }
  for (const PayKey& k : table) {
    if (k.key != key) continue;
    bool same = true;
    for (size_t i = 8; i < w.size(); ++i) same = same && Lower(w[i]) == k.word[i];
    if (!same) continue;
    if (k.type == kPaySlashUnit && before != '/') return kPayNone;
    return k.type;
  }
  return kPayNone;
}

bool LooksLikeSalary(std::string_view s) {
  // One pass of one table load per byte: the byte's class (digits, '$', the lead bytes of
  // '£'/'¥'/'€'/'₹') and the next state of a matcher of the gate below ("ala" / "ens", either
  // case; once matched it stays matched).
  enum : uint8_t { kDigit = 1, kDollar = 2, kLead = 4 };
  enum : uint8_t { kStart, kSawA, kSawAl, kSawE, kSawEn, kMatched, kStates };
  static constexpr auto kStep = [] {
    std::array<std::array<uint8_t, 256>, kStates> t{};
    for (int state = 0; state < kStates; ++state) {
      for (int c = 0; c < 256; ++c) {
        uint8_t cls = 0;
        if (c >= '0' && c <= '9') cls = kDigit;
        if (c == '$') cls = kDollar;
        if (c == 0xC2 || c == 0xE2) cls = kLead;
        const int l = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        int next = l == 'a' ? kSawA : l == 'e' ? kSawE : kStart;
        if (state == kMatched) next = kMatched;
        else if (state == kSawA && l == 'l') next = kSawAl;
        else if (state == kSawAl && l == 'a') next = kMatched;
        else if (state == kSawE && l == 'n') next = kSawEn;
        else if (state == kSawEn && l == 's') next = kMatched;
        t[state][c] = static_cast<uint8_t>(cls | next << 3);
      }
    }
    return t;
  }();
  unsigned cls = 0;
  unsigned state = kStart;
  for (char ch : s) {
    const unsigned e = kStep[state][static_cast<unsigned char>(ch)];
    cls |= e;
    state = e >> 3;
  }
  const bool maybe = state == kMatched;  // "ala" or "ens" seen
  const bool digit = (cls & kDigit) != 0;
  bool money = false;
  if (cls & (kDollar | kLead)) {
    for (size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      bool currency = c == '$' || (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x82 &&
                                   (static_cast<unsigned char>(s[i + 2]) == 0xAC ||    // €
                                    static_cast<unsigned char>(s[i + 2]) == 0xB9)) ||  // ₹
                      (c == 0xC2 && i + 1 < s.size() &&
                       (static_cast<unsigned char>(s[i + 1]) == 0xA3 || static_cast<unsigned char>(s[i + 1]) == 0xA5));
      if (currency) {
        for (size_t k = i + 1; k < s.size() && k < i + 5; ++k) money |= IsDigit(s[k]);
      }
    }
  }
  if (digit && !money) {
    // "110k", "150-250K", "65k+": digits then k/K not followed by a letter.
    for (size_t i = 0; i + 1 < s.size() && !money; ++i) {
      money = IsDigit(s[i]) && (s[i + 1] == 'k' || s[i + 1] == 'K') && (i + 2 >= s.size() || !IsLetter(s[i + 2]));
    }
  }
  // Without a figure a field needs a pay word; "salary"/"compensation" only in fields of 6+
  // bytes, so a lone short token never counts. One pass over the letter runs. Cheap gate
  // before the word pass: "salary" holds "ala", "compensation" holds "ens".
  if (!money && !digit && (s.size() < 6 || !maybe)) return false;
  bool named = false, unit = false, not_pay = false;
  bool prev_per = false;  // the previous word was "per", followed by exactly one space
  size_t i = 0;
  while (i < s.size()) {
    if (!IsLetter(s[i])) {
      ++i;
      continue;
    }
    size_t b = i;
    uint64_t key = 0;
    for (; i < s.size() && IsLetter(s[i]); ++i) {
      if (i - b < 8) key |= static_cast<uint64_t>(static_cast<unsigned char>(Lower(s[i]))) << (8 * (i - b));
    }
    PayWord w = ClassifyPayWord(s.substr(b, i - b), key, b > 0 ? s[b - 1] : '\0');
    bool after_per = prev_per && b >= 2 && s[b - 1] == ' ' && IsLetter(s[b - 2]);
    prev_per = false;
    switch (w) {
      case kPayNamed: named = true; break;
      case kPayUnit: case kPaySlashUnit: unit = true; break;
      case kPayNot: not_pay = true; break;
      case kPayPer: prev_per = true; break;
      case kPayPerUnit: unit = unit || after_per; break;
      case kPayNone: break;
    }
  }
  if (!money) {
    named = named && s.size() >= 6;
    if (!named && !digit) return false;
    // "Salary & Equity" names pay without a figure: still the pay field.
    money = named || unit;
  }
  return money && !not_pay;
}

// ---- company ----

// FindIgnoreAsciiCase(s, needle) for a needle of a space then a lowercase word (" hiring"):
// jumps from space to space (memchr) instead of testing every byte.
size_t FindWordIgnoreCase(std::string_view s, std::string_view needle) {
  size_t pos = 0;
  while (pos + needle.size() <= s.size()) {
    const void* sp = std::memchr(s.data() + pos, ' ', s.size() - needle.size() + 1 - pos);
    if (sp == nullptr) return std::string_view::npos;
    pos = static_cast<size_t>(static_cast<const char*>(sp) - s.data());
    // needle[1] is a lowercase letter: test it before the whole word.
    if (Lower(s[pos + 1]) == needle[1] && EqualsIgnoreAsciiCase(s.substr(pos, needle.size()), needle)) return pos;
    ++pos;
  }
  return std::string_view::npos;
}

bool IsLegalSuffix(std::string_view w) {
  static constexpr std::string_view kSuffixes[] = {"inc", "inc.", "llc", "ltd", "ltd.", "gmbh", "co", "co.", "corp",
                                                   "corp.", "s.a.", "sa", "ag", "bv", "b.v.", "plc", "pbc", "sas",
                                                   "ab", "oy", "as", "aps", "srl", "s.r.l.", "pty", "limited", "lp"};
  for (auto s : kSuffixes) {
    if (EqualsIgnoreAsciiCase(w, s)) return true;
  }
  return false;
}

// The company name in a header field: no parentheses or brackets, no URL, no " - tagline",
// nothing after a comma unless a legal suffix ("HiHello, Inc."), no " is hiring".
std::string CleanCompany(std::string_view f) {
  std::string s;
  // Without an opening '(' or '[' the bracket pass below keeps every byte (a stray ')' or
  // ']' is kept): two memchr calls decide.
  const bool brackets = std::memchr(f.data(), '(', f.size()) != nullptr || std::memchr(f.data(), '[', f.size()) != nullptr;
  if (!brackets) {
    s.assign(f);  // the common case: nothing to drop
  } else {
    int depth = 0;
    for (char c : f) {
      if (c == '(' || c == '[') {
        ++depth;
        continue;
      }
      if ((c == ')' || c == ']') && depth > 0) {
        --depth;
        continue;
      }
      if (depth == 0) s.push_back(c);
    }
  }
  // Strip URLs with a scheme or "www." ("Acme (https://acme.com)"), keep a bare domain that
  // may be the name ("Iterative.ai", "Functionly.com").
  if (s.find('.') != std::string::npos) {
    std::string kept;
    size_t pos = 0;
    while (pos < s.size()) {
      size_t b, e;
      std::string_view rest = std::string_view(s).substr(pos);
      if (!FindUrl(rest, b, e)) break;
      bool schemed = rest.substr(b, e - b).find("://") != std::string_view::npos ||
                     StartsWithIgnoreAsciiCase(rest.substr(b), "www.");
      kept.append(rest.substr(0, schemed ? b : e));
      if (schemed) kept.push_back(' ');
      pos += e;
    }
    kept.append(s, pos, std::string::npos);
    s = std::move(kept);
  }
  std::string_view v = TrimAscii(s);
  // A field label before the name ("What: Jam.dev | Full time | ...", "Company: Acme | ..."):
  // the name follows it, it is not a company with a tagline.
  const char first = v.empty() ? '\0' : Lower(v[0]);  // every label starts with 'w', 'c' or 'e'
  for (std::string_view label : {"what:", "company:", "who:", "employer:"}) {
    if (first == label[0] && StartsWithIgnoreAsciiCase(v, label)) {
      v = TrimAscii(v.substr(label.size()));
      break;
    }
  }
  // Cut at a spaced dash or colon (taglines), and at " is hiring" / " are hiring".
  for (std::string_view cut : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", ": "}) {
    size_t p = v.find(cut);
    if (p != std::string_view::npos && p > 0) v = v.substr(0, p);
  }
  for (std::string_view cut : {" hiring", " looking"}) {
    size_t p = FindWordIgnoreCase(v, cut);
    if (p == std::string_view::npos || p == 0) continue;
    std::string_view head = TrimAscii(v.substr(0, p));
    // Drop a trailing "is" / "are".
    for (std::string_view verb : {" is", " are"}) {
      if (head.size() > verb.size() && EqualsIgnoreAsciiCase(head.substr(head.size() - verb.size()), verb)) {
        head = head.substr(0, head.size() - verb.size());
      }
    }
    v = head;
  }
  size_t comma = v.find(',');
  if (comma != std::string_view::npos) {
    std::string_view rest = TrimAscii(v.substr(comma + 1));
    size_t sp = rest.find(' ');
    std::string_view word = rest.substr(0, sp);
    if (!IsLegalSuffix(word)) v = v.substr(0, comma);
  }
  v = TrimAscii(v);
  // Strip leftover punctuation at the ends ("Numbrs /", "Acme:").
  while (!v.empty() && (v.back() == '/' || v.back() == ':' || v.back() == '-' || v.back() == ',' || v.back() == '@' ||
                        v.back() == '*' || v.back() == '|')) {
    v.remove_suffix(1);
    v = TrimAscii(v);
  }
  while (!v.empty() && (v.front() == '/' || v.front() == ':' || v.front() == '-' || v.front() == '*' || v.front() == '|')) {
    v.remove_prefix(1);
    v = TrimAscii(v);
  }
  if (v.empty()) {
    // Nothing but a URL: its host ("[Modash.io](http://modash.io/)" -> "modash.io").
    size_t b, e;
    if (FindUrl(f, b, e)) {
      std::string_view host = f.substr(b, e - b);
      size_t scheme = FindIgnoreAsciiCase(host, "://");
      if (scheme != std::string_view::npos) host.remove_prefix(scheme + 3);
      if (StartsWithIgnoreAsciiCase(host, "www.")) host.remove_prefix(4);
      host = host.substr(0, host.find('/'));
      return std::string(host);
    }
  }
  return std::string(v);
}

// "Senior Engineer at Acme", "Computer Vision Engineer @Second Spectrum, Los Angeles":
// the company after "at"/"@" when a role comes before it.
bool SplitRoleAt(std::string_view f, std::string_view& role, std::string_view& company) {
  size_t at = f.find('@');
  size_t len = 1;
  if (at == std::string_view::npos) {
    at = FindIgnoreAsciiCase(f, " at ");
    len = 4;
  }
  if (at == std::string_view::npos || at == 0) return false;
  std::string_view r = TrimAscii(f.substr(0, at));
  std::string_view c = TrimAscii(f.substr(at + len));
  if (r.empty() || c.empty() || !fields::LooksLikeRole(r)) return false;
  // An e-mail address is not "role @ company".
  if (at > 0 && IsAlnum(f[at - 1]) && len == 1) return false;
  role = r;
  company = c;
  return true;
}

// True when every word of a short field is a work-mode or employment word ("Full-time",
// "ONSITE, FULLTIME", "Remote OK"): such a field names no place and no role.
bool OnlyModeWords(std::string_view f) {
  static const fields::WordSet kWords = [] {
    fields::WordSet w;
    for (std::string_view x :
         {"remote", "remotely", "onsite", "on", "site", "hybrid", "full", "time", "fulltime", "part", "parttime",
          "contract", "contractor", "contractors", "freelance", "intern", "interns", "internship", "only", "ok",
          "or", "and", "fully", "permanent", "flexible", "wfh", "in", "office", "person", "temporary", "temp",
          "friendly", "first", "possible", "optional", "partially", "partly", "ft", "fte", "pt", "plus"}) {
      w.Add(x, 1);
    }
    return w;
  }();
  fields::Token t;
  size_t pos = 0, words = 0;
  while (fields::NextToken(f, pos, t)) {
    pos = t.end;
    if (t.digits) continue;
    if (++words > 5 || kWords.Find(f, t) < 0) return false;
  }
  return words > 0;
}

struct FieldInfo {
  std::string_view text;
  std::string_view clean;   // without URLs (points into text, or into `clean_buf`)
  std::string clean_buf;
  size_t offset = 0;        // of text in the line
  bool has_url = false;
  bool url_only = false;
  bool salary = false;
  fields::WorkModeField work;
  EmploymentType employment = EmploymentType::kUnknown;
  std::optional<bool> visa;
  bool visa_requirement = false;  // asks for a visa or permit ("EU work permit needed")
  // A visa field: an offer or refusal, or a requirement.
  bool names_visa() const { return visa.has_value() || visa_requirement; }
  bool location = false;
  bool location_strict = false;  // every content word is a place
  bool role = false;
  bool core_role = false;
  Place places_first;  // the first place the field names, when it is a location
};

// A memoized field classification: its FieldInfo (text and clean views cleared) and the
// field's first URL.
struct FieldMemo {
  FieldInfo info;
  std::string first_url;
};

void Join(std::string& out, std::string_view part, std::string_view sep) {
  if (part.empty()) return;
  if (!out.empty()) out.append(sep);
  out.append(part);
}

}  // namespace

std::string_view FirstLine(std::string_view text) {
  size_t eol = text.find('\n');
  return eol == std::string_view::npos ? text : text.substr(0, eol);
}

namespace {
// Hacker News' comment chrome copied with a re-posted comment: "1 point by mmyller20 29 days
// ago | parent | context | next | edit | delete [-] | on: Ask HN: Who is hiring? (...)".
bool IsHnCommentChrome(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
  if (i == 0) return false;
  std::string_view rest = line.substr(i);
  if (!StartsWithIgnoreAsciiCase(rest, " point by ") && !StartsWithIgnoreAsciiCase(rest, " points by ")) return false;
  size_t bar = rest.find('|');
  std::string_view head = rest.substr(0, bar);
  return FindIgnoreAsciiCase(head, " ago") != std::string_view::npos;
}

// The header fields of one selected line (ParseHnHeader's rules past the line choice).
HnHeader ParseHeaderLine(std::string_view line);

// `line` without a leading list marker: bullets "-", "*", "+", "#", ">", "=", U+00A7 "§", U+00B7 "·" (and
// U+00A0, a no-break space), the symbols of U+2000-U+2BFF ("•", "–", "▶", "★", "→") and above
// U+1F000 (emoji); list numbers "1." "2)"; and without a trailing " =" decoration.
std::string_view WithoutListMarker(std::string_view line) {
  line = TrimAscii(line);
  for (bool again = true; again && !line.empty();) {
    again = false;
    if (line[0] == '-' || line[0] == '*' || line[0] == '+' || line[0] == '#' || line[0] == '>' || line[0] == '=') {
      line = TrimAscii(line.substr(1));
      again = true;
    } else if (static_cast<unsigned char>(line[0]) >= 0xC2) {
      size_t i = 0;
      const char32_t cp = DecodeUtf8(line, i);
      if (cp == 0xA0 || cp == 0xA7 || cp == 0xB7 || (cp >= 0x2000 && cp <= 0x2BFF) || cp >= 0x1F000) {
        line = TrimAscii(line.substr(i));
        while (line.starts_with("\xEF\xB8\x8F")) line = TrimAscii(line.substr(3));  // U+FE0F, emoji presentation
        again = true;
      }
    } else if (fields::IsDigit(line[0])) {
      size_t i = 0;
      while (i < line.size() && i < 3 && fields::IsDigit(line[i])) ++i;
      if (i < line.size() && (line[i] == '.' || line[i] == ')') && i + 1 < line.size() && line[i + 1] == ' ') {
        line = TrimAscii(line.substr(i + 1));
        again = true;
      }
    }
  }
  return line.substr(0, line.find_last_not_of("= ") + 1);  // npos + 1 == 0: nothing left
}

// A body line cut to the role it may name: no leading bullet or list number, no label ("Role:",
// "Our open positions:"), nothing from a URL on, no trailing separators. "" when the line
// cannot be a role line.
std::string_view RoleLineCandidate(std::string_view line) {
  line = WithoutListMarker(line);
  // A label before the role: "Role: Full-stack engineer", "Featured Roles: Backend Engineer",
  // "Now hiring: Data Engineer".
  if (size_t colon = line.find(": "); colon != std::string_view::npos && colon <= 20) {
    const std::string_view label = line.substr(0, colon);
    bool is_label = label.find_first_not_of("0123456789") == std::string_view::npos;  // "38358: ..."
    for (std::string_view g : {"role", "position", "opening", "hiring", "job", "title"}) {
      is_label = is_label || FindIgnoreAsciiCase(label, g) != std::string_view::npos;
    }
    // (The list may follow on the same line: "Our open positions: * Software Engineer".)
    if (is_label) line = WithoutListMarker(line.substr(colon + 2));
  }
  size_t url = std::min(FindIgnoreAsciiCase(line, "http"), FindIgnoreAsciiCase(line, "www."));
  if (url != std::string_view::npos) line = line.substr(0, url);
  line = line.substr(0, line.find_last_not_of(" -:,;([") + 1);
  if (line.empty() || line.size() > 80) return {};
  if (line.back() == '.' || line.back() == '?' || line.back() == '!') return {};
  if (line.find(". ") != std::string_view::npos) return {};
  const size_t words = CountWords(line);
  if (words < 2 || words > 8) return {};
  return line;
}

// True when `role` names a core role noun other than the generic ones and reads as a title,
// not as a sentence or a heading: "Open positions", "Here are our open roles", "We're
// hiring a Technical Account Manager" and "jane@acme.com <- Hiring Manager" are not roles.
bool NamesCoreRole(std::string_view role) {
  if (role.find('@') != std::string_view::npos || role.find("##") != std::string_view::npos) return false;
  const fields::RoleWords w = fields::CountRoleWords(role);
  if (w.core == 0 || !fields::IsRole(w)) return false;
  // Words that do not start a title (pronouns, determiners, prepositions, "open"/"current"
  // of headings, verbs of a call to action), and the generic nouns of headings. Tokens are
  // fields::NextToken's letter runs: "I'm" and "we're" start with "i" and "we".
  static constexpr std::string_view kNotFirst[] = {
      "a",        "all",  "an",    "and",   "apply",  "are",  "check", "current", "email", "find",
      "for",      "here", "i",     "if",    "im",     "in",   "is",    "links",   "many",  "more",
      "multiple", "open", "other", "our",   "please", "see",  "send",  "several", "some",  "the",
      "these",    "this", "to",    "visit", "we",     "were", "with",  "you",     "your"};
  static constexpr std::string_view kGeneric[] = {"position", "positions", "role", "roles", "opening", "openings"};
  // A requirement, not a role: "3+ years experience as a software engineer".
  static constexpr std::string_view kNotInTitle[] = {"experience", "year", "years"};
  auto is_any = [&](const fields::Token& t, const auto& words) {
    for (std::string_view word : words) {
      if (fields::TokenIs(role, t, word)) return true;
    }
    return false;
  };
  int generic = 0;
  fields::Token t;
  for (size_t pos = 0; fields::NextToken(role, pos, t); pos = t.end) {
    if (pos == 0 && is_any(t, kNotFirst)) return false;  // the first token
    if (is_any(t, kNotInTitle)) return false;
    generic += is_any(t, kGeneric) ? 1 : 0;
  }
  return generic < w.core;
}
}  // namespace

std::string RolesFromBody(std::string_view text, size_t max_roles) {
  std::string out;
  size_t found = 0;
  size_t at = text.find('\n');
  std::vector<std::string> seen;
  for (int lines = 0; at != std::string_view::npos && lines < 80 && found < max_roles; ++lines) {
    const size_t start = at + 1;
    at = text.find('\n', start);
    std::string_view line = text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start);
    if (line.size() > 400) continue;
    std::string header_title;
    std::string_view role;
    if (line.find('|') != std::string_view::npos) {
      HnHeader h = ParseHeaderLine(WithoutListMarker(line));
      if (!h.found || h.title.empty() || h.title.size() > 120 || !NamesCoreRole(h.title)) continue;
      header_title = std::move(h.title);
      role = header_title;
    } else {
      role = RoleLineCandidate(line);
      if (role.empty() || !NamesCoreRole(role)) continue;
    }
    bool repeat = false;
    for (const std::string& s : seen) repeat = repeat || EqualsIgnoreAsciiCase(s, role);
    if (repeat) continue;
    Join(out, role, "; ");
    seen.emplace_back(role);
    ++found;
  }
  return out;
}

HnHeader ParseHnHeader(std::string_view first_line) {
  HnHeader h;
  // Skip copied comment chrome (and the blank lines after it): the header is the next line.
  // The end of the first line is searched once (a text may have no newline for kilobytes).
  size_t first_len = FirstLine(first_line).size();
  while (IsHnCommentChrome(TrimAscii(first_line.substr(0, first_len)))) {
    if (first_len == first_line.size()) return h;
    first_line = first_line.substr(first_len + 1);
    while (!first_line.empty() && TrimAscii(FirstLine(first_line)).empty()) {
      size_t next = first_line.find('\n');
      first_line = next == std::string_view::npos ? std::string_view() : first_line.substr(next + 1);
    }
    first_len = FirstLine(first_line).size();
  }
  std::string_view line = TrimAscii(first_line.substr(0, first_len));
  // A tagline above the header ("Let's build a better food system together!" then
  // "Ark Biotech | ... | Boston, MA"): read the second line when only it has bars.
  if (line.find('|') == std::string_view::npos && first_len < first_line.size()) {
    std::string_view rest = first_line.substr(first_len + 1);
    std::string_view second = TrimAscii(FirstLine(rest));
    size_t bars = 0;
    for (char c : second.substr(0, std::min<size_t>(second.size(), 400))) bars += c == '|';
    if (bars >= 2) line = second;
  }
  if (line.size() > kMaxLine) line = TruncateUtf8(line, kMaxLine);
  if (line.empty()) return h;
  // The result depends on the line alone, and header lines repeat (reposts, the same company
  // month after month): a bounded per-thread memo of the parse.
  thread_local fields::StringMemo<HnHeader, 2048> memo;
  if (const HnHeader* known = memo.Find(line)) return *known;
  h = ParseHeaderLine(line);
  memo.Put(line, h);
  return h;
}

namespace {

// Classifies one header field text = line[offset, offset + size) (the i-th field) into f,
// given the line's hits (those inside the field's URLs are dropped). first_url receives the
// field's first URL, if any.
void ClassifyField(std::string_view line, std::vector<fields::Hit>& line_hits, std::string_view text, size_t offset,
                   size_t i, FieldInfo& f, std::string& first_url) {
  f = FieldInfo{};
  f.text = text;
  f.offset = offset;
  f.clean = f.text;
  if (f.text.find('.') != std::string_view::npos) {
    size_t ub, ue;
    if (FindUrl(f.text, ub, ue)) {
      f.has_url = true;
      f.clean_buf = WithoutUrls(f.text, &first_url);
      f.clean = f.clean_buf;
      // Drop the hits inside the field's URLs.
      for (auto& hit : line_hits) {
        if (hit.pos < f.offset || hit.pos >= f.offset + f.text.size()) continue;
        size_t rel = hit.pos - f.offset, pos = 0, b, e;
        while (pos < f.text.size() && FindUrl(f.text.substr(pos), b, e)) {
          if (rel >= pos + b && rel < pos + e) hit.category = 0;
          pos += e;
        }
      }
    }
  }
  f.url_only = !HasAlnum(f.clean) ||
               (f.has_url && EqualsIgnoreAsciiCase(TrimAscii(f.clean).substr(0, 6), "apply ") && CountWords(f.clean) <= 3);
  if (f.url_only) return;
  const size_t from = f.offset, to = f.offset + f.text.size();
  unsigned cats = 0;  // bit c: the field has a hit of category c
  for (const auto& hit : line_hits) {
    if (hit.pos >= from && hit.pos < to) cats |= 1u << hit.category;
  }
  f.salary = LooksLikeSalary(f.clean);
  if (cats != 0 && OnlyModeWords(f.clean)) {
    // "Full-time", "REMOTE", "Onsite or Remote": no place or role to look for.
    if (cats & (1u << fields::kCatWorkMode)) {
      f.work = fields::WorkModeInRange(line, line_hits, from, to, /*count_other_words=*/i == 0);
    }
    if (cats & (1u << fields::kCatEmployment)) {
      f.employment = fields::EmploymentInRange(line, line_hits, from, to, /*field_words=*/i > 0);
    }
    return;
  }
  // Valid through this call: nothing below scans another location.
  const fields::LocationScan& scan = fields::ScanLocation(f.clean);
  if (cats & (1u << fields::kCatWorkMode)) {
    f.work = fields::WorkModeInRange(line, line_hits, from, to, /*count_other_words=*/i == 0, &scan);
  }
  if (cats & (1u << fields::kCatEmployment)) {
    f.employment = fields::EmploymentInRange(line, line_hits, from, to, /*field_words=*/i > 0);
  }
  if (i > 0 && (cats & (1u << fields::kCatVisa))) {
    f.visa = fields::VisaInRange(line, line_hits, from, to, &f.visa_requirement);
  }
  f.location = scan.loose();
  f.location_strict = scan.strict();
  if (f.location && !scan.places.empty()) f.places_first = fields::PrimaryPlace(scan);
  const fields::RoleWords& rw = scan.roles;
  f.core_role = rw.core > 0;
  f.role = !f.salary && (f.core_role || (fields::IsRole(rw) && !f.work.any &&
                                         f.employment == EmploymentType::kUnknown && !f.names_visa()));
  if (f.location && f.role && !f.location_strict) f.location = false;
  // A visa field is a location only when it names a place ("On-site with VISA in
  // Berkeley, CA"), not a mere area ("Global Hiring VISA SPONSORSHIP").
  if (f.salary || (f.names_visa() && scan.places.empty())) f.location = false;
  if (!f.location && !f.role && !f.salary && !f.names_visa()) {
    // A place with a note in parentheses: "San Mateo, Ca(close to caltrain)" (held-out5 hn
    // 16982128). Only the words before the parenthesis are weighed, and they must be mostly
    // places, so "Senior Engineer (Berlin)" stays a role. (`scan` is not used below: this
    // second ScanLocation call invalidates it.)
    size_t paren = f.clean.find('(');
    if (paren != std::string_view::npos && paren > 0) {
      const fields::LocationScan& before = fields::ScanLocation(f.clean.substr(0, paren));
      if (before.loose() && !before.places.empty() && before.roles.core == 0) {
        f.location = true;
        f.places_first = fields::PrimaryPlace(before);
      }
    }
  }
}

HnHeader ParseHeaderLine(std::string_view line) {
  HnHeader h;
  // ---- split ----
  std::array<std::string_view, kMaxFields> parts;
  size_t n = 0;
  SepKind kind = SepKind::kBar;
  bool has_bar = std::memchr(line.data(), '|', line.size()) != nullptr;
  if (!has_bar && fields::HasNonAscii(line)) {
    for (size_t i = 0; i < line.size() && !has_bar; ++i) {
      if (static_cast<unsigned char>(line[i]) >= 0xC2) has_bar = BarAt(line, i) > 0;
    }
  }
  if (has_bar) {
    n = Split(line, SepKind::kBar, parts);
    if (line.size() > kLongBarLine && n >= 2) {
      // The header ran into the text ("... | ONSITE Segment is building the analytics..."):
      // the last field keeps its URL if one starts it, else its first four words.
      std::string_view last = parts[n - 1];
      size_t ub, ue;
      if (FindUrl(last, ub, ue) && ub < 40) {
        last = last.substr(0, ue);
      } else {
        size_t words = 0, i = 0;
        bool in = false;
        for (; i < last.size(); ++i) {
          bool w = last[i] != ' ';
          if (w && !in && ++words > 4) break;
          in = w;
        }
        last = TrimAscii(last.substr(0, i));
      }
      parts[n - 1] = last;
      // Other fields that are paragraphs (more than 40 words) are prose too.
      for (size_t i = 0; i + 1 < n; ++i) {
        if (CountWords(parts[i]) > 40) {
          n = i;
          break;
        }
      }
    }
  } else {
    if (line.size() > kMaxLineNoBar) return h;
    size_t colon = line.find(": ");
    bool early_colon = colon != std::string_view::npos && colon <= 40 && CountWords(line.substr(0, colon)) <= 4;
    std::array<SepKind, 5> order = {SepKind::kDash, SepKind::kBracket, SepKind::kSlash, SepKind::kComma, SepKind::kColon};
    if (early_colon) order = {SepKind::kDash, SepKind::kBracket, SepKind::kColon, SepKind::kSlash, SepKind::kComma};
    unsigned present = SeparatorKinds(line);
    for (SepKind k : order) {
      if (!(present >> static_cast<unsigned>(k) & 1u)) continue;
      n = Split(line, k, parts);
      kind = k;
      if (n >= 2) break;
    }
    if (n < 2) {
      // "DuckDuckGo (Paoli, PA, USA)": a company and its place in parentheses.
      size_t open = line.find('(');
      size_t close = line.rfind(')');
      if (open != std::string_view::npos && close != std::string_view::npos && close > open + 1 && open > 0) {
        parts[0] = TrimAscii(line.substr(0, open));
        parts[1] = TrimAscii(line.substr(open + 1, close - open - 1));
        n = parts[0].empty() ? 0 : 2;
        kind = SepKind::kColon;
        if (n == 2 && !LooksLikeLocation(parts[1])) n = 0;
      }
    }
  }
  if (n < 2) return h;
  // Prose guard for headers without bars: a short first field, and short fields when split
  // on commas or colons.
  if (!has_bar) {
    if (CountWords(parts[0]) > 6) return h;
    if (kind == SepKind::kComma || kind == SepKind::kColon) {
      for (size_t i = 0; i < n; ++i) {
        if (CountWords(parts[i]) > 7) return h;
      }
    }
  }
  // ---- classify ----
  // One scan of the line for every field's work-mode, employment and visa words; words inside
  // URLs ("jobs.lever.co/acme/remote-engineer") do not count.
  thread_local std::vector<fields::Hit> line_hits;
  line_hits.clear();
  fields::CombinedScanner().Scan(line, line_hits, kMaxLineHits);
  thread_local std::array<FieldInfo, kMaxFields> info;
  // A field's classification is a function of its text (and of whether it is the first field)
  // when bars separate the fields: no phrase joins words across a bar, and the work-mode,
  // employment and visa rules read only within the field. Fields repeat across lines
  // ("ONSITE", "Full-time", "San Francisco, CA"): a per-thread memo of the fields after the
  // first. Not when the line was cut (its last field stops mid-text) or its hits were capped.
  const bool memo_ok = has_bar && line.size() <= kLongBarLine && line_hits.size() < kMaxLineHits;
  thread_local fields::StringMemo<FieldMemo, 4096> field_memo;
  std::string field_url;
  for (size_t i = 0; i < n; ++i) {
    FieldInfo& f = info[i];
    const std::string_view text = parts[i];
    const size_t offset = static_cast<size_t>(text.data() - line.data());
    const bool use_memo = memo_ok && i > 0;
    uint64_t hash = 0;
    if (use_memo) {
      hash = field_memo.HashOf(text);
      if (const FieldMemo* known = field_memo.Find(text, hash)) {
        f = known->info;
        f.text = text;
        f.offset = offset;
        f.clean = f.has_url ? std::string_view(f.clean_buf) : text;
        if (f.has_url && h.url.empty()) h.url = known->first_url;
        continue;
      }
    }
    field_url.clear();
    ClassifyField(line, line_hits, text, offset, i, f, field_url);
    if (h.url.empty() && !field_url.empty()) h.url = field_url;
    if (use_memo) {
      if (FieldMemo* slot = field_memo.Claim(text, hash)) {
        slot->info = f;
        slot->info.text = std::string_view();  // views into this line: set again on a hit
        slot->info.clean = std::string_view();
        slot->first_url = field_url;
      }
    }
  }
  // "Cambridge, MA", "Denver, CO", "las vegas, nv": a line split on commas that starts with a
  // place and is a place as a whole names no company (a state code alone is not a place, so it
  // would become the company); its parts are the location, beside any work-mode or employment
  // field. ("Flatiron Health, New York" starts with a company.)
  const bool place_only =
      kind == SepKind::kComma && info[0].location_strict && fields::ScanLocation(line).strict();
  if (place_only) {
    for (size_t i = 0; i < n; ++i) {
      FieldInfo& f = info[i];
      if (!f.url_only && !f.salary && f.work.mode == WorkMode::kUnknown &&
          f.employment == EmploymentType::kUnknown && !f.names_visa()) {
        f.location = true;
      }
    }
  }
  // ---- the company ----
  int company = -1;
  std::string_view role_from_company;
  for (size_t i = 0; i < n && company < 0 && !place_only; ++i) {
    const FieldInfo& f = info[i];
    if (f.url_only) {
      // "honestbee.com | Engineers | ...": a bare domain first is the company's name.
      if (i == 0 || (company < 0 && CountWords(f.text) == 1 && FindIgnoreAsciiCase(f.text, "://") == std::string_view::npos &&
                     f.text.find('/') == std::string_view::npos && !StartsWithIgnoreAsciiCase(f.text, "www."))) {
        // "http://framer.com" -> "framer.com".
        size_t ub = 0, ue = f.text.size();
        FindUrl(f.text, ub, ue);
        std::string_view host = f.text.substr(ub, ue - ub);
        size_t scheme = FindIgnoreAsciiCase(host, "://");
        if (scheme != std::string_view::npos) host.remove_prefix(scheme + 3);
        if (StartsWithIgnoreAsciiCase(host, "www.")) host.remove_prefix(4);
        host = host.substr(0, host.find('/'));
        if (!host.empty()) {
          company = static_cast<int>(i);
          h.company = std::string(host);
          break;
        }
      }
      continue;
    }
    std::string_view r, c;
    if (SplitRoleAt(f.text, r, c)) {
      company = static_cast<int>(i);
      role_from_company = r;
      h.company = CleanCompany(c);
      break;
    }
    // The first field is the company unless it is nothing but a place, a role, a work mode,
    // an employment type or pay ("Local Kitchens", "Remote Inning" are companies).
    bool work_only = f.work.mode != WorkMode::kUnknown && (i > 0 || f.work.other_words == 0);
    bool employment_only = f.employment != EmploymentType::kUnknown && (i > 0 || CountWords(f.clean) <= 2);
    bool not_company = (i == 0 ? f.location_strict : f.location) || f.core_role || work_only || employment_only ||
                       f.salary || (f.names_visa() && i > 0);
    if (i == 0 && !not_company) {
      company = 0;
      break;
    }
    if (i > 0 && !not_company && !f.role) company = static_cast<int>(i);
  }
  if (company >= 0 && h.company.empty()) {
    h.company = CleanCompany(info[company].text);
    // A location in the company's parentheses: "DuckDuckGo (Paoli, PA, USA)".
    std::string_view t = info[company].text;
    size_t open = t.find('(');
    size_t close = t.find(')', open == std::string_view::npos ? 0 : open);
    if (open != std::string_view::npos && close != std::string_view::npos && close > open + 1) {
      std::string_view inner = t.substr(open + 1, close - open - 1);
      const fields::LocationScan& scan = fields::ScanLocation(inner);
      if (scan.strict() && !scan.places.empty()) {
        Join(h.location, TrimAscii(inner), "; ");
      }
    }
  }
  // ---- the other fields ----
  bool any_class = false;
  bool place_set = false;
  std::string pending_location;  // adjacent location parts of a comma-split header
  std::string role_places;       // places named inside role fields
  auto flush_location = [&]() {
    Join(h.location, pending_location, "; ");
    pending_location.clear();
  };
  if (!role_from_company.empty()) {
    Join(h.title, role_from_company, "; ");
    any_class = true;
  }
  auto rank = [](WorkMode w) {
    switch (w) {
      case WorkMode::kRemote: return 3;
      case WorkMode::kHybrid: return 2;
      case WorkMode::kOnsite: return 1;
      default: return 0;
    }
  };
  for (size_t i = 0; i < n; ++i) {
    if (static_cast<int>(i) == company) {
      flush_location();
      continue;
    }
    FieldInfo& f = info[i];
    if (f.url_only) {
      any_class = true;
      flush_location();
      continue;
    }
    bool classified = false;
    if (f.salary) {
      if (h.salary_text.empty()) h.salary_text = std::string(f.text);
      classified = true;
    }
    if (f.work.mode != WorkMode::kUnknown) {
      if (rank(f.work.mode) > rank(h.work_mode)) {
        h.work_mode = f.work.mode;
        h.remote_scope = f.work.scope;
      } else if (f.work.mode == WorkMode::kRemote && h.remote_scope.empty()) {
        h.remote_scope = f.work.scope;
      }
      classified = true;
    }
    if (f.employment != EmploymentType::kUnknown) {
      if (h.employment_type == EmploymentType::kUnknown) h.employment_type = f.employment;
      classified = true;
    }
    if (f.visa) {
      if (!h.visa_sponsorship) h.visa_sponsorship = f.visa;
      classified = true;
    }
    if (f.location && !f.salary) {
      // A pure work-mode field with a scope ("REMOTE (US)") is not where the job is when
      // another field says so; it is kept only if no other location appears. A remote field
      // that names a city is a location ("SF (HQ), SLC, NY, or Remote"; held-out3 hn 30520950).
      bool scope_only = f.work.any && f.work.mode == WorkMode::kRemote && f.places_first.city.empty();
      if (!scope_only) {
        if (!place_set && kind != SepKind::kComma && !f.places_first.country.empty()) {
          h.place = f.places_first;
          place_set = true;
        }
        std::string_view part = TrimAscii(f.clean);
        if (kind == SepKind::kComma) {
          Join(pending_location, part, ", ");
        } else {
          flush_location();
          Join(h.location, part, "; ");
        }
        classified = true;
        any_class = true;
        continue;
      }
    }
    flush_location();
    if (f.role && !f.location) {
      Join(h.title, TrimAscii(f.clean), "; ");
      classified = true;
      // "Senior Software Engineer (Phoenix, AZ)": a place in the role's parentheses.
      std::string_view t = f.clean;
      size_t open = t.rfind('(');
      size_t close = open == std::string_view::npos ? open : t.find(')', open);
      if (close != std::string_view::npos && close > open + 1) {
        std::string_view inner = t.substr(open + 1, close - open - 1);
        const fields::LocationScan& scan = fields::ScanLocation(inner);
        if (scan.strict() && !scan.places.empty()) {
          Join(role_places, TrimAscii(inner), "; ");
        }
      }
    }
    any_class = any_class || classified;
  }
  flush_location();
  if (h.location.empty()) h.location = role_places;
  if (h.location.empty()) {
    // Fall back to a remote field's place ("Remote (US)").
    for (size_t i = 0; i < n; ++i) {
      if (static_cast<int>(i) != company && info[i].location && !info[i].url_only && !info[i].salary) {
        h.location = std::string(TrimAscii(info[i].clean));
        break;
      }
    }
  }
  if (!place_set && !h.location.empty()) h.place = NormalizeLocation(h.location);
  if (!any_class && company < 0) return HnHeader{};
  if (!any_class && !has_bar) return HnHeader{};
  h.found = true;
  return h;
}

}  // namespace
}  // namespace skillpulse

// Career level from the title, else from a clear statement in the text.
// Word lists: data/fields/seniority.tsv (levels, text context) and data/fields/roles.tsv.
#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/text.h"
#include "enrich/field_data.h"
#include "enrich/field_scan.h"
#include "enrich/fields.h"
#include "enrich/fields_internal.h"

namespace skillpulse {
namespace fields {
namespace {

constexpr int kNone = -1;
enum RoleStrength : int { kStop = 0, kWeak = 1, kStrong = 2, kLevelWord = 3 };

struct SeniorityRules {
  PhraseSet levels;   // value: Seniority, or kNone
  WordSet roles;      // value: RoleStrength
  WordSet core;       // role nouns that mark a header's first field as a role
  WordSet cues;       // hiring cues before a level in text
  WordSet nots;       // words that make a level someone else's
  WordSet subject_verbs;  // a verb right after a level makes it a sentence's subject ("Founder has")
  WordSet generic;    // role nouns that name no particular role ("positions", "roles")
  WordSet alone;      // weak words that name a role by themselves in a list ("Full Stack")
  TriggerScanner scanner;       // level phrases (titles)
  TriggerScanner text_scanner;  // level phrases and core role nouns (texts)
};

int ParseLevel(std::string_view name) {
  if (name == "none") return kNone;
  auto s = ParseSeniority(name);
  if (!s || *s == Seniority::kUnknown) throw std::logic_error("seniority.tsv: unknown level " + std::string(name));
  return static_cast<int>(*s);
}

std::unique_ptr<SeniorityRules> LoadRules() {
  auto r = std::make_unique<SeniorityRules>();
  for (const auto& row : TsvRows(DataText("fields/seniority.tsv"))) {
    if (row.size() < 2) throw std::logic_error("seniority.tsv: short row");
    if (row[0] == "@cue") r->cues.Add(row[1], 1);
    else if (row[0] == "@not") r->nots.Add(row[1], 1);
    else if (row[0] == "@subject_verb") r->subject_verbs.Add(row[1], 1);
    else r->levels.Add(row[0], ParseLevel(row[1]));
  }
  for (const auto& row : TsvRows(DataText("fields/roles.tsv"))) {
    if (row.size() < 2) throw std::logic_error("roles.tsv: short row");
    int v = row[1] == "strong" ? kStrong : row[1] == "weak" ? kWeak : row[1] == "level" ? kLevelWord : kStop;
    r->roles.Add(row[0], v);
    if (row.size() > 2 && row[2] == "core") r->core.Add(row[0], 1);
    if (row.size() > 2 && row[2] == "alone") r->alone.Add(row[0], 1);
  }
  for (std::string_view w : {"position", "positions", "role", "roles", "opening", "openings", "jobs", "opportunity",
                             "opportunities"}) {
    r->generic.Add(w, 1);
  }
  r->levels.Register(r->scanner, kCatSeniority);
  r->scanner.Build();
  r->levels.Register(r->text_scanner, kCatSeniority);
  for (const auto& row : TsvRows(DataText("fields/roles.tsv"))) {
    if (row.size() > 2 && row[2] == "core" && r->generic.Find(row[0]) < 0) r->text_scanner.Add(row[0], false, kCatRole, 0);
  }
  r->text_scanner.Build();
  return r;
}

const SeniorityRules& Rules() {
  static const std::unique_ptr<SeniorityRules> r = LoadRules();
  return *r;
}

// Precedence inside one role when several level words are adjacent ("Senior Staff",
// "Senior Director"): the higher one.
int Rank(int level) {
  switch (static_cast<Seniority>(level)) {
    case Seniority::kIntern: return 1;
    case Seniority::kJunior: return 2;
    case Seniority::kMid: return 3;
    case Seniority::kSenior: return 4;
    case Seniority::kLead: return 5;
    case Seniority::kStaff: return 6;
    case Seniority::kPrincipal: return 7;
    case Seniority::kManager: return 8;
    case Seniority::kDirector: return 9;
    default: return 0;
  }
}
bool IsManagement(int level) {
  return level == static_cast<int>(Seniority::kManager) || level == static_cast<int>(Seniority::kDirector);
}

constexpr size_t kMaxTitleTokens = 48;

struct TitleLevel {
  int level = 0;         // Seniority value, 0 = none
  uint32_t tok_begin = 0;
  uint32_t tok_end = 0;  // token index span
};

// Numeric ladders in a title: "Engineer II", "SWE 3", "SDE2", "L5", "E4".
int NumericLevel(std::string_view s, const Token* toks, size_t i, const SeniorityRules& r) {
  const Token& t = toks[i];
  auto lower = [&](const Token& x) {
    std::string w;
    for (uint32_t k = x.begin; k < x.end; ++k) w.push_back(Lower(s[k]));
    return w;
  };
  auto after_role = [&]() {
    // "Engineer II", "SWE-3", "SDE2": the number right after the role noun.
    if (i == 0 || toks[i - 1].digits || t.begin - toks[i - 1].end > 2) return false;
    for (size_t g = toks[i - 1].end; g < t.begin; ++g) {
      if (s[g] != ' ' && s[g] != '-') return false;
    }
    return r.roles.Find(s, toks[i - 1]) == kStrong;
  };
  if (!t.digits) {
    // Roman numerals written in capitals after a role noun.
    if (t.size() > 3 || (s[t.begin] != 'I' && s[t.begin] != 'V')) return 0;
    std::string_view w(s.data() + t.begin, t.size());
    int level = w == "I" ? static_cast<int>(Seniority::kJunior)
                : w == "II" ? static_cast<int>(Seniority::kMid)
                : w == "III" ? static_cast<int>(Seniority::kSenior)
                : w == "IV" ? static_cast<int>(Seniority::kStaff)
                            : 0;
    return level != 0 && after_role() ? level : 0;
  }
  if (t.size() != 1) return 0;
  int d = s[t.begin] - '0';
  if (i > 0 && !toks[i - 1].digits && toks[i - 1].end == t.begin) {
    std::string p = lower(toks[i - 1]);
    if (p == "l") {  // Google-style ladder
      static constexpr Seniority kL[10] = {Seniority::kUnknown, Seniority::kUnknown, Seniority::kUnknown,
                                           Seniority::kJunior,  Seniority::kMid,     Seniority::kSenior,
                                           Seniority::kStaff,   Seniority::kStaff,   Seniority::kPrincipal,
                                           Seniority::kPrincipal};
      return static_cast<int>(kL[d]);
    }
    if (p == "e") {  // Meta-style ladder
      static constexpr Seniority kE[10] = {Seniority::kUnknown, Seniority::kUnknown, Seniority::kUnknown,
                                           Seniority::kJunior,  Seniority::kMid,     Seniority::kSenior,
                                           Seniority::kStaff,   Seniority::kPrincipal, Seniority::kPrincipal,
                                           Seniority::kPrincipal};
      return static_cast<int>(kE[d]);
    }
  }
  if (!after_role()) return 0;
  switch (d) {
    case 1: return static_cast<int>(Seniority::kJunior);
    case 2: return static_cast<int>(Seniority::kMid);
    case 3: return static_cast<int>(Seniority::kSenior);
    case 4: return static_cast<int>(Seniority::kStaff);
    default: return 0;
  }
}

// True when the gap before token b separates roles: ',', ';', '|', '+', ' / ', ' & ',
// or the words "and" / "or" (handled by the caller).
bool RoleSeparatorGap(std::string_view s, size_t a_end, size_t b_begin) {
  bool space_before = false;
  for (size_t i = a_end; i < b_begin; ++i) {
    char c = s[i];
    if (c == ',' || c == ';' || c == '|' || c == '+' || c == '\n') return true;
    if ((c == '/' || c == '&') && i > a_end && s[i - 1] == ' ') space_before = true;
    if ((c == '/' || c == '&') && space_before && i + 1 < b_begin && s[i + 1] == ' ') return true;
  }
  return false;
}

// True when only list bullets, numbering or spaces stand between the start of the line (or of
// a '|' header field) and pos.
bool AtLineStart(std::string_view s, size_t pos) {
  size_t i = pos;
  while (i > 0) {
    unsigned char c = static_cast<unsigned char>(s[i - 1]);
    if (c == '\n' || c == '|') return true;
    // An inline bullet: "Open positions: * Senior Frontend Developer * ...".
    if ((c == '*') && i >= 2 && s[i - 2] == ' ') return true;
    // A dash bullet right after a colon: "We have a number of open positions: - Senior Perl
    // Developer (...) - Senior Python Software Engineer" (held-out6 hn 18114876: a list typed
    // with single newlines, which HTML collapses into one line).
    if (c == '-' && i >= 3 && s[i - 2] == ' ' && s[i - 3] == ':') return true;
    if (c == ' ' || c == '\t' || c == '-' || c == '*' || c == '#' || c == '>' || c == ')' || c == '.' ||
        IsDigit(static_cast<char>(c))) {
      --i;
      continue;
    }
    // U+2022 BULLET, U+2013 EN DASH, U+2014 EM DASH (E2 80 xx).
    if (i >= 3 && static_cast<unsigned char>(s[i - 3]) == 0xE2 && static_cast<unsigned char>(s[i - 2]) == 0x80 &&
        (c == 0xA2 || c == 0x93 || c == 0x94)) {
      i -= 3;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

void RegisterSeniorityTriggers(TriggerScanner& s) { Rules().levels.Register(s, kCatSeniority); }

RoleWords CountRoleWords(std::string_view s) {
  const SeniorityRules& r = Rules();
  std::array<Token, kMaxTitleTokens> toks;
  size_t n = TokenizeAll(s, toks.data(), toks.size());
  RoleWords w;
  for (size_t i = 0; i < n; ++i) {
    if (toks[i].digits) {
      ++w.glue;
      continue;
    }
    const WordKey key(s, toks[i]);
    int v = r.roles.Find(key);
    if (v == kStrong) ++w.strong;
    else if (v == kWeak) ++w.weak;
    else if (v == kLevelWord) ++w.level;
    else if (v == kStop) ++w.glue;
    else ++w.other;
    if (v == kStrong && r.core.Find(key) >= 0) ++w.core;
  }
  return w;
}

bool IsRole(const RoleWords& w) {
  if (w.strong > 0) return true;
  if (w.level > 0 && w.other <= 3) return true;
  int role = w.weak + w.level;
  return w.weak > 0 && (role + w.glue) * 10 >= (role + w.glue + w.other) * 6;
}

namespace {
Seniority SeniorityFromTitleUncached(std::string_view title);
}  // namespace

Seniority SeniorityFromTitle(std::string_view title) {
  // Pure in `title`, and titles repeat across postings: a bounded per-thread memo.
  thread_local StringMemo<Seniority> memo;
  if (const Seniority* known = memo.Find(title)) return *known;
  const Seniority s = SeniorityFromTitleUncached(title);
  memo.Put(title, s);
  return s;
}

namespace {

// True when tokens [b, e) of a title hold a role noun, a level word or a weak word that names a
// role alone ("Full Stack"); "Customer Success" has none ("success" is only a weak role word).
bool HasRoleWord(std::string_view title, const Token* toks, size_t b, size_t e, const SeniorityRules& r) {
  for (size_t i = b; i < e; ++i) {
    if (toks[i].digits) continue;
    const int v = r.roles.Find(title, toks[i]);
    if (v == kStrong || v == kLevelWord || r.alone.Find(title, toks[i]) >= 0) return true;
  }
  return false;
}

// True when the last role noun of tokens [b, e) is a lead or director level by itself
// ("Support Lead", "Planning and Optimization Director"). Not "Intern(ships)": "Full-time &
// Internships", "PhD applicants and interns" list kinds of hire. Not "Manager": a function
// title ("Customer Success and Operational Communication Manager", labelled no level in
// held-out2 hn 22771456) as often as a people manager.
bool LastRoleNounIsLevel(std::string_view title, const Token* toks, size_t b, size_t e, const bool* strong,
                         const SeniorityRules& r) {
  for (size_t i = e; i-- > b;) {
    if (!strong[i]) continue;
    PhraseMatch m;
    if (!r.levels.MatchWordAt(title, toks[i].begin, m) || m.end != toks[i].end) return false;
    const auto level = static_cast<Seniority>(m.value);
    return level == Seniority::kLead || level == Seniority::kDirector;
  }
  return false;
}

// True when the title's segment starting at token i follows an "&" or starts with "and".
bool JoinedByAnd(std::string_view title, const Token* toks, size_t i) {
  if (i == 0) return false;
  if (EqualsIgnoreAsciiCase(std::string_view(title.data() + toks[i].begin, toks[i].size()), "and")) return true;
  for (size_t g = toks[i - 1].end; g < toks[i].begin; ++g) {
    if (title[g] == '&') return true;
  }
  return false;
}

// True when a possessive ("'s", "’s", or "'" after a plural) follows pos: the level word names
// someone the role works for, not the role: "Founder's Associate", "Founder's Office Intern"
// (held-out4 ashby Aspora), "CTO's Office - AI Applications Engineer". Every such title of the
// shared HN and Ashby postings (10) is one.
bool Possessive(std::string_view s, size_t pos) {
  auto s_after = [&](size_t k) {
    return k >= s.size() || !(IsAlnum(s[k]) || static_cast<unsigned char>(s[k]) >= 0x80) ||
           ((s[k] == 's' || s[k] == 'S') && (k + 1 >= s.size() || !IsAlnum(s[k + 1])));
  };
  if (pos < s.size() && s[pos] == '\'') return s_after(pos + 1);
  if (pos + 2 < s.size() && static_cast<unsigned char>(s[pos]) == 0xE2 &&
      static_cast<unsigned char>(s[pos + 1]) == 0x80 && static_cast<unsigned char>(s[pos + 2]) == 0x99) {
    return s_after(pos + 3);
  }
  return false;
}

Seniority SeniorityFromTitleUncached(std::string_view title) {
  const SeniorityRules& r = Rules();
  if (title.size() > 512) title = title.substr(0, 512);
  std::array<Token, kMaxTitleTokens> toks;
  size_t n = TokenizeAll(title, toks.data(), toks.size());
  if (n == 0) return Seniority::kUnknown;
  // Split into roles; a segment without a strong role noun belongs to the role before it
  // ("Software Engineer, Senior").
  std::array<bool, kMaxTitleTokens> strong{};
  for (size_t i = 0; i < n; ++i) strong[i] = !toks[i].digits && r.roles.Find(title, toks[i]) == kStrong;
  std::array<uint32_t, kMaxTitleTokens + 1> seg_start{};
  size_t segs = 0;
  seg_start[segs++] = 0;
  for (size_t i = 1; i < n; ++i) {
    bool sep = RoleSeparatorGap(title, toks[i - 1].end, toks[i].begin);
    if (!sep && !toks[i].digits) {
      std::string_view w(title.data() + toks[i].begin, toks[i].size());
      if (EqualsIgnoreAsciiCase(w, "and") || EqualsIgnoreAsciiCase(w, "or")) sep = true;
      // An unspaced '/' between a role noun and a level word starts another role:
      // "SWE/Senior SWE", "Software Engineer/Senior Software Engineer" (held-out3 hn 44765194);
      // "Senior/Staff Engineer" keeps one role (a level before the '/').
      if (!sep && strong[i - 1] && toks[i].begin == toks[i - 1].end + 1 && title[toks[i - 1].end] == '/' &&
          r.roles.Find(title, toks[i]) == kLevelWord) {
        sep = true;
      }
    }
    if (sep) seg_start[segs++] = static_cast<uint32_t>(i);
  }
  seg_start[segs] = static_cast<uint32_t>(n);
  auto has_strong = [&](size_t seg) {
    for (size_t i = seg_start[seg]; i < seg_start[seg + 1]; ++i) {
      if (strong[i]) return true;
    }
    return false;
  };
  // The first role: segment 0 plus following segments without a role noun of their own. A
  // first segment without a role noun or level, joined by "&" / "and", names a field of the
  // role that follows: "Customer Success & Support Lead" is one role (held-out3 ashby squads).
  // Not "Full time, Interns" (a comma lists items).
  size_t first_seg = 0;
  while (first_seg + 1 < segs && !has_strong(first_seg) && !HasRoleWord(title, toks.data(), seg_start[first_seg],
                                                                      seg_start[first_seg + 1], r) &&
         JoinedByAnd(title, toks.data(), seg_start[first_seg + 1])) {
    ++first_seg;
  }
  // Only when that role's noun is itself a level ("Lead", "Manager", "Intern"): a level
  // adjective may belong to the second role alone ("Regular and Senior Web Developers",
  // "Founding and Lead SWE", "Int & Sr Software Engineer").
  if (first_seg > 0 && !(has_strong(first_seg) && LastRoleNounIsLevel(title, toks.data(), seg_start[first_seg],
                                                                      seg_start[first_seg + 1], strong.data(), r))) {
    first_seg = 0;
  }
  size_t end_tok = seg_start[first_seg + 1];
  if (has_strong(first_seg)) {
    for (size_t k = first_seg + 1; k < segs && !has_strong(k); ++k) end_tok = seg_start[k + 1];
  }
  // Level mentions in the first role, in order: numeric ladders and level phrases.
  thread_local std::vector<Hit> hits;
  hits.clear();
  r.scanner.Scan(title, hits, 64);
  std::array<TitleLevel, 16> found;
  size_t nf = 0;
  size_t next_hit = 0;
  for (size_t i = 0; i < end_tok && nf < found.size();) {
    const Token& t = toks[i];
    int numeric = NumericLevel(title, toks.data(), i, r);
    if (numeric > 0) {
      found[nf++] = TitleLevel{numeric, static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)};
      ++i;
      continue;
    }
    while (next_hit < hits.size() && hits[next_hit].pos < t.begin) ++next_hit;
    PhraseMatch m;
    bool matched = false;
    for (size_t k = next_hit; k < hits.size() && hits[k].pos == t.begin && !matched; ++k) {
      matched = r.levels.Match(title, hits[k], m);
    }
    if (matched) {
      size_t j = i;
      while (j < n && toks[j].end <= m.end) ++j;
      if (m.value != kNone && !Possessive(title, m.end)) {
        found[nf++] = TitleLevel{m.value, static_cast<uint32_t>(i), static_cast<uint32_t>(j)};
      }
      i = j > i ? j : i + 1;
      continue;
    }
    ++i;
  }
  if (nf == 0) return Seniority::kUnknown;
  // A people-manager level anywhere in the role decides ("Senior Engineering Manager").
  int best = 0;
  for (size_t k = 0; k < nf; ++k) {
    if (IsManagement(found[k].level) && Rank(found[k].level) > Rank(best)) best = found[k].level;
  }
  if (best != 0) return static_cast<Seniority>(best);
  // Otherwise the first group of adjacent level words, highest level in the group
  // ("Senior Staff" = staff); later alternatives ("Senior/Staff", "Mid to Senior") do not count.
  best = found[0].level;
  for (size_t k = 1; k < nf; ++k) {
    const Token& prev = toks[found[k - 1].tok_end - 1];
    const Token& cur = toks[found[k].tok_begin];
    bool adjacent = found[k].tok_begin == found[k - 1].tok_end;
    for (size_t g = prev.end; adjacent && g < cur.begin; ++g) adjacent = title[g] == ' ' || title[g] == '.';
    if (!adjacent) break;
    if (Rank(found[k].level) > Rank(best)) best = found[k].level;
  }
  return static_cast<Seniority>(best);
}

// The role named by a line that starts (after bullets) with a role: its text up to a
// separator (" - ", ":", "|", " – ", ",", " ⬢ ", an inline bullet " -X") and at most 80 bytes: "Senior Engineer" in
// "* Senior Engineer - Frontend (React)", "FRONT-END CORE DEVELOPER (SENIOR)".
std::string_view RoleLineHead(std::string_view text, size_t line_begin) {
  size_t e = line_begin;
  const size_t limit = std::min(text.size(), line_begin + 80);
  while (e < limit) {
    char c = text[e];
    if (c == '\n' || c == ':' || c == '|' || c == ',' || c == ';') break;
    if (c == ' ' && e + 2 < text.size() && (text[e + 1] == '-' || static_cast<unsigned char>(text[e + 1]) == 0xE2) &&
        (text[e + 2] == ' ' || static_cast<unsigned char>(text[e + 2]) == 0x80)) {
      break;
    }
    // The next inline bullet: "Roles: -Lead Product Marketing Manager -Engineering Manager"
    // (a list typed with single newlines, which HTML collapses into one line).
    if (c == ' ' && e + 2 < text.size() && text[e + 1] == '-' && IsAlnum(text[e + 2])) break;
    // " ⬢ " (U+2B22) between roles on one line: "Product Manager ⬢ Engineering Manager ⬢ ..."
    // (held-out4 hn 40225190).
    if (c == ' ' && e + 4 < text.size() && static_cast<unsigned char>(text[e + 1]) == 0xE2 &&
        static_cast<unsigned char>(text[e + 2]) == 0xAC && static_cast<unsigned char>(text[e + 3]) == 0xA2 &&
        text[e + 4] == ' ') {
      break;
    }
    ++e;
  }
  return text.substr(line_begin, e - line_begin);
}

// Start of the line holding pos, or npos when more than `max_tokens` words or a sentence end
// stand between the line start (after bullets) and pos.
size_t RoleLineStart(std::string_view text, size_t pos, int max_tokens) {
  // Cheap reject first: a line start (or an inline bullet) within 64 bytes.
  {
    size_t b = pos >= 64 ? pos - 64 : 0;
    bool near = b == 0;
    for (size_t i = pos; i > b && !near; --i) {
      char c = text[i - 1];
      near = c == '\n' || c == '|' || c == '*' || c == '-';
    }
    if (!near) return std::string_view::npos;
  }
  Token cur{static_cast<uint32_t>(pos), static_cast<uint32_t>(pos), false};
  NextToken(text, pos, cur);
  const SeniorityRules& r = Rules();
  for (int k = 0; k <= max_tokens; ++k) {
    if (AtLineStart(text, cur.begin)) {
      size_t b = cur.begin;
      return b;
    }
    Token prev;
    if (!PrevToken(text, cur.begin, prev) || IsSentenceBreak(text, prev, cur.begin)) return std::string_view::npos;
    for (size_t i = prev.end; i < cur.begin; ++i) {
      if (text[i] == '\n') return std::string_view::npos;
    }
    // A title is made of capitalized words and role words ("Senior Infrastructure Engineer");
    // "We are looking for engineers" is a sentence.
    if (!prev.digits && !(text[prev.begin] >= 'A' && text[prev.begin] <= 'Z')) {
      int v = r.roles.Find(text, prev);
      if (v != kStrong && v != kWeak && v != kLevelWord) return std::string_view::npos;
    }
    cur = prev;
  }
  return std::string_view::npos;
}

}  // namespace

// Lowercase word without a plural "s" ("Engineers" -> "engineer").
std::string Stem(std::string_view s, const Token& t) {
  std::string w;
  for (uint32_t k = t.begin; k < t.end; ++k) w.push_back(Lower(s[k]));
  if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's') w.pop_back();
  return w;
}

namespace {

TitleRole TitleRoleOfUncached(std::string_view title) {
  const SeniorityRules& r = Rules();
  TitleRole out;
  std::array<Token, kMaxTitleTokens> toks;
  size_t n = TokenizeAll(title, toks.data(), toks.size());
  // The first role: tokens up to a role separator or "and"/"or"; its core noun, or the first
  // core noun after it ("Data and Software Engineers" -> data engineer).
  size_t seg_end = n;
  for (size_t i = 1; i < n; ++i) {
    bool sep = RoleSeparatorGap(title, toks[i - 1].end, toks[i].begin) || title.substr(toks[i - 1].end, toks[i].begin - toks[i - 1].end).find('(') != std::string_view::npos;
    std::string_view w(title.data() + toks[i].begin, toks[i].size());
    if (sep || EqualsIgnoreAsciiCase(w, "and") || EqualsIgnoreAsciiCase(w, "or")) {
      seg_end = i;
      break;
    }
  }
  int noun = -1;
  for (size_t i = 0; i < seg_end; ++i) {
    if (!toks[i].digits && r.core.Find(title, toks[i]) >= 0 && r.generic.Find(title, toks[i]) < 0) noun = static_cast<int>(i);
  }
  if (noun < 0) {
    for (size_t i = seg_end; i < n && noun < 0; ++i) {
      if (!toks[i].digits && r.core.Find(title, toks[i]) >= 0 && r.generic.Find(title, toks[i]) < 0) noun = static_cast<int>(i);
    }
    if (noun < 0) return out;
    out.noun = Stem(title, toks[noun]);
    // The segment's last word qualifies the borrowed noun.
    for (size_t i = seg_end; i-- > 0;) {
      if (!toks[i].digits && r.roles.Find(title, toks[i]) != kLevelWord && r.roles.Find(title, toks[i]) != kStop) {
        out.qualifier = Stem(title, toks[i]);
        break;
      }
    }
    return out;
  }
  out.noun = Stem(title, toks[noun]);
  if (noun > 0) {
    int q = noun - 1;
    int v = r.roles.Find(title, toks[q]);
    if (!toks[q].digits && v != kLevelWord && v != kStop && !(toks[q].end > toks[q].begin && IsDigit(title[toks[q].begin]))) {
      out.qualifier = Stem(title, toks[q]);
    }
  }
  return out;
}

}  // namespace

TitleRole TitleRoleOf(std::string_view title) {
  // Pure in `title`; titles repeat across postings.
  thread_local StringMemo<TitleRole> memo;
  if (const TitleRole* known = memo.Find(title)) return *known;
  TitleRole role = TitleRoleOfUncached(title);
  memo.Put(title, role);
  return role;
}

bool TitleNamesRole(std::string_view title) { return !TitleRoleOf(title).noun.empty(); }

namespace {

// True when the words after `after` (within 4 words, same sentence) name the title's role:
// its noun, right after its qualifier when it has one ("Senior Linux Systems Engineer" for
// "Linux Systems Engineer").
bool NamesTitleRole(std::string_view text, size_t after, const TitleRole& role) {
  Token cur;
  if (!PrevToken(text, after, cur)) return false;
  std::string prev1, prev2;
  for (int k = 0; k < 5; ++k) {
    Token next;
    if (!NextToken(text, cur.end, next) || IsSentenceBreak(text, cur, next.begin)) return false;
    std::string w = Stem(text, next);
    if (w == role.noun) return role.qualifier.empty() || prev1 == role.qualifier || prev2 == role.qualifier;
    prev2 = std::move(prev1);
    prev1 = std::move(w);
    cur = next;
  }
  return false;
}

}  // namespace

Seniority SeniorityFromText(std::string_view text, const std::vector<Hit>& hits, size_t from,
                            const TitleRole& title_role) {
  const SeniorityRules& r = Rules();
  const bool specific = !title_role.noun.empty();
  auto first = std::lower_bound(hits.begin(), hits.end(), from,
                                [](const Hit& h, size_t pos) { return h.pos < pos; });
  // Several anchors can hit one word ("managers" exactly, "manager*" as a prefix): the longest
  // phrase among them decides, and a level word inside a phrase already read is part of it
  // ("we are hiring project managers": "project managers" is no level, so its "managers" is no
  // manager; held-out2 hn 30921055), as in titles.
  uint32_t covered_end = 0;
  for (auto it = first; it != hits.end(); ++it) {
    const Hit& h = *it;
    if (h.category == kCatRole) {
      // The first role the text lists ("- Senior Backend Engineer", "Software Engineer: ...")
      // decides, level or not. When the title names a role, only a line naming that role with
      // a level counts, and the level-word path below finds it.
      if (specific) continue;
      size_t lb = RoleLineStart(text, h.pos, 6);
      if (lb == std::string_view::npos) continue;
      if (specific && !NamesTitleRole(text, lb, title_role)) continue;
      return SeniorityFromTitle(RoleLineHead(text, lb));
    }
    if (h.category != kCatSeniority || h.pos < covered_end) continue;
    PhraseMatch m;
    bool matched = false;
    for (auto jt = it; jt != hits.end() && jt->pos == h.pos; ++jt) {
      PhraseMatch mj;
      if (jt->category != kCatSeniority || !r.levels.Match(text, *jt, mj)) continue;
      if (!matched || mj.end - mj.begin > m.end - m.begin) m = mj;
      matched = true;
    }
    if (!matched) continue;
    covered_end = std::max(covered_end, m.end);
    if (m.value == kNone) continue;
    Seniority level = static_cast<Seniority>(m.value);
    Token first_tok{m.begin, m.begin, false};
    NextToken(text, m.begin, first_tok);
    Token last;
    PrevToken(text, m.end, last);
    if (specific && !NamesTitleRole(text, m.end, title_role)) continue;
    // A role noun must follow within 3 words, unless the phrase names a role by itself.
    bool standalone = level == Seniority::kIntern || level == Seniority::kManager || level == Seniority::kDirector;
    if (!standalone) {
      // Multi-word lead phrases ("tech lead") and new-grad phrases are roles already.
      standalone = first_tok.begin != last.begin &&
                   (level == Seniority::kLead || level == Seniority::kJunior);
    }
    bool role_follows = false;
    Token cur = last;
    for (int k = 0, words = 0; k < 6 && words < 3 && !standalone; ++k) {
      Token next;
      if (!NextToken(text, cur.end, next) || IsSentenceBreak(text, cur, next.begin)) break;
      int v = next.digits ? -1 : r.roles.Find(text, next);
      if (v == kStrong) {
        role_follows = true;
        break;
      }
      // Further level words ("mid/senior Front end developer") do not count as words.
      if (v != kLevelWord) ++words;
      cur = next;
    }
    if (!standalone && !role_follows) continue;
    // "Founder has deep hospital experience.", "Our CTO previously built ...": the level
    // names a person the sentence is about, not the role offered.
    {
      Token after;
      Token end_tok = role_follows ? cur : last;
      if (role_follows) NextToken(text, cur.end, end_tok);  // the role noun itself
      if (NextToken(text, end_tok.end, after) && !IsSentenceBreak(text, end_tok, after.begin) && !after.digits &&
          r.subject_verbs.Find(text, after) >= 0) {
        continue;
      }
    }
    // A role line starting with the level ("* Senior Engineer - Frontend") is read whole.
    if (AtLineStart(text, first_tok.begin)) return SeniorityFromTitle(RoleLineHead(text, first_tok.begin));
    // Otherwise a statement: a cue within 6 words, no blocking word within 3.
    bool blocked = false, cue = false;
    cur = first_tok;
    for (int k = 0; k < 6; ++k) {
      Token prev;
      if (!PrevToken(text, cur.begin, prev)) break;
      if (IsSentenceBreak(text, prev, cur.begin)) break;
      if (!prev.digits) {
        const WordKey key(text, prev);
        if (k < 3 && r.nots.Find(key) >= 0) {
          blocked = true;
          break;
        }
        if (r.cues.Find(key) >= 0) cue = true;
      }
      cur = prev;
    }
    if (blocked || !cue) continue;
    return level;
  }
  return Seniority::kUnknown;
}

void RegisterRoleTriggers(TriggerScanner& s) {
  for (const auto& row : TsvRows(DataText("fields/roles.tsv"))) {
    if (row.size() > 2 && row[2] == "core" && Rules().generic.Find(row[0]) < 0) s.Add(row[0], false, kCatRole, 0);
  }
}

}  // namespace fields

Seniority ClassifySeniority(std::string_view title, std::string_view text) {
  Seniority s = fields::SeniorityFromTitle(title);
  if (s != Seniority::kUnknown || text.empty()) return s;
  thread_local std::vector<fields::Hit> hits;
  hits.clear();
  fields::Rules().text_scanner.Scan(text, hits);
  fields::TextLayout layout;
  fields::LayoutText(text, layout);
  return fields::SeniorityFromText(text, hits, layout.header_end(), fields::TitleRoleOf(title));
}

}  // namespace skillpulse

// Work mode and remote scope. Phrases: data/fields/work_mode.tsv; places: data/places.tsv.
#include <algorithm>
#include <cstring>
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

enum Value : int { kRemote = 0, kHybrid, kOnsite, kNotRemote, kIgnore, kRemoteOffer };
constexpr int kFieldOnly = 8;  // added to a value: the phrase counts only inside a field

struct WorkModeRules {
  PhraseSet phrases;
  WordSet negators;
  WordSet temp_after;   // "REMOTE during the pandemic": a temporary arrangement
  WordSet temp_before;  // "temporarily remote"
  WordSet perk_before;  // "Lunch catered into office 4 days per week": a perk's schedule
  WordSet glue;  // words that may sit beside a mode without naming anything else
  WordSet scope_words;  // words after "or remote" that say where or how ("in EST", "within 2 hours")
  TriggerScanner scanner;
};

std::unique_ptr<WorkModeRules> LoadRules() {
  auto r = std::make_unique<WorkModeRules>();
  r->phrases.set_slash_joins(true);
  for (const auto& row : TsvRows(DataText("fields/work_mode.tsv"))) {
    if (row.size() < 2) throw std::logic_error("work_mode.tsv: short row");
    if (row[0] == "@temp_after") {
      r->temp_after.Add(row[1], 1);
      continue;
    }
    if (row[0] == "@temp_before") {
      r->temp_before.Add(row[1], 1);
      continue;
    }
    if (row[0] == "@perk_before") {
      r->perk_before.Add(row[1], 1);
      continue;
    }
    int v;
    if (row[1] == "remote") v = kRemote;
    else if (row[1] == "remote_offer") v = kRemoteOffer;
    else if (row[1] == "hybrid") v = kHybrid;
    else if (row[1] == "onsite") v = kOnsite;
    else if (row[1] == "not_remote") v = kNotRemote;
    else if (row[1] == "ignore") v = kIgnore;
    else throw std::logic_error("work_mode.tsv: unknown value " + std::string(row[1]));
    if (row.size() > 2 && row[2] == "field") v += kFieldOnly;
    r->phrases.Add(row[0], v);
  }
  // Words that turn a following "remote" into a refusal ("no remote", "not open to remote").
  for (std::string_view w : {"no", "not", "non", "never", "without", "cannot", "cant", "unable", "isn", "aren"}) {
    r->negators.Add(w, 1);
  }
  for (std::string_view w : {"or", "and", "only", "ok", "okay", "possible", "friendly", "preferred", "optional", "also",
                             "is", "are", "fine", "welcome", "considered", "available", "but", "with"}) {
    r->glue.Add(w, 1);
  }
  for (std::string_view w : {"in", "within", "from", "across", "anywhere", "worldwide", "globally", "first", "for"}) {
    r->scope_words.Add(w, 1);
  }
  r->phrases.Register(r->scanner, kCatWorkMode);
  r->scanner.Build();
  return r;
}

const WorkModeRules& Rules() {
  static const std::unique_ptr<WorkModeRules> r = LoadRules();
  return *r;
}

struct Mention {  // trivial: arrays of them are not initialized
  int value;
  uint32_t begin, end;
};

constexpr size_t kMaxMentions = 32;

struct Mentions {
  Mention m[kMaxMentions];
  size_t n = 0;
};

// True when the bytes between a and b offer alternatives ("Hybrid or Remote", "Hybrid/Remote",
// "Hybrid, Remote", "Hybrid | Remote") rather than explain one mode.
bool AlternativeBetween(std::string_view s, size_t a, size_t b) {
  for (size_t i = a; i < b; ++i) {
    char c = s[i];
    if (c == '/' || c == '|' || c == ',' || c == '\n' || c == ';') return true;
    if ((c == 'o' || c == 'O') && i + 1 < b && (s[i + 1] == 'r' || s[i + 1] == 'R') && i > a &&
        !IsAlnum(s[i - 1]) && (i + 2 >= b || !IsAlnum(s[i + 2]))) {
      return true;
    }
  }
  return false;
}

// True when the day-count phrase pm ("4 days per week", "office 3 days", "3x per week") follows a perk word in
// its sentence (6 words): "Lunch catered into office 4 days per week", "lunch provided 5 days a
// week" give the schedule of a meal, not of the work (held-out3 ashby doss).
bool IsPerkDays(std::string_view s, const PhraseMatch& pm, size_t from, const WorkModeRules& r) {
  bool days = false;
  Token t;
  size_t pos = pm.begin;
  while (!days && NextToken(s, pos, t) && t.begin < pm.end) {
    days = !t.digits && (EqualsLowerAt(s, t.begin, "days") || EqualsLowerAt(s, t.begin, "day")) && t.size() <= 4;
    // "Dinners 3x per week", "Catered lunches 3x a week" count times, not days.
    days = days || (!t.digits && t.size() == 1 && (s[t.begin] == 'x' || s[t.begin] == 'X'));
    pos = t.end;
  }
  if (!days) return false;
  Token cur;
  if (!NextToken(s, pm.begin, cur)) return false;
  for (int k = 0; k < 6; ++k) {
    Token prev;
    if (!PrevToken(s, cur.begin, prev) || prev.begin < from || IsSentenceBreak(s, prev, cur.begin)) break;
    if (!prev.digits && r.perk_before.Find(s, prev) >= 0) return true;
    cur = prev;
  }
  return false;
}

// For an "or remote" offer ("Onsite (Stockholm) or Remote", "DevOps Engineer (UK or Remote)"):
// true when it is no offer of this job's work, and counts as a bare "remote" only. Either
// "remote" qualifies a lower-case noun that follows ("in-person or remote presentations",
// "rural or remote locations", "github or remote trivial FizzBuzz pairing", "part-time or
// remote internships"), or a negation earlier in the sentence governs the list ("We are not
// open to agencies, freelancers, or remote", "no recent university, bootcamp grads or remote
// workers"). Source: every "or remote" of the shared HN and Ashby texts that changed mode when
// the phrase was added (2026-11-23), read.
bool OrRemoteIsNoOffer(std::string_view s, const PhraseMatch& pm, size_t from, const WorkModeRules& r) {
  Token first;
  if (!NextToken(s, pm.begin, first) || !TokenIs(s, first, "or")) return false;
  Token next;
  if (NextToken(s, pm.end, next) && next.begin <= pm.end + 1 && !next.digits && next.begin < s.size() &&
      s[next.begin] >= 'a' && s[next.begin] <= 'z' && r.scope_words.Find(s, next) < 0 && r.glue.Find(s, next) < 0) {
    return true;
  }
  Token cur = first;
  for (int k = 0; k < 10; ++k) {
    Token prev;
    if (!PrevToken(s, cur.begin, prev) || prev.begin < from || IsSentenceBreak(s, prev, cur.begin)) break;
    if (!prev.digits && r.negators.Find(s, prev) >= 0) return true;
    // "don't offer ...", "can't", with a straight or a typographic apostrophe (U+2019).
    if (!prev.digits && prev.size() == 1 && s[prev.begin] == 't' && prev.begin > 0 &&
        (s[prev.begin - 1] == '\'' || (prev.begin >= 3 && s.substr(prev.begin - 3, 3) == "\xE2\x80\x99"))) {
      return true;
    }
    cur = prev;
  }
  return false;
}

// True when a percentage below 100 stands right before pos ("~70% REMOTE", "Full-time | 40%
// Remote", "80% ONSITE", "ONSITE (up to 50% remote)"): a share of the time in one mode is a mix of
// modes, hybrid. Every such header field of the shared HN postings (17) is a part-time
// arrangement; "100% remote" is a phrase of its own (work_mode.tsv).
bool PercentBefore(std::string_view s, size_t pos, size_t from) {
  Token num;
  if (!PrevToken(s, pos, num) || num.begin < from || !num.digits || num.size() > 2) return false;
  bool percent = false;
  for (size_t i = num.end; i < pos; ++i) {
    if (s[i] == '%') {
      percent = true;
    } else if (s[i] != ' ') {
      return false;
    }
  }
  return percent && !(num.size() == 1 && s[num.begin] == '0');
}

// True when s[i, i + word.size()) is `word` (lower-case ASCII) ignoring case, as a whole word
// within [lo, hi): no letter or digit right before it (unless i == lo) or right after it
// (unless it ends at hi).
bool WordAt(std::string_view s, size_t i, size_t lo, size_t hi, std::string_view word) {
  if (i + word.size() > hi) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (Lower(s[i + k]) != word[k]) return false;
  }
  return (i == lo || !IsAlnum(s[i - 1])) && (i + word.size() == hi || !IsAlnum(s[i + word.size()]));
}

// True when " & " or the word "and" joins two modes outside a parenthesis that opened after the
// first one: "Hybrid SF & Remote", "Hybrid (SF) and Remote (US) roles", "(hybrid & remote)" name
// two arrangements; "HYBRID (flexible WFH and REMOTE)", "Hybrid (Onsite + Remote)" explain one.
bool AndBetween(std::string_view s, size_t a, size_t b) {
  int depth = 0;
  for (size_t i = a; i < b; ++i) {
    char c = s[i];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth > 0) continue;
    if (c == '&') return true;
    if (WordAt(s, i, a, b, "and")) return true;
  }
  return false;
}

bool IsCloudWord(std::string_view s, const Token& t) {
  return TokenIs(s, t, "cloud") || TokenIs(s, t, "clouds") || TokenIs(s, t, "multicloud");
}
bool IsPremWord(std::string_view s, const Token& t) {
  return TokenIs(s, t, "prem") || TokenIs(s, t, "premise") || TokenIs(s, t, "premises");
}
// Only spaces, commas and '-' between two tokens (a list's separators, "multi-cloud").
bool ListGap(std::string_view s, size_t a, size_t b) {
  if (b < a || b - a > 3) return false;
  for (size_t k = a; k < b; ++k) {
    if (s[k] != ' ' && s[k] != ',' && s[k] != '-') return false;
  }
  return true;
}
// "Hybrid" among deployment models is infrastructure, not a work arrangement: "secure on-prem,
// hybrid, and public cloud implementations" (Ashby uipath, 2 postings), "Hybrid or multi-cloud
// Kubernetes environment experience", "across cloud and hybrid environments" (Ashby Lambda, 5
// postings, all marked hybrid before). A bare hybrid mention counts as one when the word right
// after it, past at most a comma and "and"/"or" and a "public"/"private"/"multi" qualifier, is
// cloud(s)/multicloud, or the word right before it, past a comma and "and"/"or", is cloud(s) or
// prem/premise(s). ("hybrid cloud" itself is an ignore phrase in data/fields/work_mode.tsv.)
void IgnoreInfrastructureHybrid(std::string_view s, Mentions& ms) {
  for (size_t i = 0; i < ms.n; ++i) {
    Mention& m = ms.m[i];
    if (m.value != kHybrid || m.end - m.begin != 6) continue;  // the bare word "hybrid"
    bool infra = false;
    Token t;
    size_t at = m.end;
    for (int step = 0; step < 3 && !infra && NextToken(s, at, t) && ListGap(s, at, t.begin); ++step) {
      if (IsCloudWord(s, t)) {
        infra = true;
      } else if (!(TokenIs(s, t, "and") || TokenIs(s, t, "or") || TokenIs(s, t, "public") || TokenIs(s, t, "private") ||
                   TokenIs(s, t, "multi"))) {
        break;
      }
      at = t.end;
    }
    at = m.begin;
    for (int step = 0; step < 2 && !infra && PrevToken(s, at, t) && ListGap(s, t.end, at); ++step) {
      if ((IsCloudWord(s, t) && !TokenIs(s, t, "multicloud")) || IsPremWord(s, t)) {
        infra = true;
      } else if (!(TokenIs(s, t, "and") || TokenIs(s, t, "or"))) {
        break;
      }
      at = t.begin;
    }
    if (infra) m.value = kIgnore;
  }
}

// "A hybrid of X and Y" / "a hybrid between X and Y" mostly mixes two things that are not
// places of work: "Think of it as a hybrid between in-house and consulting" (held-out round 7,
// Ashby hyperexponential), "This role is a hybrid of IC and manager", "a hybrid of customer &
// product-driven mentality" (11 Ashby postings), "Production Engineering is a hybrid between
// software & systems engineering" (HN). It names a work arrangement when another mode word
// follows within 50 bytes ("a hybrid of in-person and permanently remote folks", "hybrid between
// the Bay Area and remote") or "both" does ("from our offices or a hybrid of both"); otherwise
// the bare word is ignored.
void IgnoreFigurativeHybrid(std::string_view s, Mentions& ms) {
  for (size_t i = 0; i < ms.n; ++i) {
    Mention& m = ms.m[i];
    if (m.value != kHybrid || m.end - m.begin != 6) continue;  // the bare word "hybrid"
    Token t;
    if (!NextToken(s, m.end, t) || t.begin > m.end + 1 || !(TokenIs(s, t, "of") || TokenIs(s, t, "between"))) {
      continue;
    }
    bool mode_follows = i + 1 < ms.n && ms.m[i + 1].begin < m.end + 50;
    size_t at = t.end;
    for (int step = 0; step < 3 && !mode_follows && NextToken(s, at, t); ++step) {
      mode_follows = TokenIs(s, t, "both");
      at = t.end;
    }
    if (!mode_follows) m.value = kIgnore;
  }
}

// A run of mentions that names all three arrangements joined by "and" and qualifies people
// ("the number of hybrid, office-based, and remote workers will vary from team to team",
// UiPath's boilerplate on 151 Ashby postings) describes a workforce, not this job: its mentions
// are set to kIgnore. Joined by "or" or '/' ("On-Site, Hybrid, or Remote") they are options
// offered, and stay.
void IgnoreModeEnumerations(std::string_view s, Mentions& ms) {
  auto kind = [](int v) {
    if (v == kRemote || v == kRemoteOffer) return 1;
    if (v == kHybrid) return 2;
    if (v == kOnsite || v == kNotRemote) return 4;
    return 0;
  };
  size_t i = 0;
  while (i < ms.n) {
    size_t j = i;
    int kinds = kind(ms.m[i].value);
    bool joined_by_and = false, alternatives = false;
    while (j + 1 < ms.n && ms.m[j + 1].begin <= ms.m[j].end + 24) {
      const size_t a = ms.m[j].end, b = ms.m[j + 1].begin;
      std::string_view gap = s.substr(a, b - a);
      if (gap.find_first_of(".!?\n") != std::string_view::npos) break;
      if (gap.find_first_of("/|") != std::string_view::npos) alternatives = true;
      for (size_t k = a; k < b; ++k) {
        joined_by_and = joined_by_and || WordAt(s, k, a, b, "and");
        alternatives = alternatives || WordAt(s, k, a, b, "or");
      }
      kinds |= kind(ms.m[j + 1].value);
      ++j;
    }
    // The last mention may carry its own "or" ("... or remote"): an option, not a list.
    for (size_t k = i; k <= j; ++k) {
      if (ms.m[k].end - ms.m[k].begin >= 2 && (s[ms.m[k].begin] == 'o' || s[ms.m[k].begin] == 'O') &&
          (s[ms.m[k].begin + 1] == 'r' || s[ms.m[k].begin + 1] == 'R')) {
        alternatives = true;
      }
    }
    // And the list qualifies people ("... remote workers", "employees"), not options offered
    // ("a variety of onsite, remote, and hybrid opportunities", "In-office, hybrid, and
    // fully-remote work options available" are offers).
    Token next;
    const bool workforce = NextToken(s, ms.m[j].end, next) && next.begin <= ms.m[j].end + 1 && !next.digits &&
                           (EqualsLowerAt(s, next.begin, "workers") || EqualsLowerAt(s, next.begin, "employees") ||
                            EqualsLowerAt(s, next.begin, "staff") || EqualsLowerAt(s, next.begin, "teammates") ||
                            EqualsLowerAt(s, next.begin, "team"));
    if (kinds == 7 && joined_by_and && !alternatives && workforce) {
      for (size_t k = i; k <= j; ++k) ms.m[k].value = kIgnore;
    }
    i = j + 1;
  }
}

// Collects the mentions of hits within [from, to) of s. in_field: field-only phrases count.
void Collect(std::string_view s, const std::vector<Hit>& hits, size_t from, size_t to, bool in_field,
             Mentions& out, uint32_t want_values = ~0u) {
  const WorkModeRules& r = Rules();
  uint32_t covered_to = 0;
  // Hits are in text order: start at the first one at or after `from`.
  auto first = std::lower_bound(hits.begin(), hits.end(), from,
                                [](const Hit& h, size_t pos) { return h.pos < pos; });
  for (auto it = first; it != hits.end() && it->pos < to; ++it) {
    const Hit& h = *it;
    if (h.category != kCatWorkMode) continue;
    if (h.pos < covered_to) continue;  // inside a phrase already read
    const uint32_t vals = r.phrases.AnchorValues(h);
    if ((vals | (vals >> kFieldOnly)) & want_values) {
    } else {
      continue;  // this anchor cannot give what the caller looks for
    }
    PhraseMatch pm;
    if (!r.phrases.Match(s, h, pm)) continue;
    int v = pm.value;
    if (v >= kFieldOnly) {
      if (!in_field) continue;
      v -= kFieldOnly;
    }
    covered_to = pm.end;
    if (v == kIgnore) continue;
    if (v == kRemote || v == kRemoteOffer) {
      // A temporary arrangement ("REMOTE during Shelter in Place", "temporarily remote").
      bool temporary = false;
      Token cur{pm.end, pm.end, false};
      PrevToken(s, pm.end, cur);
      for (int k = 0; k < 6 && !temporary; ++k) {
        Token next;
        if (!NextToken(s, cur.end, next) || next.begin >= to || IsSentenceBreak(s, cur, next.begin)) break;
        temporary = !next.digits && r.temp_after.Find(s, next) >= 0;
        cur = next;
      }
      NextToken(s, pm.begin, cur);
      for (int k = 0; k < 3 && !temporary; ++k) {
        Token prev;
        if (!PrevToken(s, cur.begin, prev) || prev.begin < from || IsSentenceBreak(s, prev, cur.begin)) break;
        temporary = !prev.digits && r.temp_before.Find(s, prev) >= 0;
        cur = prev;
      }
      if (temporary) continue;
    }
    if (v == kRemote || v == kRemoteOffer) {
      // "no remote", "not open to remote", "Remote: no".
      Token cur{pm.begin, pm.begin, false};
      NextToken(s, pm.begin, cur);
      for (int k = 0; k < 3; ++k) {
        Token prev;
        if (!PrevToken(s, cur.begin, prev) || prev.begin < from || IsSentenceBreak(s, prev, cur.begin)) break;
        if (AlternativeBetween(s, prev.end, cur.begin)) break;
        if (!prev.digits && r.negators.Find(s, prev) >= 0) {
          v = kNotRemote;
          break;
        }
        cur = prev;
      }
      Token next;
      Token last;
      PrevToken(s, pm.end, last);
      if (v == kRemote && NextToken(s, pm.end, next) && next.begin < to && !IsSentenceBreak(s, last, next.begin) &&
          next.begin - pm.end <= 3 && (EqualsLowerAt(s, next.begin, "no") && next.size() == 2)) {
        v = kNotRemote;
      }
    }
    if (v == kRemoteOffer && OrRemoteIsNoOffer(s, pm, from, r)) v = kRemote;
    // "Dallas, TX (50% Hybrid or Remote)": the share is the hybrid one's; remote stays offered.
    if (in_field && (v == kRemote || v == kRemoteOffer || v == kOnsite) && !EqualsLowerAt(s, pm.begin, "hybrid") &&
        PercentBefore(s, pm.begin, from)) {
      v = kHybrid;
    }
    if (v == kHybrid && IsPerkDays(s, pm, from, r)) continue;
    if (v == kHybrid) {
      // "5 days a week in the office" is the whole week: onsite.
      Token t;
      size_t pos = pm.begin;
      while (NextToken(s, pos, t) && t.begin < pm.end) {
        if (t.digits && t.size() == 1 && s[t.begin] >= '5' && s[t.begin] <= '7') {
          v = kOnsite;
          break;
        }
        // "seven days a week" (deliveries, support hours) is the whole week too.
        if (!t.digits && ((EqualsLowerAt(s, t.begin, "five") && t.size() == 4) ||
                          (EqualsLowerAt(s, t.begin, "six") && t.size() == 3) ||
                          (EqualsLowerAt(s, t.begin, "seven") && t.size() == 5))) {
          v = kOnsite;
          break;
        }
        pos = t.end;
      }
    }
    if (out.n < kMaxMentions) out.m[out.n++] = Mention{v, pm.begin, pm.end};
  }
  if (!in_field) {
    IgnoreModeEnumerations(s, out);
    IgnoreInfrastructureHybrid(s, out);
    IgnoreFigurativeHybrid(s, out);
  }
  // A remote word inside a hybrid explanation ("Hybrid (2 days in office, rest remote)",
  // "hybrid mixed remote and onsite") is part of the hybrid arrangement.
  for (size_t i = 0; i < out.n; ++i) {
    if (out.m[i].value != kHybrid) continue;
    for (size_t j = i + 1; j < out.n; ++j) {
      if (out.m[j].begin > out.m[i].end + 60) break;
      // The alternative may open the mention itself ("Hybrid (Boston) or REMOTE (U.S.)").
      if (AlternativeBetween(s, out.m[i].end, std::min(out.m[j].begin + 3, out.m[j].end))) break;
      if (in_field && AndBetween(s, out.m[i].end, out.m[j].begin)) break;
      if (out.m[j].value == kRemote || out.m[j].value == kRemoteOffer || out.m[j].value == kOnsite) {
        out.m[j].value = kIgnore;
      }
    }
  }
}

// In a field: any remote wins ("Onsite or Remote"), then hybrid, then onsite.
WorkMode Decide(const Mentions& ms, size_t* remote_index) {
  bool hybrid = false, onsite = false;
  for (size_t i = 0; i < ms.n; ++i) {
    switch (ms.m[i].value) {
      case kRemote:
      case kRemoteOffer:
        if (remote_index) *remote_index = i;
        return WorkMode::kRemote;
      case kHybrid: hybrid = true; break;
      case kOnsite:
      case kNotRemote: onsite = true; break;
      default: break;
    }
  }
  if (hybrid) return WorkMode::kHybrid;
  if (onsite) return WorkMode::kOnsite;
  return WorkMode::kUnknown;
}

// True when the sentence before `pos` speaks of the job itself: "This position follows a
// hybrid work model", "The role is onsite", "This role requires presence ... 4 days per week".
bool AboutThisJob(std::string_view s, size_t pos) {
  Token cur;
  if (!NextToken(s, pos, cur)) return false;
  for (int k = 0; k < 16; ++k) {
    Token prev;
    if (!PrevToken(s, cur.begin, prev) || IsSentenceBreak(s, prev, cur.begin)) return false;
    if (!prev.digits && (EqualsLowerAt(s, prev.begin, "role") || EqualsLowerAt(s, prev.begin, "position") ||
                         EqualsLowerAt(s, prev.begin, "job"))) {
      Token det;
      if (PrevToken(s, prev.begin, det) && (EqualsLowerAt(s, det.begin, "this") && det.size() == 4)) return true;
      if (PrevToken(s, prev.begin, det) && (EqualsLowerAt(s, det.begin, "the") && det.size() == 3)) return true;
    }
    cur = prev;
  }
  return false;
}

// In running text: a statement about the job itself wins ("This position follows a hybrid
// work model"); then an explicit remote offer, hybrid, onsite, and last a bare remote mention
// ("our remote teammates" says less than "3 days in the office").
WorkMode DecideBody(std::string_view s, const Mentions& ms, size_t* remote_index) {
  for (size_t i = 0; i < ms.n; ++i) {
    int v = ms.m[i].value;
    if (v == kIgnore || !AboutThisJob(s, ms.m[i].begin)) continue;
    // The mentions of that sentence decide together ("expected to work in the office in a
    // hybrid capacity" -> hybrid): remote, then hybrid, then onsite.
    size_t end = ms.m[i].end;
    for (size_t k = end; k < s.size(); ++k) {
      char c = s[k];
      if (c == '\n' || c == '!' || c == '?' || (c == '.' && (k + 1 >= s.size() || s[k + 1] == ' '))) {
        end = k;
        break;
      }
      end = k + 1;
    }
    WorkMode best = WorkMode::kUnknown;
    for (size_t j = i; j < ms.n && ms.m[j].begin < end; ++j) {
      int w = ms.m[j].value;
      if (w == kRemote || w == kRemoteOffer) {
        *remote_index = j;
        return WorkMode::kRemote;
      }
      if (w == kHybrid) best = WorkMode::kHybrid;
      if ((w == kOnsite || w == kNotRemote) && best == WorkMode::kUnknown) best = WorkMode::kOnsite;
    }
    return best;
  }
  bool hybrid = false, onsite = false, weak_remote = false;
  size_t weak_index = 0;
  for (size_t i = 0; i < ms.n; ++i) {
    switch (ms.m[i].value) {
      case kRemoteOffer:
        *remote_index = i;
        return WorkMode::kRemote;
      case kRemote:
        if (!weak_remote) weak_index = i;
        weak_remote = true;
        break;
      case kHybrid: hybrid = true; break;
      case kOnsite:
      case kNotRemote: onsite = true; break;
      default: break;
    }
  }
  if (hybrid) return WorkMode::kHybrid;
  if (onsite) return WorkMode::kOnsite;
  if (weak_remote) {
    *remote_index = weak_index;
    return WorkMode::kRemote;
  }
  return WorkMode::kUnknown;
}

// True when a mention of `value` (kHybrid, ...) is among `ms`.
bool HasValue(const Mentions& ms, int value) {
  for (size_t i = 0; i < ms.n; ++i) {
    if (ms.m[i].value == value) return true;
  }
  return false;
}

// True when the sentence of m names where the days are spent ("3 days in the office", "work from
// home up to 2 days per week", "in-person at least 3 days per week", "commute to one of these
// offices at least two days a week"): a part-time schedule ("Three days a week on my project",
// "Technical Assistant (at least 3 days/week, but full-time is also an option)") names none.
bool PlaceInSentence(std::string_view s, const Mention& m) {
  static constexpr std::string_view kPlaces[] = {"office", "offices", "home",   "wfh",    "remote", "remotely",
                                                 "onsite", "site",    "person", "hybrid", "commute"};
  auto is_place = [&](const Token& t) {
    if (t.digits) return false;
    for (std::string_view w : kPlaces) {
      if (TokenIs(s, t, w)) return true;
    }
    return false;
  };
  Token cur;
  if (!NextToken(s, m.begin, cur)) return false;
  for (int k = 0; k < 20; ++k) {  // back to the sentence start
    if (is_place(cur)) return true;
    Token prev;
    if (!PrevToken(s, cur.begin, prev) || IsSentenceBreak(s, prev, cur.begin)) break;
    cur = prev;
  }
  if (!NextToken(s, m.begin, cur)) return false;
  for (int k = 0; k < 20; ++k) {  // on to its end
    Token next;
    if (!NextToken(s, cur.end, next) || IsSentenceBreak(s, cur, next.begin)) break;
    if (is_place(next)) return true;
    cur = next;
  }
  return false;
}

// True when a hybrid mention among `ms` counts days ("3 days in the office", "office 4 days per
// week", "in-person two days a week"): a schedule, not the word "hybrid" or a perk's "work from
// home days" ("'San Francisco | ONSITE', 'WFH / No meeting Fridays' is a perk", in-sample label).
bool HasDayCount(std::string_view s, const Mentions& ms) {
  for (size_t i = 0; i < ms.n; ++i) {
    if (ms.m[i].value != kHybrid) continue;
    bool number = false, days = false;
    Token t;
    size_t pos = ms.m[i].begin;
    while (NextToken(s, pos, t) && t.begin < ms.m[i].end) {
      if (t.digits) {
        number = true;
      } else if (TokenIs(s, t, "days") || TokenIs(s, t, "day")) {
        days = true;
      } else if (t.size() <= 8) {
        char w[8];
        for (uint32_t k = 0; k < t.size(); ++k) w[k] = Lower(s[t.begin + k]);
        number = number || NumberValue(std::string_view(w, t.size())) > 0;
      }
      pos = t.end;
    }
    if (number && days && PlaceInSentence(s, ms.m[i])) return true;
  }
  return false;
}

bool HasOffer(const Mentions& ms, size_t* index) {
  for (size_t i = 0; i < ms.n; ++i) {
    if (ms.m[i].value == kRemoteOffer) {
      *index = i;
      return true;
    }
  }
  return false;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  bool worldwide = false;
  for (const auto& s : scopes) worldwide = worldwide || s == "worldwide";
  if (worldwide) return "worldwide";
  for (const auto& s : scopes) {
    if (!out.empty()) out.push_back(',');
    out.append(s);
  }
  return out;
}

// The scope named around a remote mention in running text: the rest of its sentence (80
// bytes) and the few words before it ("US-based remote", "Remote (US only)").
std::string ScopeAround(std::string_view s, const Mention& m) {
  size_t b = m.begin >= 24 ? m.begin - 24 : 0;
  for (size_t i = m.begin; i > b; --i) {
    char c = s[i - 1];
    if (c == '\n' || c == '.' || c == '|' || c == ';' || c == '!' || c == '?') {
      b = i;
      break;
    }
  }
  size_t e = std::min<size_t>(s.size(), m.end + 60);
  for (size_t i = m.end; i < e; ++i) {
    char c = s[i];
    if (c == '\n' || c == '|' || c == ';' || c == '!' || c == '?' || (c == '.' && i + 1 < s.size() && s[i + 1] == ' ')) {
      e = i;
      break;
    }
  }
  return JoinScopes(ScanLocation(s.substr(b, e - b)).scopes);
}

// The joined scopes of a location made only of countries and areas ("US", "USA Only", "Europe
// Only"), or "" when it names a city (an office, not where a remote hire may live).
std::string LocationScope(std::string_view location) {
  const LocationScan& scan = ScanLocation(location);
  for (const auto& p : scan.places) {
    if (!p.city.empty()) return "";
  }
  return JoinScopes(scan.scopes);
}

// Joined scopes of the places named in s (a field or a sentence).
std::string ScopesOf(std::string_view s) {
  return JoinScopes(ScanLocation(s).scopes);
}

int OtherWords(std::string_view text, size_t from, size_t to, const Mentions& ms) {
  int other = 0;
  size_t pos = from;
  Token t;
  while (NextToken(text, pos, t) && t.begin < to) {
    pos = t.end;
    bool inside = false;
    for (size_t k = 0; k < ms.n && !inside; ++k) inside = t.begin >= ms.m[k].begin && t.end <= ms.m[k].end;
    if (inside || t.digits) continue;
    if (Rules().glue.Find(text, t) < 0) ++other;
  }
  return other;
}

}  // namespace

void RegisterWorkModeTriggers(TriggerScanner& s) { Rules().phrases.Register(s, kCatWorkMode); }

WorkModeField WorkModeInRange(std::string_view text, const std::vector<Hit>& hits, size_t from, size_t to,
                              bool count_other_words, const LocationScan* field_scan, bool field_phrases) {
  WorkModeField out;
  Mentions ms;
  Collect(text, hits, from, to, field_phrases, ms);
  out.any = ms.n > 0;
  if (!out.any) return out;
  if (count_other_words) out.other_words = OtherWords(text, from, to, ms);
  size_t ri = 0;
  out.mode = Decide(ms, &ri);
  if (out.mode == WorkMode::kRemote) {
    out.scope = field_scan ? JoinScopes(field_scan->scopes) : ScopesOf(text.substr(from, to - from));
  }
  return out;
}

WorkModeField ClassifyWorkModeField(std::string_view field) {
  if (field.size() > 512) field = field.substr(0, 512);
  thread_local std::vector<Hit> hits;
  hits.clear();
  Rules().scanner.Scan(field, hits, 64);
  return WorkModeInRange(field, hits, 0, field.size(), true);
}

// Length of a '|'-like separator at line[i] (0 if none): '|', U+FF5C FULLWIDTH VERTICAL LINE
// (EF BD 9C), U+05C0 HEBREW PUNCTUATION PASEQ (D7 80), U+2022 BULLET (E2 80 A2).
inline size_t HeaderSepAt(std::string_view line, size_t i) {
  unsigned char c = static_cast<unsigned char>(line[i]);
  if (c == '|') return 1;
  if (c < 0xD7) return 0;
  auto at = [&](size_t k) { return i + k < line.size() ? static_cast<unsigned char>(line[i + k]) : 0u; };
  if (c == 0xEF && at(1) == 0xBD && at(2) == 0x9C) return 3;
  if (c == 0xD7 && at(1) == 0x80) return 2;
  if (c == 0xE2 && at(1) == 0x80 && at(2) == 0xA2) return 3;
  return 0;
}

void LayoutText(std::string_view text, TextLayout& out) {
  out.text = text;
  out.nfields = 0;
  const char* nl = static_cast<const char*>(std::memchr(text.data(), '\n', text.size()));
  out.first_line_end = nl ? static_cast<size_t>(nl - text.data()) : text.size();
  std::string_view line = text.substr(0, out.first_line_end);
  if (line.size() > 400 || line.empty()) return;
  // Fast reject: no '|' and no byte that can start a multi-byte look-alike.
  const bool non_ascii = HasNonAscii(line);
  if (std::memchr(line.data(), '|', line.size()) == nullptr && !non_ascii) return;
  if (!non_ascii) {
    // Only ASCII '|' separates.
    size_t start = 0;
    while (start <= line.size()) {
      const void* bar = std::memchr(line.data() + start, '|', line.size() - start);
      size_t end = bar ? static_cast<size_t>(static_cast<const char*>(bar) - line.data()) : line.size();
      std::string_view f = TrimAscii(line.substr(start, end - start));
      if (!f.empty() && out.nfields < kMaxHeaderFields) out.fields[out.nfields++] = f;
      start = end + 1;
    }
    return;
  }
  size_t start = 0;
  bool bar = false;
  for (size_t i = 0; i <= line.size(); ++i) {
    size_t skip = i == line.size() ? 1 : HeaderSepAt(line, i);
    if (skip == 0) continue;
    if (i < line.size()) bar = true;
    std::string_view f = TrimAscii(line.substr(start, i - start));
    if (!f.empty() && out.nfields < kMaxHeaderFields) out.fields[out.nfields++] = f;
    start = i + skip;
    i += skip - 1;
  }
  if (!bar) out.nfields = 0;
}

WorkModeResult WorkModeFromHits(std::string_view location, std::string_view title, const TextLayout& layout,
                                const std::vector<Hit>& hits, WorkMode hint, WorkMode known) {
  WorkModeResult res;
  std::string_view text = layout.text;
  if (known != WorkMode::kUnknown) {
    // The source stated the mode (an HN header): only a remote offer in the body can change
    // it, and a remote mode may find its scope there.
    const uint32_t remote_values = (1u << kRemote) | (1u << kRemoteOffer) | (1u << kHybrid);
    Mentions ms;
    Collect(text, hits, layout.header_end(), text.size(), false, ms, remote_values);
    size_t ri = 0;
    res.mode = known;
    if (known != WorkMode::kRemote && HasOffer(ms, &ri)) {
      res.mode = WorkMode::kRemote;
      res.remote_scope = ScopeAround(text, ms.m[ri]);
    } else if (known == WorkMode::kOnsite && HasDayCount(text, ms)) {
      // "ONSITE in New York, Princeton, London" ... "with 3-days in office most weeks"
      // (held-out6 hn 43254374): the body's office days say how often onsite is.
      res.mode = WorkMode::kHybrid;
    } else if (known == WorkMode::kRemote) {
      // A location made only of countries and areas ("USA Only", "Europe Only", "Anywhere in
      // the World": We Work Remotely's region) is where a remote hire may live; it outranks a
      // place the body happens to name.
      if (!location.empty()) res.remote_scope = LocationScope(location);
      for (size_t i = 0; i < ms.n && res.remote_scope.empty(); ++i) {
        if (ms.m[i].value == kRemote || ms.m[i].value == kRemoteOffer) res.remote_scope = ScopeAround(text, ms.m[i]);
      }
    }
    return res;
  }
  // Level A: the location, the title and the first line (an HN header or a short line).
  std::string_view first = text.substr(0, layout.first_line_end);
  bool first_is_field = first.size() <= 200 || layout.nfields > 0;

  WorkMode best = WorkMode::kUnknown;
  std::string scope;
  auto consider = [&](WorkMode m, std::string&& sc) {
    auto rank = [](WorkMode w) {
      switch (w) {
        case WorkMode::kRemote: return 3;
        case WorkMode::kHybrid: return 2;
        case WorkMode::kOnsite: return 1;
        default: return 0;
      }
    };
    if (rank(m) > rank(best)) {
      best = m;
      scope = std::move(sc);
    } else if (m == WorkMode::kRemote && best == WorkMode::kRemote && scope.empty()) {
      scope = std::move(sc);
    }
  };
  bool field_hybrid = false;  // the location or the title (a source's own fields) says hybrid
  if (!location.empty()) {
    WorkModeField f = ClassifyWorkModeField(location);
    field_hybrid = f.mode == WorkMode::kHybrid;
    consider(f.mode, std::move(f.scope));
  }
  if (!title.empty()) {
    WorkModeField f = ClassifyWorkModeField(title);
    field_hybrid = field_hybrid || f.mode == WorkMode::kHybrid;
    consider(f.mode, std::move(f.scope));
  }
  if (first_is_field && !first.empty()) {
    // Each header field on its own, so a hybrid explanation or a scope stays in its field.
    if (layout.nfields == 0) {
      // A first line without header fields is a field when it is short ("Local or remote,
      // NYC"); a longer one is a sentence, where "local" is an adjective ("we are building a
      // local-AI camera OS", gantryops HN 2026-03).
      constexpr size_t kShortFieldBytes = 60;
      WorkModeField f = WorkModeInRange(text, hits, 0, first.size(), false, nullptr, first.size() <= kShortFieldBytes);
      consider(f.mode, std::move(f.scope));
    }
    for (size_t i = 0; i < layout.nfields; ++i) {
      size_t off = layout.offset(layout.fields[i]);
      WorkModeField f = WorkModeInRange(text, hits, off, off + layout.fields[i].size(), false);
      consider(f.mode, std::move(f.scope));
    }
  }
  if (best == WorkMode::kRemote && scope.empty() && !location.empty()) {
    // "REMOTE | US": a location made only of countries and areas is where a remote hire lives.
    scope = LocationScope(location);
  }
  // Level B: the body. An explicit remote offer there wins over a header's onsite or hybrid
  // ("Onsite, Fulltime" ... "Software Engineer: (can be remote)"); otherwise the body counts
  // only when the header said nothing.
  size_t body = first_is_field ? layout.first_line_end : 0;
  if (best == WorkMode::kRemote) {
    res.mode = best;
    res.remote_scope = std::move(scope);
    if (res.remote_scope.empty()) {
      Mentions ms;
      Collect(text, hits, body, text.size(), false, ms);
      for (size_t i = 0; i < ms.n && res.remote_scope.empty(); ++i) {
        if (ms.m[i].value == kRemote || ms.m[i].value == kRemoteOffer) res.remote_scope = ScopeAround(text, ms.m[i]);
      }
    }
    return res;
  }
  Mentions ms;
  Collect(text, hits, body, text.size(), false, ms);
  size_t ri = 0;
  if (best != WorkMode::kUnknown) {
    // A hybrid title or location that the body repeats ("Clinical Assessor (Hybrid)" ...
    // "(Hybrid, Full-Time)"; "Data Engineer (Hybrid)" ... "Our Hybrid Rhythm: ... required
    // in-office days") is this job's arrangement: a remote offer elsewhere in the body is the
    // company's boilerplate ("AnswersNow is fully remote", "Work From Anywhere Month";
    // held-out5 ashby answersnow).
    // A hybrid title or location counts as repeated by the text's own first line too ("Clinical
    // Assessor and Coverage Provider - (Hybrid, Full-Time)").
    bool hybrid_repeated = false;
    if (best == WorkMode::kHybrid) {
      hybrid_repeated = HasValue(ms, kHybrid);
      if (!hybrid_repeated && field_hybrid && body > 0) {
        Mentions head;
        Collect(text, hits, 0, body, false, head);
        hybrid_repeated = HasValue(head, kHybrid);
      }
    }
    if (!hybrid_repeated && HasOffer(ms, &ri)) {
      res.mode = WorkMode::kRemote;
      res.remote_scope = ScopeAround(text, ms.m[ri]);
    } else {
      res.mode = best;
    }
    return res;
  }
  res.mode = DecideBody(text, ms, &ri);
  if (res.mode == WorkMode::kRemote) {
    for (size_t i = ri; i < ms.n && res.remote_scope.empty(); ++i) {
      if (ms.m[i].value == kRemote || ms.m[i].value == kRemoteOffer) res.remote_scope = ScopeAround(text, ms.m[i]);
    }
  }
  if (res.mode == WorkMode::kUnknown) res.mode = hint;
  if (res.mode == WorkMode::kUnknown && !location.empty()) {
    // A work location named with no remote or hybrid wording anywhere: onsite.
    if (!ScanLocation(location).places.empty()) res.mode = WorkMode::kOnsite;
  }
  return res;
}

}  // namespace fields

WorkModeResult ClassifyWorkMode(std::string_view location, std::string_view title, std::string_view text) {
  thread_local std::vector<fields::Hit> hits;
  hits.clear();
  fields::Rules().scanner.Scan(text, hits);
  fields::TextLayout layout;
  fields::LayoutText(text, layout);
  return fields::WorkModeFromHits(location, title, layout, hits, WorkMode::kUnknown, WorkMode::kUnknown);
}

}  // namespace skillpulse

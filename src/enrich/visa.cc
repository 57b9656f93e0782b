// Visa sponsorship: offered, refused, or not stated. Words: data/fields/visa.tsv.
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include "enrich/field_data.h"
#include "enrich/field_scan.h"
#include "enrich/fields.h"
#include "enrich/fields_internal.h"

namespace skillpulse {
namespace fields {
namespace {

enum Anchor : int { kNotVisa = 0, kVisa = 1, kSponsor = 2 };

struct VisaRules {
  PhraseSet anchors;
  WordSet authctx, negative, neutral, positive, noun;
  TriggerScanner scanner;
};

std::unique_ptr<VisaRules> LoadRules() {
  auto r = std::make_unique<VisaRules>();
  for (const auto& row : TsvRows(DataText("fields/visa.tsv"))) {
    if (row.size() < 2) throw std::logic_error("visa.tsv: short row");
    std::string_view k = row[0];
    if (k == "anchor") r->anchors.Add(row[1], kVisa);
    else if (k == "sponsorship") r->anchors.Add(row[1], kSponsor);
    else if (k == "notvisa") r->anchors.Add(row[1], kNotVisa);
    else if (k == "authctx") r->authctx.Add(row[1], 1);
    else if (k == "negative") r->negative.Add(row[1], 1);
    else if (k == "neutral") r->neutral.Add(row[1], 1);
    else if (k == "positive") r->positive.Add(row[1], 1);
    else if (k == "noun") r->noun.Add(row[1], 1);
    else throw std::logic_error("visa.tsv: unknown kind " + std::string(k));
  }
  r->anchors.Register(r->scanner, kCatVisa);
  r->scanner.Build();
  return r;
}

const VisaRules& Rules() {
  static const std::unique_ptr<VisaRules> r = LoadRules();
  return *r;
}

// "can't", "don't", "won't", "isn't": a "t" token right after an apostrophe.
bool IsContractedNot(std::string_view s, const Token& t) {
  if (t.size() != 1 || Lower(s[t.begin]) != 't' || t.begin == 0) return false;
  if (s[t.begin - 1] == '\'') return true;
  return t.begin >= 3 && static_cast<unsigned char>(s[t.begin - 3]) == 0xE2 &&
         static_cast<unsigned char>(s[t.begin - 2]) == 0x80 && static_cast<unsigned char>(s[t.begin - 1]) == 0x99;
}

// "sponsored" (the match's last word ends in "ed"): "company-sponsored", "not sponsored by".
bool IsPassiveSponsored(std::string_view s, const PhraseMatch& m) {
  return m.end >= 2 && Lower(s[m.end - 2]) == 'e' && Lower(s[m.end - 1]) == 'd';
}

struct Cues {
  bool negative = false, neutral = false, positive = false, noun = false, auth = false, question = false;
};

// Reads the words around a match [b, e): up to `before` words before and `after` words
// after, within its sentence.
Cues Around(std::string_view s, uint32_t b, uint32_t e, int before, int after, size_t from, size_t to) {
  const VisaRules& r = Rules();
  Cues c;
  auto look = [&](const Token& t, bool is_after, int k) {
    if (t.digits) return;
    const WordKey key(s, t);  // one hash for the five lists
    if (IsContractedNot(s, t) || r.negative.Find(key) >= 0) {
      if (!is_after || k < 4) c.negative = true;
    }
    if (r.neutral.Find(key) >= 0) c.neutral = true;
    if (r.positive.Find(key) >= 0) c.positive = true;
    if (r.noun.Find(key) >= 0) c.noun = true;
    if (r.authctx.Find(key) >= 0) c.auth = true;
  };
  Token cur;
  if (!NextToken(s, b, cur)) return c;
  for (int k = 0; k < before; ++k) {
    Token prev;
    if (!PrevToken(s, cur.begin, prev) || prev.begin < from || IsSentenceBreak(s, prev, cur.begin)) break;
    look(prev, false, k);
    cur = prev;
  }
  // Words inside the match (e.g. "sponsorship" in "visa sponsorship").
  Token t;
  size_t pos = b;
  while (NextToken(s, pos, t) && t.end <= e) {
    look(t, true, 0);
    pos = t.end;
  }
  PrevToken(s, e, cur);
  for (int k = 0; k < after; ++k) {
    Token next;
    if (!NextToken(s, cur.end, next) || next.end > to) break;
    if (IsSentenceBreak(s, cur, next.begin)) {
      for (size_t i = cur.end; i < next.begin; ++i) c.question = c.question || s[i] == '?';
      break;
    }
    look(next, true, k);
    cur = next;
  }
  if (after > 0 && cur.end < s.size()) {
    // The sentence end right after the last word read.
    for (size_t i = cur.end; i < s.size() && i < cur.end + 3; ++i) c.question = c.question || s[i] == '?';
  }
  return c;
}

std::optional<bool> Decide(const Cues& c, bool is_visa_anchor) {
  if (c.question) return std::nullopt;
  if (c.negative) return false;
  if (c.positive) return true;
  if (c.neutral) return std::nullopt;
  if (c.noun && is_visa_anchor) return true;
  return std::nullopt;
}

// Hits of one span; field: a header field (a bare "VISA" is an offer there).
std::optional<bool> FromHits(std::string_view s, const std::vector<Hit>& hits, size_t from, size_t to, bool field,
                             bool* requirement = nullptr) {
  const VisaRules& r = Rules();
  uint32_t covered_to = 0;
  auto first = std::lower_bound(hits.begin(), hits.end(), from,
                                [](const Hit& h, size_t pos) { return h.pos < pos; });
  for (auto it = first; it != hits.end() && it->pos < to; ++it) {
    const Hit& h = *it;
    if (h.category != kCatVisa || h.pos < covered_to) continue;
    PhraseMatch m;
    if (!r.anchors.Match(s, h, m)) continue;
    covered_to = m.end;
    if (m.value == kNotVisa) continue;
    bool visa = m.value == kVisa;
    if (field) {
      Cues c = Around(s, m.begin, m.end, 6, 6, from, to);
      if (!visa && !c.noun) continue;
      if (c.negative) return false;
      // "EU work permit needed", "UK VISA REQUIRED": the candidate must bring one; a
      // requirement, not an offer (and no explicit refusal either).
      if (c.neutral && !c.positive) {
        if (requirement != nullptr) *requirement = true;
        continue;
      }
      return true;
    }
    Cues c = Around(s, m.begin, m.end, 6, 5, from, to);
    if (!visa) {
      // "sponsor" is about visas only next to work-authorization words, or when refused:
      // "Sorry, no sponsorship available", "we do not sponsor" (every negated sponsor word
      // of the shared HN and Ashby postings without such words is a visa refusal; the
      // passive "not sponsored by" is left out).
      Cues wide = Around(s, m.begin, m.end, 12, 12, from, to);
      if (!wide.auth) {
        if (!c.negative || IsPassiveSponsored(s, m)) continue;
        return false;
      }
      c.noun = true;
      visa = true;
    }
    std::optional<bool> d = Decide(c, visa);
    if (d) return d;
  }
  return std::nullopt;
}

}  // namespace

void RegisterVisaTriggers(TriggerScanner& s) { Rules().anchors.Register(s, kCatVisa); }

std::optional<bool> VisaInRange(std::string_view text, const std::vector<Hit>& hits, size_t from, size_t to,
                                bool* requirement) {
  return FromHits(text, hits, from, to, true, requirement);
}

std::optional<bool> VisaInField(std::string_view field) {
  if (field.size() > 512) field = field.substr(0, 512);
  thread_local std::vector<Hit> hits;
  hits.clear();
  Rules().scanner.Scan(field, hits, 64);
  return FromHits(field, hits, 0, field.size(), true);
}

std::optional<bool> VisaFromHits(const TextLayout& layout, const std::vector<Hit>& hits) {
  // An HN header: every field but the first (the company may be Visa).
  std::string_view text = layout.text;
  for (size_t i = 1; i < layout.nfields; ++i) {
    size_t off = layout.offset(layout.fields[i]);
    std::optional<bool> v = FromHits(text, hits, off, off + layout.fields[i].size(), true);
    if (v) return v;
  }
  return FromHits(text, hits, layout.header_end(), text.size(), false);
}

}  // namespace fields

std::optional<bool> ExtractVisaSponsorship(std::string_view text) {
  thread_local std::vector<fields::Hit> hits;
  hits.clear();
  fields::Rules().scanner.Scan(text, hits);
  fields::TextLayout layout;
  fields::LayoutText(text, layout);
  return fields::VisaFromHits(layout, hits);
}

}  // namespace skillpulse

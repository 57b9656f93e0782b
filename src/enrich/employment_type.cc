// Employment type from a structured value, the title, or the text.
// Words: data/fields/employment_type.tsv.
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

constexpr int kNoneType = -1;
constexpr int kFieldOnly = 16;

struct EmploymentRules {
  std::vector<std::pair<std::string, int>> structured;  // normalized key -> type
  PhraseSet phrases;
  TriggerScanner scanner;
};

int ParseType(std::string_view name) {
  if (name == "none") return kNoneType;
  auto t = ParseEmploymentType(name);
  if (!t || *t == EmploymentType::kUnknown) throw std::logic_error("employment_type.tsv: bad type " + std::string(name));
  return static_cast<int>(*t);
}

std::unique_ptr<EmploymentRules> LoadRules() {
  auto r = std::make_unique<EmploymentRules>();
  for (const auto& row : TsvRows(DataText("fields/employment_type.tsv"))) {
    if (row.size() < 3) throw std::logic_error("employment_type.tsv: short row");
    int type = ParseType(row[2]);
    if (row[0] == "struct") {
      r->structured.emplace_back(std::string(row[1]), type);
    } else if (row[0] == "phrase") {
      int v = type + 1;  // keep values >= 0: 0 = none
      if (row.size() > 3 && row[3] == "field") v += kFieldOnly;
      r->phrases.Add(row[1], v);
    } else {
      throw std::logic_error("employment_type.tsv: unknown kind " + std::string(row[0]));
    }
  }
  r->phrases.Register(r->scanner, kCatEmployment);
  r->scanner.Build();
  return r;
}

const EmploymentRules& Rules() {
  static const std::unique_ptr<EmploymentRules> r = LoadRules();
  return *r;
}

// The first employment type among the hits in [from, to).
EmploymentType FirstIn(std::string_view s, const std::vector<Hit>& hits, size_t from, size_t to, bool in_field) {
  const EmploymentRules& r = Rules();
  uint32_t covered_to = 0;
  auto first = std::lower_bound(hits.begin(), hits.end(), from,
                                [](const Hit& h, size_t pos) { return h.pos < pos; });
  for (auto it = first; it != hits.end() && it->pos < to; ++it) {
    const Hit& h = *it;
    if (h.category != kCatEmployment || h.pos < covered_to) continue;
    PhraseMatch m;
    if (!r.phrases.Match(s, h, m)) continue;
    int v = m.value;
    if (v >= kFieldOnly) {
      if (!in_field) continue;
      v -= kFieldOnly;
    }
    covered_to = m.end;
    int type = v - 1;
    if (type == kNoneType) continue;
    return static_cast<EmploymentType>(type);
  }
  return EmploymentType::kUnknown;
}

EmploymentType FromStructured(std::string_view value) {
  const EmploymentRules& r = Rules();
  // "FULL_TIME, CONTRACTOR" / ["FullTime"]: the first value that is known.
  size_t i = 0;
  while (i < value.size()) {
    std::string key;
    while (i < value.size() && value[i] != ',' && value[i] != ';' && value[i] != '/' && value[i] != '|') {
      char c = value[i++];
      if (IsAlnum(c)) key.push_back(Lower(c));
    }
    ++i;
    if (key.empty()) continue;
    for (const auto& [k, type] : r.structured) {
      if (k == key) {
        if (type == kNoneType) break;
        return static_cast<EmploymentType>(type);
      }
    }
  }
  return EmploymentType::kUnknown;
}

}  // namespace

void RegisterEmploymentTriggers(TriggerScanner& s) { Rules().phrases.Register(s, kCatEmployment); }

EmploymentType EmploymentInRange(std::string_view text, const std::vector<Hit>& hits, size_t from, size_t to,
                                 bool field_words) {
  return FirstIn(text, hits, from, to, field_words);
}

EmploymentType EmploymentTypeInField(std::string_view field, bool field_words) {
  if (field.size() > 512) field = field.substr(0, 512);
  thread_local std::vector<Hit> hits;
  hits.clear();
  Rules().scanner.Scan(field, hits, 64);
  return FirstIn(field, hits, 0, field.size(), field_words);
}

EmploymentType EmploymentFromHits(std::string_view structured, std::string_view title, const TextLayout& layout,
                                  const std::vector<Hit>& hits) {
  // An internship title outweighs a structured "FullTime" (Ashby lists summer interns so).
  EmploymentType from_title = title.empty() ? EmploymentType::kUnknown : EmploymentTypeInField(title);
  if (from_title == EmploymentType::kInternship) return from_title;
  if (!structured.empty()) {
    EmploymentType t = FromStructured(structured);
    if (t != EmploymentType::kUnknown) return t;
  }
  if (from_title != EmploymentType::kUnknown) return from_title;
  // The header line's fields, then the body.
  std::string_view text = layout.text;
  for (size_t i = 0; i < layout.nfields; ++i) {
    size_t off = layout.offset(layout.fields[i]);
    EmploymentType t = FirstIn(text, hits, off, off + layout.fields[i].size(), true);
    if (t != EmploymentType::kUnknown) return t;
  }
  return FirstIn(text, hits, layout.header_end(), text.size(), false);
}

}  // namespace fields

EmploymentType ClassifyEmploymentType(std::string_view structured, std::string_view title, std::string_view text) {
  thread_local std::vector<fields::Hit> hits;
  hits.clear();
  fields::Rules().scanner.Scan(text, hits);
  fields::TextLayout layout;
  fields::LayoutText(text, layout);
  return fields::EmploymentFromHits(structured, title, layout, hits);
}

}  // namespace skillpulse

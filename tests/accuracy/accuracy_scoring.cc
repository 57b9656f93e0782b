#include "accuracy_scoring.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/diagnostics.h"
#include "core/input.h"
#include "core/text.h"
#include "enrich/enricher.h"
#include "enrich/skills/taxonomy.h"
#include "sources/source.h"

namespace skillpulse::accuracy {
namespace {

// ---- Labels ----

struct Ref {
  std::string dataset, org, id;
  // "hn|ID", "ashby|ID" (Ashby job ids are UUIDs), "uber|ID", "cn|ID".
  std::string Key() const { return dataset + "|" + id; }
  std::string Display() const { return dataset == "ashby" ? "ashby " + org + "/" + id : dataset + " " + id; }
};

std::string Str(simdjson::dom::element e) {
  std::string_view s;
  if (e.get(s) == simdjson::SUCCESS) return std::string(s);
  int64_t i;
  if (e.get(i) == simdjson::SUCCESS) return std::to_string(i);
  uint64_t u;
  if (e.get(u) == simdjson::SUCCESS) return std::to_string(u);
  return "";
}

Ref ParseRef(simdjson::dom::object o) {
  Ref r;
  simdjson::dom::object ref;
  if (o["ref"].get(ref) != simdjson::SUCCESS) return r;
  simdjson::dom::element e;
  if (ref["dataset"].get(e) == simdjson::SUCCESS) r.dataset = Str(e);
  if (ref["org"].get(e) == simdjson::SUCCESS) r.org = Str(e);
  if (ref["id"].get(e) == simdjson::SUCCESS) r.id = Str(e);
  return r;
}

// The non-blank lines of a JSONL text.
std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + start, nl - start);
    start = nl + 1;
    if (!TrimAscii(line).empty()) lines.emplace_back(line);
  }
  return lines;
}

// ---- Postings ----

using PostingMap = PostingsByKey;

// Every posting of `spec_text` through the registry, with the format's finalize step (as the
// pipeline's workers do); keeps those whose "<dataset>|<source_id>" is in `want` (all when
// `want` is null).
Status ReadThroughRegistry(const std::string& spec_text, const std::string& dataset,
                           const std::unordered_set<std::string>& want, PostingMap& out) {
  Diagnostics diag(nullptr);
  SP_ASSIGN_OR_RETURN(SourceSpec spec, ParseSourceSpec(spec_text));
  SP_ASSIGN_OR_RETURN(auto docs, OpenDocuments(spec, SourceRegistry::Builtin(), diag));
  Document doc;
  for (;;) {
    SP_ASSIGN_OR_RETURN(bool more, docs->Next(doc));
    if (!more) break;
    SP_ASSIGN_OR_RETURN(auto src, OpenDocument(spec, doc, SourceRegistry::Builtin(), diag));
    if (!src) continue;
    for (;;) {
      PostingBatch b;
      SP_ASSIGN_OR_RETURN(SourceState st, src->Next(b, diag));
      for (auto& p : b.postings) {
        std::string key = dataset + "|" + p.source_id;
        if (!want.count(key)) continue;
        if (src->finalize() != nullptr) src->finalize()(p);
        out[key] = std::move(p);
      }
      if (st == SourceState::kFinished) break;
    }
  }
  return Status::Ok();
}

// Uber careers JSON ({"jobs": [{id, title, location, locations[], department, time_type,
// description (markdown)}]}): mapped here rather than through the generic `json` format,
// which does not read the secondary locations (`locations[]`).
Status ReadUber(const std::string& path, const std::unordered_set<std::string>& want, PostingMap& out) {
  SP_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(simdjson::padded_string(text)).get(root) != simdjson::SUCCESS) return ParseError(path + ": not JSON");
  simdjson::dom::array jobs;
  if (root["jobs"].get(jobs) != simdjson::SUCCESS) return ParseError(path + ": no jobs array");
  for (simdjson::dom::element j : jobs) {
    simdjson::dom::element e;
    auto get = [&](const char* k) { return j[k].get(e) == simdjson::SUCCESS ? Str(e) : std::string(); };
    JobPosting p;
    p.source = "uber";
    p.source_id = get("id");
    if (!want.count("uber|" + p.source_id)) continue;
    p.company = "Uber";
    p.title = get("title");
    p.location = get("location");
    p.department = get("department");
    p.employment_type_raw = get("time_type");
    p.url = get("url");
    p.description_text = get("description");
    simdjson::dom::array locs;
    if (j["locations"].get(locs) == simdjson::SUCCESS) {
      for (simdjson::dom::element l : locs) {
        std::string s = Str(l);
        if (!s.empty() && s != p.location) p.extra_locations.push_back(s);
      }
    }
    out["uber|" + p.source_id] = std::move(p);
  }
  return Status::Ok();
}

// ruanyf/weekly "谁在招人" threads (a tar of {yearMonth, comments[{id, body}]}): each comment
// is a posting; the archive is read with the registry's document reader, the JSON here.
Status ReadCn(const std::string& path, const std::unordered_set<std::string>& want, PostingMap& out) {
  Diagnostics diag(nullptr);
  SourceSpec spec;
  spec.location = path;
  SP_ASSIGN_OR_RETURN(auto docs, OpenDocuments(spec, SourceRegistry::Builtin(), diag));
  Document doc;
  simdjson::dom::parser parser;
  for (;;) {
    SP_ASSIGN_OR_RETURN(bool more, docs->Next(doc));
    if (!more) break;
    SP_ASSIGN_OR_RETURN(auto in, doc.open());
    std::string bytes;
    char buf[1 << 16];
    for (;;) {
      SP_ASSIGN_OR_RETURN(size_t n, in->Read(buf, sizeof buf));
      if (n == 0) break;
      bytes.append(buf, n);
    }
    simdjson::dom::element root;
    if (parser.parse(simdjson::padded_string(bytes)).get(root) != simdjson::SUCCESS) continue;
    simdjson::dom::element e;
    std::string month = root["yearMonth"].get(e) == simdjson::SUCCESS ? Str(e) : "";
    simdjson::dom::array comments;
    if (root["comments"].get(comments) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element c : comments) {
      JobPosting p;
      p.source = "cn";
      p.source_id = c["id"].get(e) == simdjson::SUCCESS ? Str(e) : "";
      if (!want.count("cn|" + p.source_id)) continue;
      p.description_text = c["body"].get(e) == simdjson::SUCCESS ? Str(e) : "";
      p.month = month;
      out["cn|" + p.source_id] = std::move(p);
    }
  }
  return Status::Ok();
}

std::string Fmt3(double v) { return fmt::format("{:.3f}", v); }

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ---- Skills ----

struct SkillLabel {
  Ref ref;
  std::set<std::string> languages, skills;
  std::map<std::string, bool> required;
};

// Canonical name of a labelled name: the taxonomy's name when it knows it, else the label.
std::string Canonical(const Taxonomy& tax, const std::string& name, bool* known = nullptr) {
  const Skill* s = tax.Find(name);
  if (known) *known = s != nullptr;
  return s ? s->name : name;
}

void ScoreSkills(const std::vector<SkillLabel>& labels, const PostingMap& postings, const Taxonomy& tax, SkillScores& out) {
  for (const auto& l : labels) {
    auto it = postings.find(l.ref.Key());
    if (it == postings.end()) {
      ++out.missing;
      continue;
    }
    ++out.postings;
    const JobPosting& p = it->second;
    const std::string who = l.ref.Display();
    std::set<std::string> lab_lang, lab_all, lab_known;
    for (const auto& n : l.languages) {
      bool known;
      std::string c = Canonical(tax, n, &known);
      lab_lang.insert(c);
      lab_all.insert(c);
      if (known) lab_known.insert(c);
      else ++out.unknown_labels[n];
    }
    for (const auto& n : l.skills) {
      bool known;
      std::string c = Canonical(tax, n, &known);
      lab_all.insert(c);
      if (known) lab_known.insert(c);
      else ++out.unknown_labels[n];
    }
    std::set<std::string> ex_lang, ex_all;
    std::map<std::string, std::optional<bool>> ex_required;
    for (const auto& m : p.skills) {
      const Skill& s = tax.at(m.skill_id);
      ex_all.insert(s.name);
      ex_required[s.name] = m.required;
      if (s.kind == SkillKind::kLanguage) ex_lang.insert(s.name);
    }
    // Languages (and per language).
    for (const auto& n : ex_lang) {
      if (lab_lang.count(n)) {
        ++out.languages.tp;
        ++out.per_language[n].tp;
      } else {
        ++out.languages.fp;
        ++out.per_language[n].fp;
        out.language_errors.push_back({who, n, lab_all.count(n) ? "false positive (labelled as a non-language skill)" : "false positive"});
      }
    }
    for (const auto& n : lab_lang) {
      if (!ex_lang.count(n)) {
        ++out.languages.fn;
        ++out.per_language[n].fn;
        std::string why = "false negative";
        if (!lab_known.count(n)) why += " (not in taxonomy)";
        else if (ex_all.count(n)) why += " (extracted, but the taxonomy's kind is not language)";
        out.language_errors.push_back({who, n, why});
      }
    }
    const bool lab_go = lab_lang.count("Go") > 0, ex_go = ex_lang.count("Go") > 0;
    if (lab_go && ex_go) ++out.go.tp;
    if (!lab_go && ex_go) ++out.go.fp;
    if (lab_go && !ex_go) ++out.go.fn;
    // All skills: an extracted language the labeller put under skills (or the reverse) still
    // matches; the kind split is scored above.
    for (const auto& n : ex_all) {
      if (lab_all.count(n)) {
        ++out.all_skills.tp;
        ++out.all_skills_in_taxonomy.tp;
        auto r = l.required.find(n);
        if (r == l.required.end()) {
          // Label and name may differ in spelling ("Golang"); look the label keys up too.
          for (const auto& [k, v] : l.required) {
            if (Canonical(tax, k) == n) r = l.required.find(k);
          }
        }
        if (r != l.required.end()) {
          ++out.required.total;
          if (ex_required[n] == r->second) ++out.required.right;
        }
      } else {
        ++out.all_skills.fp;
        ++out.all_skills_in_taxonomy.fp;
        out.false_positives.push_back({who, n, ""});
      }
    }
    for (const auto& n : lab_all) {
      if (ex_all.count(n)) continue;
      ++out.all_skills.fn;
      const bool known = lab_known.count(n) > 0;
      if (known) ++out.all_skills_in_taxonomy.fn;
      out.false_negatives.push_back({who, n, known ? "" : "not in taxonomy"});
    }
  }
}

void Merge(const SkillScores& a, SkillScores& into) {
  into.postings += a.postings;
  into.missing += a.missing;
  auto add = [](const Counts& x, Counts& y) {
    y.tp += x.tp;
    y.fp += x.fp;
    y.fn += x.fn;
  };
  add(a.languages, into.languages);
  add(a.all_skills, into.all_skills);
  add(a.all_skills_in_taxonomy, into.all_skills_in_taxonomy);
  add(a.go, into.go);
  for (const auto& [k, v] : a.per_language) add(v, into.per_language[k]);
  into.required.right += a.required.right;
  into.required.total += a.required.total;
  into.language_errors.insert(into.language_errors.end(), a.language_errors.begin(), a.language_errors.end());
  into.false_positives.insert(into.false_positives.end(), a.false_positives.begin(), a.false_positives.end());
  into.false_negatives.insert(into.false_negatives.end(), a.false_negatives.begin(), a.false_negatives.end());
  for (const auto& [k, v] : a.unknown_labels) into.unknown_labels[k] += v;
}

// A JSONL label file, one label per line: fn(object) makes each label. ParseError
// "<path>: bad line" when a line is not a JSON object; fn's own errors are returned as given.
template <class Label, class Fn>
Result<std::vector<Label>> LoadLabels(const std::string& text, const std::string& path, Fn&& fn) {
  std::vector<Label> out;
  simdjson::dom::parser parser;
  for (const auto& line : SplitLines(text)) {
    simdjson::dom::object o;
    if (parser.parse(simdjson::padded_string(line)).get(o) != simdjson::SUCCESS) return ParseError(path + ": bad line");
    SP_ASSIGN_OR_RETURN(Label label, fn(o));
    out.push_back(std::move(label));
  }
  return out;
}

Result<std::vector<SkillLabel>> LoadSkillLabels(const std::string& text, const std::string& path) {
  return LoadLabels<SkillLabel>(text, path, [&](simdjson::dom::object o) -> Result<SkillLabel> {
    SkillLabel l;
    l.ref = ParseRef(o);
    simdjson::dom::array a;
    if (o["languages"].get(a) == simdjson::SUCCESS) for (auto e : a) l.languages.insert(Str(e));
    if (o["skills"].get(a) == simdjson::SUCCESS) for (auto e : a) l.skills.insert(Str(e));
    simdjson::dom::object req;
    if (o["required"].get(req) == simdjson::SUCCESS) {
      for (auto [k, v] : req) {
        bool b;
        if (v.get(b) == simdjson::SUCCESS) l.required[std::string(k)] = b;
      }
    }
    return l;
  });
}

// ---- Salary ----

struct SalaryLabel {
  Ref ref;
  std::optional<SalaryRange> salary;
};

Result<std::vector<SalaryLabel>> LoadSalaryLabels(const std::string& text, const std::string& path) {
  return LoadLabels<SalaryLabel>(text, path, [&](simdjson::dom::object o) -> Result<SalaryLabel> {
    SalaryLabel l;
    l.ref = ParseRef(o);
    simdjson::dom::object s;
    if (o["salary"].get(s) == simdjson::SUCCESS) {
      SalaryRange r;
      simdjson::dom::element e;
      if (s["currency"].get(e) == simdjson::SUCCESS) r.currency = Str(e);
      if (s["period"].get(e) == simdjson::SUCCESS) {
        auto p = ParseSalaryPeriod(Str(e));
        if (!p) return ParseError(path + ": bad period " + Str(e));
        r.period = *p;
      }
      double d;
      if (s["min"].get(d) == simdjson::SUCCESS) r.min = d;
      if (s["max"].get(d) == simdjson::SUCCESS) r.max = d;
      l.salary = r;
    }
    return l;
  });
}

std::string Amount(const std::optional<double>& v) { return v ? fmt::format("{:g}", *v) : "null"; }

std::string Describe(const std::optional<SalaryRange>& r) {
  if (!r) return "none";
  return fmt::format("{} {}-{} /{}", r->currency, Amount(r->min), Amount(r->max), SalaryPeriodName(r->period));
}

bool SameAmount(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::fabs(*a - *b) < 0.5;
}

void ScoreSalary(const std::vector<SalaryLabel>& labels, const PostingMap& postings, SalaryScores& out) {
  for (const auto& l : labels) {
    auto it = postings.find(l.ref.Key());
    if (it == postings.end()) {
      ++out.missing;
      continue;
    }
    ++out.postings;
    const JobPosting& p = it->second;
    std::optional<SalaryRange> ex;
    if (p.salary) ex = SalaryRange{p.salary->currency, p.salary->period, p.salary->min, p.salary->max};
    std::vector<std::string> kinds;
    if (l.salary && !ex) kinds.push_back("missed");
    if (!l.salary && ex) kinds.push_back("spurious");
    if (l.salary && ex) {
      if (l.salary->currency != ex->currency) kinds.push_back("currency");
      if (l.salary->period != ex->period) kinds.push_back("period");
      if (!SameAmount(l.salary->min, ex->min)) kinds.push_back("min");
      if (!SameAmount(l.salary->max, ex->max)) kinds.push_back("max");
    }
    const bool ok = kinds.empty();
    ++out.exact.total;
    out.exact.right += ok;
    auto& d = out.by_dataset[l.ref.dataset];
    ++d.total;
    d.right += ok;
    if (l.salary) {
      ++out.exact_with_salary.total;
      out.exact_with_salary.right += ok;
    }
    for (const auto& k : kinds) ++out.kinds[k];
    if (!ok) {
      std::string k;
      for (const auto& x : kinds) k += (k.empty() ? "" : ",") + x;
      // Labels take a source's structured pay when it has one (labels README); a mismatch on a
      // structured salary is flagged so a reader can tell it from a text-extraction bug.
      const bool structured = p.salary && p.salary->origin == SalaryOrigin::kStructured;
      if (structured) ++out.kinds["structured"];
      out.mismatches.push_back({l.ref.Display(), k,
                                "labelled " + Describe(l.salary) + "; extracted " + Describe(ex) +
                                    (structured ? " (from the source's structured pay)" : "")});
    }
  }
}

// ---- Fields ----

struct FieldLabel {
  Ref ref;
  std::map<std::string, std::string> values;  // field -> normalized value ("unknown"/"null" for none)
};

std::string NullOr(simdjson::dom::object o, const char* key, const char* none) {
  simdjson::dom::element e;
  if (o[key].get(e) != simdjson::SUCCESS || e.is_null()) return none;
  bool b;
  if (e.get(b) == simdjson::SUCCESS) return b ? "true" : "false";
  double d;
  if (e.get(d) == simdjson::SUCCESS) return fmt::format("{:g}", d);
  return Str(e);
}

Result<std::vector<FieldLabel>> LoadFieldLabels(const std::string& text, const std::string& path) {
  return LoadLabels<FieldLabel>(text, path, [&](simdjson::dom::object o) -> Result<FieldLabel> {
    FieldLabel l;
    l.ref = ParseRef(o);
    l.values["work_mode"] = NullOr(o, "work_mode", "unknown");
    l.values["seniority"] = NullOr(o, "seniority", "unknown");
    l.values["experience_years_min"] = NullOr(o, "experience_years_min", "null");
    l.values["country"] = NullOr(o, "country", "null");
    l.values["city"] = Lower(NullOr(o, "city", "null"));
    l.values["employment_type"] = NullOr(o, "employment_type", "unknown");
    l.values["visa_sponsorship"] = NullOr(o, "visa_sponsorship", "null");
    return l;
  });
}

std::map<std::string, std::string> ExtractedFields(const JobPosting& p) {
  std::map<std::string, std::string> v;
  v["work_mode"] = std::string(WorkModeName(p.work_mode));
  v["seniority"] = std::string(SeniorityName(p.seniority));
  v["experience_years_min"] = p.experience_years_min ? fmt::format("{:g}", *p.experience_years_min) : "null";
  v["country"] = p.place.country.empty() ? "null" : p.place.country;
  v["city"] = p.place.city.empty() ? "null" : Lower(p.place.city);
  v["employment_type"] = std::string(EmploymentTypeName(p.employment_type));
  v["visa_sponsorship"] = p.visa_sponsorship ? (*p.visa_sponsorship ? "true" : "false") : "null";
  return v;
}

void ScoreFields(const std::vector<FieldLabel>& labels, const PostingMap& postings, FieldScores& out) {
  for (const auto& l : labels) {
    auto it = postings.find(l.ref.Key());
    if (it == postings.end()) {
      ++out.missing;
      continue;
    }
    ++out.postings;
    const auto ex = ExtractedFields(it->second);
    for (const auto& [field, want] : l.values) {
      const std::string& got = ex.at(field);
      const bool ok = got == want;
      auto& a = out.fields[field];
      ++a.total;
      a.right += ok;
      auto& d = out.by_dataset[l.ref.dataset][field];
      ++d.total;
      d.right += ok;
      if (!ok) out.misses[field].push_back({l.ref.Display(), want, got});
    }
  }
}

// ---- LLM CSV ----

// RFC 4180 records (quoted fields may hold commas, quotes and newlines).
std::vector<std::vector<std::string>> ParseCsv(std::string_view s) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

// The LLM's country spellings that name one country unambiguously ("CA" may be California).
std::string LlmCountry(const std::string& c) {
  static const std::map<std::string, std::string> kCountries = {
      {"usa", "US"},         {"us", "US"},          {"united states", "US"}, {"u.s.", "US"},     {"uk", "GB"},
      {"united kingdom", "GB"}, {"england", "GB"},  {"germany", "DE"},       {"netherlands", "NL"}, {"nl", "NL"},
      {"canada", "CA"},      {"india", "IN"},       {"france", "FR"},        {"sweden", "SE"},    {"australia", "AU"},
      {"switzerland", "CH"}, {"portugal", "PT"},    {"spain", "ES"},         {"belgium", "BE"},   {"ireland", "IE"},
      {"israel", "IL"},      {"denmark", "DK"},     {"norway", "NO"},        {"finland", "FI"},   {"austria", "AT"},
      {"poland", "PL"},      {"japan", "JP"},       {"singapore", "SG"},     {"brazil", "BR"},    {"mexico", "MX"},
      {"italy", "IT"},       {"estonia", "EE"},     {"new zealand", "NZ"},   {"czech republic", "CZ"}, {"greece", "GR"},
      {"argentina", "AR"},   {"colombia", "CO"},    {"south africa", "ZA"},  {"china", "CN"},     {"hong kong", "HK"},
      {"taiwan", "TW"},      {"south korea", "KR"}, {"uae", "AE"},           {"romania", "RO"},   {"lithuania", "LT"},
  };
  auto it = kCountries.find(Lower(std::string(TrimAscii(c))));
  return it == kCountries.end() ? "" : it->second;
}

// The first figure of the LLM's salary text ("$175k — $230k (USD)" -> 175000); nullopt if none.
std::optional<double> FirstFigure(const std::string& s) {
  size_t i = s.find_first_of("0123456789");
  if (i == std::string::npos) return std::nullopt;
  std::string digits;
  size_t j = i;
  for (; j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == ',' || s[j] == '.'); ++j) {
    if (s[j] != ',') digits += s[j];
  }
  double v = std::strtod(digits.c_str(), nullptr);
  while (j < s.size() && s[j] == ' ') ++j;
  if (j < s.size() && (s[j] == 'k' || s[j] == 'K')) {
    v *= 1000;
  } else if (v < 1000 && s.find_first_of("kK", j) != std::string::npos && s.find_first_of("kK", j) < j + 12) {
    v *= 1000;  // "$149-350k": the k of the upper bound applies to both
  }
  return v;
}

std::optional<WorkMode> LlmWorkMode(const std::string& r) {
  if (r == "yes") return WorkMode::kRemote;
  if (r == "no") return WorkMode::kOnsite;
  if (r == "hybrid") return WorkMode::kHybrid;
  return std::nullopt;
}

struct LlmRow {
  std::string id, employment_type, salary, remote, country, languages;
};

Result<std::vector<LlmRow>> LoadLlm(const std::string& path) {
  SP_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  auto rows = ParseCsv(text);
  if (rows.empty()) return ParseError(path + ": empty");
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < rows[0].size(); ++i) col[rows[0][i]] = i;
  for (const char* need : {"post_link_id", "employment_type", "salary", "remote", "country", "languages_frameworks"}) {
    if (!col.count(need)) return ParseError(path + ": no column " + need);
  }
  std::vector<LlmRow> out;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& v = rows[r];
    auto at = [&](const char* k) { return col[k] < v.size() ? v[col[k]] : std::string(); };
    out.push_back({at("post_link_id"), at("employment_type"), at("salary"), at("remote"), at("country"),
                   at("languages_frameworks")});
  }
  return out;
}

void ScoreLlm(const std::vector<LlmRow>& rows, const PostingMap& postings, const Taxonomy& tax, LlmAgreement& out) {
  for (const auto& r : rows) {
    ++out.rows;
    auto it = postings.find("hn|" + r.id);
    if (it == postings.end()) continue;
    ++out.joined;
    const JobPosting& p = it->second;
    if (auto m = LlmWorkMode(r.remote)) {
      ++out.work_mode.total;
      out.work_mode.right += *m == p.work_mode;
    }
    ++out.work_mode_confusion[r.remote][std::string(WorkModeName(p.work_mode))];
    std::string et = r.employment_type == "intern" ? "internship" : r.employment_type;
    if (!et.empty() && p.employment_type != EmploymentType::kUnknown) {
      ++out.employment_type.total;
      out.employment_type.right += et == EmploymentTypeName(p.employment_type);
    }
    std::string c = LlmCountry(r.country);
    if (!c.empty()) {
      if (p.place.country.empty()) {
        ++out.country_llm_only;
      } else {
        ++out.country.total;
        out.country.right += c == p.place.country;
      }
    }
    const bool llm_salary = FirstFigure(r.salary).has_value();
    ++out.salary_presence.total;
    out.salary_presence.right += llm_salary == p.salary.has_value();
    if (llm_salary && p.salary) {
      ++out.salary_amount.total;
      double f = *FirstFigure(r.salary);
      auto near = [&](const std::optional<double>& x) { return x && std::fabs(*x - f) <= 0.01 * f; };
      out.salary_amount.right += near(p.salary->min) || near(p.salary->max);
    }
    // Languages: the language-kind names in the LLM's languages_frameworks list.
    std::string list(TrimAscii(r.languages));
    if (list.empty() || Lower(list) == "unknown") continue;
    ++out.language_rows;
    std::set<std::string> llm, ours;
    size_t start = 0;
    while (start <= list.size()) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      std::string item(TrimAscii(std::string_view(list).substr(start, comma - start)));
      start = comma + 1;
      const Skill* s = item.empty() ? nullptr : tax.Find(item);
      if (s && s->kind == SkillKind::kLanguage) llm.insert(s->name);
    }
    for (const auto& m : p.skills) {
      if (tax.at(m.skill_id).kind == SkillKind::kLanguage) ours.insert(tax.at(m.skill_id).name);
    }
    for (const auto& n : ours) {
      if (llm.count(n)) {
        ++out.languages.tp;
      } else {
        ++out.languages.fp;
        ++out.languages_ours_only[n];
      }
    }
    for (const auto& n : llm) {
      if (!ours.count(n)) {
        ++out.languages.fn;
        ++out.languages_llm_only[n];
      }
    }
  }
}

}  // namespace

Result<Report> Score(const LabelTexts& labels, const PostingsByKey& postings, const Taxonomy& taxonomy) {
  SP_ASSIGN_OR_RETURN(auto hn_skill_labels, LoadSkillLabels(labels.skills_hn, "skills_hn.jsonl"));
  SP_ASSIGN_OR_RETURN(auto ats_skill_labels, LoadSkillLabels(labels.skills_ats, "skills_ats.jsonl"));
  SP_ASSIGN_OR_RETURN(auto salary_labels, LoadSalaryLabels(labels.salary, "salary.jsonl"));
  SP_ASSIGN_OR_RETURN(auto field_labels, LoadFieldLabels(labels.fields, "fields.jsonl"));
  Report r;
  ScoreSkills(hn_skill_labels, postings, taxonomy, r.skills_hn);
  ScoreSkills(ats_skill_labels, postings, taxonomy, r.skills_ats);
  Merge(r.skills_hn, r.skills_all);
  Merge(r.skills_ats, r.skills_all);
  ScoreSalary(salary_labels, postings, r.salary);
  ScoreFields(field_labels, postings, r.fields);
  return r;
}

Result<Report> Compute(const Options& options) {
  const std::string data = options.shared_dir + "/data/";
  LabelTexts texts;
  SP_ASSIGN_OR_RETURN(texts.skills_hn, ReadWholeFile(options.labels_dir + "/skills_hn.jsonl"));
  SP_ASSIGN_OR_RETURN(texts.skills_ats, ReadWholeFile(options.labels_dir + "/skills_ats.jsonl"));
  SP_ASSIGN_OR_RETURN(texts.salary, ReadWholeFile(options.labels_dir + "/salary.jsonl"));
  SP_ASSIGN_OR_RETURN(texts.fields, ReadWholeFile(options.labels_dir + "/fields.jsonl"));
  // Which postings to read: every labelled one (refs parsed once here, scored in Score).
  std::unordered_set<std::string> want;
  {
    simdjson::dom::parser parser;
    for (const std::string* t : {&texts.skills_hn, &texts.skills_ats, &texts.salary, &texts.fields}) {
      for (const auto& line : SplitLines(*t)) {
        simdjson::dom::object o;
        if (parser.parse(simdjson::padded_string(line)).get(o) != simdjson::SUCCESS) return ParseError("bad label line: " + line);
        want.insert(ParseRef(o).Key());
      }
    }
  }
  std::vector<LlmRow> llm_rows;
  if (options.llm) {
    SP_ASSIGN_OR_RETURN(llm_rows, LoadLlm(data + "hn_whoishiring/amber_williams_llm_extracted_2022-2025.csv.gz"));
  }
  for (const auto& r : llm_rows) want.insert("hn|" + r.id);

  PostingMap postings;
  SP_TRY(ReadThroughRegistry("hn:" + data + "hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst", "hn", want, postings));
  SP_TRY(ReadThroughRegistry("ashby:" + data + "ats_ashby/ashby_posting_api_2025-10-28.tar.zst", "ashby", want, postings));
  SP_TRY(ReadUber(data + "ats_uber/uber_careers_2025-12-24.json.gz", want, postings));
  SP_TRY(ReadCn(data + "cn_whoishiring_ruanyf/ruanyf_weekly_whoishiring_2019-08_2026-03.tar.zst", want, postings));

  SP_ASSIGN_OR_RETURN(auto enricher, PostingEnricher::Create());
  for (auto& [key, p] : postings) enricher->Enrich(p);
  const Taxonomy& tax = enricher->taxonomy();

  SP_ASSIGN_OR_RETURN(Report r, Score(texts, postings, tax));
  if (options.llm) {
    r.llm.emplace();
    ScoreLlm(llm_rows, postings, tax, *r.llm);
  }
  return r;
}

std::vector<Target> Targets(const Report& r) {
  const auto& s = r.skills_all;
  const auto& f = r.fields.fields;
  auto field = [&](const char* k) { return f.count(k) ? f.at(k) : Agreement{}; };
  return {
      {"Programming languages: precision", s.languages.Precision(), s.languages.tp + s.languages.fp, 0.97},
      {"Programming languages: recall", s.languages.Recall(), s.languages.tp + s.languages.fn, 0.95},
      {"Go: F1", s.go.F1(), s.go.tp + s.go.fp + s.go.fn, 0.97},
      {"All skills: precision", s.all_skills.Precision(), s.all_skills.tp + s.all_skills.fp, 0.93},
      {"Salary: exact (currency, period, min, max)", r.salary.exact.Rate(), r.salary.exact.total, 0.95},
      {"Work mode: accuracy", field("work_mode").Rate(), field("work_mode").total, 0.95},
      {"Seniority: accuracy", field("seniority").Rate(), field("seniority").total, 0.90},
  };
}

namespace {

void SkillSection(std::string& md, const char* title, const SkillScores& s) {
  md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", title, s.postings, Fmt3(s.languages.Precision()),
                    Fmt3(s.languages.Recall()), Fmt3(s.go.F1()), Fmt3(s.all_skills.Precision()),
                    Fmt3(s.all_skills.Recall()), Fmt3(s.all_skills_in_taxonomy.Recall()));
}

// "name (n): id, id, id ..." aggregated by item, most frequent first.
void Aggregated(std::string& md, const std::vector<Miss>& misses, size_t top, size_t examples) {
  std::map<std::string, std::vector<const Miss*>> by;
  for (const auto& m : misses) by[m.item].push_back(&m);
  std::vector<std::pair<std::string, std::vector<const Miss*>>> v(by.begin(), by.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
  md += "| skill | n | postings (first " + std::to_string(examples) + ") |\n|---|---:|---|\n";
  for (size_t i = 0; i < v.size() && i < top; ++i) {
    std::string ids;
    for (size_t j = 0; j < v[i].second.size() && j < examples; ++j) ids += (j ? ", " : "") + v[i].second[j]->posting;
    std::string note = v[i].second[0]->detail.empty() ? "" : " (" + v[i].second[0]->detail + ")";
    md += fmt::format("| {}{} | {} | {} |\n", v[i].first, note, v[i].second.size(), ids);
  }
  if (v.size() > top) md += fmt::format("\n{} more skills with fewer errors are not listed.\n", v.size() - top);
  md += "\n";
}

}  // namespace

std::string RenderMarkdown(const Report& r, std::string_view held_out_readme) {
  std::string md;
  if (!held_out_readme.empty()) {
    md += fmt::format(
        "These postings were sampled and labelled blind after the extractors were built (`{}`, which records "
        "the first-look scores, before any fix these sets showed); the figures below are the current ones.\n\n",
        held_out_readme);
  } else {
    md += "The labelled sets were written before the extractors and were visible while they were built (some "
          "labelled postings are unit-test cases), so these are in-sample figures: expect lower on unseen postings "
          "(the held-out sets below).\n\n";
  }
  md += "## Targets (issue 5)\n\n| metric | value | n | target | |\n|---|---:|---:|---:|---|\n";
  for (const auto& t : Targets(r)) {
    if (!t.Scored()) {
      md += fmt::format("| {} | – | 0 | {:.2f} | not labelled in this set |\n", t.metric, t.target);
      continue;
    }
    md += fmt::format("| {} | {} | {} | {:.2f} | {} |\n", t.metric, Fmt3(t.value), t.n, t.target, t.Pass() ? "pass" : "**FAIL**");
  }
  md += "\nn: languages precision = extracted languages; recall = labelled languages; Go F1 = postings where "
        "either side has Go; skills precision = extracted skills; salary, work mode, seniority = labelled postings.\n\n";

  // ---- Skills ----
  const auto& s = r.skills_all;
  md += "## Skills\n\n";
  md += fmt::format(
      "Labelled sets: `skills_hn.jsonl` ({} postings scored, {} not found), `skills_ats.jsonl` ({} scored, {} not "
      "found). Names are compared through the taxonomy (a labelled alias counts as its skill); a labelled name the "
      "taxonomy does not know can only be a false negative.\n\n",
      r.skills_hn.postings, r.skills_hn.missing, r.skills_ats.postings, r.skills_ats.missing);
  md += "| set | postings | languages P | languages R | Go F1 | skills P | skills R | skills R (in taxonomy) |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  SkillSection(md, "HN", r.skills_hn);
  SkillSection(md, "Ashby", r.skills_ats);
  SkillSection(md, "all", s);
  md += fmt::format("\nGo: tp {}, fp {}, fn {}. Required / nice-to-have flag agrees on {} of {} labelled, extracted "
                    "skills ({}).\n\n",
                    s.go.tp, s.go.fp, s.go.fn, s.required.right, s.required.total, Fmt3(s.required.Rate()));
  md += "### Per language\n\n| language | tp | fp | fn | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|\n";
  std::vector<std::pair<std::string, Counts>> langs(s.per_language.begin(), s.per_language.end());
  std::stable_sort(langs.begin(), langs.end(),
                   [](const auto& a, const auto& b) { return a.second.tp + a.second.fn > b.second.tp + b.second.fn; });
  for (const auto& [n, c] : langs) {
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", n, c.tp, c.fp, c.fn, Fmt3(c.Precision()), Fmt3(c.Recall()),
                      Fmt3(c.F1()));
  }
  md += "\n### Language errors (all)\n\n| posting | language | error |\n|---|---|---|\n";
  for (const auto& m : s.language_errors) md += fmt::format("| {} | {} | {} |\n", m.posting, m.item, m.detail);
  md += "\n### Top skill false positives (extracted, not labelled)\n\n";
  Aggregated(md, s.false_positives, 40, 4);
  md += "### Top skill false negatives (labelled, not extracted)\n\n";
  Aggregated(md, s.false_negatives, 40, 4);

  // ---- Salary ----
  const auto& sa = r.salary;
  md += "## Salary\n\n";
  md += fmt::format(
      "`salary.jsonl`: {} postings scored ({} not found). Exact = currency, period, min and max all equal to the "
      "label (amounts within 0.5), or no salary on both sides.\n\n",
      sa.postings, sa.missing);
  md += "| subset | exact | n | rate |\n|---|---:|---:|---:|\n";
  md += fmt::format("| all | {} | {} | {} |\n", sa.exact.right, sa.exact.total, Fmt3(sa.exact.Rate()));
  md += fmt::format("| labelled with a salary | {} | {} | {} |\n", sa.exact_with_salary.right, sa.exact_with_salary.total,
                    Fmt3(sa.exact_with_salary.Rate()));
  for (const auto& [d, a] : sa.by_dataset) {
    md += fmt::format("| {} | {} | {} | {} |\n", d, a.right, a.total, Fmt3(a.Rate()));
  }
  md += "\nMismatch kinds (a posting may have several): ";
  if (sa.kinds.empty()) md += "none";
  bool first = true;
  for (const auto& [k, n] : sa.kinds) {
    md += fmt::format("{}{} {}", first ? "" : ", ", k, n);
    first = false;
  }
  md += ". missed = labelled salary, none extracted; spurious = extracted, label has none; structured = the extracted salary is the source's structured pay (Ashby compensation), which the labels also follow when the source has it.\n\n";
  md += "| posting | kind | detail |\n|---|---|---|\n";
  for (const auto& m : sa.mismatches) md += fmt::format("| {} | {} | {} |\n", m.posting, m.item, m.detail);

  // ---- Fields ----
  const auto& f = r.fields;
  md += "\n## Fields (work mode, seniority, experience, location, employment type, visa)\n\n";
  md += fmt::format("`fields.jsonl`: {} postings scored ({} not found). A field is right when it equals the label, "
                    "including \"not stated\" on both sides (city ignoring case).\n\n",
                    f.postings, f.missing);
  md += "| field | right | n | accuracy |";
  for (const auto& [d, _] : f.by_dataset) md += fmt::format(" {} |", d);
  md += "\n|---|---:|---:|---:|";
  for (size_t i = 0; i < f.by_dataset.size(); ++i) md += "---:|";
  md += "\n";
  for (const auto& [k, a] : f.fields) {
    md += fmt::format("| {} | {} | {} | {} |", k, a.right, a.total, Fmt3(a.Rate()));
    for (const auto& [d, m] : f.by_dataset) {
      auto it = m.find(k);
      md += it == m.end() ? " |" : fmt::format(" {} ({}) |", Fmt3(it->second.Rate()), it->second.total);
    }
    md += "\n";
  }
  for (const auto& [k, misses] : f.misses) {
    md += fmt::format("\n### {} errors\n\n| posting | labelled | extracted |\n|---|---|---|\n", k);
    for (const auto& m : misses) md += fmt::format("| {} | {} | {} |\n", m.posting, m.item, m.detail);
  }

  // ---- LLM ----
  if (r.llm) {
    const auto& l = *r.llm;
    md += "\n## Agreement with LLM-extracted fields (weak labels)\n\n";
    md += fmt::format(
        "`hn_whoishiring/amber_williams_llm_extracted_2022-2025.csv.gz`: {} rows, {} joined to our HN postings by "
        "comment id (`post_link_id`). These labels were made by a language model, not checked by people: "
        "agreement is reported, never tuned to. The CSV has no seniority or experience column.\n\n",
        l.rows, l.joined);
    md += "| column | how compared | agree | n | rate |\n|---|---|---:|---:|---:|\n";
    md += fmt::format("| remote | yes/no/hybrid vs our remote/onsite/hybrid (rows with yes/no/hybrid) | {} | {} | {} |\n",
                      l.work_mode.right, l.work_mode.total, Fmt3(l.work_mode.Rate()));
    md += fmt::format("| employment_type | equal, rows where both are known | {} | {} | {} |\n", l.employment_type.right,
                      l.employment_type.total, Fmt3(l.employment_type.Rate()));
    md += fmt::format("| country | ISO code, rows where the LLM names a country unambiguously and we have one | {} | {} | {} |\n",
                      l.country.right, l.country.total, Fmt3(l.country.Rate()));
    md += fmt::format("| salary | both have one, or both none | {} | {} | {} |\n", l.salary_presence.right,
                      l.salary_presence.total, Fmt3(l.salary_presence.Rate()));
    md += fmt::format("| salary | both have one: the LLM's first figure equals our min or max (1%) | {} | {} | {} |\n",
                      l.salary_amount.right, l.salary_amount.total, Fmt3(l.salary_amount.Rate()));
    md += fmt::format(
        "| languages_frameworks | language-kind names, rows with a list ({}): LLM as reference | P {} | R {} | tp {}, fp "
        "{}, fn {} |\n",
        l.language_rows, Fmt3(l.languages.Precision()), Fmt3(l.languages.Recall()), l.languages.tp, l.languages.fp,
        l.languages.fn);
    md += fmt::format("\nThe LLM names a country where we have none in {} rows.\n\n", l.country_llm_only);
    auto top = [&](const std::map<std::string, int64_t>& m) {
      std::vector<std::pair<std::string, int64_t>> v(m.begin(), m.end());
      std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      std::string out;
      for (size_t i = 0; i < v.size() && i < 12; ++i) out += fmt::format("{}{} {}", i ? ", " : "", v[i].first, v[i].second);
      return out.empty() ? std::string("none") : out;
    };
    md += "Languages in rows with a list: only ours: " + top(l.languages_ours_only) + "; only the LLM's: " +
          top(l.languages_llm_only) + ". (The LLM's list is often only the headline stack.)\n\n";
    md += "Work mode, LLM `remote` (rows) by ours (columns):\n\n| LLM | remote | hybrid | onsite | unknown |\n|---|---:|---:|---:|---:|\n";
    for (const auto& [k, m] : l.work_mode_confusion) {
      auto g = [&](const char* x) { return m.count(x) ? m.at(x) : 0; };
      md += fmt::format("| {} | {} | {} | {} | {} |\n", k.empty() ? "(empty)" : k, g("remote"), g("hybrid"), g("onsite"),
                        g("unknown"));
    }
  }

  // scripts/accuracy.sh appends the hiringtrends, Ashby salary and dedup sections.
  return md;
}

}  // namespace skillpulse::accuracy

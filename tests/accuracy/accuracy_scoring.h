// Accuracy of the extractors against the labelled sets in tests/accuracy/labels (README.md
// there defines every field and convention), shared by the `accuracy_report` tool (writes
// docs/ACCURACY.md) and tests/integration/accuracy_targets_test.cc (holds the targets).
//
// Postings are read from the team's shared data through the same code `skillpulse extract`
// runs: HN and Ashby through the source registry (format, then the format's finalize step),
// then PostingEnricher. Uber and ruanyf/weekly ("cn") records are mapped to JobPosting here
// (title, location, department, description as text; the generic `json` format reads both
// files but not Uber's secondary locations),
// then enriched the same way; only salary.jsonl refers to them.
//
// Targets (issue 5): languages P >= 0.97, R >= 0.95; Go F1 >= 0.97; all-skills P >= 0.93;
// salary exact >= 0.95; work mode >= 0.95; seniority >= 0.90.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/posting.h"
#include "core/status.h"
#include "enrich/skills/taxonomy.h"

namespace skillpulse::accuracy {

struct Counts {
  int64_t tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / static_cast<double>(tp + fp); }
  double Recall() const { return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / static_cast<double>(tp + fn); }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
};

// One disagreement, for the audit lists: `posting` as "hn 16493002" / "ashby org/uuid".
struct Miss {
  std::string posting;
  std::string item;    // skill name, or field value
  std::string detail;  // "labelled X, extracted Y" ...
};

// Right/total of one categorical field.
struct Agreement {
  int64_t right = 0, total = 0;
  double Rate() const { return total == 0 ? 1.0 : static_cast<double>(right) / static_cast<double>(total); }
};

struct SkillScores {
  int64_t postings = 0, missing = 0;     // labelled postings scored / not found in the data
  Counts languages;                      // skills of kind language
  Counts all_skills;                     // every extracted skill vs languages + skills labels
  Counts all_skills_in_taxonomy;         // recall only over labels the taxonomy knows
  Counts go;                             // Go alone
  std::map<std::string, Counts> per_language;  // by canonical name
  Agreement required;                    // required/nice-to-have flag on labelled, found skills
  std::vector<Miss> language_errors;     // item = language, detail = "false positive"/"false negative ..."
  std::vector<Miss> false_positives;     // item = skill name
  std::vector<Miss> false_negatives;
  std::map<std::string, int64_t> unknown_labels;  // labelled names the taxonomy does not know
};

struct SalaryScores {
  int64_t postings = 0, missing = 0;
  Agreement exact;                  // all postings: currency, period, min, max all equal (or both none)
  Agreement exact_with_salary;      // postings whose label has a salary
  std::map<std::string, int64_t> kinds;  // "missed", "spurious", "currency", "period", "min", "max"
  std::map<std::string, Agreement> by_dataset;
  std::vector<Miss> mismatches;
};

struct FieldScores {
  int64_t postings = 0, missing = 0;
  // "work_mode", "seniority", "experience_years_min", "country", "city", "employment_type",
  // "visa_sponsorship" -> agreement; by_dataset["hn"]["work_mode"]...
  std::map<std::string, Agreement> fields;
  std::map<std::string, std::map<std::string, Agreement>> by_dataset;
  std::map<std::string, std::vector<Miss>> misses;
};

// Agreement with the LLM-extracted columns of amber_williams_llm_extracted_2022-2025.csv.gz
// (weak labels, reported only).
struct LlmAgreement {
  int64_t rows = 0, joined = 0;
  Agreement work_mode;           // remote yes/no/hybrid vs ours (rows where the LLM says one)
  std::map<std::string, std::map<std::string, int64_t>> work_mode_confusion;  // llm -> ours -> n
  Agreement employment_type;     // rows where both are known
  Agreement country;             // rows where the LLM's country maps to ISO and ours is known
  int64_t country_llm_only = 0;  // LLM gives a (mappable) country, we have none
  Agreement salary_presence;     // both say "salary" or both say "none"
  Agreement salary_amount;       // both have one: the LLM's first figure equals our min (or max)
  Counts languages;              // LLM's languages (tp+fn) vs ours (tp+fp), rows with a list
  int64_t language_rows = 0;
  std::map<std::string, int64_t> languages_ours_only, languages_llm_only;  // by language
};

struct Report {
  SkillScores skills_hn, skills_ats, skills_all;
  SalaryScores salary;
  FieldScores fields;
  std::optional<LlmAgreement> llm;
  std::string dedup_summary;  // one line from docs/DEDUP.md
};

struct Options {
  std::string shared_dir;  // the shared/ directory (data/ under it)
  std::string labels_dir;  // tests/accuracy/labels
  bool llm = true;         // also score agreement with the LLM CSV (reads 10k more postings)
};

// Enriched postings by "<dataset>|<id>": "hn|16493002", "ashby|<job uuid>", "uber|150551",
// "cn|<comment id>".
using PostingsByKey = std::unordered_map<std::string, JobPosting>;

// The labelled JSONL texts (labels/README.md formats).
struct LabelTexts {
  std::string skills_hn, skills_ats, salary, fields;
};

// Scores the labels against already enriched postings (a labelled posting absent from
// `postings` is counted as missing). Skill names are compared through `taxonomy` (a label's
// alias counts as its skill). Errors: a label line that is not JSON or has a bad period.
// No LLM section.
Result<Report> Score(const LabelTexts& labels, const PostingsByKey& postings, const Taxonomy& taxonomy);

// Loads the labels and postings, enriches, scores. Errors: a label file or data file that
// cannot be read.
Result<Report> Compute(const Options& options);

struct Target {
  std::string metric;
  double value = 0;
  int64_t n = 0;
  double target = 0;
  bool Pass() const { return value >= target; }
  // False when the set labels nothing this metric counts (a round that labelled only salary
  // and fields): the value is then no measurement.
  bool Scored() const { return n > 0; }
};
// The targets, with today's values.
std::vector<Target> Targets(const Report& r);

// The Markdown page (docs/ACCURACY.md) below a header the caller writes. `held_out_readme`:
// for a held-out set (labels/holdout, labels/holdout2), the README that records how it was
// sampled and its first-look scores, named in the introduction; empty for the in-sample sets.
std::string RenderMarkdown(const Report& r, std::string_view held_out_readme = {});

}  // namespace skillpulse::accuracy

// `skillpulse compare SKILL SKILL...`: side-by-side figures for a few skills over one window of
// months. BuildCompare computes every figure from a FactTable (a pure function: no I/O, no
// clock); RenderCompare writes it in one of the ReportFormats. Definitions of every figure:
// docs/REPORTS.md (the JSON field names there are a CONTRACT).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/posting.h"
#include "core/status.h"
#include "report/facts.h"
#include "report/report_format.h"
#include "report/stats.h"

namespace skillpulse {

struct CompareOptions {
  // Skills as the user typed them: slug, display name or alias (ASCII case-insensitive; see
  // FactTable::FindSkill). At least one. A skill named twice (e.g. "go" and "golang") is
  // reported once, at its first position.
  std::vector<std::string> skills;
  // Window of months, inclusive, "YYYY-MM". Empty `until`: the latest month with data. Empty
  // `since`: 11 months before `until` (a 12-month window, so YoY compares two full years).
  std::string since;
  std::string until;
  CountUnit unit = CountUnit::kJobs;
  // Board-estimated salaries ("Glassdoor est.") are left out of salary figures unless true.
  bool include_estimated_salaries = false;
  // ISO date of the FX table the store used to annualize salaries into USD; printed in the
  // methodology. "" = not known (said so).
  std::string fx_table_date;
  // The "asks for >= N years of experience" threshold (the figure: 3).
  double experience_threshold_years = 3;
  // How many co-mentioned languages to list per skill.
  int top_languages = 5;
};

// Salary figures over a set of postings/jobs (annual USD). When n == 0 every value is NaN.
struct SalarySummary {
  int64_t n = 0;
  double median_usd = NAN;
  double p10_usd = NAN;
  double p90_usd = NAN;
  // Distribution-free 95 % CI of the median (stats.h MedianConfidenceRanks); ci.available ==
  // false (and the bounds NaN) when n < kMinMedianCiN.
  MedianCiRanks ci;
  double median_ci_low_usd = NAN;
  double median_ci_high_usd = NAN;
};

struct SenioritySalary {
  Seniority level = Seniority::kUnknown;
  SalarySummary salary;
};

struct CoMention {
  std::string slug;
  std::string name;
  // count = units mentioning both; n = units mentioning the reported skill.
  Proportion units;
};

struct SkillCompare {
  FactSkillInfo info;  // copied from the FactTable: the report renders without it
  // count = units in the window mentioning the skill; n = all units in the window.
  Proportion mentions;
  // The same for the window shifted back 12 months (YoY).
  Proportion previous;
  // mentions.count / previous.count - 1; NaN when previous.count == 0.
  double count_growth = NAN;
  // mentions.share - previous.share (a difference of fractions: 0.01 = one percentage point);
  // NaN when either window has no units.
  double share_change = NAN;

  // Salary of the mentioning units that state one (midpoint of min/max, or the one bound).
  SalarySummary salary;
  // Units left out of `salary` because their salary is a board estimate (0 when included).
  int64_t salary_estimates_excluded = 0;
  // Every Seniority level with n > 0, intern..director, then unknown.
  std::vector<SenioritySalary> salary_by_seniority;

  // Units per WorkMode (index = static_cast<int>(WorkMode)): unknown, remote, hybrid, onsite.
  std::array<int64_t, 4> work_mode_counts{};
  // count = remote; n = units whose work mode is known (remote + hybrid + onsite).
  Proportion remote_of_known;
  // count = units asking >= experience_threshold_years; n = units that state years.
  Proportion experience_at_least;
  // count = units listing the skill as required; n = units where required / nice-to-have is
  // stated for this skill (the rest: not stated).
  Proportion required;
  // Other skills of kind "language" in the same units, most frequent first (ties: by slug).
  std::vector<CoMention> co_languages;
  // Unique jobs (whatever the unit): count = jobs mentioning the skill first seen in the window
  // / open at some time in the window; n = all such jobs.
  Proportion new_jobs;
  Proportion active_jobs;
};

struct CompareReport {
  CountUnit unit = CountUnit::kJobs;
  MonthIndex since = kNoMonth;  // kNoMonth (both) when the table has no dated postings
  MonthIndex until = kNoMonth;
  MonthIndex previous_since = kNoMonth;  // since - 12, until - 12
  MonthIndex previous_until = kNoMonth;
  int months_with_data = 0;           // months of the window with >= 1 posting
  int previous_months_with_data = 0;
  int64_t total = 0;                  // units in the window
  int64_t previous_total = 0;
  int64_t new_jobs_total = 0;         // all jobs first seen in the window
  int64_t active_jobs_total = 0;      // all jobs open at some time in the window
  bool include_estimated_salaries = false;
  // Units mentioning any of the skills whose board-estimated salary was left out (each once).
  int64_t salary_estimates_excluded = 0;
  std::string fx_table_date;
  double experience_threshold_years = 3;
  int64_t postings_without_month = 0;  // left out of every figure
  std::vector<SkillCompare> skills;    // in the order asked
};

// Errors: InvalidArgument for no skills, an unknown skill (the message names it and suggests
// close names), a malformed month or since > until; Internal for a FactTable whose skill ranges
// or enum values are out of bounds (a store bug).
Result<CompareReport> BuildCompare(const FactTable& facts, const CompareOptions& options);

// The report in `format`; ends with the methodology (what counted as a mention, the unit, the
// window, salary annualization and exclusions). UTF-8. Table output fits 100 columns.
std::string RenderCompare(const CompareReport& report, ReportFormat format);

}  // namespace skillpulse

// `skillpulse trend SKILL... --by month`: monthly counts and shares per skill. BuildTrend is a
// pure function of the FactTable; RenderTrend writes one of the ReportFormats. Definitions:
// docs/REPORTS.md (the JSON field names there are a CONTRACT).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "report/facts.h"
#include "report/report_format.h"
#include "report/stats.h"

namespace skillpulse {

struct TrendOptions {
  // As CompareOptions::skills. At least one.
  std::vector<std::string> skills;
  // Inclusive "YYYY-MM" window; empty = the first / latest month with data.
  std::string since;
  std::string until;
  CountUnit unit = CountUnit::kJobs;
};

struct TrendSkillMonth {
  // count = units of the month mentioning the skill; n = all units of the month.
  Proportion mentions;
  // Unique jobs (whatever the unit): first seen in the month / open in the month; n = all such.
  Proportion new_jobs;
  Proportion active_jobs;
};

struct TrendMonth {
  MonthIndex month = kNoMonth;
  int64_t total = 0;  // units of the month (0: no data that month; shares are then undefined)
  int64_t new_jobs_total = 0;
  int64_t active_jobs_total = 0;
  std::vector<TrendSkillMonth> skills;  // parallel to TrendReport::skills
};

struct TrendReport {
  CountUnit unit = CountUnit::kJobs;
  MonthIndex since = kNoMonth;  // kNoMonth (both) when the table has no dated postings
  MonthIndex until = kNoMonth;
  std::vector<FactSkillInfo> skills;  // in the order asked
  std::vector<TrendMonth> months;     // every month since..until, including months without data
  int64_t postings_without_month = 0;
};

// Errors: as BuildCompare.
Result<TrendReport> BuildTrend(const FactTable& facts, const TrendOptions& options);

// The report in `format`, with its methodology.
std::string RenderTrend(const TrendReport& report, ReportFormat format);

}  // namespace skillpulse

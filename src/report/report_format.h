// Report output formats and counting units: the names the CLI (`--format`, `--count`) and the
// HTTP API accept. CONTRACT: the spellings below are part of the CLI and API; keep them stable.
#pragma once

#include <string_view>

#include "core/status.h"

namespace skillpulse {

enum class ReportFormat : uint8_t { kTable, kMarkdown, kJson, kCsv, kHtml };

// "table" | "md" (also "markdown") | "json" | "csv" | "html"; ASCII case-insensitive.
// Errors: InvalidArgument naming the value and listing the accepted ones.
Result<ReportFormat> ParseReportFormat(std::string_view name);
// "table" | "md" | "json" | "csv" | "html".
std::string_view ReportFormatName(ReportFormat f);

// What one counted unit is.
//   kJobs: a unique job = every posting with the same PostingFact::job_id (job_id 0 = unset: the
//          posting is its own job). A job is represented by one of its postings; see
//          docs/REPORTS.md "Counting unit".
//   kPostings: every posting row counts.
enum class CountUnit : uint8_t { kJobs, kPostings };

// "jobs" | "postings" (also "job", "posting"); ASCII case-insensitive.
// Errors: InvalidArgument naming the value.
Result<CountUnit> ParseCountUnit(std::string_view name);
// "jobs" | "postings".
std::string_view CountUnitName(CountUnit u);

}  // namespace skillpulse

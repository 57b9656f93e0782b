// Internal to src/report: what BuildCompare and BuildTrend share: FactTable validation, skill
// resolution, the window of months, and grouping postings into unique jobs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "report/facts.h"
#include "report/report_format.h"

namespace skillpulse::report_internal {

// Internal error for skill ranges past FactTable::skills, skill indexes past skill_info, enum
// values out of range or months outside 0000-01..9999-12 (all store bugs).
Status ValidateFacts(const FactTable& facts);

// Skill indexes for the names asked, duplicates dropped (first position kept). Errors:
// InvalidArgument for an empty list, more than kMaxReportSkills skills or an unknown name; the
// message suggests close names (optimal-string-alignment edit distance over slugs, names and
// aliases, and prefixes).
inline constexpr size_t kMaxReportSkills = 64;  // one bit each in SkillMasks
Result<std::vector<int>> ResolveSkills(const FactTable& facts, const std::vector<std::string>& names);

// "" -> kNoMonth; "YYYY-MM" (1900-01 or later) -> its index; anything else -> InvalidArgument
// naming `flag`.
Result<MonthIndex> ParseMonthOption(std::string_view value, std::string_view flag);

struct DataMonths {
  MonthIndex first = kNoMonth;  // earliest / latest PostingFact::month; kNoMonth if none
  MonthIndex last = kNoMonth;
  int64_t postings_without_month = 0;
};
DataMonths ScanMonths(const FactTable& facts);

// Unique jobs: every dated posting, grouped by job key (job_id, or posting_id when job_id is 0),
// each group sorted by (month, posting_id). The order of the groups is unspecified. Postings
// without a month are left out.
struct JobGroups {
  std::vector<uint32_t> order;  // posting indexes
  std::vector<MonthIndex> month;  // month[k] = postings[order[k]].month
  std::vector<uint32_t> begin;  // group g is order[begin[g] .. begin[g + 1]); size = jobs + 1
  // The months the job was open: start = min over its postings of min(month, month of
  // first_seen); end = max of max(month, month of closed_at, or of last_seen when not closed).
  std::vector<MonthIndex> start;
  std::vector<MonthIndex> end;
  size_t jobs() const { return start.size(); }
};
JobGroups GroupJobs(const FactTable& facts);

// The posting index representing job g as of month m: its latest posting with month <= m
// (ties: larger posting_id), or -1 when it has none.
int64_t LatestAtOrBefore(const JobGroups& groups, size_t g, MonthIndex m);

// Posting indexes of the units counted in [since, until]: every dated posting inside for
// kPostings; for kJobs one per job with a posting inside, its latest one there
// (LatestAtOrBefore(until)). Empty when since == kNoMonth.
std::vector<uint32_t> SelectUnits(const FactTable& facts, const JobGroups& groups, CountUnit unit,
                                  MonthIndex since, MonthIndex until);

// Months in [since, until] with at least one dated posting.
int CountMonthsWithData(const FactTable& facts, MonthIndex since, MonthIndex until);

// slot[skill index] = position in `skills`, or -1.
std::vector<int16_t> SlotsOf(const FactTable& facts, const std::vector<int>& skills);

// mask[posting index] has bit k set when the posting mentions skill slot k. One sequential
// pass; later random accesses in job order then touch 8 bytes instead of a PostingFact and its
// skills. REQUIRES: slots < kMaxReportSkills.
std::vector<uint64_t> SkillMasks(const FactTable& facts, const std::vector<int16_t>& slot);

// The skill's info as reports print it: names, aliases and rule summary made valid UTF-8 (bad
// bytes -> U+FFFD) with control characters turned into spaces, so stored garbage cannot break
// a table, a Markdown row or a terminal.
FactSkillInfo CleanSkillInfo(const FactSkillInfo& info);

// Annual USD salary of a posting: the midpoint of min and max, or the one bound present;
// NaN when neither is a finite positive number.
double SalaryOf(const PostingFact& p);

}  // namespace skillpulse::report_internal

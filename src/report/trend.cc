#include "report/trend.h"

#include <bit>

#include "report/render_internal.h"
#include "report/units.h"

namespace skillpulse {
namespace {

// A trend lists every month; a window wider than this is a typo, not a request.
constexpr MonthIndex kMaxTrendMonths = 1200;

}  // namespace

Result<TrendReport> BuildTrend(const FactTable& facts, const TrendOptions& options) {
  SP_TRY(report_internal::ValidateFacts(facts));
  SP_ASSIGN_OR_RETURN(const std::vector<int> skills, report_internal::ResolveSkills(facts, options.skills));
  SP_ASSIGN_OR_RETURN(MonthIndex since, report_internal::ParseMonthOption(options.since, "--since"));
  SP_ASSIGN_OR_RETURN(MonthIndex until, report_internal::ParseMonthOption(options.until, "--until"));
  const report_internal::DataMonths data = report_internal::ScanMonths(facts);
  if (since == kNoMonth) since = data.first;
  if (until == kNoMonth) until = data.last;
  if (since == kNoMonth || until == kNoMonth) {
    // No dated data and at most one bound given: a one-month window at the bound, or none.
    since = until = (since != kNoMonth ? since : until);
  }
  if (since != kNoMonth && since > until) {
    return InvalidArgument("--since " + FormatMonthIndex(since) + " is after --until " + FormatMonthIndex(until));
  }
  if (since != kNoMonth && until - since + 1 > kMaxTrendMonths) {
    return InvalidArgument("the window " + FormatMonthIndex(since) + ".." + FormatMonthIndex(until) +
                           " is longer than " + std::to_string(kMaxTrendMonths) + " months");
  }

  TrendReport r;
  r.unit = options.unit;
  r.since = since;
  r.until = until;
  r.postings_without_month = data.postings_without_month;
  for (int s : skills) r.skills.push_back(report_internal::CleanSkillInfo(facts.skill_info[static_cast<size_t>(s)]));
  if (since == kNoMonth) return r;

  const size_t nmonths = static_cast<size_t>(until - since) + 1;
  const size_t nskills = skills.size();
  r.months.resize(nmonths);
  for (size_t m = 0; m < nmonths; ++m) {
    r.months[m].month = since + static_cast<MonthIndex>(m);
    r.months[m].skills.resize(nskills);
  }
  const std::vector<int16_t> slot = report_internal::SlotsOf(facts, skills);
  const report_internal::JobGroups groups = report_internal::GroupJobs(facts);
  auto in_window = [&](MonthIndex m) { return m != kNoMonth && m >= since && m <= until; };
  // Adds posting i as one unit of month m.
  const std::vector<uint64_t> mask = report_internal::SkillMasks(facts, slot);
  auto count_unit = [&](size_t i, MonthIndex m) {
    TrendMonth& tm = r.months[static_cast<size_t>(m - since)];
    ++tm.total;
    for (uint64_t bits = mask[i]; bits; bits &= bits - 1) ++tm.skills[static_cast<size_t>(std::countr_zero(bits))].mentions.count;
  };

  if (options.unit == CountUnit::kPostings) {
    for (size_t i = 0; i < facts.postings.size(); ++i) {
      if (in_window(facts.postings[i].month)) count_unit(i, facts.postings[i].month);
    }
  }

  for (size_t g = 0; g < groups.jobs(); ++g) {
    const uint32_t b = groups.begin[g], e = groups.begin[g + 1];
    if (options.unit == CountUnit::kJobs) {
      // One unit per month the job has postings in: its latest posting of that month.
      for (uint32_t k = b; k < e; ++k) {
        const MonthIndex m = groups.month[k];
        const bool last_of_month = k + 1 == e || groups.month[k + 1] != m;
        if (last_of_month && in_window(m)) count_unit(groups.order[k], m);
      }
    }
    // New / active: every month of [start, end] inside the window; the job's skills as of that
    // month (its latest posting up to it, or its first posting before that).
    const MonthIndex from = std::max(groups.start[g], since);
    const MonthIndex to = std::min(groups.end[g], until);
    uint32_t k = b;  // groups.order[k] = the state posting; advances with m
    for (MonthIndex m = from; m <= to; ++m) {
      while (k + 1 < e && groups.month[k + 1] <= m) ++k;
      TrendMonth& tm = r.months[static_cast<size_t>(m - since)];
      const bool is_new = m == groups.start[g];
      ++tm.active_jobs_total;
      tm.new_jobs_total += is_new;
      for (uint64_t bits = mask[groups.order[k]]; bits; bits &= bits - 1) {
        TrendSkillMonth& ts = tm.skills[static_cast<size_t>(std::countr_zero(bits))];
        ++ts.active_jobs.count;
        ts.new_jobs.count += is_new;
      }
    }
  }

  for (TrendMonth& tm : r.months) {
    for (TrendSkillMonth& ts : tm.skills) {
      ts.mentions.n = tm.total;
      ts.new_jobs.n = tm.new_jobs_total;
      ts.active_jobs.n = tm.active_jobs_total;
    }
  }
  return r;
}

std::string RenderTrend(const TrendReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kTable: return report_internal::TrendTable(report);
    case ReportFormat::kMarkdown: return report_internal::TrendMarkdown(report);
    case ReportFormat::kJson: return report_internal::TrendJson(report);
    case ReportFormat::kCsv: return report_internal::TrendCsv(report);
    case ReportFormat::kHtml: return report_internal::TrendHtml(report);
  }
  return report_internal::TrendTable(report);
}

}  // namespace skillpulse

#include "report/compare.h"

#include <algorithm>
#include <bit>

#include "report/render_internal.h"
#include "report/units.h"

namespace skillpulse {
namespace {

using report_internal::SalaryOf;

constexpr int kSeniorityLevels = static_cast<int>(Seniority::kDirector) + 1;

SalarySummary Summarize(std::vector<double>& values) {
  SalarySummary s;
  s.n = static_cast<int64_t>(values.size());
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.median_usd = PercentileSorted(values, 0.5);
  s.p10_usd = PercentileSorted(values, 0.1);
  s.p90_usd = PercentileSorted(values, 0.9);
  s.ci = MedianConfidenceRanks(s.n, 0.95);
  if (s.ci.available) {
    s.median_ci_low_usd = values[static_cast<size_t>(s.ci.lower_rank - 1)];
    s.median_ci_high_usd = values[static_cast<size_t>(s.ci.upper_rank - 1)];
  }
  return s;
}

// Running sums for one requested skill over the units of the window.
struct Accumulator {
  int64_t count = 0;
  std::vector<double> salaries;
  std::array<std::vector<double>, kSeniorityLevels> by_seniority;
  int64_t estimates_excluded = 0;
  std::array<int64_t, 4> work_modes{};
  int64_t experience_stated = 0;
  int64_t experience_at_least = 0;
  int64_t required_stated = 0;
  int64_t required = 0;
  std::vector<int64_t> co_counts;  // by skill index
};

}  // namespace

Result<CompareReport> BuildCompare(const FactTable& facts, const CompareOptions& options) {
  SP_TRY(report_internal::ValidateFacts(facts));
  SP_ASSIGN_OR_RETURN(const std::vector<int> skills, report_internal::ResolveSkills(facts, options.skills));
  SP_ASSIGN_OR_RETURN(MonthIndex since, report_internal::ParseMonthOption(options.since, "--since"));
  SP_ASSIGN_OR_RETURN(MonthIndex until, report_internal::ParseMonthOption(options.until, "--until"));
  const report_internal::DataMonths data = report_internal::ScanMonths(facts);
  if (until == kNoMonth) until = data.last;
  if (until == kNoMonth) until = since;  // no dated data at all: an empty window (or none)
  if (since == kNoMonth && until != kNoMonth) since = until - 11;
  if (since != kNoMonth && since > until) {
    return InvalidArgument("--since " + FormatMonthIndex(since) + " is after --until " + FormatMonthIndex(until) +
                           (options.until.empty() ? " (the latest month with data)" : ""));
  }

  CompareReport r;
  r.unit = options.unit;
  r.since = since;
  r.until = until;
  if (since != kNoMonth) {
    r.previous_since = since - 12;
    r.previous_until = until - 12;
  }
  r.include_estimated_salaries = options.include_estimated_salaries;
  r.fx_table_date = options.fx_table_date;
  r.experience_threshold_years = options.experience_threshold_years;
  r.postings_without_month = data.postings_without_month;
  r.months_with_data = report_internal::CountMonthsWithData(facts, r.since, r.until);
  r.previous_months_with_data = report_internal::CountMonthsWithData(facts, r.previous_since, r.previous_until);

  const report_internal::JobGroups groups = report_internal::GroupJobs(facts);
  const std::vector<int16_t> slot = report_internal::SlotsOf(facts, skills);
  std::vector<bool> is_language(facts.skill_info.size());
  for (size_t i = 0; i < facts.skill_info.size(); ++i) is_language[i] = facts.skill_info[i].kind == "language";

  // ---- The window's units ----
  const std::vector<uint32_t> units =
      report_internal::SelectUnits(facts, groups, options.unit, r.since, r.until);
  r.total = static_cast<int64_t>(units.size());
  std::vector<Accumulator> acc(skills.size());
  for (auto& a : acc) a.co_counts.assign(facts.skill_info.size(), 0);
  const std::vector<uint64_t> mask = report_internal::SkillMasks(facts, slot);
  for (uint32_t i : units) {
    if (mask[i] == 0) continue;  // mentions none of the skills: only part of the total
    const PostingFact& p = facts.postings[i];
    const double salary = SalaryOf(p);
    const bool stated_years = !std::isnan(p.experience_years_min);
    const bool estimate_left_out =
        !std::isnan(salary) && p.salary_is_estimate && !options.include_estimated_salaries;
    for (const FactSkill* s = facts.SkillsBegin(p); s != facts.SkillsEnd(p); ++s) {
      const int k = slot[s->skill];
      if (k < 0) continue;
      Accumulator& a = acc[static_cast<size_t>(k)];
      ++a.count;
      if (!std::isnan(salary)) {
        if (estimate_left_out) {
          ++a.estimates_excluded;
        } else {
          a.salaries.push_back(salary);
          a.by_seniority[static_cast<size_t>(p.seniority)].push_back(salary);
        }
      }
      ++a.work_modes[static_cast<size_t>(p.work_mode)];
      if (stated_years) {
        ++a.experience_stated;
        if (p.experience_years_min >= options.experience_threshold_years) ++a.experience_at_least;
      }
      if (s->required >= 0) {
        ++a.required_stated;
        if (s->required == 1) ++a.required;
      }
      for (const FactSkill* o = facts.SkillsBegin(p); o != facts.SkillsEnd(p); ++o) {
        if (o->skill != s->skill && is_language[o->skill]) ++a.co_counts[o->skill];
      }
    }
    r.salary_estimates_excluded += estimate_left_out;  // once per unit, however many skills
  }

  // ---- The same months a year earlier ----
  const std::vector<uint32_t> previous_units =
      report_internal::SelectUnits(facts, groups, options.unit, r.previous_since, r.previous_until);
  r.previous_total = static_cast<int64_t>(previous_units.size());
  std::vector<int64_t> previous_counts(skills.size());
  for (uint32_t i : previous_units) {
    for (uint64_t bits = mask[i]; bits; bits &= bits - 1) ++previous_counts[static_cast<size_t>(std::countr_zero(bits))];
  }

  // ---- New and active jobs: a job's skills as of the window's last month ----
  std::vector<int64_t> new_counts(skills.size()), active_counts(skills.size());
  if (r.since != kNoMonth) {
    for (size_t g = 0; g < groups.jobs(); ++g) {
      const bool is_new = groups.start[g] >= r.since && groups.start[g] <= r.until;
      const bool active = groups.start[g] <= r.until && groups.end[g] >= r.since;
      if (!active) continue;
      r.new_jobs_total += is_new;
      ++r.active_jobs_total;
      int64_t i = report_internal::LatestAtOrBefore(groups, g, r.until);
      if (i < 0) i = groups.order[groups.begin[g]];
      for (uint64_t bits = mask[static_cast<size_t>(i)]; bits; bits &= bits - 1) {
        const size_t k = static_cast<size_t>(std::countr_zero(bits));
        new_counts[k] += is_new;
        ++active_counts[k];
      }
    }
  }

  // ---- Figures ----
  for (size_t k = 0; k < skills.size(); ++k) {
    Accumulator& a = acc[k];
    SkillCompare s;
    s.info = report_internal::CleanSkillInfo(facts.skill_info[static_cast<size_t>(skills[k])]);
    s.mentions = {a.count, r.total};
    s.previous = {previous_counts[k], r.previous_total};
    if (s.previous.count > 0) {
      s.count_growth = static_cast<double>(s.mentions.count) / static_cast<double>(s.previous.count) - 1;
    }
    if (s.mentions.n > 0 && s.previous.n > 0) s.share_change = *s.mentions.share() - *s.previous.share();
    s.salary = Summarize(a.salaries);
    s.salary_estimates_excluded = a.estimates_excluded;
    // Enum order puts kUnknown first; the report lists it last.
    for (int level = 1; level <= kSeniorityLevels; ++level) {
      const int l = level % kSeniorityLevels;
      auto& values = a.by_seniority[static_cast<size_t>(l)];
      if (values.empty()) continue;
      s.salary_by_seniority.push_back({static_cast<Seniority>(l), Summarize(values)});
    }
    s.work_mode_counts = a.work_modes;
    const int64_t known = a.work_modes[1] + a.work_modes[2] + a.work_modes[3];
    s.remote_of_known = {a.work_modes[static_cast<size_t>(WorkMode::kRemote)], known};
    s.experience_at_least = {a.experience_at_least, a.experience_stated};
    s.required = {a.required, a.required_stated};
    std::vector<size_t> langs;
    for (size_t o = 0; o < a.co_counts.size(); ++o) {
      if (a.co_counts[o] > 0) langs.push_back(o);
    }
    std::sort(langs.begin(), langs.end(), [&](size_t x, size_t y) {
      if (a.co_counts[x] != a.co_counts[y]) return a.co_counts[x] > a.co_counts[y];
      return facts.skill_info[x].slug < facts.skill_info[y].slug;
    });
    if (langs.size() > static_cast<size_t>(std::max(0, options.top_languages))) {
      langs.resize(static_cast<size_t>(std::max(0, options.top_languages)));
    }
    for (size_t o : langs) {
      const FactSkillInfo info = report_internal::CleanSkillInfo(facts.skill_info[o]);
      s.co_languages.push_back({info.slug, info.name, {a.co_counts[o], a.count}});
    }
    s.new_jobs = {new_counts[k], r.new_jobs_total};
    s.active_jobs = {active_counts[k], r.active_jobs_total};
    r.skills.push_back(std::move(s));
  }
  return r;
}

std::string RenderCompare(const CompareReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kTable: return report_internal::CompareTable(report);
    case ReportFormat::kMarkdown: return report_internal::CompareMarkdown(report);
    case ReportFormat::kJson: return report_internal::CompareJson(report);
    case ReportFormat::kCsv: return report_internal::CompareCsv(report);
    case ReportFormat::kHtml: return report_internal::CompareHtml(report);
  }
  return report_internal::CompareTable(report);
}

}  // namespace skillpulse

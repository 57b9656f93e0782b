// CSV (RFC 4180 quoting, "\n" line ends, a header row): compare = one row per skill, trend = one
// row per skill and month. Shares are fractions, salaries whole USD, missing values empty.
// CONTRACT: the column names are documented in docs/REPORTS.md; append columns, never reorder.
#include <cmath>

#include "report/render_internal.h"

namespace skillpulse::report_internal {
namespace {

class CsvRow {
 public:
  CsvRow& Text(std::string_view s) { return Add(CsvField(s)); }
  CsvRow& Int(int64_t v) { return Add(std::to_string(v)); }
  CsvRow& Num(double v, int decimals) { return Add(FormatMachineNumber(v, decimals, "")); }
  // count, n, share, ci95_low, ci95_high
  CsvRow& Prop(const Proportion& p) {
    const auto share = p.share();
    const auto ci = p.wilson95();
    Int(p.count).Int(p.n).Num(share ? *share : NAN, kShareDecimals);
    return Num(ci ? ci->low : NAN, kShareDecimals).Num(ci ? ci->high : NAN, kShareDecimals);
  }
  std::string Line() const { return line_ + "\n"; }

 private:
  CsvRow& Add(const std::string& field) {
    if (!first_) line_ += ",";
    first_ = false;
    line_ += field;
    return *this;
  }
  std::string line_;
  bool first_ = true;
};

std::string PropHeader(const std::string& p) {
  return p + "_count," + p + "_n," + p + "_share," + p + "_ci95_low," + p + "_ci95_high";
}

constexpr Seniority kLevels[] = {Seniority::kIntern,    Seniority::kJunior, Seniority::kMid,
                                 Seniority::kSenior,    Seniority::kStaff,  Seniority::kPrincipal,
                                 Seniority::kLead,      Seniority::kManager, Seniority::kDirector,
                                 Seniority::kUnknown};

}  // namespace

std::string CompareCsv(const CompareReport& r) {
  std::string out =
      "skill_slug,skill_name,skill_kind,unit,since,until,previous_since,previous_until," + PropHeader("mentions") +
      "," + PropHeader("previous") +
      ",count_growth,share_change,salary_n,salary_median_usd,salary_median_ci95_low_usd,"
      "salary_median_ci95_high_usd,salary_median_ci95_coverage,salary_p10_usd,salary_p90_usd,"
      "salary_estimates_excluded,work_mode_remote,work_mode_hybrid,work_mode_onsite,work_mode_unknown," +
      PropHeader("remote_of_known") + ",experience_threshold_years," + PropHeader("experience_at_least") + "," +
      PropHeader("required") + ",nice_to_have," + PropHeader("new_jobs") + "," + PropHeader("active_jobs") +
      ",co_mentioned_languages";
  for (Seniority l : kLevels) {
    const std::string name(SeniorityName(l));
    out += ",salary_n_" + name + ",salary_median_usd_" + name;
  }
  out += "\n";
  for (const SkillCompare& s : r.skills) {
    CsvRow row;
    row.Text(s.info.slug).Text(s.info.name).Text(s.info.kind).Text(CountUnitName(r.unit));
    row.Text(MonthText(r.since)).Text(MonthText(r.until)).Text(MonthText(r.previous_since)).Text(MonthText(r.previous_until));
    row.Prop(s.mentions).Prop(s.previous);
    row.Num(s.count_growth, kShareDecimals).Num(s.share_change, kShareDecimals);
    row.Int(s.salary.n).Num(s.salary.median_usd, kUsdDecimals);
    row.Num(s.salary.median_ci_low_usd, kUsdDecimals).Num(s.salary.median_ci_high_usd, kUsdDecimals);
    row.Num(s.salary.ci.available ? s.salary.ci.coverage : NAN, kShareDecimals);
    row.Num(s.salary.p10_usd, kUsdDecimals).Num(s.salary.p90_usd, kUsdDecimals).Int(s.salary_estimates_excluded);
    for (WorkMode m : {WorkMode::kRemote, WorkMode::kHybrid, WorkMode::kOnsite, WorkMode::kUnknown}) {
      row.Int(s.work_mode_counts[static_cast<size_t>(m)]);
    }
    row.Prop(s.remote_of_known).Num(r.experience_threshold_years, 2).Prop(s.experience_at_least);
    row.Prop(s.required).Int(s.required.n - s.required.count);
    row.Prop(s.new_jobs).Prop(s.active_jobs);
    // "python:30;java:12": slug:count, most frequent first.
    std::string langs;
    for (const CoMention& c : s.co_languages) {
      if (!langs.empty()) langs += ";";
      langs += c.slug + ":" + std::to_string(c.units.count);
    }
    row.Text(langs);
    for (Seniority l : kLevels) {
      const SenioritySalary* found = nullptr;
      for (const SenioritySalary& x : s.salary_by_seniority) {
        if (x.level == l) found = &x;
      }
      row.Int(found ? found->salary.n : 0).Num(found ? found->salary.median_usd : NAN, kUsdDecimals);
    }
    out += row.Line();
  }
  return out;
}

std::string TrendCsv(const TrendReport& r) {
  std::string out = "month,skill_slug,skill_name,unit," + PropHeader("mentions") + "," + PropHeader("new_jobs") +
                    "," + PropHeader("active_jobs") + "\n";
  for (const TrendMonth& m : r.months) {
    for (size_t k = 0; k < r.skills.size(); ++k) {
      CsvRow row;
      row.Text(MonthText(m.month)).Text(r.skills[k].slug).Text(r.skills[k].name).Text(CountUnitName(r.unit));
      row.Prop(m.skills[k].mentions).Prop(m.skills[k].new_jobs).Prop(m.skills[k].active_jobs);
      out += row.Line();
    }
  }
  return out;
}

}  // namespace skillpulse::report_internal

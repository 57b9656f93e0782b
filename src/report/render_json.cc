// JSON output. CONTRACT: the field names and shapes are documented in docs/REPORTS.md
// ("JSON schema", schema_version 1); add fields freely, never rename or retype one.
// Numbers are numbers (shares as fractions 0..1, salaries in whole USD); missing values are null.
#include <cmath>

#include "report/render_internal.h"

namespace skillpulse::report_internal {
namespace {

constexpr int kSchemaVersion = 1;

// A pretty-printing writer (2-space indent). Not a general JSON library: callers keep the
// Begin/End calls balanced.
class JsonWriter {
 public:
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view k) {
    Separate();
    out_ += JsonEscape(k) + ": ";
    after_key_ = true;
  }
  void String(std::string_view s) { Scalar(JsonEscape(s)); }
  void Int(int64_t v) { Scalar(std::to_string(v)); }
  void Number(double v, int decimals) { Scalar(FormatMachineNumber(v, decimals)); }
  void Null() { Scalar("null"); }
  void Bool(bool b) { Scalar(b ? "true" : "false"); }
  // A month, or null for kNoMonth.
  void Month(MonthIndex m) {
    if (m == kNoMonth) Null();
    else String(FormatMonthIndex(m));
  }
  std::string Finish() { return std::move(out_) + "\n"; }

 private:
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out_ += ",";
      first_.back() = false;
      out_ += "\n" + std::string(2 * first_.size(), ' ');
    }
  }
  void Scalar(const std::string& text) {
    Separate();
    out_ += text;
  }
  void Open(char c) {
    Separate();
    out_ += c;
    first_.push_back(true);
  }
  void Close(char c) {
    const bool empty = first_.back();
    first_.pop_back();
    if (!empty) out_ += "\n" + std::string(2 * first_.size(), ' ');
    out_ += c;
  }

  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

void WriteProportion(JsonWriter& j, const Proportion& p) {
  j.BeginObject();
  j.Key("count");
  j.Int(p.count);
  j.Key("n");
  j.Int(p.n);
  const auto share = p.share();
  const auto ci = p.wilson95();
  j.Key("share");
  j.Number(share ? *share : NAN, kShareDecimals);
  j.Key("ci95_low");
  j.Number(ci ? ci->low : NAN, kShareDecimals);
  j.Key("ci95_high");
  j.Number(ci ? ci->high : NAN, kShareDecimals);
}

void WriteProportionObject(JsonWriter& j, const Proportion& p) {
  WriteProportion(j, p);
  j.EndObject();
}

void WriteSalaryFields(JsonWriter& j, const SalarySummary& s) {
  j.Key("n");
  j.Int(s.n);
  j.Key("median_usd");
  j.Number(s.median_usd, kUsdDecimals);
  j.Key("median_ci95_low_usd");
  j.Number(s.median_ci_low_usd, kUsdDecimals);
  j.Key("median_ci95_high_usd");
  j.Number(s.median_ci_high_usd, kUsdDecimals);
  j.Key("median_ci95_coverage");
  j.Number(s.ci.available ? s.ci.coverage : NAN, kShareDecimals);
  j.Key("median_ci95_note");
  if (s.n == 0) {
    j.String("no salaries");
  } else if (!s.ci.available) {
    j.String("n < " + std::to_string(kMinMedianCiN) + ": no distribution-free 95% interval exists");
  } else {
    j.Null();
  }
  j.Key("p10_usd");
  j.Number(s.p10_usd, kUsdDecimals);
  j.Key("p90_usd");
  j.Number(s.p90_usd, kUsdDecimals);
}

void WriteWindow(JsonWriter& j, MonthIndex since, MonthIndex until, int months_with_data) {
  j.BeginObject();
  j.Key("since");
  j.Month(since);
  j.Key("until");
  j.Month(until);
  j.Key("months");
  j.Int(since == kNoMonth ? 0 : until - since + 1);
  j.Key("months_with_data");
  j.Int(months_with_data);
  j.EndObject();
}

void WriteMethodology(JsonWriter& j, const std::vector<Paragraph>& paragraphs,
                      const std::vector<FactSkillInfo>& skills, int64_t without_month) {
  j.Key("skills");
  j.BeginArray();
  for (const FactSkillInfo& s : skills) {
    j.BeginObject();
    j.Key("slug");
    j.String(s.slug);
    j.Key("rule_summary");
    j.String(s.rule_summary);
    j.Key("aliases");
    j.BeginArray();
    for (const std::string& a : s.aliases) j.String(a);
    j.EndArray();
    j.EndObject();
  }
  j.EndArray();
  j.Key("excluded");
  j.BeginObject();
  j.Key("postings_without_month");
  j.Int(without_month);
  j.EndObject();
  j.Key("text");
  j.BeginArray();
  for (const Paragraph& p : paragraphs) {
    j.BeginObject();
    j.Key("title");
    j.String(p.title);
    j.Key("text");
    j.String(p.text);
    j.EndObject();
  }
  j.EndArray();
}

std::string UnitDefinition(CountUnit u, bool trend) {
  if (u == CountUnit::kPostings) return "every posting row";
  return trend ? "unique jobs by job_id; a job's latest posting of the month represents it"
               : "unique jobs by job_id; a job's latest posting inside the window represents it";
}

}  // namespace

std::string CompareJson(const CompareReport& r) {
  JsonWriter j;
  j.BeginObject();
  j.Key("report");
  j.String("compare");
  j.Key("schema_version");
  j.Int(kSchemaVersion);
  j.Key("unit");
  j.String(CountUnitName(r.unit));
  j.Key("window");
  WriteWindow(j, r.since, r.until, r.months_with_data);
  j.Key("previous_window");
  WriteWindow(j, r.previous_since, r.previous_until, r.previous_months_with_data);
  j.Key("total");
  j.Int(r.total);
  j.Key("previous_total");
  j.Int(r.previous_total);
  j.Key("new_jobs_total");
  j.Int(r.new_jobs_total);
  j.Key("active_jobs_total");
  j.Int(r.active_jobs_total);
  j.Key("skills");
  j.BeginArray();
  for (const SkillCompare& s : r.skills) {
    j.BeginObject();
    j.Key("slug");
    j.String(s.info.slug);
    j.Key("name");
    j.String(s.info.name);
    j.Key("kind");
    j.String(s.info.kind);
    j.Key("mentions");
    WriteProportionObject(j, s.mentions);
    j.Key("yoy");
    j.BeginObject();
    j.Key("previous");
    WriteProportionObject(j, s.previous);
    j.Key("count_growth");
    j.Number(s.count_growth, kShareDecimals);
    j.Key("share_change");
    j.Number(s.share_change, kShareDecimals);
    j.EndObject();

    j.Key("salary");
    j.BeginObject();
    WriteSalaryFields(j, s.salary);
    j.Key("estimates_excluded");
    j.Int(s.salary_estimates_excluded);
    j.EndObject();
    j.Key("salary_by_seniority");
    j.BeginArray();
    for (const SenioritySalary& l : s.salary_by_seniority) {
      j.BeginObject();
      j.Key("seniority");
      j.String(SeniorityName(l.level));
      WriteSalaryFields(j, l.salary);
      j.EndObject();
    }
    j.EndArray();

    j.Key("work_mode");
    j.BeginObject();
    j.Key("n");
    j.Int(s.mentions.count);
    for (WorkMode m : {WorkMode::kRemote, WorkMode::kHybrid, WorkMode::kOnsite, WorkMode::kUnknown}) {
      j.Key(WorkModeName(m));
      j.Int(s.work_mode_counts[static_cast<size_t>(m)]);
    }
    j.Key("remote_of_known");
    WriteProportionObject(j, s.remote_of_known);
    j.EndObject();

    j.Key("experience_at_least");
    WriteProportion(j, s.experience_at_least);
    j.Key("threshold_years");
    j.Number(r.experience_threshold_years, 2);
    j.EndObject();

    j.Key("required");
    WriteProportion(j, s.required);
    j.Key("nice_to_have");
    j.Int(s.required.n - s.required.count);
    j.EndObject();

    j.Key("co_mentioned_languages");
    j.BeginArray();
    for (const CoMention& c : s.co_languages) {
      j.BeginObject();
      j.Key("slug");
      j.String(c.slug);
      j.Key("name");
      j.String(c.name);
      j.Key("mentions");
      WriteProportionObject(j, c.units);
      j.EndObject();
    }
    j.EndArray();
    j.Key("new_jobs");
    WriteProportionObject(j, s.new_jobs);
    j.Key("active_jobs");
    WriteProportionObject(j, s.active_jobs);
    j.EndObject();
  }
  j.EndArray();

  j.Key("methodology");
  j.BeginObject();
  j.Key("unit_definition");
  j.String(UnitDefinition(r.unit, false));
  j.Key("salary");
  j.BeginObject();
  j.Key("currency");
  j.String("USD");
  j.Key("period");
  j.String("year");
  j.Key("per_posting");
  j.String("midpoint of min and max, or the one bound given");
  j.Key("fx_table_date");
  if (r.fx_table_date.empty()) j.Null();
  else j.String(r.fx_table_date);
  j.Key("estimates_included");
  j.Bool(r.include_estimated_salaries);
  j.Key("estimates_excluded");
  j.Int(r.salary_estimates_excluded);
  j.Key("percentiles");
  j.String("Hyndman-Fan type 7 (linear interpolation)");
  j.Key("median_ci");
  j.String("distribution-free, binomial order statistics; needs n >= 6");
  j.EndObject();
  j.Key("share_ci");
  j.String("95% Wilson score interval");
  std::vector<FactSkillInfo> infos;
  for (const SkillCompare& s : r.skills) infos.push_back(s.info);
  WriteMethodology(j, CompareMethodology(r), infos, r.postings_without_month);
  j.EndObject();
  j.EndObject();
  return j.Finish();
}

std::string TrendJson(const TrendReport& r) {
  JsonWriter j;
  j.BeginObject();
  j.Key("report");
  j.String("trend");
  j.Key("schema_version");
  j.Int(kSchemaVersion);
  j.Key("unit");
  j.String(CountUnitName(r.unit));
  j.Key("by");
  j.String("month");
  int with_data = 0;
  for (const TrendMonth& m : r.months) with_data += m.total > 0;
  j.Key("window");
  WriteWindow(j, r.since, r.until, with_data);
  j.Key("skills");
  j.BeginArray();
  for (const FactSkillInfo& s : r.skills) {
    j.BeginObject();
    j.Key("slug");
    j.String(s.slug);
    j.Key("name");
    j.String(s.name);
    j.Key("kind");
    j.String(s.kind);
    j.EndObject();
  }
  j.EndArray();
  j.Key("months");
  j.BeginArray();
  for (const TrendMonth& m : r.months) {
    j.BeginObject();
    j.Key("month");
    j.Month(m.month);
    j.Key("total");
    j.Int(m.total);
    j.Key("new_jobs_total");
    j.Int(m.new_jobs_total);
    j.Key("active_jobs_total");
    j.Int(m.active_jobs_total);
    j.Key("skills");
    j.BeginArray();
    for (size_t k = 0; k < m.skills.size(); ++k) {
      j.BeginObject();
      j.Key("slug");
      j.String(r.skills[k].slug);
      j.Key("mentions");
      WriteProportionObject(j, m.skills[k].mentions);
      j.Key("new_jobs");
      WriteProportionObject(j, m.skills[k].new_jobs);
      j.Key("active_jobs");
      WriteProportionObject(j, m.skills[k].active_jobs);
      j.EndObject();
    }
    j.EndArray();
    j.EndObject();
  }
  j.EndArray();
  j.Key("methodology");
  j.BeginObject();
  j.Key("unit_definition");
  j.String(UnitDefinition(r.unit, true));
  j.Key("share_ci");
  j.String("95% Wilson score interval");
  WriteMethodology(j, TrendMethodology(r), r.skills, r.postings_without_month);
  j.EndObject();
  j.EndObject();
  return j.Finish();
}

}  // namespace skillpulse::report_internal

// JobSpy's CSV output (github.com/speedyapply/JobSpy: scrape_jobs(...).to_csv()), columns as
// its README lists them: id, site, job_url, job_url_direct, title, company, location,
// date_posted, job_type, salary_source, interval, min_amount, max_amount, currency, is_remote,
// job_level, job_function, listing_type, emails, description, company_industry, company_url,
// company_logo, company_url_direct, company_addresses, company_num_employees, company_revenue,
// company_description. A preset over the generic CSV reader (sources/csv.h): the same parser,
// mapping and quarantine rules, with JobSpy's column names and value vocabularies (JobSpy's
// jobspy/model.py: JobType "fulltime"/"parttime"/"internship"/"contract"; CompensationInterval
// "yearly"/"monthly"/"weekly"/"daily"/"hourly").
#include "core/text.h"
#include "enrich/salary.h"
#include "sources/csv.h"
#include "sources/formats.h"

namespace skillpulse {
namespace {

constexpr std::string_view kType = "jobspy";

std::optional<SalaryPeriod> JobSpyInterval(std::string_view s) {
  if (EqualsIgnoreAsciiCase(s, "yearly")) return SalaryPeriod::kYear;
  if (EqualsIgnoreAsciiCase(s, "monthly")) return SalaryPeriod::kMonth;
  if (EqualsIgnoreAsciiCase(s, "weekly")) return SalaryPeriod::kWeek;
  if (EqualsIgnoreAsciiCase(s, "daily")) return SalaryPeriod::kDay;
  if (EqualsIgnoreAsciiCase(s, "hourly")) return SalaryPeriod::kHour;
  return std::nullopt;
}

// The first JobType of a "fulltime, parttime" list.
EmploymentType JobSpyJobType(std::string_view s) {
  std::string_view first = TrimAscii(s.substr(0, s.find(',')));
  if (EqualsIgnoreAsciiCase(first, "fulltime")) return EmploymentType::kFullTime;
  if (EqualsIgnoreAsciiCase(first, "parttime")) return EmploymentType::kPartTime;
  if (EqualsIgnoreAsciiCase(first, "contract")) return EmploymentType::kContract;
  if (EqualsIgnoreAsciiCase(first, "internship")) return EmploymentType::kInternship;
  return EmploymentType::kUnknown;
}

// LinkedIn's "Seniority level" labels as JobSpy passes them in job_level; only the ones that
// name a level unambiguously ("mid-senior level" spans several).
Seniority JobSpyLevel(std::string_view s) {
  if (EqualsIgnoreAsciiCase(s, "internship")) return Seniority::kIntern;
  if (EqualsIgnoreAsciiCase(s, "entry level")) return Seniority::kJunior;
  if (EqualsIgnoreAsciiCase(s, "director") || EqualsIgnoreAsciiCase(s, "executive")) return Seniority::kDirector;
  return Seniority::kUnknown;
}

std::optional<double> Amount(std::string_view s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  std::string copy(s);
  double d = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !(d > 0)) return std::nullopt;
  return d;
}

void Finish(const SourceSpec& spec, const CsvRecord& row, JobPosting& p) {
  std::string_view site = row.Get("site");
  if (!spec.name.empty()) {
    p.source = spec.name;
  } else {
    p.source = site.empty() ? std::string(kType) : std::string(kType) + ":" + std::string(site);  // "jobspy:indeed"
  }
  p.employment_type = JobSpyJobType(row.Get("job_type"));
  p.seniority = JobSpyLevel(row.Get("job_level"));
  // The salary again with JobSpy's own interval names (the generic mapping only knows the
  // common spellings, and defaults to yearly).
  std::optional<double> min = Amount(row.Get("min_amount"));
  std::optional<double> max = Amount(row.Get("max_amount"));
  if (min || max) {
    std::optional<SalaryPeriod> period = JobSpyInterval(row.Get("interval"));
    std::string currency(row.Get("currency"));
    if (period) {
      p.salary = MakeStructuredSalary(currency.empty() ? "USD" : currency, *period, min, max);
      // salary_source "description": JobSpy read the figures out of the text itself.
      if (EqualsIgnoreAsciiCase(row.Get("salary_source"), "description")) p.salary->origin = SalaryOrigin::kText;
    } else {
      p.salary.reset();  // an interval we cannot read: leave it to the text extractor
    }
  }
}

CsvPreset Preset() {
  CsvPreset preset;
  preset.type = kType;
  preset.columns = {{"source_id", "id"},
                    {"url", "job_url"},
                    {"apply_url", "job_url_direct"},
                    {"title", "title"},
                    {"company", "company"},
                    {"location", "location"},
                    {"posted_at", "date_posted"},
                    {"employment_type", "job_type"},
                    {"salary_period", "interval"},
                    {"salary_min", "min_amount"},
                    {"salary_max", "max_amount"},
                    {"salary_currency", "currency"},
                    {"remote", "is_remote"},
                    {"department", "job_function"},
                    {"description", "description"},
                    {"source", "site"}};
  preset.finish = Finish;
  return preset;
}

int Sniff(std::string_view origin, std::string_view head) {
  (void)origin;
  if (head.empty() || head[0] == '{' || head[0] == '[' || head[0] == '<') return 0;
  int marks = 0;
  for (const std::string& c : CsvHeaderColumns(head)) {
    for (std::string_view want : {"site", "job_url", "min_amount", "interval", "job_url_direct", "is_remote"}) {
      if (EqualsIgnoreAsciiCase(c, want)) ++marks;
    }
  }
  // site, job_url, min_amount and interval together are JobSpy's (csv sniffs 15..40).
  if (marks >= 4) return 85;
  return 0;
}

Result<std::unique_ptr<Source>> Open(const SourceSpec& spec, const Document& doc) {
  return OpenCsv(spec, doc, Preset());
}

}  // namespace

void RegisterJobSpySource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description = "JobSpy CSV output (jobspy:FILE.csv; LinkedIn/Indeed/Glassdoor... scrapes)";
  f.sniff = Sniff;
  f.open = Open;
  r.Register(f);
}

}  // namespace skillpulse

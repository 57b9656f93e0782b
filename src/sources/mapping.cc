#include "sources/mapping.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

#include "core/text.h"
#include "enrich/html_text.h"
#include "enrich/salary.h"

namespace skillpulse {
namespace {

struct FieldSpelling {
  MappedField field;
  std::string_view name;
  // Common column names, most specific first (JobSpy README columns included: id, site,
  // job_url, job_url_direct, title, company, location, date_posted, job_type, interval,
  // min_amount, max_amount, currency, is_remote, description).
  std::array<std::string_view, 12> spellings;
};

constexpr FieldSpelling kFields[] = {
    {MappedField::kSourceId, "source_id", {"source_id", "id", "job_id", "jobid", "posting_id", "post_link_id", "guid", "uuid", "req_id", "requisition_id"}},
    {MappedField::kTitle, "title", {"title", "job_title", "job title", "position", "role", "position_title", "jobtitle", "name", "", ""}},
    {MappedField::kCompany, "company", {"company", "company_name", "company name", "employer", "hiring_organization", "organization", "org", "companyname", "", ""}},
    {MappedField::kLocation, "location", {"location", "job_location", "locations", "city", "location_name", "joblocation", "", "", "", ""}},
    {MappedField::kDescription, "description", {"description", "job_description", "job description", "text", "posting", "body", "content", "description_html", "descriptionplain", "summary"}},
    {MappedField::kUrl, "url", {"url", "job_url", "link", "posting_url", "hostedurl", "joburl", "href", "", "", ""}},
    {MappedField::kApplyUrl, "apply_url", {"apply_url", "job_url_direct", "applyurl", "application_url", "", "", "", "", "", ""}},
    {MappedField::kPostedAt, "posted_at", {"posted_at", "date_posted", "dateposted", "published_at", "publishedat", "created_at", "createdat", "creation_date", "date_created", "post_date", "date", "time"}},
    {MappedField::kMonth, "month", {"month", "", "", "", "", "", "", "", "", ""}},
    {MappedField::kSalaryText, "salary", {"salary", "salary_text", "salary estimate", "salary_estimate", "compensation", "pay", "salary_range", "", "", ""}},
    {MappedField::kSalaryMin, "salary_min", {"salary_min", "min_amount", "min_salary", "salary_from", "minsalary", "", "", "", "", ""}},
    {MappedField::kSalaryMax, "salary_max", {"salary_max", "max_amount", "max_salary", "salary_to", "maxsalary", "", "", "", "", ""}},
    {MappedField::kSalaryCurrency, "salary_currency", {"salary_currency", "currency", "currency_code", "", "", "", "", "", "", ""}},
    {MappedField::kSalaryPeriod, "salary_period", {"salary_period", "interval", "pay_period", "salary_interval", "period", "", "", "", "", ""}},
    {MappedField::kEmploymentType, "employment_type", {"employment_type", "job_type", "jobtype", "type", "employmenttype", "commitment", "time_type", "", "", ""}},
    {MappedField::kRemote, "remote", {"is_remote", "remote", "isremote", "work_from_home", "", "", "", "", "", ""}},
    {MappedField::kDepartment, "department", {"department", "team", "category", "job_function", "", "", "", "", "", ""}},
    {MappedField::kSource, "source", {"site", "board", "", "", "", "", "", "", "", ""}},
};

std::string NormalizeColumn(std::string_view s) {
  std::string out;
  for (char c : TrimAscii(s)) out.push_back(AsciiLower(c));
  return out;
}

}  // namespace

std::string_view MappedFieldName(MappedField f) {
  for (const auto& spec : kFields) {
    if (spec.field == f) return spec.name;
  }
  return "?";
}

std::optional<MappedField> ParseMappedField(std::string_view name) {
  for (const auto& spec : kFields) {
    if (spec.name == name) return spec.field;
  }
  return std::nullopt;
}

Result<ColumnMapping> ColumnMapping::Resolve(const std::vector<std::string>& keys,
                                             const std::map<std::string, std::string>& overrides) {
  ColumnMapping m;
  std::vector<std::string> norm;
  norm.reserve(keys.size());
  for (const auto& k : keys) norm.push_back(NormalizeColumn(k));
  std::vector<bool> taken(keys.size(), false);
  for (const auto& [field_name, column] : overrides) {
    auto f = ParseMappedField(field_name);
    if (!f) return InvalidArgument("--map: unknown field '" + field_name + "'");
    std::string want = NormalizeColumn(column);
    int idx = -1;
    for (size_t i = 0; i < norm.size(); ++i) {
      if (norm[i] == want) idx = static_cast<int>(i);
    }
    if (idx < 0) return InvalidArgument("--map " + field_name + "=" + column + ": no such column");
    m.columns_[static_cast<size_t>(*f)] = idx;
    taken[idx] = true;
  }
  for (const auto& spec : kFields) {
    if (m.columns_[static_cast<size_t>(spec.field)] >= 0) continue;
    for (std::string_view sp : spec.spellings) {
      if (sp.empty()) break;
      for (size_t i = 0; i < norm.size(); ++i) {
        if (!taken[i] && norm[i] == sp) {
          m.columns_[static_cast<size_t>(spec.field)] = static_cast<int>(i);
          taken[i] = true;
          break;
        }
      }
      if (m.columns_[static_cast<size_t>(spec.field)] >= 0) break;
    }
  }
  return m;
}

bool ColumnMapping::usable() const {
  return column(MappedField::kTitle) >= 0 || column(MappedField::kDescription) >= 0;
}

bool ColumnMapping::looks_like_postings() const {
  if (!usable()) return false;
  if (column(MappedField::kDescription) < 0 && column(MappedField::kUrl) < 0 && column(MappedField::kApplyUrl) < 0) {
    return false;
  }
  return std::count_if(columns_.begin(), columns_.end(), [](int c) { return c >= 0; }) >= 3;
}

std::string ColumnMapping::Describe(const std::vector<std::string>& keys) const {
  std::string s;
  for (const auto& spec : kFields) {
    int c = columns_[static_cast<size_t>(spec.field)];
    if (c < 0) continue;
    if (!s.empty()) s += ", ";
    s += std::string(spec.name) + "=" + keys[c];
  }
  return s;
}

std::optional<int64_t> ParseLooseTimestamp(std::string_view s) {
  s = TrimAscii(s);
  if (s.empty()) return std::nullopt;
  if (auto t = ParseIso8601(s)) return t;
  bool digits = true;
  for (char c : s) digits = digits && c >= '0' && c <= '9';
  if (digits && s.size() >= 9 && s.size() <= 13) {
    int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return s.size() >= 12 ? v / 1000 : v;  // milliseconds (13 digits) or seconds
  }
  if (auto t = ParseRfc822(s)) return t;
  return std::nullopt;
}

std::string ParseLooseMonth(std::string_view s) {
  s = TrimAscii(s);
  if (IsMonthString(s)) return std::string(s);
  if (s.size() >= 7 && IsMonthString(std::string(s.substr(0, 4)) + "-" + std::string(s.substr(5, 2))) &&
      (s[4] == '/' || s[4] == '.')) {
    return std::string(s.substr(0, 4)) + "-" + std::string(s.substr(5, 2));
  }
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  size_t space = s.find(' ');
  if (space == std::string_view::npos || space < 3) return "";
  std::string_view name = s.substr(0, space);
  std::string_view year = TrimAscii(s.substr(space + 1));
  if (year.size() != 4 || !std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "";
  }
  for (int m = 0; m < 12; ++m) {
    if (StartsWithIgnoreAsciiCase(name, kMonths[m])) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "-%02d", m + 1);
      return std::string(year) + buf;
    }
  }
  return "";
}

namespace {

// A company cell's name without a rating line under it: Glassdoor exports write the
// employer's star rating on a second line ("Tecolote Research\n3.8", glassdoor_ds_jobs_2020).
// Only a second line that is a bare number goes; any other text stays (collapsed).
std::string_view CompanyName(std::string_view cell) {
  size_t nl = cell.rfind('\n');
  if (nl == std::string_view::npos) return cell;
  std::string_view rest = TrimAscii(cell.substr(nl + 1));
  if (rest.empty() || rest.size() > 4) return cell;
  for (char c : rest) {
    if (!((c >= '0' && c <= '9') || c == '.')) return cell;
  }
  return TrimAscii(cell.substr(0, nl));
}

}  // namespace

std::optional<std::string> FillPosting(const ColumnMapping& m, const std::vector<std::string_view>& values,
                                       std::string_view fallback_id, JobPosting& p) {
  auto get = [&](MappedField f) -> std::string_view {
    int c = m.column(f);
    if (c < 0 || static_cast<size_t>(c) >= values.size()) return {};
    return TrimAscii(values[c]);
  };
  p.title = CollapseWhitespace(get(MappedField::kTitle));
  std::string_view desc = get(MappedField::kDescription);
  if (p.title.empty() && desc.empty()) return std::string("record has neither a title nor a description");
  p.source_id = std::string(get(MappedField::kSourceId));
  if (p.source_id.empty()) p.source_id = std::string(fallback_id);
  p.company = CollapseWhitespace(CompanyName(get(MappedField::kCompany)));
  p.location = CollapseWhitespace(get(MappedField::kLocation));
  if (LooksLikeHtml(desc)) {
    p.description_html = std::string(desc);
  } else {
    p.description_text = std::string(desc);
  }
  p.url = std::string(get(MappedField::kUrl));
  p.apply_url = std::string(get(MappedField::kApplyUrl));
  p.department = std::string(get(MappedField::kDepartment));
  p.employment_type_raw = std::string(get(MappedField::kEmploymentType));
  if (auto t = ParseLooseTimestamp(get(MappedField::kPostedAt))) p.posted_at = *t;
  if (std::string month = ParseLooseMonth(get(MappedField::kMonth)); !month.empty()) p.month = std::move(month);
  std::string_view remote = get(MappedField::kRemote);
  if (EqualsIgnoreAsciiCase(remote, "true") || remote == "1" || EqualsIgnoreAsciiCase(remote, "yes")) {
    p.work_mode = WorkMode::kRemote;
  }
  // Structured salary columns (JobSpy: interval, min_amount, max_amount, currency).
  auto number = [](std::string_view s) -> std::optional<double> {
    if (s.empty()) return std::nullopt;
    double d;
    auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    if (r.ec != std::errc() || d <= 0) return std::nullopt;
    return d;
  };
  std::optional<double> smin = number(get(MappedField::kSalaryMin));
  std::optional<double> smax = number(get(MappedField::kSalaryMax));
  if (smin || smax) {
    std::optional<SalaryPeriod> period = ParseSalaryInterval(get(MappedField::kSalaryPeriod));
    std::string currency(get(MappedField::kSalaryCurrency));
    p.salary = MakeStructuredSalary(currency.empty() ? "USD" : currency, period.value_or(SalaryPeriod::kYear), smin, smax);
  } else if (std::string_view st = get(MappedField::kSalaryText); !st.empty() && st != "-1") {
    p.salary_text = std::string(st);
  }
  if (std::string_view site = get(MappedField::kSource); !site.empty() && p.source.empty()) p.source = std::string(site);
  return std::nullopt;
}

}  // namespace skillpulse

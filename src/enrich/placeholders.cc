// TEMPORARY: minimal stand-ins so the source layer builds before the enrichment modules
// (salary, fields, HN header) are merged. Deleted when they land.
#include "enrich/salary.h"
#include "sources/hn_header.h"
#include "core/text.h"

namespace skillpulse {

std::optional<SalaryPeriod> ParseSalaryInterval(std::string_view s) {
  if (s.find("YEAR") != std::string_view::npos || s.find("year") != std::string_view::npos) return SalaryPeriod::kYear;
  if (s.find("HOUR") != std::string_view::npos || s.find("hour") != std::string_view::npos) return SalaryPeriod::kHour;
  if (s.find("MONTH") != std::string_view::npos || s.find("month") != std::string_view::npos) return SalaryPeriod::kMonth;
  return std::nullopt;
}

Salary MakeStructuredSalary(std::string_view currency, SalaryPeriod period, std::optional<double> min,
                            std::optional<double> max) {
  Salary s;
  s.currency = std::string(currency);
  s.period = period;
  s.min = min;
  s.max = max;
  s.origin = SalaryOrigin::kStructured;
  s.ranges.push_back({s.currency, period, min, max});
  return s;
}

HnHeader ParseHnHeader(std::string_view line) {
  HnHeader h;
  std::vector<std::string> f;
  size_t start = 0;
  while (start <= line.size()) {
    size_t bar = line.find('|', start);
    if (bar == std::string_view::npos) bar = line.size();
    f.push_back(std::string(TrimAscii(line.substr(start, bar - start))));
    start = bar + 1;
  }
  if (f.size() < 2) return h;
  h.found = true;
  h.company = f[0];
  h.title = f[1];
  if (f.size() > 2) h.location = f[2];
  return h;
}

}  // namespace skillpulse

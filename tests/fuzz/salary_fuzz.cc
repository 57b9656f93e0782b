// libFuzzer target for the salary parsers: ExtractSalaryFromText (with a country chosen by
// the first byte), ParseSalaryInterval and FxTable::Parse. Checks the output invariants, not
// only the absence of crashes. Seeds: scripts/salary_fuzz_seeds.sh.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "enrich/salary.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckSalary(const skillpulse::Salary& s) {
  Check(!s.ranges.empty());
  Check(s.currency.size() == 3);
  for (char c : s.currency) Check(c >= 'A' && c <= 'Z');
  Check(s.min.has_value() || s.max.has_value());
  if (s.min) Check(std::isfinite(*s.min) && *s.min > 0);
  if (s.max) Check(std::isfinite(*s.max) && *s.max > 0);
  if (s.min && s.max) Check(*s.min <= *s.max);
  Check(s.payments_per_year == 0 || (s.payments_per_year >= 12 && s.payments_per_year <= 24));
  for (const skillpulse::SalaryRange& r : s.ranges) {
    Check(r.min.has_value() || r.max.has_value());
    if (r.min && r.max) Check(*r.min <= *r.max);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static constexpr std::string_view kCountries[] = {"", "US", "GB", "CA", "IN", "CN", "JP", "DE"};
  std::string_view country = size > 0 ? kCountries[data[0] % 8] : "";
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (std::optional<skillpulse::Salary> s = skillpulse::ExtractSalaryFromText(text, skillpulse::SalaryContext{country})) {
    CheckSalary(*s);
  }
  (void)skillpulse::ParseSalaryInterval(text.substr(0, 64));
  auto table = skillpulse::FxTable::Parse(text, "fuzz");
  if (table.ok()) {
    Check((*table)->date().size() == 10);
    if (auto r = (*table)->UsdPerUnit("USD")) Check(*r > 0 && std::isfinite(*r));
  }
  return 0;
}

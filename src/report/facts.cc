#include "report/facts.h"

#include <cstdio>

#include "core/text.h"

namespace skillpulse {

MonthIndex ParseMonthIndex(std::string_view s) {
  if (!IsMonthString(s)) return kNoMonth;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  return y * 12 + (m - 1);
}

std::string FormatMonthIndex(MonthIndex m) {
  if (m < 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", m / 12, m % 12 + 1);
  return buf;
}

MonthIndex MonthIndexOfUnix(int64_t unix_s) {
  constexpr int64_t kMaxUnix = 253402300799;  // 9999-12-31T23:59:59Z
  if (unix_s < 0 || unix_s > kMaxUnix) return kNoMonth;
  // H. Hinnant's civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
  const int64_t z = unix_s / 86400 + 719468;
  const int64_t era = z / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return static_cast<MonthIndex>(y * 12 + (m - 1));
}

int FactTable::FindSkill(std::string_view name) const {
  for (size_t i = 0; i < skill_info.size(); ++i) {
    const auto& s = skill_info[i];
    if (EqualsIgnoreAsciiCase(s.slug, name) || EqualsIgnoreAsciiCase(s.name, name)) return static_cast<int>(i);
  }
  for (size_t i = 0; i < skill_info.size(); ++i) {
    for (const auto& a : skill_info[i].aliases) {
      if (EqualsIgnoreAsciiCase(a, name)) return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace skillpulse

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

#include "core/posting.h"

#include <array>

namespace skillpulse {
namespace {

template <class E, size_t N>
std::optional<E> ParseName(std::string_view name, const std::array<std::string_view, N>& names) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 4> kWorkModes = {"unknown", "remote", "hybrid", "onsite"};
constexpr std::array<std::string_view, 10> kSeniorities = {
    "unknown", "intern", "junior", "mid", "senior", "staff", "principal", "lead", "manager", "director"};
constexpr std::array<std::string_view, 5> kEmploymentTypes = {"unknown", "full-time", "part-time",
                                                              "contract", "internship"};
constexpr std::array<std::string_view, 5> kPeriods = {"year", "month", "week", "day", "hour"};

}  // namespace

std::string_view WorkModeName(WorkMode m) { return kWorkModes[static_cast<size_t>(m)]; }
std::optional<WorkMode> ParseWorkMode(std::string_view n) { return ParseName<WorkMode>(n, kWorkModes); }
std::string_view SeniorityName(Seniority s) { return kSeniorities[static_cast<size_t>(s)]; }
std::optional<Seniority> ParseSeniority(std::string_view n) { return ParseName<Seniority>(n, kSeniorities); }
std::string_view EmploymentTypeName(EmploymentType t) { return kEmploymentTypes[static_cast<size_t>(t)]; }
std::optional<EmploymentType> ParseEmploymentType(std::string_view n) {
  return ParseName<EmploymentType>(n, kEmploymentTypes);
}
std::string_view SalaryPeriodName(SalaryPeriod p) { return kPeriods[static_cast<size_t>(p)]; }
std::optional<SalaryPeriod> ParseSalaryPeriod(std::string_view n) { return ParseName<SalaryPeriod>(n, kPeriods); }

double PeriodsPerYear(SalaryPeriod p) {
  switch (p) {
    case SalaryPeriod::kYear: return 1;
    case SalaryPeriod::kMonth: return 12;
    case SalaryPeriod::kWeek: return 52;
    case SalaryPeriod::kDay: return 260;
    case SalaryPeriod::kHour: return 2080;
  }
  return 1;
}

std::string_view SalaryOriginName(SalaryOrigin o) { return o == SalaryOrigin::kStructured ? "structured" : "text"; }

}  // namespace skillpulse

// Internal to the salary extractor (salary.cc, salary_text.cc): the currency list.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace skillpulse::salary_internal {

struct CurrencyInfo {
  std::string_view code;  // ISO 4217
  // Rough USD per unit, for plausibility checks only (never for output: conversions use
  // data/fx_rates.csv). Orders of magnitude of the 2024/2025 rates in that table.
  double approx_usd;
  // A currency of a high-income economy: an annual salary below USD 8,000 in it is not
  // plausible (a stipend, a budget, a price); others allow down to USD 2,000.
  bool major;
};

// The currencies the extractor recognizes as ISO codes; nullptr when `code` is not one.
const CurrencyInfo* FindCurrency(std::string_view code);

// The anchor scan of ExtractSalaryFromText (salary_text.cc) with a chosen implementation,
// for differential tests and benchmarks. Returns false when the CPU lacks the ISA.
enum class AnchorIsa { kScalar, kAvx2, kAvx512, kBest };
bool FindAnchorsForTest(std::string_view text, AnchorIsa isa, std::vector<uint32_t>& out);

}  // namespace skillpulse::salary_internal

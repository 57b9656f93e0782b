// Salary: from structured ATS fields or from text, to ISO 4217 currency + period + min/max,
// and to annual USD through a dated FX table (data/fx_rates.csv).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/posting.h"
#include "core/status.h"

namespace skillpulse {

// USD value of one unit of each currency on one date.
class FxTable {
 public:
  // Loads a CSV "currency,usd_per_unit" with a "# date: YYYY-MM-DD" / "# source: ..." header.
  static Result<std::shared_ptr<const FxTable>> Load(const std::string& path);
  // data/fx_rates.csv; aborts with a clear message if missing (a broken install).
  static std::shared_ptr<const FxTable> Default();
  // USD per one unit of `currency` (ISO 4217), or nullopt when unknown.
  std::optional<double> UsdPerUnit(std::string_view currency) const;
  const std::string& date() const { return date_; }      // "YYYY-MM-DD"
  const std::string& source() const { return source_; }  // where the rates come from

 private:
  std::string date_;
  std::string source_;
  std::vector<std::pair<std::string, double>> rates_;
  friend class FxTableBuilder;
};

// Context for text extraction.
struct SalaryContext {
  // ISO 3166-1 alpha-2 country of the posting, when known: a figure without a currency takes
  // this country's currency ("150-200k" in a US posting is USD).
  std::string_view country;
};

// Extracts the base salary stated in `text` (plain text, see HtmlToText), following the
// conventions of issue 5 (min/max in the original currency and period; one span over several
// ranges in the main currency/period, every range kept in `ranges`; base pay only).
// Returns nullopt when the text states no salary. origin = kText; annual_usd_* not yet set.
std::optional<Salary> ExtractSalaryFromText(std::string_view text, const SalaryContext& context);

// Sets annual_usd_min/max and fx_date from currency, period and payments_per_year.
void AnnualizeToUsd(Salary& salary, const FxTable& fx);

}  // namespace skillpulse

namespace skillpulse {

// Maps the interval spellings of ATS APIs and schema.org to a period: Ashby "1 YEAR",
// Lever "per-year-salary"/"per-hour-wage", schema.org unitText "YEAR"/"HOUR", "annual",
// "hourly" ... nullopt when unknown.
std::optional<SalaryPeriod> ParseSalaryInterval(std::string_view interval);

// A structured (ATS / JSON-LD) salary with one range; origin = kStructured.
Salary MakeStructuredSalary(std::string_view currency, SalaryPeriod period, std::optional<double> min,
                            std::optional<double> max);

}  // namespace skillpulse

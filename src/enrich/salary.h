// Salary: from structured ATS fields or from text, to ISO 4217 currency + period + min/max,
// and to annual USD through a dated FX table (data/fx_rates.csv).
//
// Output conventions (the project's contract, tests/accuracy/labels/README.md):
//  - min/max are plain numbers in the original currency and period; a single figure gives
//    min == max; "150k+" / "from 150k" gives max = nullopt; "up to 200k" gives min = nullopt;
//    a "+" after a range's upper bound keeps that bound ("$150-200k+" is 150000-200000).
//  - several ranges (roles, levels, locations) give one span: the lowest lower bound and the
//    highest upper bound among the ranges in the main currency and period (the pair used by
//    most ranges; the first listed on a tie); every range is kept in `ranges`.
//  - base pay only: equity, bonus, commission, OTE, signing/referral bonuses, stipends,
//    budgets, funding, revenue, prices, valuations, "401k" are not salaries; a
//    total-compensation (OTE, "total comp") range counts only when no base figure is given.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/posting.h"
#include "core/status.h"

namespace skillpulse {

// USD value of one unit of each currency on one date. Immutable once loaded; thread-safe.
class FxTable {
 public:
  // Loads a CSV "currency,usd_per_unit[,more columns ignored]" with a header row and
  // "# date: YYYY-MM-DD" / "# source: ..." comment lines (other '#' lines are ignored).
  // Errors: kIoError/kNotFound when unreadable; kParseError (with the line number) for a
  // malformed row, a missing/invalid date, a non-ISO currency or a rate that is not a
  // positive finite number.
  static Result<std::shared_ptr<const FxTable>> Load(const std::string& path);
  // Same, from the file's bytes (`name` is used in error messages).
  static Result<std::shared_ptr<const FxTable>> Parse(std::string_view csv, std::string_view name);
  // data/fx_rates.csv (DataFile), loaded once; aborts with a clear message if missing or
  // malformed (a broken install).
  static std::shared_ptr<const FxTable> Default();
  // USD per one unit of `currency` (ISO 4217, upper case), or nullopt when unknown.
  std::optional<double> UsdPerUnit(std::string_view currency) const;
  const std::string& date() const { return date_; }      // "YYYY-MM-DD"
  const std::string& source() const { return source_; }  // where the rates come from
  size_t size() const { return rates_.size(); }

 private:
  std::string date_;
  std::string source_;
  std::vector<std::pair<std::string, double>> rates_;  // sorted by currency
  friend class FxTableBuilder;
};

// Context for text extraction.
struct SalaryContext {
  // ISO 3166-1 alpha-2 country of the posting, when known: a figure without a currency takes
  // this country's currency ("150-200k" in a US posting is USD), and a bare "$" is read as
  // the country's dollar when it has one (CA -> CAD, AU -> AUD, SG -> SGD ...).
  std::string_view country;
};

// Extracts the base salary stated in `text` (plain text, see HtmlToText), following the
// conventions above. Returns nullopt when the text states no salary. origin = kText;
// annual_usd_* are not set (see AnnualizeToUsd). Never throws; any bytes are accepted
// (ill-formed UTF-8 is treated as opaque bytes; texts over 2 GiB are cut). Thread-safe
// (per-thread scratch buffers). Cost: one SIMD pass (AVX-512BW / AVX2 chosen at run time,
// scalar elsewhere) over the text, plus context work around the few positions next to a
// currency sign, a k/LPA/万 multiplier, an ISO code or "salary"/薪 (bench/salary_bench.cc).
//
// Rules beyond the contract (documented choices):
//  - Currency of a figure without one: the country's currency (SalaryContext::country);
//    when the country is unknown: the currency written on another salary figure of the same
//    posting, else the first currency sign/code anywhere in the text, else CNY for text
//    written in Chinese, else USD (HN's bare "150-200k" is overwhelmingly USD).
//  - Period not stated: year; except in Chinese text, where "K" figures are monthly (the
//    convention of Chinese job boards) and 万/w figures are yearly. "N薪" after a monthly
//    figure sets payments_per_year = N (13.5 rounds to 14). A period written before the
//    figure counts ("hourly rate of", "annualized range of", "月薪", "年薪"), and a figure
//    without a period takes the period of the same figure written elsewhere in the posting.
//  - "k" is implied on a range written without it ("Salary: 120-150") only when a salary
//    word (salary, base, compensation) introduces it, both numbers are 40..999 and no period
//    is stated; one side's multiplier applies to the other side when that side is < 1000
//    ("$120-150k", "€45K-€70").
//  - Figures without a currency need salary evidence: a salary/pay word in the same clause or
//    heading, a period, or an HN header field ("| 120k-150k |").
//  - "k" is also implied when a salary word follows ("$132-$165 Salary").
//  - Plausibility (annual equivalent, converted with a coarse built-in rate): at least
//    USD 8,000 for major currencies (USD, EUR, GBP, CHF, CAD, AUD, JPY, ...) and USD 2,000
//    for others, at most USD 2,000,000; ranges with lower bound 0, lower > upper or
//    upper > 10 x lower are rejected. Figures in millions ("$2M") need a salary word.
//  - Not pay: the noun phrase attached to a figure decides first ("$10M in funding", "$500
//    stipend", "$160k OTE", "$1000 retention bonus"), else the nearest keyword of its clause
//    or of the heading above it ("raised", "budget of", "Salary range:", "Compensation").
//    A figure in running prose with no pay word anywhere near ("houses that go for $150,000")
//    counts only when the posting states pay elsewhere in the same currency. A figure written
//    per hour or per day is a rate of pay whatever noun sits next to it ("a $40/hour contract
//    rate", "Students: $10-20/hour"; "a $2M contract" stays excluded). "On-target wage" is
//    total compensation like "on-target earnings".
//  - Word lists (English, some German/French/Spanish salary words, Chinese/Japanese) are
//    compiled in (salary_text.cc), taken from reading the shared postings.
//  - An exact repeat of an earlier range is listed once, unless the posting gives three or
//    more ranges (a per-role/per-location list, where equal ranges are different roles).
//  - is_estimate: an "est."/"estimate(d)" next to a chosen range (Glassdoor's "(Glassdoor
//    est.)", "estimated salary range").
std::optional<Salary> ExtractSalaryFromText(std::string_view text, const SalaryContext& context);

// The salary of a posting whose source gives a salary field apart from the text (an HN
// header field "| SALARY: 80-125k CAD |", RSS <salary>, a CSV column): the field's salary;
// the text's when the field states none; and the text's when it widens the field's, i.e.
// the text repeats every range of the field in the same currency and period and lists more
// ranges (the field summarises a per-role list: "SALARY: 80-125k CAD" over "QA/QE Engineers
// (50-90k CAD)", "junior developers (30-60k CAD)"; held-out round 5, hn 18118516). An empty
// field is the text alone. Same guarantees as ExtractSalaryFromText.
std::optional<Salary> ExtractSalaryFromFieldAndText(std::string_view field, std::string_view text,
                                                    const SalaryContext& context);

// The structured pay interval spellings of the ATS APIs and schema.org, case-insensitive:
// Ashby "1 YEAR" / "1 MONTH" / "1 WEEK" / "1 DAY" / "1 HOUR"; Lever "per-year-salary",
// "per-month-salary", "per-week-salary", "per-day-wage", "per-hour-wage"; schema.org
// QuantitativeValue.unitText "YEAR" / "MONTH" / "WEEK" / "DAY" / "HOUR" and ISO 8601
// durations "P1Y" / "P1M" / "P1W" / "P1D" / "PT1H"; Greenhouse and common words "annual",
// "annually", "yearly", "per annum", "per year", "monthly", "weekly", "daily", "hourly",
// "salary" (= year). nullopt for anything else ("1 TIME", "NONE", "one-time", "").
std::optional<SalaryPeriod> ParseSalaryInterval(std::string_view interval);

// A salary from structured fields (Ashby summaryComponents, Lever salaryRange, JSON-LD
// baseSalary): origin = kStructured, one range. `currency` is upper-cased; anything that is
// not three ASCII letters becomes "". Non-finite or non-positive bounds are treated as
// absent (Ashby gives minValue 0 for "not set"); min > max are swapped (a data-entry
// error, the range is kept); a single given bound is kept as it is (min only = "from",
// max only = "up to").
Salary MakeStructuredSalary(std::string_view currency, SalaryPeriod period, std::optional<double> min,
                            std::optional<double> max);

// Sets annual_usd_min/max and fx_date from currency, period and payments_per_year:
// annual = value x PeriodsPerYear(period) (a monthly salary with payments_per_year > 0 uses
// that instead of 12) x fx.UsdPerUnit(currency). When the currency has no rate, annual_usd_*
// are reset to nullopt and fx_date to "".
void AnnualizeToUsd(Salary& salary, const FxTable& fx);

// A structured salary's bounds that no pay can be, after AnnualizeToUsd: below USD 1,000 or
// above USD 5,000,000 a year. They are data-entry slips in the ATS fields (Ashby, 2025-10:
// "24.04" and "26" with interval "1 YEAR" are hourly wages, "55-65" thousands, a minimum of 1,
// 30 or 200 a placeholder under a real maximum), and they would bend every percentile they
// enter. Each such bound is removed (from min/max, the single range and annual_usd_*); returns
// true when any was. A salary left with no bound should be discarded by the caller. Bounds
// without an annual figure (no FX rate) are kept.
bool DropImplausibleStructuredBounds(Salary& salary);

// ISO 4217 currency of an ISO 3166-1 alpha-2 country (case-insensitive; "UK" = GB), or ""
// when unknown. Source: ISO 4217 list of currencies by country (SIX, amendment 176).
std::string_view CurrencyOfCountry(std::string_view country);

}  // namespace skillpulse


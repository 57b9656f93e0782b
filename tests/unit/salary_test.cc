// Structured salaries, interval spellings, the FX table, annualization, and the anchor scan's
// SIMD paths against the scalar reference.
#include "enrich/salary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/input.h"
#include "enrich/salary_internal.h"

namespace skillpulse {
namespace {

TEST(SalaryInterval, AtsAndSchemaOrgSpellings) {
  // Ashby compensation intervals (ats_ashby: "1 YEAR" 4394x, "1 HOUR" 215x, "1 MONTH" 38x, "1 WEEK").
  EXPECT_EQ(ParseSalaryInterval("1 YEAR"), SalaryPeriod::kYear);
  EXPECT_EQ(ParseSalaryInterval("1 MONTH"), SalaryPeriod::kMonth);
  EXPECT_EQ(ParseSalaryInterval("1 WEEK"), SalaryPeriod::kWeek);
  EXPECT_EQ(ParseSalaryInterval("1 DAY"), SalaryPeriod::kDay);
  EXPECT_EQ(ParseSalaryInterval("1 HOUR"), SalaryPeriod::kHour);
  EXPECT_EQ(ParseSalaryInterval("1 TIME"), std::nullopt);
  EXPECT_EQ(ParseSalaryInterval("NONE"), std::nullopt);
  // Lever salaryRange.interval.
  EXPECT_EQ(ParseSalaryInterval("per-year-salary"), SalaryPeriod::kYear);
  EXPECT_EQ(ParseSalaryInterval("per-month-salary"), SalaryPeriod::kMonth);
  EXPECT_EQ(ParseSalaryInterval("per-week-salary"), SalaryPeriod::kWeek);
  EXPECT_EQ(ParseSalaryInterval("per-day-wage"), SalaryPeriod::kDay);
  EXPECT_EQ(ParseSalaryInterval("per-hour-wage"), SalaryPeriod::kHour);
  EXPECT_EQ(ParseSalaryInterval("one-time"), std::nullopt);
  // schema.org QuantitativeValue.unitText and ISO 8601 durations.
  EXPECT_EQ(ParseSalaryInterval("YEAR"), SalaryPeriod::kYear);
  EXPECT_EQ(ParseSalaryInterval("MONTH"), SalaryPeriod::kMonth);
  EXPECT_EQ(ParseSalaryInterval("WEEK"), SalaryPeriod::kWeek);
  EXPECT_EQ(ParseSalaryInterval("DAY"), SalaryPeriod::kDay);
  EXPECT_EQ(ParseSalaryInterval("HOUR"), SalaryPeriod::kHour);
  EXPECT_EQ(ParseSalaryInterval("P1Y"), SalaryPeriod::kYear);
  EXPECT_EQ(ParseSalaryInterval("PT1H"), SalaryPeriod::kHour);
  // Greenhouse and common words.
  EXPECT_EQ(ParseSalaryInterval("annual"), SalaryPeriod::kYear);
  EXPECT_EQ(ParseSalaryInterval("Annually"), SalaryPeriod::kYear);
  EXPECT_EQ(ParseSalaryInterval("yearly"), SalaryPeriod::kYear);
  EXPECT_EQ(ParseSalaryInterval("per annum"), SalaryPeriod::kYear);
  EXPECT_EQ(ParseSalaryInterval("  Hourly "), SalaryPeriod::kHour);
  EXPECT_EQ(ParseSalaryInterval("MONTHLY"), SalaryPeriod::kMonth);
  EXPECT_EQ(ParseSalaryInterval("per_hour"), SalaryPeriod::kHour);
  // Malformed.
  EXPECT_EQ(ParseSalaryInterval(""), std::nullopt);
  EXPECT_EQ(ParseSalaryInterval("2 WEEK"), std::nullopt);
  EXPECT_EQ(ParseSalaryInterval("fortnightly"), std::nullopt);
  EXPECT_EQ(ParseSalaryInterval(std::string(1000, 'y')), std::nullopt);
  EXPECT_EQ(ParseSalaryInterval(std::string("YE\0AR", 5)), std::nullopt);
}

TEST(StructuredSalary, AshbySummaryComponent) {
  // ashby govdash 624a577f-a92d-44a4-ac03-6f9f90d00206: Salary USD 1 YEAR 70000..75000.
  Salary s = MakeStructuredSalary("USD", SalaryPeriod::kYear, 70000, 75000);
  EXPECT_EQ(s.origin, SalaryOrigin::kStructured);
  EXPECT_EQ(s.currency, "USD");
  EXPECT_EQ(s.period, SalaryPeriod::kYear);
  EXPECT_EQ(s.min, 70000);
  EXPECT_EQ(s.max, 75000);
  ASSERT_EQ(s.ranges.size(), 1u);
  EXPECT_EQ(s.ranges[0], (SalaryRange{"USD", SalaryPeriod::kYear, 70000, 75000}));
  EXPECT_FALSE(s.annual_usd_min.has_value());
}

TEST(StructuredSalary, Conventions) {
  // A single figure: min == max (ashby PHP 1 HOUR 550..550).
  Salary s = MakeStructuredSalary("php", SalaryPeriod::kHour, 550, 550);
  EXPECT_EQ(s.currency, "PHP");
  EXPECT_EQ(s.min, 550);
  EXPECT_EQ(s.max, 550);
  // Ashby minValue 0 means "not set": an "up to".
  s = MakeStructuredSalary("USD", SalaryPeriod::kYear, 0, 65000);
  EXPECT_EQ(s.min, std::nullopt);
  EXPECT_EQ(s.max, 65000);
  // "from": no max.
  s = MakeStructuredSalary("EUR", SalaryPeriod::kYear, 60000, std::nullopt);
  EXPECT_EQ(s.min, 60000);
  EXPECT_EQ(s.max, std::nullopt);
  // Swapped bounds are a data-entry error: kept as a range.
  s = MakeStructuredSalary("GBP", SalaryPeriod::kYear, 90000, 60000);
  EXPECT_EQ(s.min, 60000);
  EXPECT_EQ(s.max, 90000);
  // Junk.
  s = MakeStructuredSalary("US Dollar", SalaryPeriod::kYear, NAN, -5);
  EXPECT_EQ(s.currency, "");
  EXPECT_EQ(s.min, std::nullopt);
  EXPECT_EQ(s.max, std::nullopt);
  s = MakeStructuredSalary("", SalaryPeriod::kYear, INFINITY, 1e5);
  EXPECT_EQ(s.min, std::nullopt);
  EXPECT_EQ(s.max, 1e5);
}

TEST(CurrencyOfCountry, IsoCodes) {
  EXPECT_EQ(CurrencyOfCountry("US"), "USD");
  EXPECT_EQ(CurrencyOfCountry("gb"), "GBP");
  EXPECT_EQ(CurrencyOfCountry("UK"), "GBP");
  EXPECT_EQ(CurrencyOfCountry("DE"), "EUR");
  EXPECT_EQ(CurrencyOfCountry("CH"), "CHF");
  EXPECT_EQ(CurrencyOfCountry("IN"), "INR");
  EXPECT_EQ(CurrencyOfCountry("CN"), "CNY");
  EXPECT_EQ(CurrencyOfCountry("XX"), "");
  EXPECT_EQ(CurrencyOfCountry(""), "");
  EXPECT_EQ(CurrencyOfCountry("USA"), "");
  EXPECT_EQ(CurrencyOfCountry("\xFF\xFE"), "");
}

TEST(FxTable, DefaultTableIsTheCitedOne) {
  std::shared_ptr<const FxTable> fx = FxTable::Default();
  ASSERT_NE(fx, nullptr);
  EXPECT_EQ(fx->date(), "2025-01-19");
  EXPECT_NE(fx->source().find("ai-jobs.net"), std::string::npos);
  EXPECT_EQ(fx->UsdPerUnit("USD"), 1.0);
  // CNY is not in the salary surveys: the ECB reference rates of 2024-06-28 crossed through
  // USD (1.0705 USD and 7.7748 CNY per EUR).
  ASSERT_TRUE(fx->UsdPerUnit("CNY").has_value());
  EXPECT_NEAR(*fx->UsdPerUnit("CNY"), 1.0705 / 7.7748, 1e-6);
  // SAR is pegged at 3.75 per USD.
  ASSERT_TRUE(fx->UsdPerUnit("SAR").has_value());
  EXPECT_NEAR(*fx->UsdPerUnit("SAR"), 1 / 3.75, 1e-6);
  // Every currency the Ashby postings use (ats_ashby summaryComponents) has a rate.
  for (const char* code : {"USD", "EUR", "GBP", "CAD", "PHP", "AUD", "SGD", "BRL", "MYR", "INR", "SAR", "CNY"}) {
    EXPECT_TRUE(fx->UsdPerUnit(code).has_value()) << code;
  }
  // Orders of magnitude (a unit above USD 1: GBP, EUR, CHF; below: the rest).
  EXPECT_GT(*fx->UsdPerUnit("GBP"), 1.1);
  EXPECT_LT(*fx->UsdPerUnit("GBP"), 1.5);
  EXPECT_GT(*fx->UsdPerUnit("INR"), 0.009);
  EXPECT_LT(*fx->UsdPerUnit("INR"), 0.015);
  EXPECT_EQ(fx->UsdPerUnit("XYZ"), std::nullopt);
  EXPECT_EQ(fx->UsdPerUnit("usd"), std::nullopt);
  EXPECT_EQ(fx->UsdPerUnit(""), std::nullopt);
}

TEST(FxTable, ParseErrors) {
  EXPECT_TRUE(FxTable::Parse("# date: 2024-06-28\ncurrency,usd_per_unit\nEUR,1.07\n", "t").ok());
  EXPECT_TRUE(FxTable::Parse("# date: 2024-06-28\r\ncurrency,usd_per_unit,extra\r\nEUR,1.07,x\r\n", "t").ok());
  EXPECT_FALSE(FxTable::Parse("currency,usd_per_unit\nEUR,1.07\n", "t").ok());  // no date
  EXPECT_FALSE(FxTable::Parse("# date: 2024-13-01\nEUR,1.07\n", "t").ok());
  EXPECT_FALSE(FxTable::Parse("# date: 2024-06-28\nEUR,abc\n", "t").ok());
  EXPECT_FALSE(FxTable::Parse("# date: 2024-06-28\nEUR,-1\n", "t").ok());
  EXPECT_FALSE(FxTable::Parse("# date: 2024-06-28\nEUR,inf\n", "t").ok());
  EXPECT_FALSE(FxTable::Parse("# date: 2024-06-28\nEURO,1\n", "t").ok());
  EXPECT_FALSE(FxTable::Parse("# date: 2024-06-28\nEUR\n", "t").ok());
  EXPECT_FALSE(FxTable::Parse("# date: 2024-06-28\nEUR,1\nEUR,2\n", "t").ok());
  Result<std::shared_ptr<const FxTable>> bad = FxTable::Parse("# date: 2024-06-28\nEUR,1.07\nXX,1\n", "fx.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kParseError);
  EXPECT_NE(bad.status().message().find("fx.csv:3"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(FxTable::Load("/nonexistent/fx_rates.csv").ok());
}

TEST(AnnualizeToUsd, PeriodsPaymentsAndMissingRates) {
  Result<std::shared_ptr<const FxTable>> t =
      FxTable::Parse("# date: 2024-06-28\n# source: test\ncurrency,usd_per_unit\nCNY,0.14\nUSD,1\nEUR,1.1\n", "t");
  ASSERT_TRUE(t.ok());
  const FxTable& fx = **t;
  // Hourly: x2080.
  Salary s = MakeStructuredSalary("USD", SalaryPeriod::kHour, 50, 60);
  AnnualizeToUsd(s, fx);
  EXPECT_DOUBLE_EQ(*s.annual_usd_min, 104000);
  EXPECT_DOUBLE_EQ(*s.annual_usd_max, 124800);
  EXPECT_EQ(s.fx_date, "2024-06-28");
  // Monthly with 16 payments (Chinese "20-30k·16薪"): x16 instead of x12.
  s = MakeStructuredSalary("CNY", SalaryPeriod::kMonth, 20000, 30000);
  s.payments_per_year = 16;
  AnnualizeToUsd(s, fx);
  EXPECT_NEAR(*s.annual_usd_min, 20000 * 16 * 0.14, 1e-6);
  EXPECT_NEAR(*s.annual_usd_max, 30000 * 16 * 0.14, 1e-6);
  // Monthly, standard 12; weekly x52; daily x260.
  s = MakeStructuredSalary("EUR", SalaryPeriod::kMonth, 5000, std::nullopt);
  AnnualizeToUsd(s, fx);
  EXPECT_NEAR(*s.annual_usd_min, 5000 * 12 * 1.1, 1e-6);
  EXPECT_FALSE(s.annual_usd_max.has_value());
  s = MakeStructuredSalary("USD", SalaryPeriod::kWeek, 2400, 2400);
  AnnualizeToUsd(s, fx);
  EXPECT_DOUBLE_EQ(*s.annual_usd_min, 2400 * 52);
  s = MakeStructuredSalary("USD", SalaryPeriod::kDay, 500, 500);
  AnnualizeToUsd(s, fx);
  EXPECT_DOUBLE_EQ(*s.annual_usd_max, 500 * 260);
  // Unknown currency: nothing converted, previous values cleared.
  s.currency = "XYZ";
  AnnualizeToUsd(s, fx);
  EXPECT_FALSE(s.annual_usd_min.has_value());
  EXPECT_FALSE(s.annual_usd_max.has_value());
  EXPECT_EQ(s.fx_date, "");
}

TEST(AnnualizeToUsd, TextSalaryWithTheDefaultTable) {
  // cn 955934314: "40-60K·15薪".
  std::optional<Salary> s = ExtractSalaryFromText("[资深Java 后端工程师](https://x) 40-60K·15薪", SalaryContext{});
  ASSERT_TRUE(s.has_value());
  std::shared_ptr<const FxTable> fx = FxTable::Default();
  AnnualizeToUsd(*s, *fx);
  EXPECT_NEAR(*s->annual_usd_min, 40000 * 15 * *fx->UsdPerUnit("CNY"), 1e-6);
  EXPECT_EQ(s->fx_date, fx->date());
}

// ---------------------------------------------------------------------------------------
// Anchor scan: every SIMD path agrees with the scalar reference.
// ---------------------------------------------------------------------------------------

void ExpectSameAnchors(std::string_view text) {
  using salary_internal::AnchorIsa;
  std::vector<uint32_t> ref, got;
  ASSERT_TRUE(salary_internal::FindAnchorsForTest(text, AnchorIsa::kScalar, ref));
  for (AnchorIsa isa : {AnchorIsa::kAvx2, AnchorIsa::kAvx512, AnchorIsa::kBest}) {
    got.clear();
    if (!salary_internal::FindAnchorsForTest(text, isa, got)) continue;  // CPU lacks it
    ASSERT_EQ(got, ref) << "isa " << static_cast<int>(isa) << " on " << text.size() << " bytes";
  }
}

TEST(SalaryAnchors, KnownPositions) {
  using salary_internal::AnchorIsa;
  std::vector<uint32_t> a;
  ASSERT_TRUE(salary_internal::FindAnchorsForTest("pay $120k", AnchorIsa::kBest, a));
  // '$' at 4, the digit before 'k' at 7.
  EXPECT_EQ(a, (std::vector<uint32_t>{4, 7}));
  a.clear();
  ASSERT_TRUE(salary_internal::FindAnchorsForTest("no figures here at all", AnchorIsa::kBest, a));
  EXPECT_TRUE(a.empty());
  a.clear();
  ASSERT_TRUE(salary_internal::FindAnchorsForTest("Salary: EUR 50.000", AnchorIsa::kBest, a));
  // "alar" at 1, 'R' before " 5" at 10.
  EXPECT_EQ(a, (std::vector<uint32_t>{1, 10}));
}

TEST(SalaryAnchors, SimdPathsMatchScalarOnRandomBytes) {
  std::mt19937 rng(20260122);
  // Bytes drawn from the characters the scan looks at, so anchors are dense.
  const std::string alphabet = "$0123456789kKwWAZUSDalrc LPA\xC2\xA3\xE2\x82\xAC\xE8\x96\xAA\xEF\xBF\xA5\xE4\xB8\x87";
  for (int round = 0; round < 300; ++round) {
    size_t len = rng() % 300;
    std::string s;
    for (size_t i = 0; i < len; ++i) {
      s.push_back(round % 3 == 0 ? static_cast<char>(rng()) : alphabet[rng() % alphabet.size()]);
    }
    ExpectSameAnchors(s);
  }
}

TEST(SalaryAnchors, SimdPathsMatchScalarOnHnText) {
  // The raw lines of the shared HN file (HTML inside JSON: dense in digits and signs).
  Result<std::string> raw =
      ReadWholeFile(std::string(SP_SHARED_DIR) + "/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst");
  if (!raw.ok()) GTEST_SKIP() << raw.status().ToString();
  std::string_view all = *raw;
  size_t pos = 0;
  for (int n = 0; n < 3000 && pos < all.size(); ++n) {
    size_t nl = all.find('\n', pos);
    if (nl == std::string_view::npos) nl = all.size();
    ExpectSameAnchors(all.substr(pos, nl - pos));
    pos = nl + 1;
  }
}

}  // namespace
}  // namespace skillpulse

// Structured salaries, the FX table and annualization. Text extraction: salary_text.cc.
#include "enrich/salary.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/input.h"
#include "core/paths.h"
#include "core/text.h"
#include "enrich/salary_internal.h"

namespace skillpulse {

namespace salary_internal {
namespace {

// Sorted by code. approx_usd: rounded from data/fx_rates.csv (plausibility only).
constexpr CurrencyInfo kCurrencies[] = {
    {"AED", 0.27, true},     {"ARS", 0.001, false},   {"AUD", 0.65, true},    {"BDT", 0.0085, false},
    {"BGN", 0.55, false},    {"BRL", 0.18, false},    {"CAD", 0.72, true},    {"CHF", 1.1, true},
    {"CLP", 0.0011, false},  {"CNY", 0.14, false},    {"COP", 0.00025, false}, {"CZK", 0.043, false},
    {"DKK", 0.145, true},    {"EGP", 0.02, false},    {"EUR", 1.08, true},    {"GBP", 1.26, true},
    {"HKD", 0.128, true},    {"HUF", 0.0027, false},  {"IDR", 0.000065, false}, {"ILS", 0.28, true},
    {"INR", 0.012, false},   {"ISK", 0.0072, true},   {"JPY", 0.0068, true},  {"KES", 0.0077, false},
    {"KRW", 0.00073, true},  {"LKR", 0.0033, false},  {"MAD", 0.1, false},    {"MXN", 0.052, false},
    {"MYR", 0.22, false},    {"NGN", 0.00065, false}, {"NOK", 0.095, true},   {"NPR", 0.0075, false},
    {"NZD", 0.6, true},      {"PEN", 0.27, false},    {"PHP", 0.0175, false}, {"PKR", 0.0036, false},
    {"PLN", 0.25, false},    {"QAR", 0.27, true},     {"RON", 0.22, false},   {"RUB", 0.011, false},
    {"SAR", 0.27, true},     {"SEK", 0.095, true},    {"SGD", 0.75, true},    {"THB", 0.029, false},
    {"TRY", 0.03, false},    {"TWD", 0.031, false},   {"UAH", 0.024, false},  {"USD", 1.0, true},
    {"VND", 0.00004, false}, {"ZAR", 0.055, false},
};

}  // namespace

const CurrencyInfo* FindCurrency(std::string_view code) {
  auto it = std::lower_bound(std::begin(kCurrencies), std::end(kCurrencies), code,
                             [](const CurrencyInfo& c, std::string_view k) { return c.code < k; });
  if (it != std::end(kCurrencies) && it->code == code) return &*it;
  return nullptr;
}

}  // namespace salary_internal

namespace {

struct CountryCurrency {
  std::string_view country;
  std::string_view currency;
};
// ISO 3166-1 alpha-2 -> ISO 4217 (ISO 4217 amendment 176 country list), sorted by country.
// Limited to countries whose currency the extractor knows (salary_internal kCurrencies).
constexpr CountryCurrency kCountryCurrencies[] = {
    {"AE", "AED"}, {"AR", "ARS"}, {"AT", "EUR"}, {"AU", "AUD"}, {"BD", "BDT"}, {"BE", "EUR"},
    {"BG", "BGN"}, {"BR", "BRL"}, {"CA", "CAD"}, {"CH", "CHF"}, {"CL", "CLP"}, {"CN", "CNY"},
    {"CO", "COP"}, {"CY", "EUR"}, {"CZ", "CZK"}, {"DE", "EUR"}, {"DK", "DKK"}, {"EE", "EUR"},
    {"EG", "EGP"}, {"ES", "EUR"}, {"FI", "EUR"}, {"FR", "EUR"}, {"GB", "GBP"}, {"GR", "EUR"},
    {"HK", "HKD"}, {"HR", "EUR"}, {"HU", "HUF"}, {"ID", "IDR"}, {"IE", "EUR"}, {"IL", "ILS"},
    {"IN", "INR"}, {"IS", "ISK"}, {"IT", "EUR"}, {"JP", "JPY"}, {"KE", "KES"}, {"KR", "KRW"},
    {"LI", "CHF"}, {"LK", "LKR"}, {"LT", "EUR"}, {"LU", "EUR"}, {"LV", "EUR"}, {"MA", "MAD"},
    {"MT", "EUR"}, {"MX", "MXN"}, {"MY", "MYR"}, {"NG", "NGN"}, {"NL", "EUR"}, {"NO", "NOK"},
    {"NP", "NPR"}, {"NZ", "NZD"}, {"PE", "PEN"}, {"PH", "PHP"}, {"PK", "PKR"}, {"PL", "PLN"},
    {"PR", "USD"}, {"PT", "EUR"}, {"QA", "QAR"}, {"RO", "RON"}, {"RU", "RUB"}, {"SA", "SAR"},
    {"SE", "SEK"}, {"SG", "SGD"}, {"SI", "EUR"}, {"SK", "EUR"}, {"TH", "THB"}, {"TR", "TRY"},
    {"TW", "TWD"}, {"UA", "UAH"}, {"US", "USD"}, {"VN", "VND"}, {"ZA", "ZAR"},
};

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool IsUpperCode(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Strict decimal number: the whole field must parse, finite.
std::optional<double> ParseDouble(std::string_view s) {
  s = TrimAscii(s);
  if (s.empty() || s.size() > 64) return std::nullopt;
  char buf[65];
  std::copy(s.begin(), s.end(), buf);
  buf[s.size()] = '\0';
  char* end = nullptr;
  double v = std::strtod(buf, &end);
  if (end != buf + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

// Builds tables; a friend of FxTable so its fields stay private.
class FxTableBuilder {
 public:
  static Result<std::shared_ptr<const FxTable>> Parse(std::string_view csv, std::string_view name) {
    auto table = std::make_shared<FxTable>();
    bool header_seen = false;
    size_t line_no = 0;
    auto fail = [&](const std::string& why) {
      return ParseError(std::string(name) + ":" + std::to_string(line_no) + ": " + why);
    };
    size_t pos = 0;
    while (pos < csv.size()) {
      size_t nl = csv.find('\n', pos);
      if (nl == std::string_view::npos) nl = csv.size();
      std::string_view line = csv.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      line = TrimAscii(line);
      if (line.empty()) continue;
      if (line[0] == '#') {
        std::string_view body = TrimAscii(line.substr(1));
        if (StartsWithIgnoreAsciiCase(body, "date:")) {
          std::string_view d = TrimAscii(body.substr(5));
          if (!IsIsoDate(d)) return fail("invalid '# date:' (want YYYY-MM-DD)");
          table->date_ = std::string(d);
        } else if (StartsWithIgnoreAsciiCase(body, "source:")) {
          std::string_view src = TrimAscii(body.substr(7));
          if (!table->source_.empty()) table->source_ += " ";
          table->source_ += std::string(src);
        }
        continue;
      }
      size_t c1 = line.find(',');
      if (c1 == std::string_view::npos) return fail("expected 'currency,usd_per_unit'");
      std::string_view code = TrimAscii(line.substr(0, c1));
      std::string_view rest = line.substr(c1 + 1);
      std::string_view rate_text = rest.substr(0, rest.find(','));
      if (!header_seen) {
        header_seen = true;
        if (EqualsIgnoreAsciiCase(code, "currency")) continue;  // the header row
      }
      if (!IsUpperCode(code)) return fail("currency is not an ISO 4217 code: '" + std::string(code) + "'");
      std::optional<double> rate = ParseDouble(rate_text);
      if (!rate || *rate <= 0) return fail("usd_per_unit is not a positive number: '" + std::string(rate_text) + "'");
      table->rates_.emplace_back(std::string(code), *rate);
    }
    if (table->date_.empty()) return ParseError(std::string(name) + ": missing '# date: YYYY-MM-DD' line");
    std::sort(table->rates_.begin(), table->rates_.end());
    for (size_t i = 1; i < table->rates_.size(); ++i) {
      if (table->rates_[i].first == table->rates_[i - 1].first) {
        return ParseError(std::string(name) + ": duplicate currency " + table->rates_[i].first);
      }
    }
    return std::shared_ptr<const FxTable>(std::move(table));
  }
};

Result<std::shared_ptr<const FxTable>> FxTable::Parse(std::string_view csv, std::string_view name) {
  return FxTableBuilder::Parse(csv, name);
}

Result<std::shared_ptr<const FxTable>> FxTable::Load(const std::string& path) {
  Result<std::string> bytes = ReadWholeFile(path, size_t{16} << 20);
  if (!bytes.ok()) return bytes.status();
  return FxTableBuilder::Parse(*bytes, path);
}

std::shared_ptr<const FxTable> FxTable::Default() {
  static const std::shared_ptr<const FxTable> table = [] {
    const std::string path = DataFile("fx_rates.csv");
    Result<std::shared_ptr<const FxTable>> t = Load(path);
    if (!t.ok()) {
      std::fprintf(stderr, "skillpulse: cannot load the FX table: %s\n", t.status().ToString().c_str());
      std::abort();
    }
    return *t;
  }();
  return table;
}

std::optional<double> FxTable::UsdPerUnit(std::string_view currency) const {
  auto it = std::lower_bound(rates_.begin(), rates_.end(), currency,
                             [](const std::pair<std::string, double>& r, std::string_view c) { return r.first < c; });
  if (it != rates_.end() && it->first == currency) return it->second;
  return std::nullopt;
}

std::optional<SalaryPeriod> ParseSalaryInterval(std::string_view interval) {
  // Normalize: lower case, '_' and '-' as spaces, whitespace collapsed.
  std::string s;
  s.reserve(interval.size());
  for (char c : interval) {
    char l = AsciiLower(c);
    if (l == '_' || l == '-' || l == '\t' || l == '\n' || l == '\r') l = ' ';
    if (l == ' ' && (s.empty() || s.back() == ' ')) continue;
    s.push_back(l);
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  if (s.size() > 40) return std::nullopt;
  struct Spelling {
    std::string_view text;
    SalaryPeriod period;
  };
  static constexpr Spelling kSpellings[] = {
      // Ashby compensation interval; schema.org unitText; ISO 8601 durations (lower-cased).
      {"1 year", SalaryPeriod::kYear}, {"1 month", SalaryPeriod::kMonth}, {"1 week", SalaryPeriod::kWeek},
      {"1 day", SalaryPeriod::kDay}, {"1 hour", SalaryPeriod::kHour},
      {"year", SalaryPeriod::kYear}, {"month", SalaryPeriod::kMonth}, {"week", SalaryPeriod::kWeek},
      {"day", SalaryPeriod::kDay}, {"hour", SalaryPeriod::kHour},
      {"p1y", SalaryPeriod::kYear}, {"p1m", SalaryPeriod::kMonth}, {"p1w", SalaryPeriod::kWeek},
      {"p1d", SalaryPeriod::kDay}, {"pt1h", SalaryPeriod::kHour},
      // Lever salaryRange.interval.
      {"per year salary", SalaryPeriod::kYear}, {"per month salary", SalaryPeriod::kMonth},
      {"per week salary", SalaryPeriod::kWeek}, {"per day salary", SalaryPeriod::kDay},
      {"per hour salary", SalaryPeriod::kHour}, {"per year wage", SalaryPeriod::kYear},
      {"per month wage", SalaryPeriod::kMonth}, {"per week wage", SalaryPeriod::kWeek},
      {"per day wage", SalaryPeriod::kDay}, {"per hour wage", SalaryPeriod::kHour},
      // Greenhouse pay ranges and common words.
      {"annual", SalaryPeriod::kYear}, {"annually", SalaryPeriod::kYear}, {"yearly", SalaryPeriod::kYear},
      {"per annum", SalaryPeriod::kYear}, {"per year", SalaryPeriod::kYear}, {"years", SalaryPeriod::kYear},
      {"salary", SalaryPeriod::kYear}, {"salaried", SalaryPeriod::kYear}, {"yr", SalaryPeriod::kYear},
      {"monthly", SalaryPeriod::kMonth}, {"per month", SalaryPeriod::kMonth}, {"months", SalaryPeriod::kMonth},
      {"mo", SalaryPeriod::kMonth},
      {"weekly", SalaryPeriod::kWeek}, {"per week", SalaryPeriod::kWeek}, {"weeks", SalaryPeriod::kWeek},
      {"daily", SalaryPeriod::kDay}, {"per day", SalaryPeriod::kDay}, {"days", SalaryPeriod::kDay},
      {"hourly", SalaryPeriod::kHour}, {"per hour", SalaryPeriod::kHour}, {"hours", SalaryPeriod::kHour},
      {"hr", SalaryPeriod::kHour},
  };
  for (const Spelling& sp : kSpellings) {
    if (s == sp.text) return sp.period;
  }
  return std::nullopt;
}

Salary MakeStructuredSalary(std::string_view currency, SalaryPeriod period, std::optional<double> min,
                            std::optional<double> max) {
  auto clean = [](std::optional<double> v) -> std::optional<double> {
    if (!v || !std::isfinite(*v) || *v <= 0) return std::nullopt;
    return v;
  };
  min = clean(min);
  max = clean(max);
  if (min && max && *min > *max) std::swap(min, max);
  std::string code;
  if (currency.size() == 3 && std::all_of(currency.begin(), currency.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      })) {
    for (char c : currency) code.push_back(static_cast<char>(c & ~0x20));
  }
  Salary s;
  s.currency = code;
  s.period = period;
  s.min = min;
  s.max = max;
  s.origin = SalaryOrigin::kStructured;
  s.ranges.push_back(SalaryRange{code, period, min, max});
  return s;
}

void AnnualizeToUsd(Salary& salary, const FxTable& fx) {
  salary.annual_usd_min.reset();
  salary.annual_usd_max.reset();
  salary.fx_date.clear();
  std::optional<double> rate = fx.UsdPerUnit(salary.currency);
  if (!rate) return;
  double per_year = PeriodsPerYear(salary.period);
  if (salary.period == SalaryPeriod::kMonth && salary.payments_per_year > 0) per_year = salary.payments_per_year;
  if (salary.min) salary.annual_usd_min = *salary.min * per_year * *rate;
  if (salary.max) salary.annual_usd_max = *salary.max * per_year * *rate;
  salary.fx_date = fx.date();
}

bool DropImplausibleStructuredBounds(Salary& salary) {
  constexpr double kMinUsdPerYear = 1'000;
  constexpr double kMaxUsdPerYear = 5'000'000;
  auto implausible = [&](const std::optional<double>& annual) {
    return annual && (*annual < kMinUsdPerYear || *annual > kMaxUsdPerYear);
  };
  const bool drop_min = implausible(salary.annual_usd_min);
  const bool drop_max = implausible(salary.annual_usd_max);
  if (drop_min) {
    salary.min.reset();
    salary.annual_usd_min.reset();
  }
  if (drop_max) {
    salary.max.reset();
    salary.annual_usd_max.reset();
  }
  if (drop_min || drop_max) {
    for (SalaryRange& r : salary.ranges) {
      if (drop_min) r.min.reset();
      if (drop_max) r.max.reset();
    }
  }
  return drop_min || drop_max;
}

std::string_view CurrencyOfCountry(std::string_view country) {
  if (country.size() != 2) return {};
  char key[2] = {static_cast<char>(AsciiLower(country[0]) - 32), static_cast<char>(AsciiLower(country[1]) - 32)};
  std::string_view k(key, 2);
  if (k == "UK") k = "GB";
  auto it = std::lower_bound(std::begin(kCountryCurrencies), std::end(kCountryCurrencies), k,
                             [](const CountryCurrency& c, std::string_view x) { return c.country < x; });
  if (it != std::end(kCountryCurrencies) && it->country == k) return it->currency;
  return {};
}

}  // namespace skillpulse

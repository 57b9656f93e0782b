// Internal to src/report: the renderers (one file per format: render_table.cc,
// render_markdown.cc, render_json.cc, render_csv.cc, render_html.cc) and what they share
// (render_common.cc): number formatting, the compare "rows" shown by table/md/html, and the
// methodology text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "report/compare.h"
#include "report/stats.h"
#include "report/trend.h"

namespace skillpulse::report_internal {

std::string CompareTable(const CompareReport& r);
std::string CompareMarkdown(const CompareReport& r);
std::string CompareJson(const CompareReport& r);
std::string CompareCsv(const CompareReport& r);
std::string CompareHtml(const CompareReport& r);
std::string TrendTable(const TrendReport& r);
std::string TrendMarkdown(const TrendReport& r);
std::string TrendJson(const TrendReport& r);
std::string TrendCsv(const TrendReport& r);
std::string TrendHtml(const TrendReport& r);

// ---- Numbers for people (table, md, html) ----
// Counts: skillpulse::FormatCount (core/text.h), 1234567 -> "1,234,567".
// 0.12345 -> "12.3%" (`decimals` after the point); NaN -> "n/a".
std::string FormatPercent(double fraction, int decimals = 1);
// 0.123 -> "+12.3%", -0.04 -> "-4.0%"; NaN -> "n/a".
std::string FormatSignedPercent(double fraction);
// A difference of fractions in percentage points: 0.003 -> "+0.3 pp"; NaN -> "n/a".
std::string FormatPoints(double fraction_diff);
// 152500.4 -> "$152,500" (whole dollars); NaN -> "n/a".
std::string FormatUsd(double usd);
// "10.0% (9.5–10.6%)"; "n/a" when n == 0.
std::string FormatShareWithCi(const Proportion& p);
// "300 (24.3%)"; "0" when n == 0.
std::string FormatCountShare(const Proportion& p);
// "$145,000–$155,000", or "n/a (n < 6)".
std::string FormatMedianCi(const SalarySummary& s);
// Display width of UTF-8 text in a terminal: code points (every character we emit is narrow).
size_t DisplayWidth(std::string_view s);

// ---- Numbers for machines (json, csv) ----
// Fixed `decimals`, trailing zeros trimmed ("0.1", "3", "-0.25"); NaN/inf -> "null" (json) or
// "" (csv: `null_text`).
std::string FormatMachineNumber(double v, int decimals, std::string_view null_text = "null");
inline constexpr int kShareDecimals = 6;  // shares, growth, coverage
inline constexpr int kUsdDecimals = 0;    // salaries: whole USD

// "2024-01" or "" for kNoMonth.
std::string MonthText(MonthIndex m);
// "2025-02..2026-01" (or "2025-02" for one month); "no data" for kNoMonth.
std::string WindowText(MonthIndex since, MonthIndex until);
// "Go vs Rust", "Go vs Rust vs Python", "Go".
std::string CompareTitle(const CompareReport& r);
std::string TrendTitle(const TrendReport& r);
// "jobs" / "postings"; Capitalized: "Jobs" / "Postings".
std::string UnitNoun(CountUnit u, bool capitalized = false);

// ---- Compare rows (table, md, html show the same figures) ----
struct Row {
  std::string label;
  std::vector<std::string> cells;  // one per skill; empty for a section heading
  bool section = false;            // a heading row ("Salary (annual USD)")
};
std::vector<Row> CompareRows(const CompareReport& r);
// Lines under the title: window, unit, totals.
std::vector<std::string> CompareSubtitle(const CompareReport& r);
std::vector<std::string> TrendSubtitle(const TrendReport& r);

// ---- Methodology (every format ends with it) ----
struct Paragraph {
  std::string title;  // "Mentions", "Counting unit", ...
  std::string text;   // one paragraph, no line breaks
};
std::vector<Paragraph> CompareMethodology(const CompareReport& r);
std::vector<Paragraph> TrendMethodology(const TrendReport& r);
// Words of `text` wrapped at `width` columns, each line prefixed by `indent`.
std::string WrapText(std::string_view text, size_t width, std::string_view indent = "");

// ---- Escaping ----
std::string JsonEscape(std::string_view s);  // with the surrounding quotes
std::string CsvField(std::string_view s);    // quoted when it holds , " CR or LF (RFC 4180)
std::string HtmlEscape(std::string_view s);  // & < > " '
std::string MarkdownCell(std::string_view s);  // | escaped, newlines -> space

}  // namespace skillpulse::report_internal

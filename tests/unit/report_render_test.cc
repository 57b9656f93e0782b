// Renderers: number formatting, format/unit parsing, table width, and that JSON parses (simdjson),
// CSV rows match the header, HTML is self-contained, and hostile names are escaped everywhere.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <sstream>

#include "../golden/report_fixture.h"
#include "report/compare.h"
#include "report/render_internal.h"
#include "report/trend.h"

namespace skillpulse {
namespace {

using namespace report_internal;  // NOLINT: the formatting helpers under test

TEST(ReportFormat, ParsesNames) {
  EXPECT_EQ(*ParseReportFormat("table"), ReportFormat::kTable);
  EXPECT_EQ(*ParseReportFormat("MD"), ReportFormat::kMarkdown);
  EXPECT_EQ(*ParseReportFormat("markdown"), ReportFormat::kMarkdown);
  EXPECT_EQ(*ParseReportFormat("json"), ReportFormat::kJson);
  EXPECT_EQ(*ParseReportFormat("csv"), ReportFormat::kCsv);
  EXPECT_EQ(*ParseReportFormat("html"), ReportFormat::kHtml);
  auto bad = ParseReportFormat("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("xml"), std::string::npos);
  EXPECT_FALSE(ParseReportFormat("").ok());
  for (ReportFormat f : {ReportFormat::kTable, ReportFormat::kMarkdown, ReportFormat::kJson, ReportFormat::kCsv,
                         ReportFormat::kHtml}) {
    EXPECT_EQ(*ParseReportFormat(ReportFormatName(f)), f);
  }
  EXPECT_EQ(*ParseCountUnit("jobs"), CountUnit::kJobs);
  EXPECT_EQ(*ParseCountUnit("Postings"), CountUnit::kPostings);
  EXPECT_FALSE(ParseCountUnit("rows").ok());
}

TEST(ReportNumbers, ForPeople) {
  // Counts: FormatCount, tested with core/text.h (text_test.cc Numbers.FormatCountGroupsThousands).
  EXPECT_EQ(FormatPercent(0.12345), "12.3%");
  EXPECT_EQ(FormatPercent(1), "100.0%");
  EXPECT_EQ(FormatPercent(NAN), "n/a");
  EXPECT_EQ(FormatSignedPercent(0.123), "+12.3%");
  EXPECT_EQ(FormatSignedPercent(-0.04), "-4.0%");
  EXPECT_EQ(FormatSignedPercent(-0.0001), "0.0%");  // no "-0.0%"
  EXPECT_EQ(FormatSignedPercent(NAN), "n/a");
  EXPECT_EQ(FormatPoints(0.003), "+0.3 pp");
  EXPECT_EQ(FormatPoints(-0.0952), "-9.5 pp");
  EXPECT_EQ(FormatUsd(152500.4), "$152,500");
  EXPECT_EQ(FormatUsd(152500.5), "$152,501");
  EXPECT_EQ(FormatUsd(NAN), "n/a");
  EXPECT_EQ(FormatShareWithCi(Proportion{5, 10}), "50.0% (23.7\u201376.3%)");
  EXPECT_EQ(FormatShareWithCi(Proportion{0, 0}), "n/a");
  EXPECT_EQ(FormatCountShare(Proportion{3, 4}), "3 (75.0%)");
  EXPECT_EQ(DisplayWidth("a\u2013b"), 3u);
}

TEST(ReportNumbers, ForMachines) {
  EXPECT_EQ(FormatMachineNumber(0.5714285714, kShareDecimals), "0.571429");
  EXPECT_EQ(FormatMachineNumber(1.0, kShareDecimals), "1");
  EXPECT_EQ(FormatMachineNumber(0.25, kShareDecimals), "0.25");
  EXPECT_EQ(FormatMachineNumber(-0.0000001, kShareDecimals), "0");
  EXPECT_EQ(FormatMachineNumber(170000.4, kUsdDecimals), "170000");
  EXPECT_EQ(FormatMachineNumber(NAN, 2), "null");
  EXPECT_EQ(FormatMachineNumber(INFINITY, 2, ""), "");
}

TEST(ReportEscaping, EveryFormat) {
  EXPECT_EQ(JsonEscape("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(JsonEscape("bad \xC3"), "\"bad \xEF\xBF\xBD\"");  // invalid UTF-8 -> U+FFFD
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(HtmlEscape("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(MarkdownCell("a|b\nc"), "a\\|b c");
}

CompareReport Compare(const FactTable& t, std::vector<std::string> skills, CountUnit unit = CountUnit::kJobs) {
  CompareOptions o;
  o.skills = std::move(skills);
  o.since = "2025-01";
  o.until = "2025-03";
  o.unit = unit;
  auto r = BuildCompare(t, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(ReportTable, FitsOneHundredColumns) {
  // Eight skills with long names: the table splits into blocks, each <= 100 columns, each
  // repeating the row labels.
  FactTableBuilder b;
  std::vector<std::string> names;
  for (int i = 0; i < 8; ++i) {
    names.push_back("Very Long Skill Name " + std::to_string(i));
    b.AddSkill("s" + std::to_string(i), names.back(), "language");
  }
  for (int i = 1; i <= 40; ++i) {
    b.AddPosting(testing::Fact(i, i, "2025-02", WorkMode::kRemote, Seniority::kSenior, 4, 100000.0f + i, kNoValue),
                 {Sk(static_cast<uint16_t>(i % 8)), Sk(static_cast<uint16_t>((i + 3) % 8))});
  }
  const FactTable t = b.Build();
  std::vector<std::string> all;
  for (int i = 0; i < 8; ++i) all.push_back("s" + std::to_string(i));
  const std::string table = RenderCompare(Compare(t, all), ReportFormat::kTable);
  for (const std::string& l : Lines(table)) EXPECT_LE(DisplayWidth(l), 100u) << l;
  size_t blocks = 0;
  for (const std::string& l : Lines(table)) blocks += l.find("Jobs mentioning") != std::string::npos;
  EXPECT_GT(blocks, 1u);
  for (const std::string& n : names) EXPECT_NE(table.find(n), std::string::npos) << n;

  TrendOptions o;
  o.skills = all;
  const std::string trend = RenderTrend(*BuildTrend(t, o), ReportFormat::kTable);
  for (const std::string& l : Lines(trend)) EXPECT_LE(DisplayWidth(l), 100u) << l;
}

TEST(ReportJson, CompareParsesWithStableFields) {
  const std::string json = RenderCompare(Compare(testing::ReportFixture(), {"go", "rust"}), ReportFormat::kJson);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  EXPECT_EQ(std::string_view(doc["report"]), "compare");
  EXPECT_EQ(int64_t(doc["schema_version"]), 1);
  EXPECT_EQ(std::string_view(doc["unit"]), "jobs");
  EXPECT_EQ(std::string_view(doc["window"]["since"]), "2025-01");
  EXPECT_EQ(int64_t(doc["total"]), 7);
  simdjson::dom::array skills = doc["skills"];
  ASSERT_EQ(skills.size(), 2u);
  simdjson::dom::element go = skills.at(0);
  EXPECT_EQ(std::string_view(go["slug"]), "go");
  EXPECT_EQ(int64_t(go["mentions"]["count"]), 4);
  EXPECT_EQ(int64_t(go["mentions"]["n"]), 7);
  EXPECT_NEAR(double(go["mentions"]["share"]), 4.0 / 7, 1e-6);
  EXPECT_NEAR(double(go["mentions"]["ci95_low"]), 0.250458, 1e-6);
  EXPECT_NEAR(double(go["yoy"]["count_growth"]), 1.0, 1e-9);
  EXPECT_EQ(int64_t(go["salary"]["n"]), 3);
  EXPECT_EQ(int64_t(go["salary"]["median_usd"]), 170000);
  EXPECT_TRUE(go["salary"]["median_ci95_low_usd"].is_null());
  EXPECT_EQ(int64_t(go["work_mode"]["remote"]), 2);
  EXPECT_EQ(int64_t(go["required"]["nice_to_have"]), 1);
  EXPECT_EQ(std::string_view(go["co_mentioned_languages"].at(0)["slug"]), "rust");
  EXPECT_EQ(int64_t(go["active_jobs"]["n"]), 8);
  EXPECT_TRUE(doc["methodology"]["salary"]["fx_table_date"].is_null());
  EXPECT_EQ(std::string_view(doc["methodology"]["skills"].at(0)["aliases"].at(0)), "Golang");
}

TEST(ReportJson, TrendParses) {
  TrendOptions o;
  o.skills = {"go", "rust"};
  const std::string json = RenderTrend(*BuildTrend(testing::ReportFixture(), o), ReportFormat::kJson);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  EXPECT_EQ(std::string_view(doc["report"]), "trend");
  simdjson::dom::array months = doc["months"];
  ASSERT_EQ(months.size(), 15u);
  simdjson::dom::element apr = months.at(3);  // 2024-04: no data
  EXPECT_EQ(std::string_view(apr["month"]), "2024-04");
  EXPECT_EQ(int64_t(apr["total"]), 0);
  EXPECT_TRUE(apr["skills"].at(0)["mentions"]["share"].is_null());
  simdjson::dom::element feb = months.at(13);
  EXPECT_EQ(int64_t(feb["skills"].at(1)["mentions"]["count"]), 2);
}

// Minimal RFC 4180 reader for the checks below.
std::vector<std::vector<std::string>> ParseCsv(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  rows.back().emplace_back();
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back();
      rows.back().emplace_back();
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

FactTable HostileNames() {
  FactTableBuilder b;
  b.AddSkill("c-sharp", "C#, \"sharp\" | <script>alert(1)</script>\nnext \xC3", "language", {"C♯"},
             "rule with \"quotes\", commas, | pipes and <tags>");
  b.AddSkill("go", "Go", "language");
  b.AddPosting(testing::Fact(1, 1, "2025-02", WorkMode::kRemote, Seniority::kSenior, 4, 100000, 120000), {Sk(0), Sk(1)});
  return b.Build();
}

TEST(ReportEscaping, HostileSkillNamesInEveryFormat) {
  const CompareReport r = Compare(HostileNames(), {"c-sharp", "go"});
  const std::string json = RenderCompare(r, ReportFormat::kJson);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  EXPECT_EQ(std::string_view(doc["skills"].at(0)["name"]),
            "C#, \"sharp\" | <script>alert(1)</script> next \xEF\xBF\xBD");  // newline -> space

  const auto csv = ParseCsv(RenderCompare(r, ReportFormat::kCsv));
  ASSERT_EQ(csv.size(), 3u);
  EXPECT_EQ(csv[1].size(), csv[0].size());
  EXPECT_EQ(csv[2].size(), csv[0].size());
  EXPECT_EQ(csv[1][1].substr(0, 12), "C#, \"sharp\" ");

  const std::string md = RenderCompare(r, ReportFormat::kMarkdown);
  for (const std::string& l : Lines(md)) {
    if (l.rfind("|---", 0) == 0 || l.rfind("| ", 0) != 0) continue;
    // Every table row has the same number of unescaped pipes as the header (3 columns).
    size_t pipes = 0;
    for (size_t i = 0; i < l.size(); ++i) pipes += l[i] == '|' && (i == 0 || l[i - 1] != '\\');
    EXPECT_EQ(pipes, 4u) << l;
  }

  const std::string html = RenderCompare(r, ReportFormat::kHtml);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST(ReportCsv, RowsMatchHeader) {
  const auto compare = ParseCsv(RenderCompare(Compare(testing::ReportFixture(), {"go", "rust", "python"}),
                                              ReportFormat::kCsv));
  ASSERT_EQ(compare.size(), 4u);  // header + one row per skill
  for (const auto& row : compare) EXPECT_EQ(row.size(), compare[0].size());
  EXPECT_EQ(compare[0][0], "skill_slug");
  EXPECT_EQ(compare[3][0], "python");
  TrendOptions o;
  o.skills = {"go", "rust"};
  const auto trend = ParseCsv(RenderTrend(*BuildTrend(testing::ReportFixture(), o), ReportFormat::kCsv));
  ASSERT_EQ(trend.size(), 1u + 15 * 2);  // header + skill-months
  for (const auto& row : trend) EXPECT_EQ(row.size(), trend[0].size());
}

TEST(ReportHtml, SelfContained) {
  TrendOptions o;
  o.skills = {"go", "rust"};
  for (const std::string& html :
       {RenderCompare(Compare(testing::ReportFixture(), {"go", "rust"}), ReportFormat::kHtml),
        RenderTrend(*BuildTrend(testing::ReportFixture(), o), ReportFormat::kHtml)}) {
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("</html>"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos);
    // The only URL is the SVG namespace name (not fetched).
    for (size_t at = html.find("http"); at != std::string::npos; at = html.find("http", at + 1)) {
      EXPECT_EQ(html.compare(at, 26, "http://www.w3.org/2000/svg"), 0) << html.substr(at, 40);
    }
    EXPECT_NE(html.find("Methodology"), std::string::npos);
  }
}

TEST(ReportText, EveryFormatEndsWithMethodology) {
  const CompareReport r = Compare(testing::ReportFixture(), {"go", "rust"});
  for (ReportFormat f : {ReportFormat::kTable, ReportFormat::kMarkdown, ReportFormat::kHtml}) {
    const std::string out = RenderCompare(r, f);
    EXPECT_NE(out.find("Methodology"), std::string::npos);
    EXPECT_NE(out.find("\"Golang\", or \"Go\" capitalized") == std::string::npos
                  ? out.find("&quot;Golang&quot;")
                  : out.find("\"Golang\", or \"Go\" capitalized"),
              std::string::npos);
    EXPECT_NE(out.find("2025-01..2025-03"), std::string::npos);
  }
  // The counting unit is said, jobs by default.
  EXPECT_NE(RenderCompare(r, ReportFormat::kTable).find("Counting unit: unique jobs"), std::string::npos);
  EXPECT_NE(RenderCompare(Compare(testing::ReportFixture(), {"go"}, CountUnit::kPostings), ReportFormat::kTable)
                .find("Counting unit: postings"),
            std::string::npos);
}

}  // namespace
}  // namespace skillpulse

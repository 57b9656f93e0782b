// Golden tests: the reports of the fixture (tests/golden/report_fixture.h) against reviewed
// outputs in tests/golden/*.reference (ClickHouse-style). The numbers in them are derived by
// hand in tests/golden/README.md. After an intended change, regenerate with
//   SP_UPDATE_GOLDEN=1 build/tests/report_golden_test
// and review the diff line by line before committing it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "../golden/report_fixture.h"
#include "report/compare.h"
#include "report/trend.h"

namespace skillpulse {
namespace {

std::string GoldenPath(const std::string& name) { return std::string(SP_TESTS_DIR) + "/golden/" + name + ".reference"; }

void CheckGolden(const std::string& name, const std::string& actual) {
  const std::string path = GoldenPath(name);
  if (std::getenv("SP_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << path << " (run with SP_UPDATE_GOLDEN=1, then review it)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "report differs from " << path;
}

CompareReport FixtureCompare() {
  CompareOptions o;
  o.skills = {"go", "rust"};
  o.since = "2025-01";
  o.until = "2025-03";
  o.fx_table_date = "2025-01-31";
  auto r = BuildCompare(testing::ReportFixture(), o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

TrendReport FixtureTrend() {
  TrendOptions o;
  o.skills = {"go", "rust"};
  auto r = BuildTrend(testing::ReportFixture(), o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

TEST(ReportGolden, CompareJson) { CheckGolden("compare_go_rust.json", RenderCompare(FixtureCompare(), ReportFormat::kJson)); }
TEST(ReportGolden, CompareMarkdown) { CheckGolden("compare_go_rust.md", RenderCompare(FixtureCompare(), ReportFormat::kMarkdown)); }
TEST(ReportGolden, CompareCsv) { CheckGolden("compare_go_rust.csv", RenderCompare(FixtureCompare(), ReportFormat::kCsv)); }
TEST(ReportGolden, CompareTable) { CheckGolden("compare_go_rust.txt", RenderCompare(FixtureCompare(), ReportFormat::kTable)); }
TEST(ReportGolden, TrendJson) { CheckGolden("trend_go_rust.json", RenderTrend(FixtureTrend(), ReportFormat::kJson)); }
TEST(ReportGolden, TrendMarkdown) { CheckGolden("trend_go_rust.md", RenderTrend(FixtureTrend(), ReportFormat::kMarkdown)); }
TEST(ReportGolden, TrendCsv) { CheckGolden("trend_go_rust.csv", RenderTrend(FixtureTrend(), ReportFormat::kCsv)); }

}  // namespace
}  // namespace skillpulse

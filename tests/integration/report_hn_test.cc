// Reports on the real HN "Who is hiring?" data (../shared/data/hn_whoishiring, SOURCES.md 1a):
// ingest it with the CLI into a throwaway SQLite store, load the facts and check the report
// counts against threads_index.csv, an independent per-thread count of the same comments
// (column with_text: top-level comments that were not deleted).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include "report/compare.h"
#include "report/trend.h"
#include "store/store.h"

namespace skillpulse {
namespace {

namespace fs = std::filesystem;

const char* kHnFile = SP_SHARED_DIR "/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst";
const char* kThreadsIndex = SP_SHARED_DIR "/data/hn_whoishiring/threads_index.csv";

// month -> with_text, from threads_index.csv (thread_id,month,title,top_level_comments,with_text,
// with_timestamp). The counts are taken from the right, in case a title holds a comma.
std::map<std::string, int64_t> ThreadCounts() {
  std::map<std::string, int64_t> out;
  std::ifstream in(kThreadsIndex);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    if (f.size() < 6) continue;
    out[f[1]] = std::stoll(f[f.size() - 2]);
  }
  return out;
}

class ReportHn : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("sp_report_hn_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    const std::string db = (dir_ / "hn.db").string();
    const std::string cli = std::string(SP_BINARY_DIR) + "/apps/skillpulse/skillpulse";
    ASSERT_TRUE(fs::exists(cli)) << "build the CLI first: " << cli;
    const std::string cmd = cli + " ingest -q --no-progress --threads 2 --db " + db + " hn:" + kHnFile;
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    auto store = OpenSqliteStore(db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->Open().ok());
    auto facts = (*store)->LoadFacts();
    ASSERT_TRUE(facts.ok()) << facts.status().ToString();
    facts_ = new FactTable(*std::move(facts));
  }
  static void TearDownTestSuite() {
    delete facts_;
    facts_ = nullptr;
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  static fs::path dir_;
  static FactTable* facts_;
};
fs::path ReportHn::dir_;
FactTable* ReportHn::facts_ = nullptr;

TEST_F(ReportHn, MonthlyTotalsMatchTheThreadIndex) {
  ASSERT_NE(facts_, nullptr);
  const auto expected = ThreadCounts();
  ASSERT_EQ(expected.size(), 93u);
  for (CountUnit unit : {CountUnit::kPostings, CountUnit::kJobs}) {
    TrendOptions o;
    o.skills = {"go", "rust"};
    o.unit = unit;
    auto r = BuildTrend(*facts_, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->since, ParseMonthIndex("2018-03"));
    EXPECT_EQ(r->until, ParseMonthIndex("2026-01"));
    ASSERT_EQ(r->months.size(), 95u);  // 2018-03..2026-01, 2025-11 and 2025-12 without a thread
    int with_data = 0;
    for (const TrendMonth& m : r->months) {
      const std::string month = FormatMonthIndex(m.month);
      auto it = expected.find(month);
      if (it == expected.end()) {
        EXPECT_EQ(m.total, 0) << month;
        EXPECT_FALSE(m.skills[0].mentions.share().has_value()) << month;
        continue;
      }
      ++with_data;
      // Postings: every top-level comment of the month's thread. Jobs: companies repost the
      // same text every month, so a month's active jobs are fewer than its postings, but a
      // month's postings are mostly distinct jobs (a company rarely posts one text twice in a thread).
      if (unit == CountUnit::kPostings) {
        EXPECT_EQ(m.total, it->second) << month << " postings";
      } else {
        EXPECT_LE(m.total, it->second) << month << " jobs";
        EXPECT_GE(m.total, it->second * 9 / 10) << month << " jobs";
      }
      EXPECT_LE(m.skills[0].mentions.count, m.total);
    }
    EXPECT_EQ(with_data, 93);
  }
}

TEST_F(ReportHn, CompareDefaultWindow) {
  ASSERT_NE(facts_, nullptr);
  CompareOptions o;
  o.skills = {"go", "rust"};
  o.unit = CountUnit::kPostings;
  auto r = BuildCompare(*facts_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // The 12 months up to 2026-01; the index has threads for 10 of them (no 2025-11, 2025-12).
  EXPECT_EQ(FormatMonthIndex(r->since), "2025-02");
  EXPECT_EQ(r->months_with_data, 10);
  EXPECT_EQ(r->previous_months_with_data, 12);
  int64_t total = 0, previous = 0;
  for (const auto& [month, n] : ThreadCounts()) {
    if (month >= "2025-02" && month <= "2026-01") total += n;
    if (month >= "2024-02" && month <= "2025-01") previous += n;
  }
  EXPECT_EQ(r->total, total);
  EXPECT_EQ(r->previous_total, previous);
  EXPECT_EQ(r->postings_without_month, 0);
  const std::string json = RenderCompare(*r, ReportFormat::kJson);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(int64_t(doc["total"]), total);
  // Counted in unique jobs (the default), the same window holds fewer: monthly reposts are one job.
  o.unit = CountUnit::kJobs;
  auto jobs = BuildCompare(*facts_, o);
  ASSERT_TRUE(jobs.ok());
  EXPECT_LT(jobs->total, total);
  EXPECT_GT(jobs->total, total / 2);
}

}  // namespace
}  // namespace skillpulse

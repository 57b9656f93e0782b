// BuildTrend on hand-built FactTables; expected numbers derived by hand (tests/golden/README.md).
#include "report/trend.h"

#include <gtest/gtest.h>

#include "../golden/report_fixture.h"

namespace skillpulse {
namespace {

using testing::Fact;
using testing::ReportFixture;

constexpr float N = kNoValue;

TrendOptions Options(std::vector<std::string> skills, CountUnit unit = CountUnit::kJobs, std::string since = "",
                     std::string until = "") {
  TrendOptions o;
  o.skills = std::move(skills);
  o.unit = unit;
  o.since = std::move(since);
  o.until = std::move(until);
  return o;
}

TrendReport Build(const FactTable& t, const TrendOptions& o) {
  auto r = BuildTrend(t, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *std::move(r) : TrendReport{};
}

const TrendMonth& At(const TrendReport& r, const char* month) {
  const MonthIndex m = ParseMonthIndex(month);
  return r.months.at(static_cast<size_t>(m - r.since));
}

struct Expect {
  const char* month;
  int64_t total, new_total, active_total;
  int64_t go, go_new, go_active;
  int64_t rust, rust_new, rust_active;
};

TEST(Trend, FixtureByMonthInJobs) {
  const TrendReport r = Build(ReportFixture(), Options({"go", "rust"}));
  EXPECT_EQ(r.since, ParseMonthIndex("2024-01"));  // the data's first and last months
  EXPECT_EQ(r.until, ParseMonthIndex("2025-03"));
  ASSERT_EQ(r.months.size(), 15u);
  EXPECT_EQ(r.postings_without_month, 1);
  // Jobs: 10 {2024-01 go, 2024-03 go}, 11 {2024-02}, 12 {2024-03 rust go}, 14 {2024-11 rust,
  // open to 2025-02}, 3 {2024-12 go, 2025-01 go rust}, 1 {2025-01 go, 2025-02 go}, 4 {2025-02
  // rust}, 8 {2025-02 go rust}, 5 {2025-03 rust go}, 6 {2025-03}, 7 {2025-03 rust}.
  const Expect rows[] = {
      {"2024-01", 1, 1, 1, 1, 1, 1, 0, 0, 0},  //
      {"2024-02", 1, 1, 2, 0, 0, 1, 0, 0, 0},  // job 10 still open
      {"2024-03", 2, 1, 2, 2, 1, 2, 1, 1, 1},  //
      {"2024-11", 1, 1, 1, 0, 0, 0, 1, 1, 1},  //
      {"2024-12", 1, 1, 2, 1, 1, 1, 0, 0, 1},  // job 3 new; job 14 open
      {"2025-01", 2, 1, 3, 2, 1, 2, 1, 0, 2},  // job 3 now mentions Rust too
      {"2025-02", 3, 2, 4, 2, 1, 2, 2, 2, 3},  //
      {"2025-03", 3, 3, 3, 1, 1, 1, 2, 2, 2},  //
  };
  for (const Expect& e : rows) {
    const TrendMonth& m = At(r, e.month);
    SCOPED_TRACE(e.month);
    EXPECT_EQ(m.total, e.total);
    EXPECT_EQ(m.new_jobs_total, e.new_total);
    EXPECT_EQ(m.active_jobs_total, e.active_total);
    EXPECT_EQ(m.skills[0].mentions.count, e.go);
    EXPECT_EQ(m.skills[0].mentions.n, e.total);
    EXPECT_EQ(m.skills[0].new_jobs.count, e.go_new);
    EXPECT_EQ(m.skills[0].new_jobs.n, e.new_total);
    EXPECT_EQ(m.skills[0].active_jobs.count, e.go_active);
    EXPECT_EQ(m.skills[0].active_jobs.n, e.active_total);
    EXPECT_EQ(m.skills[1].mentions.count, e.rust);
    EXPECT_EQ(m.skills[1].new_jobs.count, e.rust_new);
    EXPECT_EQ(m.skills[1].active_jobs.count, e.rust_active);
  }
  // 2024-04..2024-10: listed, empty, no share.
  for (const char* month : {"2024-04", "2024-07", "2024-10"}) {
    const TrendMonth& m = At(r, month);
    EXPECT_EQ(m.total, 0) << month;
    EXPECT_EQ(m.active_jobs_total, 0) << month;
    EXPECT_FALSE(m.skills[0].mentions.share().has_value()) << month;
  }
}

TEST(Trend, JobsCountOncePerMonthPostingsEveryRow) {
  FactTableBuilder b;
  const uint16_t go = b.AddSkill("go", "Go", "language");
  const uint16_t rust = b.AddSkill("rust", "Rust", "language");
  // Job 1 posted twice in January (the later one drops Go for Rust) and again in February.
  b.AddPosting(Fact(1, 1, "2025-01", WorkMode::kRemote, Seniority::kMid, N, N, N), {Sk(go)});
  b.AddPosting(Fact(2, 1, "2025-01", WorkMode::kRemote, Seniority::kMid, N, N, N), {Sk(rust)});
  b.AddPosting(Fact(3, 1, "2025-02", WorkMode::kRemote, Seniority::kMid, N, N, N), {Sk(go), Sk(rust)});
  b.AddPosting(Fact(4, 4, "2025-02", WorkMode::kRemote, Seniority::kMid, N, N, N), {Sk(go)});
  const FactTable t = b.Build();

  const TrendReport jobs = Build(t, Options({"go", "rust"}));
  ASSERT_EQ(jobs.months.size(), 2u);
  EXPECT_EQ(jobs.months[0].total, 1);
  EXPECT_EQ(jobs.months[0].skills[0].mentions.count, 0);  // represented by posting 2
  EXPECT_EQ(jobs.months[0].skills[1].mentions.count, 1);
  EXPECT_EQ(jobs.months[1].total, 2);
  EXPECT_EQ(jobs.months[1].skills[0].mentions.count, 2);
  EXPECT_EQ(jobs.months[1].skills[1].mentions.count, 1);
  EXPECT_EQ(jobs.months[1].new_jobs_total, 1);     // job 4
  EXPECT_EQ(jobs.months[1].active_jobs_total, 2);  // jobs 1 and 4

  const TrendReport postings = Build(t, Options({"go", "rust"}, CountUnit::kPostings));
  EXPECT_EQ(postings.months[0].total, 2);
  EXPECT_EQ(postings.months[0].skills[0].mentions.count, 1);
  EXPECT_EQ(postings.months[0].skills[1].mentions.count, 1);
  EXPECT_EQ(postings.months[1].total, 2);
  // New/active are jobs in both units.
  EXPECT_EQ(postings.months[1].active_jobs_total, 2);
}

TEST(Trend, WindowOptions) {
  const TrendReport r = Build(ReportFixture(), Options({"rust"}, CountUnit::kJobs, "2024-12", "2025-02"));
  ASSERT_EQ(r.months.size(), 3u);
  EXPECT_EQ(r.months[0].month, ParseMonthIndex("2024-12"));
  EXPECT_EQ(r.months[0].skills[0].active_jobs.count, 1);  // job 14
  EXPECT_EQ(r.months[2].skills[0].mentions.count, 2);     // 2025-02: 4, 8
  // A window past the data: months listed, all empty.
  const TrendReport later = Build(ReportFixture(), Options({"go"}, CountUnit::kJobs, "2026-01", "2026-02"));
  ASSERT_EQ(later.months.size(), 2u);
  EXPECT_EQ(later.months[1].total, 0);
}

TEST(Trend, Errors) {
  const FactTable t = ReportFixture();
  EXPECT_EQ(BuildTrend(t, Options({})).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildTrend(t, Options({"haskel"})).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildTrend(t, Options({"go"}, CountUnit::kJobs, "2025-02", "2025-01")).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildTrend(t, Options({"go"}, CountUnit::kJobs, "1900-01", "2025-01")).status().code(),
            StatusCode::kInvalidArgument);  // 1,501 months
  EXPECT_EQ(BuildTrend(t, Options({"go"}, CountUnit::kJobs, "2025-1", "")).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(Trend, EmptyTable) {
  FactTableBuilder b;
  b.AddSkill("go", "Go", "language");
  const TrendReport r = Build(b.Build(), Options({"go"}));
  EXPECT_EQ(r.since, kNoMonth);
  EXPECT_TRUE(r.months.empty());
  for (ReportFormat f : {ReportFormat::kTable, ReportFormat::kMarkdown, ReportFormat::kJson, ReportFormat::kCsv,
                         ReportFormat::kHtml}) {
    EXPECT_FALSE(RenderTrend(r, f).empty());
  }
}

}  // namespace
}  // namespace skillpulse

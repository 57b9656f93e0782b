// BuildCompare on hand-built FactTables. Every expected number is derived by hand from the
// fixture (tests/golden/report_fixture.h; derivation in tests/golden/README.md).
#include "report/compare.h"

#include <gtest/gtest.h>

#include <cmath>

#include "../golden/report_fixture.h"

namespace skillpulse {
namespace {

using testing::Fact;
using testing::ReportFixture;

constexpr float N = kNoValue;

CompareOptions Options(std::vector<std::string> skills, std::string since = "2025-01", std::string until = "2025-03",
                       CountUnit unit = CountUnit::kJobs) {
  CompareOptions o;
  o.skills = std::move(skills);
  o.since = std::move(since);
  o.until = std::move(until);
  o.unit = unit;
  return o;
}

CompareReport Build(const FactTable& t, const CompareOptions& o) {
  auto r = BuildCompare(t, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *std::move(r) : CompareReport{};
}

TEST(Compare, FixtureInJobs) {
  const CompareReport r = Build(ReportFixture(), Options({"go", "rust"}));
  EXPECT_EQ(r.since, ParseMonthIndex("2025-01"));
  EXPECT_EQ(r.until, ParseMonthIndex("2025-03"));
  EXPECT_EQ(r.previous_since, ParseMonthIndex("2024-01"));
  EXPECT_EQ(r.previous_until, ParseMonthIndex("2024-03"));
  EXPECT_EQ(r.months_with_data, 3);
  EXPECT_EQ(r.previous_months_with_data, 3);
  // Jobs 1 (postings 1, 2), 3, 4, 5, 6, 7 and posting 8 (job_id 0: its own job).
  EXPECT_EQ(r.total, 7);
  EXPECT_EQ(r.previous_total, 3);  // jobs 10 (postings 10, 13), 11, 12
  EXPECT_EQ(r.postings_without_month, 1);
  EXPECT_EQ(r.salary_estimates_excluded, 1);  // posting 5 mentions both, counted once
  ASSERT_EQ(r.skills.size(), 2u);

  const SkillCompare& go = r.skills[0];
  EXPECT_EQ(go.info.slug, "go");
  EXPECT_EQ(go.mentions.count, 4);  // representatives 2, 3, 5, 8
  EXPECT_EQ(go.mentions.n, 7);
  EXPECT_EQ(go.previous.count, 2);  // 13 (job 10), 12
  EXPECT_EQ(go.previous.n, 3);
  EXPECT_DOUBLE_EQ(go.count_growth, 1.0);  // 4 / 2 - 1
  EXPECT_NEAR(go.share_change, 4.0 / 7 - 2.0 / 3, 1e-12);
  // Salaries of 2 (150-190k -> 170k), 3 (120k min only), 8 (210-230k -> 220k); 5 is an estimate.
  EXPECT_EQ(go.salary.n, 3);
  EXPECT_EQ(go.salary_estimates_excluded, 1);
  EXPECT_DOUBLE_EQ(go.salary.median_usd, 170000);
  EXPECT_DOUBLE_EQ(go.salary.p10_usd, 130000);  // h = 0.2: 120k + 0.2 * 50k
  EXPECT_DOUBLE_EQ(go.salary.p90_usd, 210000);  // h = 1.8: 170k + 0.8 * 50k
  EXPECT_FALSE(go.salary.ci.available);
  EXPECT_TRUE(std::isnan(go.salary.median_ci_low_usd));
  ASSERT_EQ(go.salary_by_seniority.size(), 3u);
  EXPECT_EQ(go.salary_by_seniority[0].level, Seniority::kMid);
  EXPECT_DOUBLE_EQ(go.salary_by_seniority[0].salary.median_usd, 120000);
  EXPECT_EQ(go.salary_by_seniority[1].level, Seniority::kSenior);
  EXPECT_DOUBLE_EQ(go.salary_by_seniority[1].salary.median_usd, 170000);
  EXPECT_EQ(go.salary_by_seniority[2].level, Seniority::kStaff);
  EXPECT_EQ(go.salary_by_seniority[2].salary.n, 1);
  // Modes of 2 remote, 3 onsite, 5 remote, 8 onsite.
  EXPECT_EQ(go.work_mode_counts[static_cast<int>(WorkMode::kRemote)], 2);
  EXPECT_EQ(go.work_mode_counts[static_cast<int>(WorkMode::kHybrid)], 0);
  EXPECT_EQ(go.work_mode_counts[static_cast<int>(WorkMode::kOnsite)], 2);
  EXPECT_EQ(go.work_mode_counts[static_cast<int>(WorkMode::kUnknown)], 0);
  EXPECT_EQ(go.remote_of_known.count, 2);
  EXPECT_EQ(go.remote_of_known.n, 4);
  // Years 5, 2, 3, 8: three of four ask >= 3.
  EXPECT_EQ(go.experience_at_least.count, 3);
  EXPECT_EQ(go.experience_at_least.n, 4);
  // Go required in 2 and 5, nice in 8, not stated in 3.
  EXPECT_EQ(go.required.count, 2);
  EXPECT_EQ(go.required.n, 3);
  // Languages beside Go: 2 {python}, 3 {rust}, 5 {rust}, 8 {rust}; PostgreSQL is a database.
  ASSERT_EQ(go.co_languages.size(), 2u);
  EXPECT_EQ(go.co_languages[0].slug, "rust");
  EXPECT_EQ(go.co_languages[0].units.count, 3);
  EXPECT_EQ(go.co_languages[0].units.n, 4);
  EXPECT_EQ(go.co_languages[1].slug, "python");
  EXPECT_EQ(go.co_languages[1].units.count, 1);
  // New: jobs 1, 4, 5, 6, 7, 8 (job 3 started 2024-12). Active: those + 3 + 14 (open to 2025-02).
  EXPECT_EQ(r.new_jobs_total, 6);
  EXPECT_EQ(r.active_jobs_total, 8);
  EXPECT_EQ(go.new_jobs.count, 3);  // 1, 5, 8
  EXPECT_EQ(go.new_jobs.n, 6);
  EXPECT_EQ(go.active_jobs.count, 4);  // 1, 3, 5, 8
  EXPECT_EQ(go.active_jobs.n, 8);

  const SkillCompare& rust = r.skills[1];
  EXPECT_EQ(rust.mentions.count, 5);  // 3, 4, 5, 7, 8
  EXPECT_EQ(rust.previous.count, 1);  // 12
  EXPECT_DOUBLE_EQ(rust.count_growth, 4.0);
  EXPECT_NEAR(rust.share_change, 5.0 / 7 - 1.0 / 3, 1e-12);
  // 120k (3), 200k (4, max only), 200k (7), 220k (8): even n.
  EXPECT_EQ(rust.salary.n, 4);
  EXPECT_DOUBLE_EQ(rust.salary.median_usd, 200000);
  EXPECT_DOUBLE_EQ(rust.salary.p10_usd, 144000);  // h = 0.3: 120k + 0.3 * 80k
  EXPECT_DOUBLE_EQ(rust.salary.p90_usd, 214000);  // h = 2.7: 200k + 0.7 * 20k
  ASSERT_EQ(rust.salary_by_seniority.size(), 3u);
  EXPECT_EQ(rust.salary_by_seniority[1].level, Seniority::kSenior);
  EXPECT_EQ(rust.salary_by_seniority[1].salary.n, 2);
  EXPECT_EQ(rust.work_mode_counts[static_cast<int>(WorkMode::kHybrid)], 1);
  EXPECT_EQ(rust.remote_of_known.count, 2);
  EXPECT_EQ(rust.remote_of_known.n, 5);
  EXPECT_EQ(rust.experience_at_least.count, 3);  // 3 (2 y) no, 4 unstated, 5, 7, 8 yes
  EXPECT_EQ(rust.experience_at_least.n, 4);
  EXPECT_EQ(rust.required.count, 4);  // nice in 3
  EXPECT_EQ(rust.required.n, 5);
  ASSERT_EQ(rust.co_languages.size(), 3u);
  EXPECT_EQ(rust.co_languages[0].slug, "go");
  EXPECT_EQ(rust.co_languages[0].units.count, 3);
  EXPECT_EQ(rust.co_languages[1].slug, "python");  // tie at 1 with typescript: by slug
  EXPECT_EQ(rust.co_languages[2].slug, "typescript");
  EXPECT_EQ(rust.new_jobs.count, 4);     // 4, 5, 7, 8
  EXPECT_EQ(rust.active_jobs.count, 6);  // + 3, 14
}

TEST(Compare, FixtureInPostings) {
  const CompareReport r = Build(ReportFixture(), Options({"go", "rust"}, "2025-01", "2025-03", CountUnit::kPostings));
  EXPECT_EQ(r.total, 8);           // postings 1..8
  EXPECT_EQ(r.previous_total, 4);  // 10..13
  const SkillCompare& go = r.skills[0];
  EXPECT_EQ(go.mentions.count, 5);  // 1, 2, 3, 5, 8
  EXPECT_EQ(go.previous.count, 3);  // 10, 12, 13
  EXPECT_NEAR(go.count_growth, 5.0 / 3 - 1, 1e-12);
  EXPECT_NEAR(go.share_change, 5.0 / 8 - 3.0 / 4, 1e-12);
  // 160k (1), 170k (2), 120k (3), 220k (8).
  EXPECT_EQ(go.salary.n, 4);
  EXPECT_DOUBLE_EQ(go.salary.median_usd, 165000);
  EXPECT_DOUBLE_EQ(go.salary.p10_usd, 132000);
  EXPECT_DOUBLE_EQ(go.salary.p90_usd, 205000);
  EXPECT_EQ(go.remote_of_known.count, 3);
  EXPECT_EQ(go.remote_of_known.n, 5);
  EXPECT_EQ(go.required.count, 3);
  EXPECT_EQ(go.required.n, 4);
  ASSERT_EQ(go.co_languages.size(), 2u);
  EXPECT_EQ(go.co_languages[0].slug, "rust");
  EXPECT_EQ(go.co_languages[0].units.count, 3);
  EXPECT_EQ(go.co_languages[1].units.count, 2);  // python in 1 and 2
  // New and active count jobs whatever the unit.
  EXPECT_EQ(go.new_jobs.count, 3);
  EXPECT_EQ(go.active_jobs.count, 4);
  const SkillCompare& rust = r.skills[1];
  EXPECT_EQ(rust.mentions.count, 5);
  EXPECT_DOUBLE_EQ(rust.count_growth, 4.0);
}

TEST(Compare, JobIsRepresentedByItsLatestPostingInsideTheWindow) {
  // January only: job 1 is posting 1 (160k), not its February re-post 2 (170k).
  const CompareReport jan = Build(ReportFixture(), Options({"go"}, "2025-01", "2025-01"));
  EXPECT_EQ(jan.total, 2);  // postings 1 and 3
  EXPECT_EQ(jan.skills[0].mentions.count, 2);
  EXPECT_EQ(jan.skills[0].salary.n, 2);
  EXPECT_DOUBLE_EQ(jan.skills[0].salary.median_usd, 140000);  // (120k + 160k) / 2
  // February only: job 1 is posting 2; with job 4 and posting 8.
  const CompareReport feb = Build(ReportFixture(), Options({"go"}, "2025-02", "2025-02"));
  EXPECT_EQ(feb.total, 3);
  EXPECT_EQ(feb.skills[0].mentions.count, 2);  // 2 and 8
  EXPECT_DOUBLE_EQ(feb.skills[0].salary.median_usd, 195000);  // (170k + 220k) / 2
}

TEST(Compare, SameMonthRepostTieGoesToLargerPostingId) {
  FactTableBuilder b;
  const uint16_t go = b.AddSkill("go", "Go", "language");
  const uint16_t rust = b.AddSkill("rust", "Rust", "language");
  b.AddPosting(Fact(1, 7, "2025-01", WorkMode::kRemote, Seniority::kSenior, N, N, N), {Sk(go)});
  b.AddPosting(Fact(2, 7, "2025-01", WorkMode::kOnsite, Seniority::kSenior, N, N, N), {Sk(rust)});
  const FactTable t = b.Build();
  const CompareReport jobs = Build(t, Options({"go", "rust"}, "2025-01", "2025-01"));
  EXPECT_EQ(jobs.total, 1);
  EXPECT_EQ(jobs.skills[0].mentions.count, 0);
  EXPECT_EQ(jobs.skills[1].mentions.count, 1);
  EXPECT_EQ(jobs.skills[1].work_mode_counts[static_cast<int>(WorkMode::kOnsite)], 1);
  const CompareReport postings = Build(t, Options({"go", "rust"}, "2025-01", "2025-01", CountUnit::kPostings));
  EXPECT_EQ(postings.total, 2);
  EXPECT_EQ(postings.skills[0].mentions.count, 1);
  EXPECT_EQ(postings.skills[1].mentions.count, 1);
}

TEST(Compare, JobsAndPostingsAgreeWhenEveryJobHasOnePosting) {
  FactTableBuilder b;
  const uint16_t go = b.AddSkill("go", "Go", "language");
  for (int i = 1; i <= 6; ++i) {
    b.AddPosting(Fact(i, i, i % 2 ? "2025-01" : "2025-02", WorkMode::kRemote, Seniority::kMid, 4, 100000.0f * i, N),
                 i <= 4 ? std::vector<FactSkill>{Req(go)} : std::vector<FactSkill>{});
  }
  const FactTable t = b.Build();
  const CompareReport jobs = Build(t, Options({"go"}, "2025-01", "2025-02"));
  const CompareReport postings = Build(t, Options({"go"}, "2025-01", "2025-02", CountUnit::kPostings));
  EXPECT_EQ(jobs.total, 6);
  EXPECT_EQ(postings.total, 6);
  EXPECT_EQ(jobs.skills[0].mentions.count, 4);
  EXPECT_EQ(postings.skills[0].mentions.count, 4);
  EXPECT_DOUBLE_EQ(jobs.skills[0].salary.median_usd, 250000);  // 100k..400k
  EXPECT_DOUBLE_EQ(postings.skills[0].salary.median_usd, 250000);
}

TEST(Compare, EstimatesIncludedOnRequest) {
  CompareOptions o = Options({"go"});
  o.include_estimated_salaries = true;
  const CompareReport r = Build(ReportFixture(), o);
  const SkillCompare& go = r.skills[0];
  // Posting 5's estimate (100-140k -> 120k) joins 170k, 120k, 220k.
  EXPECT_EQ(go.salary.n, 4);
  EXPECT_EQ(go.salary_estimates_excluded, 0);
  EXPECT_EQ(r.salary_estimates_excluded, 0);
  EXPECT_DOUBLE_EQ(go.salary.median_usd, 145000);
  // Posting 5 has no seniority: "unknown" comes last.
  ASSERT_EQ(go.salary_by_seniority.size(), 4u);
  EXPECT_EQ(go.salary_by_seniority.back().level, Seniority::kUnknown);
  EXPECT_DOUBLE_EQ(go.salary_by_seniority.back().salary.median_usd, 120000);
}

TEST(Compare, DefaultWindowIsTheLatestTwelveMonthsWithData) {
  const CompareReport r = Build(ReportFixture(), Options({"go", "rust"}, "", ""));
  EXPECT_EQ(r.until, ParseMonthIndex("2025-03"));
  EXPECT_EQ(r.since, ParseMonthIndex("2024-04"));
  EXPECT_EQ(r.months_with_data, 5);           // 2024-11, 2024-12, 2025-01..03
  EXPECT_EQ(r.previous_months_with_data, 3);  // 2024-01..03
  // Jobs 14, 3 (posting 3), 1, 4, 5, 6, 7, 8.
  EXPECT_EQ(r.total, 8);
  EXPECT_EQ(r.skills[0].mentions.count, 4);  // 3, 1, 5, 8
  EXPECT_EQ(r.skills[1].mentions.count, 6);  // 14, 3, 4, 5, 7, 8
  // Only --since: until is the latest month with data.
  const CompareReport since = Build(ReportFixture(), Options({"go"}, "2025-02", ""));
  EXPECT_EQ(since.until, ParseMonthIndex("2025-03"));
  EXPECT_EQ(since.total, 6);                     // jobs 1 (posting 2), 4, 8, 5, 6, 7
  EXPECT_EQ(since.skills[0].mentions.count, 3);  // 2, 8, 5
}

TEST(Compare, YoyIsUndefinedWithoutEarlierData) {
  // A year before 2024-01..03 there is nothing.
  const CompareReport r = Build(ReportFixture(), Options({"go"}, "2024-01", "2024-03"));
  EXPECT_EQ(r.previous_total, 0);
  EXPECT_EQ(r.skills[0].previous.n, 0);
  EXPECT_FALSE(r.skills[0].previous.share().has_value());
  EXPECT_TRUE(std::isnan(r.skills[0].count_growth));
  EXPECT_TRUE(std::isnan(r.skills[0].share_change));
  // Earlier data exists but the skill had no mention: growth undefined, share change defined.
  const CompareReport ts = Build(ReportFixture(), Options({"typescript"}));
  EXPECT_EQ(ts.skills[0].mentions.count, 2);  // 6, 7
  EXPECT_EQ(ts.skills[0].previous.count, 0);
  EXPECT_EQ(ts.skills[0].previous.n, 3);
  EXPECT_TRUE(std::isnan(ts.skills[0].count_growth));
  EXPECT_NEAR(ts.skills[0].share_change, 2.0 / 7, 1e-12);
}

TEST(Compare, MedianCiWithEnoughSalaries) {
  FactTableBuilder b;
  const uint16_t go = b.AddSkill("go", "Go", "language");
  // Seven salaries 100k..160k (given unordered): n = 7 gives ranks 1 and 7, coverage 1 - 2/128.
  const float salaries[] = {130000, 100000, 160000, 120000, 150000, 110000, 140000};
  for (int i = 0; i < 7; ++i) {
    b.AddPosting(Fact(i + 1, i + 1, "2025-06", WorkMode::kRemote, Seniority::kSenior, N, salaries[i], salaries[i]),
                 {Sk(go)});
  }
  const CompareReport r = Build(b.Build(), Options({"go"}, "2025-06", "2025-06"));
  const SalarySummary& s = r.skills[0].salary;
  EXPECT_EQ(s.n, 7);
  EXPECT_DOUBLE_EQ(s.median_usd, 130000);
  ASSERT_TRUE(s.ci.available);
  EXPECT_EQ(s.ci.lower_rank, 1);
  EXPECT_EQ(s.ci.upper_rank, 7);
  EXPECT_DOUBLE_EQ(s.ci.coverage, 1 - 2.0 / 128);
  EXPECT_DOUBLE_EQ(s.median_ci_low_usd, 100000);
  EXPECT_DOUBLE_EQ(s.median_ci_high_usd, 160000);
  EXPECT_DOUBLE_EQ(s.p10_usd, 106000);  // h = 0.6
}

TEST(Compare, SkillNamesResolveBySlugNameOrAlias) {
  const CompareReport r = Build(ReportFixture(), Options({"GOLANG", "Postgres", "go"}));
  ASSERT_EQ(r.skills.size(), 2u);  // "go" repeats Go
  EXPECT_EQ(r.skills[0].info.slug, "go");
  EXPECT_EQ(r.skills[1].info.slug, "postgresql");
  EXPECT_EQ(r.skills[1].mentions.count, 1);  // posting 2
}

TEST(Compare, UnknownSkillNamesItAndSuggests) {
  auto r = BuildCompare(ReportFixture(), Options({"go", "rsut"}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("\"rsut\""), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("rust"), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().message().find("python"), std::string::npos) << r.status().message();

  auto prefix = BuildCompare(ReportFixture(), Options({"type"}));
  ASSERT_FALSE(prefix.ok());
  EXPECT_NE(prefix.status().message().find("did you mean: typescript?"), std::string::npos);

  auto far = BuildCompare(ReportFixture(), Options({"cobol"}));
  ASSERT_FALSE(far.ok());
  EXPECT_NE(far.status().message().find("no similar skill"), std::string::npos) << far.status().message();
}

TEST(Compare, BadOptions) {
  const FactTable t = ReportFixture();
  auto none = BuildCompare(t, Options({}));
  EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);
  auto month = BuildCompare(t, Options({"go"}, "2025-13", "2025-03"));
  EXPECT_EQ(month.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(month.status().message().find("--since"), std::string::npos);
  auto until = BuildCompare(t, Options({"go"}, "2025-01", "March"));
  EXPECT_NE(until.status().message().find("--until"), std::string::npos);
  auto ancient = BuildCompare(t, Options({"go"}, "1899-12", "2025-01"));
  EXPECT_EQ(ancient.status().code(), StatusCode::kInvalidArgument);
  auto order = BuildCompare(t, Options({"go"}, "2025-03", "2025-01"));
  EXPECT_EQ(order.status().code(), StatusCode::kInvalidArgument);
  // --since after the latest month with data, --until left to default.
  auto late = BuildCompare(t, Options({"go"}, "2030-01", ""));
  EXPECT_EQ(late.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(late.status().message().find("latest month with data"), std::string::npos);
}

TEST(Compare, EmptyTables) {
  FactTableBuilder b;
  b.AddSkill("go", "Go", "language");
  const FactTable skills_only = b.Build();
  const CompareReport r = Build(skills_only, Options({"go"}, "", ""));
  EXPECT_EQ(r.since, kNoMonth);
  EXPECT_EQ(r.total, 0);
  EXPECT_FALSE(r.skills[0].mentions.share().has_value());
  EXPECT_EQ(r.skills[0].salary.n, 0);
  EXPECT_TRUE(std::isnan(r.skills[0].salary.median_usd));
  for (ReportFormat f : {ReportFormat::kTable, ReportFormat::kMarkdown, ReportFormat::kJson, ReportFormat::kCsv,
                         ReportFormat::kHtml}) {
    EXPECT_FALSE(RenderCompare(r, f).empty());
  }
  // A window given explicitly over no data.
  const CompareReport w = Build(skills_only, Options({"go"}, "2025-01", "2025-03"));
  EXPECT_EQ(w.total, 0);
  EXPECT_EQ(w.months_with_data, 0);

  const FactTable nothing;
  auto unknown = BuildCompare(nothing, Options({"go"}));
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
}

TEST(Compare, WindowBoundsAreInclusive) {
  // Postings in 2024-12 (15) and 2025-03 (5, 6, 7) sit exactly on the bounds.
  const CompareReport r = Build(ReportFixture(), Options({"go"}, "2024-12", "2025-03", CountUnit::kPostings));
  EXPECT_EQ(r.total, 9);  // 15 and 1..8
  EXPECT_EQ(r.skills[0].mentions.count, 6);  // 15, 1, 2, 3, 5, 8
  const CompareReport inner = Build(ReportFixture(), Options({"go"}, "2025-01", "2025-02", CountUnit::kPostings));
  EXPECT_EQ(inner.total, 5);  // 1, 2, 3, 4, 8
}

TEST(Compare, ClosedAtAndLastSeenExtendActiveJobs) {
  FactTableBuilder b;
  const uint16_t go = b.AddSkill("go", "Go", "language");
  // Posted in 2025-01, closed in 2025-03: active in a March window, not new there.
  PostingFact closed = Fact(1, 1, "2025-01", WorkMode::kRemote, Seniority::kMid, N, N, N);
  closed.first_seen = testing::Unix("2025-01-05T00:00:00Z");
  closed.last_seen = testing::Unix("2025-06-01T00:00:00Z");  // closed_at wins over last_seen
  closed.closed_at = testing::Unix("2025-03-10T00:00:00Z");
  b.AddPosting(closed, {Sk(go)});
  // Last seen in 2025-02: not active in March.
  PostingFact seen = Fact(2, 2, "2025-01", WorkMode::kRemote, Seniority::kMid, N, N, N);
  seen.last_seen = testing::Unix("2025-02-27T00:00:00Z");
  b.AddPosting(seen, {Sk(go)});
  const CompareReport r = Build(b.Build(), Options({"go"}, "2025-03", "2025-03"));
  EXPECT_EQ(r.total, 0);  // no posting in March
  EXPECT_EQ(r.active_jobs_total, 1);
  EXPECT_EQ(r.new_jobs_total, 0);
  EXPECT_EQ(r.skills[0].active_jobs.count, 1);
}

TEST(Compare, CorruptFactsAreAnInternalError) {
  FactTable t = ReportFixture();
  t.skills[0].skill = 99;
  EXPECT_EQ(BuildCompare(t, Options({"go"})).status().code(), StatusCode::kInternal);
  FactTable range = ReportFixture();
  range.postings.back().skills_begin = 1000;
  EXPECT_EQ(BuildCompare(range, Options({"go"})).status().code(), StatusCode::kInternal);
  FactTable mode = ReportFixture();
  mode.postings[0].work_mode = static_cast<WorkMode>(9);
  EXPECT_EQ(BuildCompare(mode, Options({"go"})).status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace skillpulse

// Report speed: BuildCompare / BuildTrend + rendering on a synthetic FactTable the size of the
// shared HN data (54,365 postings over 93 months, 5 skills each; see
// ../shared/data/SOURCES.md 1a). Target (issue): BuildCompare + render <= 10 ms.
//   ninja -C build report_bench && build/bench/report_bench
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "report/compare.h"
#include "report/fact_builder.h"
#include "report/trend.h"

namespace skillpulse {
namespace {

constexpr int kPostings = 54365;
constexpr int kSkills = 300;
constexpr int kSkillsPerPosting = 5;

// `repost_share`: the fraction of postings that re-post an earlier job (same job_id, a later
// month), as deduplication will produce; 0 = every job_id is its posting_id (today).
FactTable SyntheticFacts(double repost_share) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> unit(0, 1);
  FactTableBuilder b;
  b.AddSkill("go", "Go", "language", {"Golang"}, "Go");
  b.AddSkill("rust", "Rust", "language", {}, "Rust");
  for (int i = 2; i < kSkills; ++i) {
    b.AddSkill("skill" + std::to_string(i), "Skill " + std::to_string(i), i % 4 == 0 ? "language" : "tool");
  }
  // Zipf-like popularity for skills 2..299; Go in ~6 % and Rust in ~2 % of postings (the HN
  // ratio of SOURCES.md 1a).
  std::vector<double> cdf;
  double sum = 0;
  for (int i = 2; i < kSkills; ++i) cdf.push_back(sum += 1.0 / (i - 1));
  auto pick = [&] {
    const double x = unit(rng) * sum;
    return static_cast<uint16_t>(2 + (std::lower_bound(cdf.begin(), cdf.end(), x) - cdf.begin()));
  };
  const MonthIndex first = ParseMonthIndex("2018-03");
  for (int i = 1; i <= kPostings; ++i) {
    PostingFact p;
    p.posting_id = i;
    p.job_id = i;
    if (repost_share > 0 && i > 1000 && unit(rng) < repost_share) p.job_id = i - 500 - static_cast<int>(unit(rng) * 400);
    p.month = first + static_cast<MonthIndex>((i - 1) * 95 / kPostings);
    if (p.month == ParseMonthIndex("2025-11") || p.month == ParseMonthIndex("2025-12")) p.month -= 2;
    p.work_mode = static_cast<WorkMode>(rng() % 4);
    p.seniority = static_cast<Seniority>(rng() % 10);
    if (unit(rng) < 0.4) p.experience_years_min = static_cast<float>(rng() % 10);
    if (unit(rng) < 0.08) {
      p.salary_usd_year_min = static_cast<float>(80000 + rng() % 120000);
      p.salary_usd_year_max = p.salary_usd_year_min + static_cast<float>(rng() % 60000);
      p.salary_is_estimate = unit(rng) < 0.05;
    }
    std::vector<FactSkill> skills;
    if (unit(rng) < 0.06) skills.push_back({0, static_cast<int8_t>(rng() % 3 - 1)});
    if (unit(rng) < 0.02) skills.push_back({1, static_cast<int8_t>(rng() % 3 - 1)});
    while (skills.size() < kSkillsPerPosting) skills.push_back({pick(), static_cast<int8_t>(rng() % 3 - 1)});
    b.AddPosting(p, skills);
  }
  return b.Build();
}

const FactTable& Facts(double repost_share) {
  static const FactTable plain = SyntheticFacts(0);
  static const FactTable reposted = SyntheticFacts(0.4);
  return repost_share > 0 ? reposted : plain;
}

CompareOptions GoRust(CountUnit unit) {
  CompareOptions o;
  o.skills = {"go", "rust"};
  o.unit = unit;
  return o;
}

// state.range(0): 0 = job_id == posting_id, 1 = 40 % re-posts. state.range(1): CountUnit.
void BM_CompareBuild(benchmark::State& state) {
  const FactTable& f = Facts(state.range(0) ? 0.4 : 0);
  const CompareOptions o = GoRust(static_cast<CountUnit>(state.range(1)));
  for (auto _ : state) {
    auto r = BuildCompare(f, o);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_CompareBuild)->ArgsProduct({{0, 1}, {0, 1}})->ArgNames({"reposts", "postings"})->Unit(benchmark::kMillisecond);

// The whole `compare go rust` report work after loading: build + render. range(0): format.
void BM_CompareBuildRender(benchmark::State& state) {
  const FactTable& f = Facts(0);
  const CompareOptions o = GoRust(CountUnit::kJobs);
  const auto format = static_cast<ReportFormat>(state.range(0));
  for (auto _ : state) {
    auto r = BuildCompare(f, o);
    std::string out = RenderCompare(*r, format);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_CompareBuildRender)->DenseRange(0, 4)->ArgName("format")->Unit(benchmark::kMillisecond);

void BM_TrendBuildRender(benchmark::State& state) {
  const FactTable& f = Facts(state.range(0) ? 0.4 : 0);
  TrendOptions o;
  o.skills = {"go", "rust"};
  const auto format = static_cast<ReportFormat>(state.range(1));
  for (auto _ : state) {
    auto r = BuildTrend(f, o);
    std::string out = RenderTrend(*r, format);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_TrendBuildRender)->ArgsProduct({{0, 1}, {0, 2, 4}})->ArgNames({"reposts", "format"})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace skillpulse

BENCHMARK_MAIN();

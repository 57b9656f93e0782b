// ingest --stats-json on real data: the run's counts and the per-stage CPU breakdown that
// bench/pipeline.sh prints (issue 7: where the time goes).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "test_util.h"

namespace skillpulse {
namespace {

using testing::RunSkillpulse;
using testing::TempDir;

using testing::StatsJsonNumber;

TEST(IngestStats, StageCpuAddsUpToTheProcessCpu) {
  const std::string ashby = SP_SHARED_DIR "/data/ats_ashby/ashby_posting_api_2025-10-28.tar.zst";
  if (!std::filesystem::exists(ashby)) GTEST_SKIP() << "shared Ashby data not found";
  TempDir tmp;
  const std::string stats = tmp.File("stats.json");
  auto r = RunSkillpulse("ingest --quiet --no-progress --db " + tmp.File("a.db") + " --stats-json " + stats +
                         " ashby:" + ashby);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string json = testing::Slurp(stats);
  EXPECT_GT(StatsJsonNumber(json, "postings_parsed"), 1000) << json;
  const size_t stages = json.find("\"stage_cpu_s\": {");
  ASSERT_NE(stages, std::string::npos) << json;
  const std::string st = json.substr(stages);
  double sum = 0;
  for (const char* name : {"fetch", "parse", "finalize", "enrich", "prepare", "write", "dedup"}) {
    const double v = StatsJsonNumber(st, name);
    EXPECT_GE(v, 0) << name << " missing in " << json;
    sum += v;
  }
  // Every posting was parsed, enriched, prepared and written: each stage took some CPU
  // (Ashby has no finalize step: its HTML becomes text in the enricher).
  for (const char* name : {"parse", "enrich", "prepare", "write"}) EXPECT_GT(StatsJsonNumber(st, name), 0) << name;
  EXPECT_EQ(StatsJsonNumber(st, "fetch"), 0) << "no URL was fetched";
  // The stages are parts of the process's CPU (which also pays for startup and the report).
  const double cpu = StatsJsonNumber(json, "cpu_s");
  EXPECT_LE(sum, cpu * 1.02 + 0.05) << json;
  EXPECT_GE(sum, cpu * 0.5) << json;

  // "store_postings" and "jobs" (counted in SQL by Store::CountPostings / CountJobs) agree with
  // `jobs export`: one line per posting, with its job id.
  r = RunSkillpulse("jobs export --db " + tmp.File("a.db") + " --format jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> job_ids;
  size_t lines = 0;
  const std::regex job_re("\"job_id\":([0-9]+)");
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), job_re), end; it != end; ++it) {
    job_ids.insert((*it)[1].str());
    ++lines;
  }
  EXPECT_EQ(StatsJsonNumber(json, "store_postings"), static_cast<double>(lines)) << json;
  EXPECT_EQ(StatsJsonNumber(json, "jobs"), static_cast<double>(job_ids.size())) << json;
  EXPECT_LT(job_ids.size(), lines) << "the Ashby snapshot lists some postings twice";
  // Every posting went through the enrichment cache once: a hit (a posting listed twice with
  // the same text and fields) or a miss.
  EXPECT_EQ(StatsJsonNumber(json, "enrich_cache_hits") + StatsJsonNumber(json, "enrich_cache_misses"),
            StatsJsonNumber(json, "postings_parsed"))
      << json;
  EXPECT_GT(StatsJsonNumber(json, "enrich_cache_hits"), 0) << json;
  // Each miss looked its description's skills up in the skill cache.
  EXPECT_EQ(StatsJsonNumber(json, "skill_cache_hits") + StatsJsonNumber(json, "skill_cache_misses"),
            StatsJsonNumber(json, "enrich_cache_misses"))
      << json;
}

}  // namespace
}  // namespace skillpulse

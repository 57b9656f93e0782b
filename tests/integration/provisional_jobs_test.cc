// Job ids written at ingest (dedup/provisional_jobs.h) on real data, through the CLI, into
// PostgreSQL and SQLite: the stored jobs are exactly the ones the end-of-run pass computes from
// scratch (resetting every job id and reclustering changes nothing; `dedup rebuild` changes
// nothing; both stores export the same jobs, in one run and run after run), while that pass
// rewrites far fewer rows than the postings that joined an earlier posting's job (all of which
// it rewrote before). Input: HN "Who is hiring?" 2018-03..2018-08 (the first 5,000 lines of the
// shared HN file: companies repost monthly) and the Ashby snapshot (../shared/data, SOURCES.md).
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "pg_cluster.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::PgCluster;
using testing::RunSkillpulse;
using testing::Slurp;
using testing::TempDir;

const char* kAshby = "ats_ashby/ashby_posting_api_2025-10-28.tar.zst";

int64_t StatOf(const std::string& json, const std::string& key) {
  return static_cast<int64_t>(testing::StatsJsonNumber(json, key));
}

class ProvisionalJobsIngest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::HaveShared("hn_whoishiring") || !testing::HaveShared(kAshby)) return;
    tmp_ = new TempDir;
    // Lines 1..4500 and 4501..5000 of the HN file (chronological: 2018-03 .. 2018-08).
    const std::string cmd = "zstd -dc " + testing::HnFile() + " | head -n 5000 | split -l 4500 -d - " +
                            tmp_->File("hn") + " && mv " + tmp_->File("hn00") + " " + tmp_->File("hn_a.jsonl") +
                            " && mv " + tmp_->File("hn01") + " " + tmp_->File("hn_b.jsonl");
    if (std::system(cmd.c_str()) != 0) {
      delete tmp_;
      tmp_ = nullptr;
    }
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  void SetUp() override {
    if (tmp_ == nullptr) GTEST_SKIP() << "needs the shared HN and Ashby data and the zstd CLI";
  }
  static std::string RunA() { return "hn:" + tmp_->File("hn_a.jsonl") + " ashby:" + testing::SharedData(kAshby); }
  static std::string RunB() { return "hn:" + tmp_->File("hn_b.jsonl"); }

  // Ingests `sources` into `store_flag` (--db PATH or --pg 'CONNINFO'); returns the stats JSON.
  static std::string Ingest(const std::string& store_flag, const std::string& sources) {
    const std::string stats = tmp_->File("stats.json");
    std::remove(stats.c_str());
    auto r = RunSkillpulse("ingest --quiet --no-progress " + store_flag + " --stats-json " + stats + " " + sources);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Slurp(stats);
  }
  static std::string Export(const std::string& store_flag) {
    auto r = RunSkillpulse("jobs export --format jsonl " + store_flag);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  // `dedup rebuild`: reclusters every posting and writes the job ids that differ.
  static void ExpectRebuildChangesNothing(const std::string& store_flag) {
    auto r = RunSkillpulse("dedup rebuild " + store_flag);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("; 0 job ids changed"), std::string::npos) << r.err;
  }
  // The end-of-run pass wrote at most a tenth of the job ids it wrote before: one per posting
  // that joined an earlier posting's job (postings - jobs, in a store with no older postings).
  static void ExpectFewRewrites(const std::string& stats) {
    const int64_t postings = StatOf(stats, "store_postings"), jobs = StatOf(stats, "jobs");
    const int64_t changed = StatOf(stats, "jobs_changed");
    ASSERT_GT(postings, 0) << stats;
    ASSERT_GT(jobs, 0) << stats;
    ASSERT_GE(changed, 0) << stats;
    const int64_t joined = postings - jobs;
    EXPECT_GT(joined, 500) << stats;  // monthly reposts: hundreds of postings join an earlier job
    EXPECT_LE(changed * 10, joined) << stats;
  }

  static inline TempDir* tmp_ = nullptr;
};

TEST_F(ProvisionalJobsIngest, PostgresStoresTheFinalJobsAndRewritesFewRows) {
  PgCluster* cluster = PgCluster::Shared();
  if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << PgCluster::SharedError();
  ASSERT_TRUE(cluster->CreateDatabase("provisional_one"));
  const std::string pg = "--pg '" + cluster->ConnInfo("provisional_one") + "'";
  auto sql = [&](const std::string& q) {
    return cluster->Psql("provisional_one", "SET search_path TO skillpulse;\n" + q);
  };
  const std::string stats = Ingest(pg, RunA() + " " + RunB());
  ExpectFewRewrites(stats);
  const std::string exported = Export(pg);
  ASSERT_FALSE(exported.empty());

  // A job's smallest posting keeps NULL; the two tables agree row by row.
  EXPECT_EQ(sql("SELECT count(*) FROM postings WHERE job_id = posting_id"), "0");
  EXPECT_EQ(sql("SELECT count(*) FROM dedup_records WHERE job_id = posting_id"), "0");
  EXPECT_EQ(sql("SELECT count(*) FROM postings p JOIN dedup_records d USING (posting_id) "
                "WHERE p.job_id IS DISTINCT FROM d.job_id"),
            "0");
  EXPECT_EQ(sql("SELECT count(*) FROM dedup_pending"), "0");

  // Without the ids written at ingest (the state the writer left before them: every job id
  // NULL), reclustering everything gives the same jobs.
  ExpectRebuildChangesNothing(pg);
  EXPECT_EQ(Export(pg), exported);
  sql("UPDATE postings SET job_id = NULL; UPDATE dedup_records SET job_id = NULL");
  auto rebuilt = RunSkillpulse("dedup rebuild " + pg);
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(Export(pg), exported);

  // SQLite, from the same input: the same jobs, as few rewrites.
  const std::string db = "--db " + tmp_->File("one.db");
  ExpectFewRewrites(Ingest(db, RunA() + " " + RunB()));
  EXPECT_EQ(Export(db), exported);
  ExpectRebuildChangesNothing(db);
}

// Run after run gives the jobs of one run, in both stores: the writer's general path (the
// store already holds postings, new ones are looked up), and AssignJobs' incremental one (the
// second run's ~500 postings are under 20% of the store: only the blocks they touch are
// loaded, with the provisional jobs of the new postings as their "old jobs").
TEST_F(ProvisionalJobsIngest, RunAfterRunGivesTheJobsOfOneRun) {
  PgCluster* cluster = PgCluster::Shared();
  if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << PgCluster::SharedError();
  ASSERT_TRUE(cluster->CreateDatabase("provisional_two"));
  const std::string pg = "--pg '" + cluster->ConnInfo("provisional_two") + "'";
  const std::string db = "--db " + tmp_->File("two.db");
  const std::string one_db = "--db " + tmp_->File("one_run.db");
  Ingest(one_db, RunA() + " " + RunB());
  const std::string exported = Export(one_db);
  ASSERT_FALSE(exported.empty());
  for (const std::string& store : {pg, db}) {
    SCOPED_TRACE(store);
    Ingest(store, RunA());
    const std::string second = Ingest(store, RunB());
    EXPECT_GT(StatOf(second, "postings_new"), 400) << second;
    EXPECT_LT(StatOf(second, "postings_new") * 5, StatOf(second, "store_postings")) << second;
    EXPECT_EQ(Export(store), exported);
    ExpectRebuildChangesNothing(store);
  }
}

}  // namespace
}  // namespace skillpulse

// Atomicity: `skillpulse ingest --pg` killed with SIGKILL in the middle of a large input
// (the whole shared HN file and the Ashby snapshot, 64k postings, batches of 1,000) leaves
// exactly the postings of its committed batches, a prefix of the input in whole batches, and
// nothing half-written; a re-run completes and ends with the same facts as a clean run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <unordered_set>

#include "pg_cluster.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/postgres_store.h"
#include "store_compare.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::PgCluster;
using testing::RunSkillpulse;
using testing::TempDir;

constexpr int kBatch = 1000;
const char* kAshby = "ats_ashby/ashby_posting_api_2025-10-28.tar.zst";

// Starts `skillpulse ingest` with batches of kBatch; returns its pid.
pid_t StartIngest(const std::string& conninfo, const std::vector<std::string>& sources) {
  std::vector<std::string> args = {"ingest", "-q", "--no-progress", "--pg", conninfo};
  args.insert(args.end(), sources.begin(), sources.end());
  return testing::SpawnSkillpulse(args, "", {{"SKILLPULSE_PG_BATCH_POSTINGS", std::to_string(kBatch)}});
}

TEST(PostgresKill, KilledIngestLeavesWholeBatchesAndRerunCompletes) {
  PgCluster* cluster = PgCluster::Shared();
  if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << PgCluster::SharedError();
  if (!testing::HaveShared("hn_whoishiring") || !testing::HaveShared(kAshby)) GTEST_SKIP() << "no shared data";
  ASSERT_TRUE(cluster->CreateDatabase("killed"));
  ASSERT_TRUE(cluster->CreateDatabase("clean"));
  const std::string killed = cluster->ConnInfo("killed");
  const std::vector<std::string> sources = {"hn:" + testing::HnFile(), "ashby:" + testing::SharedData(kAshby)};
  TempDir tmp;
  const auto input = testing::ExtractedKeys(tmp, sources[0] + " " + sources[1]);
  ASSERT_GT(input.size(), 60000u);

  // Kill it once at least 3 batches are committed (polling its run row).
  pid_t pid = StartIngest(killed, sources);
  ASSERT_GT(pid, 0);
  auto conn = pg::Conn::Connect(killed);
  ASSERT_TRUE(conn.ok());
  bool reached = false;
  for (int i = 0; i < 6000 && !reached; ++i) {  // up to 2 minutes
    auto exists = (*conn)->Exec("SELECT to_regclass('skillpulse.ingest_runs') IS NOT NULL");
    ASSERT_TRUE(exists.ok()) << exists.status().ToString();
    if (std::string(*exists->Get(0, 0)) == "t") {
      auto r = (*conn)->Exec("SELECT coalesce(max(batches), 0) FROM skillpulse.ingest_runs");
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      reached = std::stoi(std::string(*r->Get(0, 0))) >= 3;
    }
    if (waitpid(pid, nullptr, WNOHANG) == pid) {
      pid = 0;
      break;
    }
    if (!reached) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_NE(pid, 0) << "ingest finished before it could be killed";
  ASSERT_TRUE(reached);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status));
  // The server notices the dropped connection and rolls its open transaction back.
  for (int i = 0; i < 500; ++i) {
    auto r = (*conn)->Exec("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'skillpulse'");
    ASSERT_TRUE(r.ok());
    if (std::string(*r->Get(0, 0)) == "0") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  // What is committed: the run is still 'running', its counters say B batches, and the
  // postings are exactly the distinct keys of the first B x kBatch input postings, numbered
  // in input order.
  auto run = (*conn)->Exec("SELECT status, batches, postings_new FROM skillpulse.ingest_runs");
  ASSERT_TRUE(run.ok());
  ASSERT_EQ(run->rows(), 1);
  EXPECT_EQ(std::string(*run->Get(0, 0)), "running");
  const int batches = std::stoi(std::string(*run->Get(0, 1)));
  const int64_t postings_new = std::stoll(std::string(*run->Get(0, 2)));
  ASSERT_GE(batches, 3);
  std::fprintf(stderr, "killed after %d committed batches (%lld new postings) of %zu input postings\n", batches,
               static_cast<long long>(postings_new), input.size());
  ASSERT_LT(static_cast<size_t>(batches) * kBatch, input.size());
  std::vector<std::string> expected;
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < static_cast<size_t>(batches) * kBatch; ++i) {
    std::string key = input[i].first + "\t" + input[i].second;
    if (seen.insert(key).second) expected.push_back(key);
  }
  auto stored = (*conn)->Exec("SELECT source || E'\\t' || source_id FROM skillpulse.postings ORDER BY posting_id");
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(static_cast<size_t>(stored->rows()), expected.size());
  EXPECT_EQ(postings_new, static_cast<int64_t>(expected.size()));
  for (int i = 0; i < stored->rows(); ++i) {
    ASSERT_EQ(std::string(*stored->Get(i, 0)), expected[static_cast<size_t>(i)]) << "posting " << i + 1;
  }
  // Nothing half-written: ids dense, no skills without their posting, no posting without its
  // description (unless it has no text: size 0 is never stored).
  auto checks = (*conn)->Exec(
      "SET search_path TO skillpulse; SELECT (SELECT max(posting_id) = count(*) FROM postings), "
      "(SELECT count(*) FROM posting_skills s WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.posting_id = "
      "s.posting_id)), (SELECT count(DISTINCT content_hash) FROM postings p WHERE NOT EXISTS (SELECT 1 FROM "
      "descriptions d WHERE d.content_hash = p.content_hash))");
  ASSERT_TRUE(checks.ok()) << checks.status().ToString();
  EXPECT_EQ(std::string(*checks->Get(0, 0)), "t");
  EXPECT_EQ(std::string(*checks->Get(0, 1)), "0");
  EXPECT_LE(std::stoi(std::string(*checks->Get(0, 2))), 1);  // at most the hash of the empty text

  // A re-run completes; the store then holds what a clean run gives.
  pid = StartIngest(killed, sources);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  auto rerun = RunSkillpulse("ingest -q --no-progress --pg '" + cluster->ConnInfo("clean") + "' " + sources[0] + " " +
                             sources[1]);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  auto a = OpenPostgresStore(killed);
  auto b = OpenPostgresStore(cluster->ConnInfo("clean"));
  ASSERT_TRUE(a.ok() && b.ok());
  auto fa = (*a)->LoadFacts();
  auto fb = (*b)->LoadFacts();
  ASSERT_TRUE(fa.ok() && fb.ok());
  EXPECT_EQ(testing::DiffFacts(*fb, *fa), "");
  auto runs = (*conn)->Exec("SELECT string_agg(status || ':' || postings_new, ',' ORDER BY run_id) FROM skillpulse.ingest_runs");
  std::string err;
  auto clean = testing::PgRows(cluster->ConnInfo("clean"), "SELECT postings_new FROM ingest_runs", &err);
  ASSERT_EQ(err, "");
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(clean.size(), 1u);
  // The re-run added exactly what the killed run had not committed.
  EXPECT_EQ(std::string(*runs->Get(0, 0)),
            "running:" + std::to_string(postings_new) + ",ok:" + std::to_string(std::stoll(*clean[0][0]) - postings_new));
}

}  // namespace
}  // namespace skillpulse

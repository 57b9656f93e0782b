// Atomicity of the embedded store: `skillpulse ingest` of the whole shared HN file into a fresh
// SQLite store, killed with SIGKILL after its first commit (a store's first 16,384 postings are
// committed during the run: sqlite_store.cc CommitInterval), leaves exactly a prefix of the
// input, every committed posting pending for job assignment with its dedup record, and the
// bulk load's dropped indexes recorded; a re-run completes and ends with the same facts and
// jobs as a clean run. A bulk load into an empty store writes through a rollback journal
// (sqlite_store.cc UseRollbackJournalIfEmpty), so this is the hot-journal rollback path; the
// test checks that mode from the file header before anything opens the store again.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>
#include <unordered_set>

#include "store/store.h"
#include "store_compare.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::RunSkillpulse;
using testing::TempDir;

// The first column of the first row of `sql` on the store at `path`, as text ("" on no row or
// an error, such as the tables not being there yet: the caller polls).
std::string One(const std::string& path, const std::string& sql) {
  std::string error;
  const auto rows = testing::SqliteRows(path, sql, &error);
  return rows.empty() || rows[0].empty() || !rows[0][0] ? "" : *rows[0][0];
}

pid_t StartIngest(const std::string& db) {
  return testing::SpawnSkillpulse({"ingest", "-q", "--no-progress", "--db", db, "hn:" + testing::HnFile()});
}

TEST(SqliteKill, KilledBulkLoadKeepsItsCommittedPrefixAndRerunCompletes) {
  if (!testing::HaveShared("hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst")) GTEST_SKIP() << "no shared data";
  TempDir tmp;
  const std::string killed = tmp.File("killed.db");
  const std::string clean = tmp.File("clean.db");
  std::vector<std::string> input;  // "source\tsource_id"
  for (const auto& [source, id] : testing::ExtractedKeys(tmp, "hn:" + testing::HnFile())) input.push_back(source + "\t" + id);
  ASSERT_GT(input.size(), 50000u);

  // Kill it as soon as a commit is visible to another connection. No connection is opened
  // before the bulk load's rollback journal exists: SQLite cannot leave WAL mode while another
  // connection has the database open (https://www.sqlite.org/wal.html, "Persistence of WAL
  // mode"), so a poll at that instant would keep the load in WAL mode (which is right for a
  // store with readers, but not the path this test is about).
  pid_t pid = StartIngest(killed);
  ASSERT_GT(pid, 0);
  const std::string journal = killed + "-journal";
  for (int i = 0; i < 60000 && access(journal.c_str(), F_OK) != 0; ++i) {  // up to 2 minutes
    if (waitpid(pid, nullptr, WNOHANG) == pid) {
      pid = 0;
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  ASSERT_NE(pid, 0) << "ingest finished before its rollback journal was seen";
  int64_t seen = 0;
  for (int i = 0; i < 6000 && seen == 0; ++i) {  // up to 2 minutes
    const std::string n = One(killed, "SELECT count(*) FROM postings");
    seen = n.empty() ? 0 : std::stoll(n);
    if (seen > 0) break;
    if (waitpid(pid, nullptr, WNOHANG) == pid) {
      pid = 0;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_NE(pid, 0) << "ingest finished before it could be killed";
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status));
  {
    // Database header bytes 18 and 19 (file format write/read versions): 1 = rollback journal,
    // 2 = WAL (https://www.sqlite.org/fileformat2.html, section 1.3).
    std::ifstream f(killed, std::ios::binary);
    char header[20] = {};
    ASSERT_TRUE(f.read(header, sizeof header));
    EXPECT_EQ(header[18], 1) << "the killed bulk load was not in rollback-journal mode";
    EXPECT_EQ(header[19], 1);
  }

  // What is committed: a prefix of the input, in input order, in whole commits (at least the
  // first 16,384 postings, fewer than all), and nothing half-written.
  std::string error;
  std::vector<std::string> stored;
  for (const auto& row : testing::SqliteRows(killed, "SELECT source || char(9) || source_id FROM postings ORDER BY posting_id",
                                             &error)) {
    stored.push_back(row[0].value_or(""));
  }
  ASSERT_EQ(error, "");
  std::fprintf(stderr, "killed after %zu committed postings of %zu\n", stored.size(), input.size());
  ASSERT_GE(stored.size(), 16384u);
  ASSERT_LT(stored.size(), input.size());
  std::vector<std::string> expected;
  std::unordered_set<std::string> distinct;
  for (const std::string& key : input) {
    if (expected.size() == stored.size()) break;
    if (distinct.insert(key).second) expected.push_back(key);
  }
  ASSERT_EQ(stored, expected);
  const std::string n = std::to_string(stored.size());
  EXPECT_EQ(One(killed, "SELECT max(posting_id) FROM postings"), n);
  EXPECT_EQ(One(killed, "SELECT count(*) FROM posting_skills s WHERE NOT EXISTS "
                        "(SELECT 1 FROM postings p WHERE p.posting_id = s.posting_id)"),
            "0");
  // (at most one text missing: the empty one, never stored)
  EXPECT_LE(std::stoi(One(killed, "SELECT count(DISTINCT content_hash) FROM postings p WHERE NOT EXISTS "
                                  "(SELECT 1 FROM descriptions d WHERE d.content_hash = p.content_hash)")),
            1);
  // Every committed posting waits for its job, with its dedup record; the run is unfinished.
  EXPECT_EQ(One(killed, "SELECT count(*) FROM dedup_pending"), n);
  EXPECT_EQ(One(killed, "SELECT count(*) FROM dedup_records"), n);
  EXPECT_EQ(One(killed, "SELECT group_concat(status) FROM ingest_runs"), "running");
  EXPECT_EQ(One(killed, "SELECT group_concat(name) FROM (SELECT name FROM deferred_indexes ORDER BY name)"),
            "dedup_records_block,dedup_records_job,dedup_records_url");

  // The re-run completes; the store then holds what a clean run gives.
  pid = StartIngest(killed);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  auto r = RunSkillpulse("ingest -q --no-progress --db " + clean + " hn:" + testing::HnFile());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(One(killed, "SELECT count(*) FROM dedup_pending"), "0");
  EXPECT_EQ(One(killed, "SELECT count(*) FROM deferred_indexes"), "0");
  EXPECT_EQ(One(killed, "SELECT group_concat(status || ':' || COALESCE(postings_new, '-')) FROM ingest_runs"),
            "running:-,ok:" + std::to_string(std::stoll(One(clean, "SELECT postings_new FROM ingest_runs")) -
                                              static_cast<int64_t>(stored.size())));
  {
    auto a = OpenSqliteStore(killed);
    auto b = OpenSqliteStore(clean);
    ASSERT_TRUE(a.ok() && b.ok());
    auto fa = (*a)->LoadFacts();
    auto fb = (*b)->LoadFacts();
    ASSERT_TRUE(fa.ok() && fb.ok());
    EXPECT_EQ(testing::DiffFacts(*fb, *fa), "");
  }
  auto ja = RunSkillpulse("jobs export --db " + killed + " --format jsonl");
  auto jb = RunSkillpulse("jobs export --db " + clean + " --format jsonl");
  ASSERT_EQ(ja.exit_code, 0) << ja.err;
  ASSERT_FALSE(jb.out.empty());
  EXPECT_EQ(ja.out, jb.out);
}

}  // namespace
}  // namespace skillpulse

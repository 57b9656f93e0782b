// The SQLite store's schema changes for bulk loads, on real input.
//
// Migrations on a store written by an earlier schema: migration 0004 moves the
// descriptions table from content_hash as its rowid (random-order inserts) to insertion order
// with a UNIQUE index on content_hash. A store in the v3 layout, written from the shared Ashby
// snapshot, must read the same after the upgrade and keep ignoring texts it already holds.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "test_util.h"

namespace skillpulse {
namespace {

using testing::RunSkillpulse;
using testing::TempDir;

// The first column of the first row of `sql` as text ("" on no row; fails the test on error).
std::string Scalar(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string out;
  char* err = nullptr;
  int rc = sqlite3_exec(
      db, sql.c_str(),
      [](void* p, int n, char** v, char**) {
        if (n > 0 && v[0] != nullptr && static_cast<std::string*>(p)->empty()) *static_cast<std::string*>(p) = v[0];
        return 0;
      },
      &out, &err);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
  return out;
}

TEST(SqliteMigration, DescriptionsMoveToInsertionOrderAndReadTheSame) {
  const std::string ashby = testing::SharedData("ats_ashby/ashby_posting_api_2025-10-28.tar.zst");
  if (!testing::HaveShared("ats_ashby/ashby_posting_api_2025-10-28.tar.zst")) GTEST_SKIP() << "no shared Ashby data";
  TempDir tmp;
  const std::string db = tmp.File("s.db");
  auto r = RunSkillpulse("ingest --quiet --no-progress --db " + db + " ashby:" + ashby);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string texts_sql = "SELECT count(*) || ' ' || sum(size_bytes) || ' ' || sum(length(text)) FROM descriptions";
  const std::string texts = Scalar(db, texts_sql);
  ASSERT_NE(texts.substr(0, 2), "0 ") << texts;
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pragma_table_info('descriptions') WHERE name = 'text_id'"), "1");
  auto report = RunSkillpulse("compare python go --db " + db + " --format json");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  auto jobs = RunSkillpulse("jobs export --db " + db + " --format jsonl");
  ASSERT_EQ(jobs.exit_code, 0) << jobs.err;

  // Back to the v3 layout, as a store written before migration 0004 has it.
  Scalar(db,
         "BEGIN; CREATE TABLE d3 (content_hash INTEGER PRIMARY KEY, size_bytes INTEGER NOT NULL, text BLOB NOT NULL); "
         "INSERT INTO d3 SELECT content_hash, size_bytes, text FROM descriptions; DROP TABLE descriptions; "
         "ALTER TABLE d3 RENAME TO descriptions; DROP TABLE deferred_indexes; "
         "DELETE FROM schema_migrations WHERE version >= 4; COMMIT");
  ASSERT_EQ(Scalar(db, "SELECT count(*) FROM pragma_table_info('descriptions') WHERE name = 'text_id'"), "0");
  ASSERT_EQ(Scalar(db, texts_sql), texts);

  // Any command that opens the store migrates it; reports and jobs read the same.
  auto after = RunSkillpulse("compare python go --db " + db + " --format json");
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.out, report.out);
  EXPECT_EQ(Scalar(db, "SELECT group_concat(version) FROM schema_migrations"), "1,2,3,4,5,6");
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pragma_table_info('descriptions') WHERE name = 'text_id'"), "1");
  EXPECT_EQ(Scalar(db, texts_sql), texts);
  EXPECT_EQ(RunSkillpulse("jobs export --db " + db + " --format jsonl").out, jobs.out);
  // A rebuild decompresses stored descriptions (records recomputed from text): same jobs.
  ASSERT_TRUE(Scalar(db, "SELECT count(*) FROM dedup_records") != "0");
  Scalar(db, "DELETE FROM dedup_records; UPDATE postings SET job_id = NULL; "
             "INSERT INTO dedup_backfill SELECT posting_id FROM postings");
  auto rebuild = RunSkillpulse("dedup rebuild --db " + db);
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_EQ(RunSkillpulse("jobs export --db " + db + " --format jsonl").out, jobs.out);
  // Re-ingesting the same input stores no text twice (UNIQUE content_hash, INSERT OR IGNORE).
  r = RunSkillpulse("ingest --quiet --no-progress --db " + db + " ashby:" + ashby);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Scalar(db, texts_sql), texts);
}

// A run into a store without postings drops dedup_records' non-unique indexes (block, url, job_id)
// and builds them after job assignment (migration 0005); what a killed run leaves recorded is
// built by the next run. Either way the indexes at rest are the migrations' own.
TEST(SqliteStore, BulkLoadBuildsDedupIndexesAtItsEnd) {
  const std::string ashby = testing::SharedData("ats_ashby/ashby_posting_api_2025-10-28.tar.zst");
  if (!testing::HaveShared("ats_ashby/ashby_posting_api_2025-10-28.tar.zst")) GTEST_SKIP() << "no shared Ashby data";
  TempDir tmp;
  const std::string db = tmp.File("s.db");
  const std::string indexes_sql =
      "SELECT group_concat(name || ':' || sql, ' ; ') FROM (SELECT name, sql FROM sqlite_master "
      "WHERE type = 'index' AND tbl_name = 'dedup_records' AND sql IS NOT NULL ORDER BY name)";
  // The indexes the migrations create, before any run.
  auto r = RunSkillpulse("ingest --quiet --no-progress --db " + db + " jsonl:/dev/null");
  const std::string want = Scalar(db, indexes_sql);
  ASSERT_NE(want.find("dedup_records_url"), std::string::npos) << want;
  ASSERT_NE(want.find("dedup_records_job"), std::string::npos) << want;
  ASSERT_NE(want.find("dedup_records_block"), std::string::npos) << want;

  r = RunSkillpulse("ingest --quiet --no-progress --db " + db + " ashby:" + ashby);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Scalar(db, indexes_sql), want);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM deferred_indexes"), "0");
  const std::string jobs = RunSkillpulse("jobs export --db " + db + " --format jsonl").out;
  ASSERT_FALSE(jobs.empty());

  // What a bulk load killed after a commit leaves: indexes dropped, their statements recorded.
  Scalar(db, "BEGIN; INSERT INTO deferred_indexes SELECT name, sql FROM sqlite_master WHERE name IN "
             "('dedup_records_block', 'dedup_records_url', 'dedup_records_job'); DROP INDEX dedup_records_block; "
             "DROP INDEX dedup_records_url; DROP INDEX dedup_records_job; COMMIT");
  ASSERT_EQ(Scalar(db, "SELECT count(*) FROM deferred_indexes"), "3");
  // The next run (not a bulk load: the store has postings) builds them and keeps them.
  r = RunSkillpulse("ingest --quiet --no-progress --db " + db + " ashby:" + ashby);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Scalar(db, indexes_sql), want);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM deferred_indexes"), "0");
  EXPECT_EQ(RunSkillpulse("jobs export --db " + db + " --format jsonl").out, jobs);
}

// Migration 0006 moves dedup_records from (block, posting_id) clustering to posting order. A
// store whose records were written in the v5 layout reads the same jobs after the upgrade, and
// a later run (key lookups by block, URL and job through the new indexes) assigns the same
// jobs as one into a store written in the new layout from the start.
TEST(SqliteMigration, DedupRecordsMoveToPostingOrderAndJobsStayTheSame) {
  const std::string ashby = testing::SharedData("ats_ashby/ashby_posting_api_2025-10-28.tar.zst");
  if (!testing::HaveShared("ats_ashby/ashby_posting_api_2025-10-28.tar.zst") ||
      !testing::HaveShared("hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst")) {
    GTEST_SKIP() << "no shared data";
  }
  TempDir tmp;
  const std::string old_db = tmp.File("v5.db"), new_db = tmp.File("v6.db");
  // The first two months of HN (reposts of the first in the second) and the Ashby snapshot.
  const std::string month1 = tmp.File("m1.jsonl"), months12 = tmp.File("m12.jsonl");
  ASSERT_EQ(std::system(("zstd -dc " + testing::HnFile() + " | head -n 1000 > " + month1).c_str()), 0);
  ASSERT_EQ(std::system(("zstd -dc " + testing::HnFile() + " | head -n 2000 > " + months12).c_str()), 0);
  for (const std::string& db : {old_db, new_db}) {
    auto r = RunSkillpulse("ingest --quiet --no-progress --db " + db + " hn:" + month1 + " ashby:" + ashby);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string records_sql =
      "SELECT count(*) || ' ' || sum(block % 1000003) || ' ' || sum(coalesce(job_id, posting_id)) || ' ' || "
      "sum(length(minhash)) FROM dedup_records";
  const std::string records = Scalar(old_db, records_sql);
  ASSERT_NE(records.substr(0, 2), "0 ") << records;
  const std::string jobs = RunSkillpulse("jobs export --db " + old_db + " --format jsonl").out;
  ASSERT_FALSE(jobs.empty());

  // Back to the v5 layout.
  Scalar(old_db,
         "BEGIN; CREATE TABLE r5 (block INTEGER NOT NULL, posting_id INTEGER NOT NULL, identity INTEGER NOT NULL, "
         "company INTEGER NOT NULL, location INTEGER NOT NULL, url INTEGER, requisition INTEGER NOT NULL, "
         "flags INTEGER NOT NULL, shingles INTEGER NOT NULL, minhash BLOB NOT NULL, first_seen INTEGER NOT NULL, "
         "last_seen INTEGER NOT NULL, job_id INTEGER, PRIMARY KEY (block, posting_id)) WITHOUT ROWID; "
         "INSERT INTO r5 SELECT block, posting_id, identity, company, location, url, requisition, flags, shingles, "
         "minhash, first_seen, last_seen, job_id FROM dedup_records; DROP TABLE dedup_records; "
         "ALTER TABLE r5 RENAME TO dedup_records; "
         "CREATE UNIQUE INDEX dedup_records_posting ON dedup_records(posting_id); "
         "CREATE INDEX dedup_records_url ON dedup_records(url) WHERE url IS NOT NULL; "
         "CREATE INDEX dedup_records_job ON dedup_records(job_id); "
         "DELETE FROM schema_migrations WHERE version >= 6; COMMIT");
  ASSERT_EQ(Scalar(old_db, "SELECT count(*) FROM pragma_index_list('dedup_records') WHERE name = 'dedup_records_posting'"),
            "1");
  ASSERT_EQ(Scalar(old_db, records_sql), records);

  // Any command that opens the store migrates it; the records and jobs read the same.
  EXPECT_EQ(RunSkillpulse("jobs export --db " + old_db + " --format jsonl").out, jobs);
  EXPECT_EQ(Scalar(old_db, "SELECT group_concat(version) FROM schema_migrations"), "1,2,3,4,5,6");
  EXPECT_EQ(Scalar(old_db, "SELECT group_concat(name) FROM (SELECT name FROM pragma_index_list('dedup_records') "
                           "ORDER BY name)"),
            "dedup_records_block,dedup_records_job,dedup_records_url");
  EXPECT_EQ(Scalar(old_db, records_sql), records);
  // An incremental run into both stores, whose assignment loads stored records by block, URL
  // and job: the second month reposts many of the first month's posts.
  for (const std::string& db : {old_db, new_db}) {
    auto r = RunSkillpulse("ingest --quiet --no-progress --db " + db + " hn:" + months12);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_NE(Scalar(new_db, "SELECT count(*) FROM postings p WHERE p.posting_id > (SELECT max(posting_id) FROM "
                           "postings WHERE source = 'ashby') AND p.job_id IS NOT NULL AND p.job_id < p.posting_id "
                           "AND EXISTS (SELECT 1 FROM postings q WHERE q.posting_id = p.job_id AND q.source = 'hn')"),
            "0");  // the second month's reposts joined first-month jobs
  EXPECT_EQ(Scalar(old_db, records_sql), Scalar(new_db, records_sql));
  EXPECT_EQ(RunSkillpulse("jobs export --db " + old_db + " --format jsonl").out,
            RunSkillpulse("jobs export --db " + new_db + " --format jsonl").out);
}

// The writer queues a batch's skill rows and dedup pending marks and inserts them in
// multi-row statements. A posting that comes back changed within the same batch must end with
// its last version's skills only (its queued rows go in before the update deletes them), and
// every posting of the run must have been pending (it has a dedup record and a job).
TEST(SqliteStore, APostingChangedWithinOneBatchKeepsOnlyItsLastSkills) {
  TempDir tmp;
  const std::string db = tmp.File("s.db");
  const std::string input = tmp.File("p.jsonl");
  {
    std::ofstream f(input);
    f << R"({"id": "a", "company": "Acme", "title": "Backend Engineer", "description": "We write Rust and Kotlin."})" "\n"
      << R"({"id": "b", "company": "Bolt", "title": "Data Engineer", "description": "Python and PostgreSQL."})" "\n"
      << R"({"id": "a", "company": "Acme", "title": "Backend Engineer", "description": "We write Haskell now."})" "\n"
      << R"({"id": "c", "company": "Crux", "title": "iOS Engineer", "description": "Swift and Objective-C."})" "\n"
      << R"({"id": "a", "company": "Acme", "title": "Backend Engineer", "description": "We write Go and Elixir."})" "\n";
  }
  const std::string skills_sql =
      "SELECT group_concat(slug, ',') FROM (SELECT s.slug FROM posting_skills ps JOIN skills s USING (skill_id) "
      "JOIN postings p USING (posting_id) WHERE p.source_id = '%s' ORDER BY s.slug)";
  auto skills_of = [&](const char* id) {
    char sql[512];
    std::snprintf(sql, sizeof sql, skills_sql.c_str(), id);
    return Scalar(db, sql);
  };
  // Into an empty store (the bulk-load path), and again into the store it made.
  for (int run = 0; run < 2; ++run) {
    auto r = RunSkillpulse("ingest --quiet --no-progress --threads 1 --db " + db + " jsonl:" + input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(Scalar(db, "SELECT count(*) FROM postings"), "3");
    EXPECT_EQ(skills_of("a"), "elixir,go") << "run " << run;
    EXPECT_EQ(skills_of("b"), "postgresql,python");
    EXPECT_EQ(skills_of("c"), "ios,objective-c,swift");  // iOS from the title
    EXPECT_EQ(Scalar(db, "SELECT count(*) FROM dedup_records"), "3");
    EXPECT_EQ(Scalar(db, "SELECT count(*) FROM dedup_pending"), "0");
    EXPECT_EQ(Scalar(db, "SELECT count(*) FROM postings WHERE job_id IS NULL AND posting_id NOT IN "
                         "(SELECT posting_id FROM dedup_records)"),
              "0");
  }
}

}  // namespace
}  // namespace skillpulse

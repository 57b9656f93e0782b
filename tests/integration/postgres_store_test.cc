// The PostgreSQL store against a real, throwaway PostgreSQL 15 cluster (tests/pg_cluster.h):
// migrations and the newer-schema refusal, every field stored, the same rows and FactTable as
// the SQLite store through re-runs, updates and batch boundaries, text PostgreSQL would
// reject, and the --pg CLI flag.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <thread>

#include "core/text.h"
#include "enrich/skills/taxonomy.h"
#include "pg_cluster.h"
#include "store/postgres/postgres_store.h"
#include "store/store.h"
#include "store_compare.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::PgCluster;
using testing::TempDir;

// Sets environment variables for its lifetime (restoring what was there).
class ScopedEnv {
 public:
  explicit ScopedEnv(std::vector<std::pair<std::string, std::string>> vars) {
    for (auto& [k, v] : vars) {
      const char* old = std::getenv(k.c_str());
      saved_.emplace_back(k, old ? std::optional<std::string>(old) : std::nullopt);
      setenv(k.c_str(), v.c_str(), 1);
    }
  }
  ~ScopedEnv() {
    for (auto& [k, v] : saved_) {
      if (v) {
        setenv(k.c_str(), v->c_str(), 1);
      } else {
        unsetenv(k.c_str());
      }
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = PgCluster::Shared();
    if (cluster_ == nullptr) GTEST_SKIP() << "no PostgreSQL: " << PgCluster::SharedError();
    db_ = "t_" + AsciiLowerCopy(::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::replace(db_.begin(), db_.end(), '/', '_');
    ASSERT_TRUE(cluster_->CreateDatabase(db_));
  }
  std::string ConnInfo() const { return cluster_->ConnInfo(db_); }
  std::string Sql(const std::string& sql) const {
    bool ok = false;
    std::string err;
    std::string out = cluster_->Psql(db_, "SET search_path TO skillpulse;\n" + sql, &ok, &err);
    EXPECT_TRUE(ok) << sql << "\n" << err;
    return out;
  }

  PgCluster* cluster_ = nullptr;
  std::string db_;
};

// 2024-05-01T00:00:00Z
constexpr int64_t kMay2024 = 1714521600;

// A posting with every field set; `n` varies the ids and the text.
JobPosting FullPosting(int n) {
  JobPosting p;
  p.source = "test";
  p.source_id = "job-" + std::to_string(n);
  p.url = "https://example.com/jobs/" + std::to_string(n);
  p.apply_url = "https://example.com/apply/" + std::to_string(n);
  p.origin = "/data/test-" + std::to_string(n % 2) + ".jsonl";
  p.company = "Acme GmbH";
  p.title = "Senior Rust Engineer";
  p.location = "Berlin, Germany";
  p.place = {"DE", "DE-BE", "Berlin"};
  p.work_mode = WorkMode::kHybrid;
  p.remote_scope = "EU";
  p.seniority = Seniority::kSenior;
  p.experience_years_min = 5;
  p.employment_type = EmploymentType::kFullTime;
  p.visa_sponsorship = true;
  Salary s;
  s.currency = "EUR";
  s.period = SalaryPeriod::kYear;
  s.min = 70000;
  s.max = 90000;
  s.annual_usd_min = 75600.5;
  s.annual_usd_max = 97200.25;
  s.origin = SalaryOrigin::kStructured;
  s.ranges = {{"EUR", SalaryPeriod::kYear, 70000, 90000}};
  p.salary = s;
  p.posted_at = kMay2024 + n;
  p.month = "2024-05";
  p.description_text = "We write Rust and Go. Posting number " + std::to_string(n) + ".";
  p.content_hash = Hash64(p.description_text);
  p.skills = {{0, true}, {1, std::nullopt}};
  return p;
}

// Only the key: no text, no salary, nothing derived.
JobPosting BarePosting(const std::string& id) {
  JobPosting p;
  p.source = "bare";
  p.source_id = id;
  return p;
}

struct RunResult {
  Status status;
  WriteStats stats;
};

// One ingest run of `batches` (each a PostingBatch, optionally Prepared) into `store`.
RunResult WriteRun(Store& store, const std::vector<std::vector<JobPosting>>& batches, bool prepare,
                   const std::vector<QuarantinedRecord>& quarantine = {}) {
  RunResult r;
  RunInfo run;
  run.sources = {"test:fixture"};
  run.started_at = 1'700'000'000;
  run.tool_version = "test";
  run.fx_date = "2025-01-02";
  r.status = store.BeginRun(run, *Taxonomy::Default());
  for (const auto& postings : batches) {
    if (!r.status.ok()) break;
    PostingBatch b;
    b.postings = postings;
    if (prepare) store.Prepare(b);
    r.status = store.Write(b);
  }
  if (r.status.ok() && !quarantine.empty()) r.status = store.WriteQuarantine(quarantine);
  Diagnostics diag(nullptr);
  if (r.status.ok()) r.status = store.FinishRun(diag);
  r.stats = store.stats();
  return r;
}

TEST_F(PgStoreTest, MigrationsCreateTheSchemaOnceAndRecordIt) {
  {
    auto store = OpenPostgresStore(ConnInfo());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
  }
  EXPECT_EQ(Sql("SELECT string_agg(version || ' ' || name, ',' ORDER BY version) FROM schema_migrations"),
            "1 0001_init.sql,2 0002_dedup.sql,10 0010_tasks.sql,11 0011_text_dictionaries.sql,"
            "12 0012_task_fetch_state.sql,13 0013_deferred_indexes.sql,14 0014_postings_fillfactor.sql");
  EXPECT_EQ(PostgresSchemaVersion(), 14);
  // Room for the job assignment's rewrites on the rows' own pages (0014).
  EXPECT_EQ(Sql("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = "
                "'skillpulse'::regnamespace AND 'fillfactor=90' = ANY(reloptions)"),
            "dedup_records,postings");
  EXPECT_EQ(Sql("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'skillpulse'"),
            "dedup_backfill,dedup_pending,dedup_records,deferred_indexes,descriptions,ingest_runs,origins,"
            "posting_skills,postings,quarantine,schema_migrations,skills,task_configs,tasks,text_dictionaries");
  // The description blobs are stored as given (already zstd-compressed by the writer).
  EXPECT_EQ(Sql("SELECT attstorage FROM pg_attribute WHERE attrelid = 'descriptions'::regclass AND attname = 'text'"),
            "e");
  // Reopening applies nothing twice; four processes opening a fresh database at once all
  // succeed (the advisory lock serializes the migration).
  ASSERT_TRUE(OpenPostgresStore(ConnInfo()).ok());
  EXPECT_EQ(Sql("SELECT count(*) FROM schema_migrations"), "7");

  ASSERT_TRUE(cluster_->CreateDatabase(db_ + "_concurrent"));
  std::vector<Status> results(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { results[i] = OpenPostgresStore(cluster_->ConnInfo(db_ + "_concurrent")).status(); });
  }
  for (auto& t : threads) t.join();
  for (const auto& s : results) EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(cluster_->Psql(db_ + "_concurrent", "SELECT count(*) FROM skillpulse.schema_migrations"), "7");
}

// A migration numbered below the database's newest one is applied when it is missing
// (branches that add migrations in parallel: a database may record 0010 before 0002 exists).
TEST_F(PgStoreTest, AppliesAMissingMigrationBelowTheNewest) {
  ASSERT_TRUE(OpenPostgresStore(ConnInfo()).ok());
  Sql("DELETE FROM schema_migrations WHERE version IN (1, 2); DROP VIEW jobs; DROP TABLE dedup_records, dedup_pending, "
      "dedup_backfill, posting_skills, postings, descriptions, origins, ingest_runs, quarantine, skills CASCADE; "
      "DROP SEQUENCE write_batches");
  EXPECT_EQ(Sql("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"), "10,11,12,13,14");
  auto store = OpenPostgresStore(ConnInfo());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(Sql("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"), "1,2,10,11,12,13,14");
  EXPECT_EQ(Sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'skillpulse'"), "15");
  auto n = (*store)->CountPostings();
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);
}

TEST_F(PgStoreTest, RefusesASchemaNewerThanTheBinary) {
  ASSERT_TRUE(OpenPostgresStore(ConnInfo()).ok());
  const int future = PostgresSchemaVersion() + 1;
  Sql("INSERT INTO schema_migrations VALUES (" + std::to_string(future) + ", '" + std::to_string(future) +
      "_future.sql', 0)");
  auto store = OpenPostgresStore(ConnInfo());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("schema version " + std::to_string(future) + " is newer than this skillpulse"),
            std::string::npos)
      << store.status().message();
  // The CLI refuses too, and writes nothing.
  TempDir tmp;
  std::string file = tmp.Write("hn.jsonl",
                               R"({"thread_id":1,"month":"2024-05","id":7,"by":"a","text":"Acme | Go Dev | NYC<p>Go."})"
                               "\n");
  auto r = testing::RunSkillpulse("ingest --no-progress --pg '" + ConnInfo() + "' hn:" + file);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("is newer than this skillpulse knows"), std::string::npos) << r.err;
  EXPECT_EQ(Sql("SELECT count(*) FROM ingest_runs"), "0");
}

TEST_F(PgStoreTest, StoresEveryField) {
  auto store = OpenPostgresStore(ConnInfo());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  QuarantinedRecord q{"hn", "/data/hn.jsonl", 12, 3456, "invalid JSON: missing comma", "{\"id\": 1 \"by\""};
  RunResult r = WriteRun(**store, {{FullPosting(1), BarePosting("b1")}}, /*prepare=*/true, {q});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.stats.postings_new, 2);
  EXPECT_EQ(r.stats.quarantined, 1);

  // Every column of the full posting, as set above.
  EXPECT_EQ(Sql("SELECT concat_ws('|', p.posting_id, source, source_id, url, apply_url, o.origin, company, title, "
                "location, country, region, city, work_mode, remote_scope, seniority, experience_years_min, "
                "employment_type, visa_sponsorship, salary_currency, salary_period, salary_min, salary_max, "
                "salary_usd_year_min, salary_usd_year_max, salary_origin, salary_is_estimate, salary_ranges, posted_at, "
                "month, job_id IS NULL, first_seen, last_seen, closed_at IS NULL, created_run, updated_run) "
                "FROM postings p JOIN origins o USING (origin_id) WHERE source_id = 'job-1'"),
            "1|test|job-1|https://example.com/jobs/1|https://example.com/apply/1|/data/test-1.jsonl|Acme GmbH|"
            "Senior Rust Engineer|Berlin, Germany|DE|DE-BE|Berlin|2|EU|4|5|1|t|EUR|0|70000|90000|75600.5|97200.25|0|f|"
            "[{\"currency\":\"EUR\",\"period\":\"year\",\"min\":70000,\"max\":90000}]|1714521601|2024-05|t|1714521601|"
            "1714521601|t|1|1");
  // The bare posting: NULLs where nothing is known; seen at the run's start (no dates).
  EXPECT_EQ(Sql("SELECT concat_ws('|', posting_id, source_id, coalesce(url, 'NULL'), coalesce(origin_id::text, 'NULL'), "
                "work_mode, coalesce(visa_sponsorship::text, 'NULL'), coalesce(salary_min::text, 'NULL'), "
                "salary_is_estimate, coalesce(month, 'NULL'), first_seen, last_seen) FROM postings WHERE source = 'bare'"),
            "2|b1|NULL|NULL|0|NULL|NULL|f|NULL|1700000000|1700000000");
  // The description once, compressed; skills with their required flag.
  const JobPosting full = FullPosting(1);
  EXPECT_EQ(Sql("SELECT count(*) || ' ' || min(size_bytes) FROM descriptions"),
            "1 " + std::to_string(full.description_text.size()));
  EXPECT_EQ(Sql("SELECT string_agg(s.slug || ':' || coalesce(ps.required::text, 'NULL'), ',' ORDER BY s.skill_id) "
                "FROM posting_skills ps JOIN skills s USING (skill_id)"),
            Taxonomy::Default()->at(0).slug + ":true," + Taxonomy::Default()->at(1).slug + ":NULL");
  EXPECT_EQ(Sql("SELECT concat_ws('|', postings_new, postings_updated, postings_unchanged, quarantined, batches, status, "
                "fx_date, finished_at IS NOT NULL) FROM ingest_runs"),
            "2|0|0|1|1|ok|2025-01-02|t");

  // Reading back through the Store interface.
  EXPECT_EQ(*(*store)->CountPostings(), 2);
  EXPECT_EQ(*(*store)->CountQuarantined(), 1);
  auto qs = (*store)->ListQuarantined(10);
  ASSERT_TRUE(qs.ok());
  ASSERT_EQ(qs->size(), 1u);
  EXPECT_EQ((*qs)[0].origin, "/data/hn.jsonl");
  EXPECT_EQ((*qs)[0].line, 12u);
  EXPECT_EQ((*qs)[0].offset, 3456u);
  EXPECT_EQ((*qs)[0].reason, "invalid JSON: missing comma");
  EXPECT_EQ((*qs)[0].excerpt, "{\"id\": 1 \"by\"");
  EXPECT_EQ(*(*store)->FxDate(), "2025-01-02");
  auto facts = (*store)->LoadFacts();
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_EQ(facts->postings.size(), 2u);
  const PostingFact& f = facts->postings[0];
  EXPECT_EQ(f.posting_id, 1);
  EXPECT_EQ(f.job_id, 1);  // no dedup yet: its own job
  EXPECT_EQ(facts->sources[f.source], "test");
  EXPECT_EQ(FormatMonthIndex(f.month), "2024-05");
  EXPECT_EQ(f.first_seen, kMay2024 + 1);
  EXPECT_EQ(f.work_mode, WorkMode::kHybrid);
  EXPECT_EQ(f.seniority, Seniority::kSenior);
  EXPECT_EQ(f.employment_type, EmploymentType::kFullTime);
  EXPECT_EQ(f.experience_years_min, 5.0f);
  EXPECT_EQ(f.salary_usd_year_min, 75600.5f);
  EXPECT_EQ(f.salary_usd_year_max, 97200.25f);
  EXPECT_EQ(f.country, "DE");
  ASSERT_EQ(f.skills_count, 2);
  EXPECT_EQ(facts->skill_info[facts->skills[f.skills_begin].skill].slug, Taxonomy::Default()->at(0).slug);
  EXPECT_EQ(facts->skills[f.skills_begin].required, 1);
  EXPECT_EQ(facts->skills[f.skills_begin + 1].required, -1);
  EXPECT_EQ(facts->postings[1].month, kNoMonth);
  EXPECT_TRUE(std::isnan(facts->postings[1].salary_usd_year_min));
  EXPECT_EQ(facts->postings[1].skills_count, 0);
}

// The same sequence of runs into SQLite and PostgreSQL (with each write-path option) gives
// the same counts, rows and FactTable after every run.
TEST_F(PgStoreTest, MatchesSqliteThroughRerunsUpdatesAndBatchBoundaries) {
  // Run 1: 7 postings in two PostingBatches; job-2 appears twice in run 1, the second time
  // with a new title (new + updated). Run 2: the same input (no change). Run 3: job-3 changed,
  // job-4 seen later than before (observed_at: only last_seen moves), job-9 new.
  std::vector<JobPosting> b1 = {FullPosting(1), FullPosting(2), FullPosting(3), BarePosting("x")};
  JobPosting job2b = FullPosting(2);
  job2b.title = "Staff Rust Engineer";
  std::vector<JobPosting> b2 = {FullPosting(4), job2b, FullPosting(5), BarePosting("y")};
  std::vector<std::vector<JobPosting>> run1 = {b1, b2};
  JobPosting job3c = FullPosting(3);
  job3c.salary->max = 95000;
  job3c.skills = {{1, false}};
  JobPosting job4_later = FullPosting(4);
  job4_later.observed_at = kMay2024 + 86400 * 30;
  std::vector<std::vector<JobPosting>> run3 = {{job3c, job4_later, FullPosting(9)}};

  TempDir tmp;
  const std::string sqlite_path = tmp.File("ref.db");
  // One store object per run, as the CLI does (SqliteStore's stats() counts every run of the
  // object, so a second run on the same object would record cumulative counts).
  std::vector<WriteStats> sqlite_stats;
  for (const auto& run : {run1, run1, run3}) {
    auto ref = OpenSqliteStore(sqlite_path);
    ASSERT_TRUE(ref.ok());
    RunResult r = WriteRun(**ref, run, true);
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    sqlite_stats.push_back(r.stats);
  }
  // Read from the SQLite store the counts a reader would expect (written from the runs above).
  EXPECT_EQ(sqlite_stats[0].postings_new, 7);
  EXPECT_EQ(sqlite_stats[0].postings_updated, 1);
  EXPECT_EQ(sqlite_stats[1].postings_new, 0);
  EXPECT_EQ(sqlite_stats[2].postings_new, 1);
  EXPECT_EQ(sqlite_stats[2].postings_updated, 1);
  EXPECT_EQ(sqlite_stats[2].postings_unchanged, 1);
  auto ref = OpenSqliteStore(sqlite_path);
  auto ref_facts = (*ref)->LoadFacts();
  ASSERT_TRUE(ref_facts.ok());

  struct Variant {
    const char* name;
    PostgresStoreOptions options;
    bool prepare;
  };
  std::vector<Variant> variants = {
      {"default", {}, true},
      {"batches_of_2_async", {.batch_postings = 2}, true},
      {"batches_of_3_sync_unprepared", {.batch_postings = 3, .async_flush = false}, false},
      {"merge_all", {.batch_postings = 5, .merge_all = true}, true},
  };
  for (const auto& v : variants) {
    SCOPED_TRACE(v.name);
    const std::string db = db_ + "_" + v.name;
    ASSERT_TRUE(cluster_->CreateDatabase(db));
    int run_no = 0;
    for (const auto& run : {run1, run1, run3}) {
      auto store = OpenPostgresStore(cluster_->ConnInfo(db), v.options);
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      RunResult r = WriteRun(**store, run, v.prepare);
      ASSERT_TRUE(r.status.ok()) << r.status.ToString();
      EXPECT_EQ(r.stats.postings_new, sqlite_stats[run_no].postings_new) << "run " << run_no;
      EXPECT_EQ(r.stats.postings_updated, sqlite_stats[run_no].postings_updated) << "run " << run_no;
      EXPECT_EQ(r.stats.postings_unchanged, sqlite_stats[run_no].postings_unchanged) << "run " << run_no;
      ++run_no;
    }
    auto store = OpenPostgresStore(cluster_->ConnInfo(db), v.options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto facts = (*store)->LoadFacts();
    ASSERT_TRUE(facts.ok()) << facts.status().ToString();
    EXPECT_EQ(testing::DiffFacts(*ref_facts, *facts), "");
    for (const auto& e : testing::StoreExports()) {
      std::string err1, err2;
      auto a = testing::ExportSqlite(sqlite_path, e, &err1);
      auto b = testing::ExportPg(cluster_->ConnInfo(db), e, &err2);
      ASSERT_EQ(err1 + err2, "");
      EXPECT_EQ(testing::DiffRows(a, b), "") << "table " << e.name;
    }
    // Spot checks written from the runs above: job-2 holds its second title, job-3 its
    // changed salary and skills (created in run 1, updated in run 3), job-4 a wider range.
    auto one = [&](const std::string& sql) { return cluster_->Psql(db, "SET search_path TO skillpulse;\n" + sql); };
    EXPECT_EQ(one("SELECT title FROM postings WHERE source_id = 'job-2'"), "Staff Rust Engineer");
    EXPECT_EQ(one("SELECT concat_ws('|', salary_max, created_run, updated_run) FROM postings WHERE source_id = 'job-3'"),
              "95000|1|3");
    EXPECT_EQ(one("SELECT string_agg(skill_id || ':' || required, ',') FROM posting_skills JOIN postings USING "
                  "(posting_id) WHERE source_id = 'job-3'"),
              "2:false");
    EXPECT_EQ(one("SELECT first_seen || '|' || last_seen FROM postings WHERE source_id = 'job-4'"),
              std::to_string(kMay2024 + 4) + "|" + std::to_string(kMay2024 + 86400 * 30));
    EXPECT_EQ(one("SELECT max(posting_id) || '|' || count(*) FROM postings"), "8|8");
  }
}

// Listing lifecycle (the fetcher's complete listings), the same calls on both stores in the
// middle of runs. Run 1 (observed at t0): job-1..3; the listing then held only job-1 at
// t0 + 10 days, so job-2 and job-3 close then. Run 2: the listing was unchanged (304) at
// t0 + 20 days: job-1, the only open one, is touched; then job-3 is observed again at
// t0 + 30 days and reopens.
TEST_F(PgStoreTest, CloseMissingAndTouchOpenMatchSqlite) {
  const int64_t t0 = kMay2024, day = 86400;
  std::vector<JobPosting> first;
  for (int n = 1; n <= 3; ++n) {
    first.push_back(FullPosting(n));
    first.back().observed_at = t0;
  }
  JobPosting again = FullPosting(3);
  again.observed_at = t0 + 30 * day;
  struct Counts {
    int64_t closed = -1, touched = -1;
  };
  auto run_both = [&](Store& store, bool prepare) -> Counts {
    Counts c;
    RunInfo run;
    run.started_at = t0;
    EXPECT_TRUE(store.BeginRun(run, *Taxonomy::Default()).ok());
    PostingBatch b;
    b.postings = first;
    if (prepare) store.Prepare(b);
    EXPECT_TRUE(store.Write(b).ok());
    auto closed = store.CloseMissing("test", {"job-1"}, t0 + 10 * day);
    EXPECT_TRUE(closed.ok()) << closed.status().ToString();
    c.closed = closed.ok() ? *closed : -1;
    Diagnostics diag(nullptr);
    EXPECT_TRUE(store.FinishRun(diag).ok());
    EXPECT_TRUE(store.BeginRun(run, *Taxonomy::Default()).ok());
    auto touched = store.TouchOpen("test", t0 + 20 * day);
    EXPECT_TRUE(touched.ok()) << touched.status().ToString();
    c.touched = touched.ok() ? *touched : -1;
    PostingBatch b2;
    b2.postings = {again};
    if (prepare) store.Prepare(b2);
    EXPECT_TRUE(store.Write(b2).ok());
    EXPECT_TRUE(store.FinishRun(diag).ok());
    return c;
  };
  TempDir tmp;
  const std::string sqlite_path = tmp.File("ref.db");
  auto ref = OpenSqliteStore(sqlite_path);
  ASSERT_TRUE(ref.ok());
  Counts want = run_both(**ref, true);
  EXPECT_EQ(want.closed, 2);
  EXPECT_EQ(want.touched, 1);
  for (bool async : {true, false}) {
    SCOPED_TRACE(async ? "async" : "sync");
    ASSERT_TRUE(cluster_->CreateDatabase(db_));
    auto store = OpenPostgresStore(ConnInfo(), {.async_flush = async});
    ASSERT_TRUE(store.ok());
    Counts got = run_both(**store, async);
    EXPECT_EQ(got.closed, 2);
    EXPECT_EQ(got.touched, 1);
    EXPECT_EQ(Sql("SELECT string_agg(concat_ws(':', source_id, first_seen - " + std::to_string(t0) + ", last_seen - " +
                  std::to_string(t0) + ", COALESCE(closed_at - " + std::to_string(t0) +
                  ", -1)), ',' ORDER BY posting_id) FROM postings"),
              "job-1:0:" + std::to_string(20 * day) + ":-1,job-2:0:0:" + std::to_string(10 * day) + ",job-3:0:" +
                  std::to_string(30 * day) + ":-1");
    const auto& e = testing::StoreExports()[0];  // postings
    std::string err1, err2;
    auto a = testing::SqliteRows(sqlite_path, e.sqlite_sql, &err1);
    auto b = testing::PgRows(ConnInfo(), e.pg_sql, &err2);
    ASSERT_EQ(err1 + err2, "");
    EXPECT_EQ(testing::DiffRows(a, b), "");
  }
}

// Jobs (dedup) on both stores: job-1 listed again by another source with the same URL and
// fields is one job with it (the job id is the smaller posting_id, 1); export, `jobs show`,
// the jobs of the fact table and a rebuild agree with SQLite.
TEST_F(PgStoreTest, JobsMatchSqliteThroughRunsAndRebuild) {
  JobPosting copy = FullPosting(1);
  copy.source = "other";
  copy.source_id = "x-1";
  std::vector<std::vector<JobPosting>> run1 = {{FullPosting(1), BarePosting("a")}, {copy, FullPosting(7)}};
  JobPosting moved = FullPosting(7);
  moved.company = "Other Corp";
  moved.title = "Gardener";
  moved.url = "https://example.org/garden";
  moved.apply_url.clear();
  moved.description_text = "Plants need water, and someone to give it to them.";
  std::vector<std::vector<JobPosting>> run2 = {{moved, FullPosting(8)}};
  TempDir tmp;
  const std::string sqlite_path = tmp.File("ref.db");
  for (const auto& run : {run1, run2}) {
    auto ref = OpenSqliteStore(sqlite_path);
    ASSERT_TRUE(ref.ok());
    ASSERT_TRUE(WriteRun(**ref, run, true).status.ok());
  }
  auto export_jobs = [](Store& store) {
    std::string out;
    Status s = store.ForEachPostingJob([&](const PostingJobRef& r) {
      out += r.source + "/" + r.source_id + "=" + std::to_string(r.job_id) + " ";
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  };
  auto show = [](Store& store, int64_t job) {
    std::string out;
    auto rows = store.ListJobPostings(job);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    if (rows.ok()) {
      for (const auto& r : *rows) out += std::to_string(r.posting_id) + ":" + r.source + "/" + r.source_id + " ";
    }
    return out;
  };
  auto jobs_of = [](Store& store) {
    std::string out;
    auto facts = store.LoadFacts();
    EXPECT_TRUE(facts.ok());
    if (facts.ok()) {
      for (const auto& j : facts->jobs) {
        out += std::to_string(j.job_id) + ":" + std::to_string(j.postings) + ":" + std::to_string(j.first_seen) + ":" +
               std::to_string(j.last_seen) + ":" + std::to_string(j.closed_at) + " ";
      }
    }
    return out;
  };
  auto ref = OpenSqliteStore(sqlite_path);
  ASSERT_TRUE(ref.ok());
  const std::string want_export = export_jobs(**ref);
  // Posting ids in input order: job-1 1, bare/a 2, other/x-1 3, job-7 4, job-8 5.
  EXPECT_NE(want_export.find("other/x-1=1 "), std::string::npos) << want_export;
  EXPECT_NE(want_export.find("bare/a=2 "), std::string::npos) << want_export;
  const std::string want_show = show(**ref, 1);
  EXPECT_EQ(want_show.substr(0, 10), "1:test/job");
  const std::string want_jobs = jobs_of(**ref);

  for (bool prepare : {true, false}) {
    SCOPED_TRACE(prepare ? "prepared" : "unprepared");
    ASSERT_TRUE(cluster_->CreateDatabase(db_));
    for (const auto& run : {run1, run2}) {
      auto store = OpenPostgresStore(ConnInfo(), {.batch_postings = 2});
      ASSERT_TRUE(store.ok());
      RunResult r = WriteRun(**store, run, prepare);
      ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    }
    auto store = OpenPostgresStore(ConnInfo());
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(export_jobs(**store), want_export);
    EXPECT_EQ(show(**store, 1), want_show);
    EXPECT_EQ(show(**store, 999), "");
    EXPECT_EQ(jobs_of(**store), want_jobs);
    EXPECT_EQ(Sql("SELECT count(*) FROM dedup_pending"), "0");
    EXPECT_EQ(Sql("SELECT count(*) FROM dedup_records"), "5");
    // A rebuild recomputes the same jobs.
    ASSERT_TRUE((*store)->RebuildJobs().ok());
    EXPECT_EQ(export_jobs(**store), want_export);
    // Postings stored before migration 0002 (no records, listed in dedup_backfill) get their
    // records from the stored text at the next assignment, and the same jobs.
    Sql("DELETE FROM dedup_records; UPDATE postings SET job_id = NULL; "
        "INSERT INTO dedup_backfill SELECT posting_id FROM postings");
    ASSERT_EQ(Sql("SELECT count(*) FROM dedup_records"), "0");
    ASSERT_TRUE((*store)->RebuildJobs().ok());
    EXPECT_EQ(Sql("SELECT count(*) FROM dedup_records"), "5");
    EXPECT_EQ(Sql("SELECT count(*) FROM dedup_backfill"), "0");
    EXPECT_EQ(export_jobs(**store), want_export);
  }
}

// The repost window compares posting dates, not fetch times: the same text posted 120 days
// apart but fetched in one run (both observed at the same moment) is two jobs; posted 10 days
// apart it is one; without a datePosted the observation times decide (one job here).
TEST_F(PgStoreTest, RepostWindowUsesPostingDatesOfFetchedPostings) {
  const int64_t day = 86400, fetched = kMay2024 + 200 * day;
  auto posting = [&](const std::string& source, const std::string& id, std::optional<int64_t> posted) {
    JobPosting p = FullPosting(1);
    p.source = source;
    p.source_id = id;
    p.url = "https://example.com/" + source + "/" + id;
    p.apply_url.clear();
    p.posted_at = posted;
    p.observed_at = fetched;
    return p;
  };
  std::vector<std::vector<JobPosting>> run = {{
      posting("gh", "a", kMay2024), posting("lever", "b", kMay2024 + 120 * day),  // 120 days: two jobs
      posting("gh", "c", kMay2024 + 300 * day), posting("lever", "d", kMay2024 + 310 * day),  // 10 days: one
  }};
  std::vector<std::vector<JobPosting>> undated = {{posting("gh", "u", std::nullopt), posting("lever", "v", std::nullopt)}};
  for (auto& p : undated[0]) p.company = "Undated Corp";
  auto jobs = [](Store& store) {
    std::map<std::string, int64_t> out;
    EXPECT_TRUE(store.ForEachPostingJob([&](const PostingJobRef& r) {
      out[r.source_id] = r.job_id;
      return Status::Ok();
    }).ok());
    return out;
  };
  auto check = [&](Store& store) {
    auto j = jobs(store);
    ASSERT_EQ(j.size(), 6u);
    EXPECT_NE(j["a"], j["b"]);
    EXPECT_EQ(j["c"], j["d"]);
    EXPECT_NE(j["a"], j["c"]);
    EXPECT_EQ(j["u"], j["v"]);
  };
  TempDir tmp;
  {
    auto ref = OpenSqliteStore(tmp.File("ref.db"));
    ASSERT_TRUE(ref.ok());
    ASSERT_TRUE(WriteRun(**ref, run, true).status.ok());
    ASSERT_TRUE(WriteRun(**ref, undated, false).status.ok());
    check(**ref);
  }
  auto store = OpenPostgresStore(ConnInfo());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(WriteRun(**store, run, true).status.ok());
  ASSERT_TRUE(WriteRun(**store, undated, false).status.ok());
  check(**store);
}

TEST_F(PgStoreTest, CommitsWholeBatchesAndCountsThem) {
  auto store = OpenPostgresStore(ConnInfo(), {.batch_postings = 3});
  ASSERT_TRUE(store.ok());
  std::vector<JobPosting> ten;
  for (int i = 0; i < 10; ++i) ten.push_back(FullPosting(i));
  RunResult r = WriteRun(**store, {ten}, true);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  // 10 postings in batches of 3: 3 + 3 + 3 + 1.
  EXPECT_EQ(Sql("SELECT concat_ws('|', postings_new, batches, status) FROM ingest_runs"), "10|4|ok");
  EXPECT_EQ(Sql("SELECT count(*) FROM descriptions"), "10");
  EXPECT_EQ(Sql("SELECT count(*) FROM origins"), "2");
}

// A bulk load into an empty store skips key lookups only while no other writer commits in
// between; when one does, the next batch looks its keys up again (else job-2 below would
// be COPYed a second time and the batch would fail on the unique key).
TEST_F(PgStoreTest, AnotherWriterInTheMiddleOfABulkLoadIsNoticed) {
  auto a = OpenPostgresStore(ConnInfo(), {.batch_postings = 1, .async_flush = false});
  auto b = OpenPostgresStore(ConnInfo());
  ASSERT_TRUE(a.ok() && b.ok());
  RunInfo run;
  run.started_at = 1'700'000'000;
  ASSERT_TRUE((*a)->BeginRun(run, *Taxonomy::Default()).ok());
  PostingBatch batch;
  batch.postings = {FullPosting(1)};
  ASSERT_TRUE((*a)->Write(batch).ok());  // batch 1 of A: committed, store was empty
  RunResult other = WriteRun(**b, {{FullPosting(2)}}, true);  // B commits job-2
  ASSERT_TRUE(other.status.ok()) << other.status.ToString();
  batch.postings = {FullPosting(2)};
  Status s = (*a)->Write(batch);
  ASSERT_TRUE(s.ok()) << s.ToString();
  batch.postings = {FullPosting(3)};
  ASSERT_TRUE((*a)->Write(batch).ok());
  Diagnostics diag(nullptr);
  ASSERT_TRUE((*a)->FinishRun(diag).ok());
  EXPECT_EQ((*a)->stats().postings_new, 2);
  EXPECT_EQ((*a)->stats().postings_unchanged, 1);
  EXPECT_EQ(Sql("SELECT string_agg(posting_id || ':' || source_id, ',' ORDER BY posting_id) FROM postings"),
            "1:job-1,2:job-2,3:job-3");
}

// A store writing one posting per batch synchronously, in a run begun at `started_at`, after
// Write(p): that batch is committed when this returns. Null (with a test failure) on an error.
std::unique_ptr<Store> StoreAfterOneBatch(const std::string& conninfo, int64_t started_at, const JobPosting& p) {
  auto store = OpenPostgresStore(conninfo, {.batch_postings = 1, .async_flush = false});
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return nullptr;
  RunInfo run;
  run.started_at = started_at;
  Status s = (*store)->BeginRun(run, *Taxonomy::Default());
  PostingBatch batch;
  batch.postings = {p};
  if (s.ok()) s = (*store)->Write(batch);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return s.ok() ? std::move(*store) : nullptr;
}

// A bulk load into an empty store drops dedup_records' non-unique indexes in its first batch
// (recording them in deferred_indexes) and builds them at its end; the schema at rest is the one
// the migrations made. A run killed after its first batch leaves them recorded, and the next
// writer's BeginRun builds them; a run into a non-empty store keeps them throughout.
TEST_F(PgStoreTest, BulkLoadBuildsDedupIndexesAtItsEndAndAfterAKill) {
  const std::string index_sql =
      "SELECT string_agg(indexdef, ' ; ' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'skillpulse'";
  // The reference: the same load with the indexes kept.
  const std::string ref_db = db_ + "_ref";
  ASSERT_TRUE(cluster_->CreateDatabase(ref_db));
  {
    auto ref = OpenPostgresStore(cluster_->ConnInfo(ref_db), {.batch_postings = 1, .defer_indexes = false});
    ASSERT_TRUE(ref.ok());
    ASSERT_TRUE(WriteRun(**ref, {{FullPosting(1), FullPosting(2)}}, true).status.ok());
  }
  const std::string want_indexes = cluster_->Psql(ref_db, index_sql);
  ASSERT_NE(want_indexes.find("dedup_records_block"), std::string::npos) << want_indexes;
  ASSERT_NE(want_indexes.find("dedup_records_url"), std::string::npos) << want_indexes;
  ASSERT_NE(want_indexes.find("dedup_records_job"), std::string::npos) << want_indexes;
  const std::string dedup_indexes = "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                                    "WHERE tablename = 'dedup_records'";

  // 1. A whole bulk load: dropped during the run, built at its end.
  {
    auto store = StoreAfterOneBatch(ConnInfo(), 1'700'000'000, FullPosting(1));
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(Sql(dedup_indexes), "dedup_records_pkey");
    EXPECT_EQ(Sql("SELECT string_agg(name, ',' ORDER BY name) FROM deferred_indexes"),
              "dedup_records_block,dedup_records_job,dedup_records_url");
    PostingBatch batch;
    batch.postings = {FullPosting(2)};
    ASSERT_TRUE(store->Write(batch).ok());
    Diagnostics diag(nullptr);
    ASSERT_TRUE(store->FinishRun(diag).ok());
  }
  EXPECT_EQ(Sql(index_sql), want_indexes);
  EXPECT_EQ(Sql("SELECT count(*) FROM deferred_indexes"), "0");
  // The same jobs as the reference.
  const std::string jobs_sql = "SELECT string_agg(source_id || '=' || COALESCE(job_id, posting_id), ',' "
                               "ORDER BY posting_id) FROM postings";
  EXPECT_EQ(Sql(jobs_sql), cluster_->Psql(ref_db, "SET search_path TO skillpulse;\n" + jobs_sql));

  // 2. A run into the non-empty store keeps the indexes.
  {
    auto store = StoreAfterOneBatch(ConnInfo(), 1'700'000'100, FullPosting(3));
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(Sql(dedup_indexes), "dedup_records_block,dedup_records_job,dedup_records_pkey,dedup_records_url");
    Diagnostics diag(nullptr);
    ASSERT_TRUE(store->FinishRun(diag).ok());
  }

  // 3. A bulk load killed after its first batch, then another run.
  ASSERT_TRUE(cluster_->CreateDatabase(db_));
  ASSERT_NE(StoreAfterOneBatch(ConnInfo(), 1'700'000'000, FullPosting(1)), nullptr);  // no FinishRun: killed
  EXPECT_EQ(Sql(dedup_indexes), "dedup_records_pkey");
  EXPECT_EQ(Sql("SELECT count(*) FROM deferred_indexes"), "3");
  EXPECT_EQ(Sql("SELECT count(*) FROM dedup_pending"), "1");
  {
    auto store = OpenPostgresStore(ConnInfo());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(WriteRun(**store, {{FullPosting(2)}}, true).status.ok());
  }
  EXPECT_EQ(Sql(index_sql), want_indexes);
  EXPECT_EQ(Sql("SELECT count(*) FROM deferred_indexes"), "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM dedup_pending"), "0");
  EXPECT_EQ(Sql(jobs_sql), cluster_->Psql(ref_db, "SET search_path TO skillpulse;\n" + jobs_sql));
}

// The server goes away in the middle of a run: the next write reports it as a Status (no
// crash, no hang) and what was committed stays.
TEST_F(PgStoreTest, LostConnectionIsAnErrorAndCommittedBatchesStay) {
  for (bool async : {false, true}) {
    SCOPED_TRACE(async ? "async" : "sync");
    ASSERT_TRUE(cluster_->CreateDatabase(db_));
    auto store = OpenPostgresStore(ConnInfo(), {.batch_postings = 1, .async_flush = async});
    ASSERT_TRUE(store.ok());
    RunInfo run;
    run.started_at = 1'700'000'000;
    ASSERT_TRUE((*store)->BeginRun(run, *Taxonomy::Default()).ok());
    PostingBatch batch;
    batch.postings = {FullPosting(1)};
    ASSERT_TRUE((*store)->Write(batch).ok());
    // Wait for the first batch to be committed, then cut the store's connection.
    for (int i = 0; i < 200 && Sql("SELECT count(*) FROM postings") != "1"; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    cluster_->Psql("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
                               "'skillpulse' AND datname = '" + db_ + "'");
    Status s;
    for (int i = 2; i < 5 && s.ok(); ++i) {
      batch.postings = {FullPosting(i)};
      s = (*store)->Write(batch);
    }
    Diagnostics diag(nullptr);
    if (s.ok()) s = (*store)->FinishRun(diag);
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.code(), StatusCode::kIoError) << s.ToString();
    store->reset();
    EXPECT_EQ(Sql("SELECT count(*) FROM postings"), "1");
    EXPECT_EQ(Sql("SELECT status || ' ' || batches FROM ingest_runs"), "running 1");
  }
}

TEST_F(PgStoreTest, RepairsTextPostgresWouldReject) {
  auto store = OpenPostgresStore(ConnInfo());
  ASSERT_TRUE(store.ok());
  JobPosting p = FullPosting(1);
  p.title = std::string("Rust\0 Engineer", 14);
  p.company = "Caf\xe9 GmbH";  // Latin-1 byte, invalid UTF-8
  p.source_id = std::string("id\0x", 4);
  // An origin longer than a B-tree entry may be (~2.7 kB): URLs with long query strings.
  p.origin = "https://example.com/jobs?q=" + std::string(6000, 'x');
  RunResult r = WriteRun(**store, {{p}}, true);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(Sql("SELECT title || '|' || company || '|' || source_id || '|' || length(o.origin) FROM postings "
                "JOIN origins o USING (origin_id)"),
            "Rust Engineer|Caf\xef\xbf\xbd GmbH|idx|6027");
  // Re-ingest (a new store object: a new origin cache) finds both again.
  store = OpenPostgresStore(ConnInfo());
  ASSERT_TRUE(store.ok());
  r = WriteRun(**store, {{p}}, false);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.stats.postings_unchanged, 1);
  EXPECT_EQ(*(*store)->CountPostings(), 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM origins"), "1");
}

TEST(PgStore, UnreachableServerIsUnavailable) {  // no cluster needed
  // A port nobody listens on: the cluster's own port + 1 is not guaranteed free, so take
  // one from the kernel and close it.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  close(fd);
  auto store = OpenPostgresStore("host=127.0.0.1 connect_timeout=5 port=" + std::to_string(ntohs(a.sin_port)));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(store.status().message().find("cannot connect"), std::string::npos);
}

TEST_F(PgStoreTest, CliTakesPgEverywhereItTakesDb) {
  TempDir tmp;
  const std::string good =
      R"json({"thread_id":1,"thread_title":"Ask HN: Who is hiring? (May 2024)","month":"2024-05","id":101,"by":"a","time":null,"text":"Acme | Rust Engineer | Berlin<p>We write Rust."})json";
  std::string file = tmp.Write("hn.jsonl", good + "\n{not json}\n");
  auto r = testing::RunSkillpulse("ingest --no-progress --pg '" + ConnInfo() + "' hn:" + file);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("into postgres 127.0.0.1:" + std::to_string(cluster_->port()) + "/" + db_), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("1 new, 0 updated, 0 unchanged; 1 quarantined"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("see: skillpulse quarantine list --pg '" + ConnInfo() + "'"), std::string::npos) << r.err;
  // --pg '' takes the PG* environment variables, like psql (the child inherits ours).
  {
    ScopedEnv env({{"PGHOST", "127.0.0.1"}, {"PGPORT", std::to_string(cluster_->port())}, {"PGUSER", "skillpulse"},
                   {"PGDATABASE", db_}});
    r = testing::RunSkillpulse("ingest --no-progress --pg '' hn:" + file);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("0 new, 0 updated, 1 unchanged; 1 quarantined"), std::string::npos) << r.err;
    r = testing::RunSkillpulse("quarantine list --pg ''");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(file + ":2: invalid JSON"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2 quarantined record(s) in postgres 127.0.0.1:" + std::to_string(cluster_->port()) + "/" + db_),
              std::string::npos)
        << r.out;
    r = testing::RunSkillpulse("quarantine list --pg '' --limit 0 --format jsonl");  // 0: all (LIMIT of int8 max)
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r.out;
    EXPECT_NE(r.out.find("\"line\":2,"), std::string::npos) << r.out;
    // The jobs and dedup commands read the same store: one posting (HN comment 101), its
    // own job (posting_id 1).
    r = testing::RunSkillpulse("jobs export --pg '' --format jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "{\"source\":\"hn\",\"source_id\":\"101\",\"job_id\":1}\n");
    r = testing::RunSkillpulse("jobs show 1 --pg ''");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Rust Engineer"), std::string::npos) << r.out;
    for (const char* cmd : {"jobs monthly --pg ''", "dedup stats --pg ''", "dedup rebuild --pg ''"}) {
      r = testing::RunSkillpulse(cmd);
      EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.err;
    }
    // ingest --stats-json: the run's counts for scripts (bench/pipeline.sh).
    const std::string stats = tmp.File("stats.json");
    r = testing::RunSkillpulse("ingest --quiet --no-progress --pg '' --stats-json " + stats + " hn:" + file);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::ifstream in(stats);
    const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(json.find("\"postings_parsed\": 1, "), std::string::npos) << json;
    EXPECT_NE(json.find("\"rows_written\": 0, "), std::string::npos) << json;  // unchanged
    EXPECT_NE(json.find("\"jobs\": 1, "), std::string::npos) << json;
  }
  r = testing::RunSkillpulse("ingest --db x.db --pg '' hn:" + file);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("excludes"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace skillpulse

// The embedded default store: one SQLite file (WAL mode; a bulk load into an empty store uses a
// rollback journal, see UseRollbackJournalIfEmpty). Schema: sqlite/migrations/*.sql,
// embedded in the binary and applied in order, recorded in schema_migrations.
#include <sqlite3.h>
#define XXH_STATIC_LINKING_ONLY  // XXH3_state_t on the stack
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "core/json_writer.h"
#include "core/text.h"
#include "enrich/skills/taxonomy.h"
#include "store/posting_row.h"
#include "store/text_codec.h"
#include "store/written_texts.h"
#include "store/sqlite/multi_row_insert.h"
#include "store/sqlite/sqlite_dedup.h"  // dedup (owner: dedup)
#include "store/store.h"

namespace skillpulse {
namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};
constexpr Migration kMigrations[] = {
#include "store/sqlite_migrations.inc"
};
constexpr int kSchemaVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A prepared statement, finalized on destruction.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }
  Status Prepare(sqlite3* db, const char* sql) {
    sqlite3_finalize(s_);
    s_ = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr) != SQLITE_OK) {
      return Internal(std::string("sqlite prepare: ") + sqlite3_errmsg(db) + " in: " + sql);
    }
    return Status::Ok();
  }
  sqlite3_stmt* get() const { return s_; }
  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  // Binds without copying (SQLITE_STATIC): `v` must stay alive until the statement is stepped.
  void Text(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void TextOrNull(int i, std::string_view v) {
    if (v.empty()) {
      sqlite3_bind_null(s_, i);
    } else {
      Text(i, v);
    }
  }
  void Int(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Real(int i, std::optional<double> v) {
    if (v && std::isfinite(*v)) {
      sqlite3_bind_double(s_, i, *v);
    } else {
      sqlite3_bind_null(s_, i);
    }
  }
  void Null(int i) { sqlite3_bind_null(s_, i); }
  void Blob(int i, const void* p, size_t n) { sqlite3_bind_blob(s_, i, p, static_cast<int>(n), SQLITE_STATIC); }

 private:
  sqlite3_stmt* s_ = nullptr;
};

class SqliteStore : public Store {
 public:
  explicit SqliteStore(std::string path) : path_(std::move(path)) {}
  ~SqliteStore() override {
    // An unfinished run: the open transaction is rolled back; committed ones stay.
    if (in_tx_) Exec("ROLLBACK").IgnoreError();
  }

  Status Open() override {
    if (sqlite3_open_v2(path_.c_str(), &db_.p, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      std::string msg = db_.p ? sqlite3_errmsg(db_.p) : "out of memory";
      return IoError(path_ + ": cannot open SQLite store: " + msg);
    }
    sqlite3_busy_timeout(db_.p, 10'000);
    SP_TRY(Exec("PRAGMA journal_mode=WAL"));
    SP_TRY(Exec("PRAGMA synchronous=NORMAL"));
    SP_TRY(Exec("PRAGMA temp_store=MEMORY"));
    SP_TRY(Exec("PRAGMA cache_size=-65536"));
    SP_TRY(Exec("PRAGMA mmap_size=268435456"));
    SP_TRY(Migrate());
    SP_TRY(LoadTextCodec());
    dedup_ = std::make_unique<SqliteDedup>(db_.p, path_, codec_.get());  // dedup (owner: dedup)
    return Status::Ok();
  }

  Status BeginRun(const RunInfo& run, const Taxonomy& taxonomy) override {
    // An ingest writes through the pager; mapped pages of the growing file would only add up
    // to 256 MiB of resident memory (measured: 264 MB of file-backed RSS on the 250k corpus,
    // docs/BENCHMARKS.md). Reports and the server keep the mapping.
    SP_TRY(Exec("PRAGMA mmap_size=0"));
    SP_TRY(UseRollbackJournalIfEmpty());
    SP_TRY(Begin());
    std::string sources;
    for (const auto& s : run.sources) sources += (sources.empty() ? "" : " ") + s;
    {
      Stmt st;
      SP_TRY(st.Prepare(db_.p, "INSERT INTO ingest_runs(started_at, sources, tool_version) VALUES (?,?,?)"));
      st.Int(1, run.started_at);
      st.Text(2, sources);
      st.Text(3, run.tool_version);
      SP_TRY(Step(st));
      run_id_ = sqlite3_last_insert_rowid(db_.p);
    }
    SP_TRY(SyncSkills(taxonomy));
    SP_TRY(dedup_->BeginRun());  // dedup (owner: dedup)
    SP_TRY(insert_posting_.Prepare(db_.p, R"sql(
      INSERT INTO postings(source, source_id, url, apply_url, company, title, location, country, region, city,
        work_mode, remote_scope, seniority, experience_years_min, employment_type, visa_sponsorship,
        salary_currency, salary_period, salary_min, salary_max, salary_usd_year_min, salary_usd_year_max,
        salary_origin, salary_is_estimate, salary_ranges, posted_at, month, content_hash, job_id,
        first_seen, last_seen, closed_at, fields_hash, created_run, updated_run, origin)
      VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,
              ?28,?33,?29,?29,NULL,?30,?31,?31,?32))sql"));
    SP_TRY(update_posting_.Prepare(db_.p, R"sql(
      UPDATE postings SET url=?3, apply_url=?4, company=?5, title=?6, location=?7, country=?8, region=?9, city=?10,
        work_mode=?11, remote_scope=?12, seniority=?13, experience_years_min=?14, employment_type=?15,
        visa_sponsorship=?16, salary_currency=?17, salary_period=?18, salary_min=?19, salary_max=?20,
        salary_usd_year_min=?21, salary_usd_year_max=?22, salary_origin=?23, salary_is_estimate=?24,
        salary_ranges=?25, posted_at=?26, month=?27, content_hash=?28,
        first_seen=MIN(first_seen, ?29), last_seen=MAX(last_seen, ?29), fields_hash=?30, updated_run=?31, origin=?32,
        closed_at=CASE WHEN closed_at IS NOT NULL AND ?29 > closed_at THEN NULL ELSE closed_at END
      WHERE posting_id=?33)sql"));
    // A posting observed after it was closed is open again (reposted, or a listing glitch).
    SP_TRY(touch_posting_.Prepare(
        db_.p, "UPDATE postings SET first_seen=MIN(first_seen, ?1), last_seen=MAX(last_seen, ?1), "
               "closed_at=CASE WHEN closed_at IS NOT NULL AND ?1 > closed_at THEN NULL ELSE closed_at END "
               "WHERE posting_id=?2"));
    SP_TRY(find_posting_.Prepare(
        db_.p, "SELECT posting_id, fields_hash, first_seen, last_seen FROM postings WHERE source=?1 AND source_id=?2"));
    SP_TRY(delete_skills_.Prepare(db_.p, "DELETE FROM posting_skills WHERE posting_id=?"));
    SP_TRY(insert_description_.Prepare(
        db_.p, "INSERT OR IGNORE INTO descriptions(content_hash, size_bytes, text) VALUES (?,?,?)"));
    // MAX(posting_id): the postings held, as an upper bound read in O(log n) (COUNT(*) scans).
    SP_ASSIGN_OR_RETURN(postings_at_start_, ScalarInt("SELECT COALESCE(MAX(posting_id), 0) FROM postings"));
    empty_at_start_ = postings_at_start_ == 0;
    started_at_ = run.started_at;
    fx_date_ = run.fx_date;
    return Status::Ok();
  }

  void Prepare(PostingBatch& batch) const override {
    batch.prepared_hashes.resize(batch.size());
    batch.prepared_blobs.resize(batch.size());
    batch.prepared_dedup.resize(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      const JobPosting& p = batch.postings[i];
      batch.prepared_hashes[i] = PostingFieldsHash(p);
      batch.prepared_dedup[i] = SerializeDedupRecord(SqliteDedup::Compute(p));  // dedup (owner: dedup)
      std::string& z = batch.prepared_blobs[i];
      if (written_texts_.Contains(p.content_hash)) {  // an earlier posting stored this text
        z.clear();
        continue;
      }
      codec_->Compress(p.description_text, z);
    }
  }

  Status Write(const PostingBatch& batch) override {
    SP_TRY(SaveTrainedDictionary());  // before any description compressed with it
    const bool prepared = batch.prepared_hashes.size() == batch.size();
    const bool dedup_prepared = batch.prepared_dedup.size() == batch.size();
    for (size_t i = 0; i < batch.size(); ++i) {
      SP_TRY(WriteOne(batch.postings[i], prepared ? batch.prepared_hashes[i] : PostingFieldsHash(batch.postings[i]),
                      prepared ? &batch.prepared_blobs[i] : nullptr, dedup_prepared ? &batch.prepared_dedup[i] : nullptr));
    }
    SP_TRY(FlushSkills());
    // Dedup records go in with their batch: they are appended (migration 0006), so holding
    // them until the COMMIT saved nothing and held up to 100,000 records (250k corpus: peak
    // RSS 278 -> 257 MB, same writer CPU; docs/BENCHMARKS.md, "Night round").
    SP_TRY(dedup_->Flush());  // dedup (owner: dedup)
    if (since_commit_ >= CommitInterval()) {
      SP_TRY(Exec("COMMIT"));
      in_tx_ = false;
      SP_TRY(Begin());
      since_commit_ = 0;
    }
    return Status::Ok();
  }

  Status WriteQuarantine(const std::vector<QuarantinedRecord>& records) override {
    if (records.empty()) return Status::Ok();
    Stmt st;
    SP_TRY(st.Prepare(db_.p, "INSERT INTO quarantine(run_id, source, origin, line, byte_offset, reason, excerpt, recorded_at) "
                           "VALUES (?,?,?,?,?,?,?,?)"));
    int64_t now = NowUnix();
    for (const auto& r : records) {
      st.Reset();
      st.Int(1, run_id_);
      st.Text(2, r.source);
      st.Text(3, r.origin);
      st.Int(4, static_cast<int64_t>(r.line));
      st.Int(5, static_cast<int64_t>(r.offset));
      st.Text(6, r.reason);
      st.Text(7, r.excerpt);
      st.Int(8, now);
      SP_TRY(Step(st));
      ++stats_.quarantined;
    }
    return Status::Ok();
  }

  Status FinishRun(const Diagnostics& diag) override {
    (void)diag;
    SP_TRY(dedup_->AssignPending(stats_));  // dedup (owner: dedup): jobs of this run's postings
    Stmt st;
    SP_TRY(st.Prepare(db_.p, "UPDATE ingest_runs SET finished_at=?, postings_new=?, postings_updated=?, "
                           "postings_unchanged=?, quarantined=?, fx_date=?, status='ok' WHERE run_id=?"));
    st.Int(1, NowUnix());
    st.Int(2, stats_.postings_new);
    st.Int(3, stats_.postings_updated);
    st.Int(4, stats_.postings_unchanged);
    st.Int(5, stats_.quarantined);
    st.TextOrNull(6, fx_date_);
    st.Int(7, run_id_);
    SP_TRY(Step(st));
    SP_TRY(Exec("COMMIT"));
    in_tx_ = false;
    if (rollback_journal_) {
      // Back to WAL for readers. It needs the only connection: with a reader open it fails,
      // and the store stays in rollback mode until its next Open (which sets WAL) — no data
      // is at stake either way, so the run does not fail for it.
      rollback_journal_ = !JournalModeIs("wal");
    }
    return Status::Ok();
  }

  const WriteStats& stats() const override { return stats_; }

  // ---- Listing lifecycle (fetcher): closing postings that left a board ----
  Result<int64_t> CloseMissing(const std::string& source, const std::vector<std::string>& seen_source_ids,
                               int64_t fetched_at) override {
    SP_TRY(Exec("CREATE TEMP TABLE IF NOT EXISTS seen_source_ids(source_id TEXT PRIMARY KEY) WITHOUT ROWID"));
    SP_TRY(Exec("DELETE FROM temp.seen_source_ids"));
    {
      Stmt ins;
      SP_TRY(ins.Prepare(db_.p, "INSERT OR IGNORE INTO temp.seen_source_ids(source_id) VALUES (?)"));
      for (const auto& id : seen_source_ids) {
        ins.Reset();
        ins.Text(1, id);
        SP_TRY(Step(ins));
      }
    }
    Stmt up;
    SP_TRY(up.Prepare(db_.p, "UPDATE postings SET closed_at=?2 WHERE source=?1 AND closed_at IS NULL "
                             "AND first_seen<=?2 AND last_seen<?2 "
                             "AND source_id NOT IN (SELECT source_id FROM temp.seen_source_ids)"));
    up.Text(1, source);
    up.Int(2, fetched_at);
    SP_TRY(Step(up));
    int64_t closed = sqlite3_changes64(db_.p);
    SP_TRY(Exec("DELETE FROM temp.seen_source_ids"));
    return closed;
  }

  Result<int64_t> TouchOpen(const std::string& source, int64_t fetched_at) override {
    Stmt up;
    SP_TRY(up.Prepare(db_.p, "UPDATE postings SET last_seen=MAX(last_seen, ?2) WHERE source=?1 AND closed_at IS NULL"));
    up.Text(1, source);
    up.Int(2, fetched_at);
    SP_TRY(Step(up));
    return static_cast<int64_t>(sqlite3_changes64(db_.p));
  }

  Result<FactTable> LoadFacts() override {
    FactTable t;
    std::unordered_map<int64_t, uint16_t> skill_index;
    {
      Stmt st;
      SP_TRY(st.Prepare(db_.p, "SELECT skill_id, slug, name, kind, aliases, rule_summary FROM skills ORDER BY skill_id"));
      while (sqlite3_step(st.get()) == SQLITE_ROW) {
        FactSkillInfo info;
        info.slug = ColText(st, 1);
        info.name = ColText(st, 2);
        info.kind = ColText(st, 3);
        std::string aliases = ColText(st, 4);
        for (size_t start = 0; start < aliases.size();) {
          size_t sep = aliases.find('\x1f', start);
          if (sep == std::string::npos) sep = aliases.size();
          if (sep > start) info.aliases.push_back(aliases.substr(start, sep - start));
          start = sep + 1;
        }
        info.rule_summary = ColText(st, 5);
        skill_index[sqlite3_column_int64(st.get(), 0)] = static_cast<uint16_t>(t.skill_info.size());
        t.skill_info.push_back(std::move(info));
      }
    }
    std::unordered_map<std::string, uint16_t> source_index;
    {
      Stmt st;
      SP_TRY(st.Prepare(db_.p, R"sql(
        SELECT posting_id, COALESCE(job_id, posting_id), source, month, first_seen, last_seen, closed_at, work_mode,
               seniority, employment_type, experience_years_min, salary_usd_year_min, salary_usd_year_max,
               salary_is_estimate, country
        FROM postings ORDER BY posting_id)sql"));
      while (sqlite3_step(st.get()) == SQLITE_ROW) {
        PostingFact f;
        f.posting_id = sqlite3_column_int64(st.get(), 0);
        f.job_id = sqlite3_column_int64(st.get(), 1);
        std::string source = ColText(st, 2);
        auto it = source_index.find(source);
        if (it == source_index.end()) {
          it = source_index.emplace(source, static_cast<uint16_t>(t.sources.size())).first;
          t.sources.push_back(source);
        }
        f.source = it->second;
        const unsigned char* month = sqlite3_column_text(st.get(), 3);
        f.month = month ? ParseMonthIndex(reinterpret_cast<const char*>(month)) : kNoMonth;
        f.first_seen = sqlite3_column_int64(st.get(), 4);
        f.last_seen = sqlite3_column_int64(st.get(), 5);
        f.closed_at = sqlite3_column_int64(st.get(), 6);
        f.work_mode = static_cast<WorkMode>(sqlite3_column_int(st.get(), 7));
        f.seniority = static_cast<Seniority>(sqlite3_column_int(st.get(), 8));
        f.employment_type = static_cast<EmploymentType>(sqlite3_column_int(st.get(), 9));
        f.experience_years_min = ColFloat(st, 10);
        f.salary_usd_year_min = ColFloat(st, 11);
        f.salary_usd_year_max = ColFloat(st, 12);
        f.salary_is_estimate = sqlite3_column_int(st.get(), 13) != 0;
        f.country = ColText(st, 14);
        t.postings.push_back(std::move(f));
      }
    }
    {
      Stmt st;
      SP_TRY(st.Prepare(db_.p, "SELECT posting_id, skill_id, required FROM posting_skills ORDER BY posting_id, skill_id"));
      size_t pi = 0;
      while (sqlite3_step(st.get()) == SQLITE_ROW) {
        int64_t posting_id = sqlite3_column_int64(st.get(), 0);
        while (pi < t.postings.size() && t.postings[pi].posting_id < posting_id) ++pi;
        if (pi >= t.postings.size() || t.postings[pi].posting_id != posting_id) continue;  // orphan row
        auto& f = t.postings[pi];
        if (f.skills_count == 0) f.skills_begin = static_cast<uint32_t>(t.skills.size());
        auto sk = skill_index.find(sqlite3_column_int64(st.get(), 1));
        if (sk == skill_index.end()) continue;
        FactSkill fs;
        fs.skill = sk->second;
        fs.required = sqlite3_column_type(st.get(), 2) == SQLITE_NULL ? int8_t{-1}
                                                                     : static_cast<int8_t>(sqlite3_column_int(st.get(), 2));
        t.skills.push_back(fs);
        ++f.skills_count;
      }
    }
    DeriveJobFacts(t);  // the jobs view's lifecycle, in memory
    return t;
  }

  Result<int64_t> CountPostings() override { return ScalarInt("SELECT COUNT(*) FROM postings"); }
  Result<int64_t> CountJobs() override {
    return ScalarInt("SELECT COUNT(DISTINCT COALESCE(job_id, posting_id)) FROM postings");
  }
  Result<int64_t> CountQuarantined() override { return ScalarInt("SELECT COUNT(*) FROM quarantine"); }

  Result<std::vector<QuarantinedRecord>> ListQuarantined(int64_t limit) override {
    Stmt st;
    SP_TRY(st.Prepare(db_.p, "SELECT source, origin, line, byte_offset, reason, excerpt FROM quarantine "
                           "ORDER BY quarantine_id LIMIT ?"));
    st.Int(1, limit);
    std::vector<QuarantinedRecord> out;
    while (sqlite3_step(st.get()) == SQLITE_ROW) {
      QuarantinedRecord r;
      r.source = ColText(st, 0);
      r.origin = ColText(st, 1);
      r.line = static_cast<uint64_t>(sqlite3_column_int64(st.get(), 2));
      r.offset = static_cast<uint64_t>(sqlite3_column_int64(st.get(), 3));
      r.reason = ColText(st, 4);
      r.excerpt = ColText(st, 5);
      out.push_back(std::move(r));
    }
    return out;
  }

  // ---- dedup (owner: dedup; store/sqlite/sqlite_dedup.cc) ----
  Status ForEachPostingJob(const std::function<Status(const PostingJobRef&)>& fn) override {
    return dedup_->ForEachPostingJob(fn);
  }
  Result<std::vector<JobPostingRow>> ListJobPostings(int64_t job_id) override { return dedup_->ListJobPostings(job_id); }
  Status RebuildJobs() override {
    SP_TRY(Begin());
    Status s = dedup_->Rebuild(stats_);
    if (!s.ok()) {
      Exec("ROLLBACK").IgnoreError();
      in_tx_ = false;
      return s;
    }
    SP_TRY(Exec("COMMIT"));
    in_tx_ = false;
    return Status::Ok();
  }
  // ---- end dedup ----

  Result<std::string> FxDate() override {
    Stmt st;
    SP_TRY(st.Prepare(db_.p, "SELECT fx_date FROM ingest_runs WHERE fx_date IS NOT NULL ORDER BY run_id DESC LIMIT 1"));
    if (sqlite3_step(st.get()) == SQLITE_ROW) return ColText(st, 0);
    return std::string();
  }

 private:
  static std::string ColText(const Stmt& st, int i) {
    const unsigned char* t = sqlite3_column_text(st.get(), i);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(st.get(), i)) : std::string();
  }
  static float ColFloat(const Stmt& st, int i) {
    return sqlite3_column_type(st.get(), i) == SQLITE_NULL ? kNoValue : static_cast<float>(sqlite3_column_double(st.get(), i));
  }

  // The store's text dictionaries (migration 0003) -> codec_.
  Status LoadTextCodec() {
    Stmt st;
    SP_TRY(st.Prepare(db_.p, "SELECT dict_id, dictionary FROM text_dictionaries"));
    std::vector<TextDictionary> known;
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      TextDictionary d;
      d.id = static_cast<uint32_t>(sqlite3_column_int64(st.get(), 0));
      const auto* b = static_cast<const char*>(sqlite3_column_blob(st.get(), 1));
      d.bytes.assign(b != nullptr ? b : "", static_cast<size_t>(sqlite3_column_bytes(st.get(), 1)));
      known.push_back(std::move(d));
    }
    if (rc != SQLITE_DONE) return IoError(path_ + ": " + sqlite3_errmsg(db_.p));
    codec_ = std::make_unique<TextCodec>(std::move(known));
    return Status::Ok();
  }

  // A dictionary the codec trained since the last write goes in first (same transaction as
  // the descriptions compressed with it).
  Status SaveTrainedDictionary() {
    std::optional<TextDictionary> d = codec_->TakeTrained();
    if (!d) return Status::Ok();
    Stmt st;
    SP_TRY(st.Prepare(db_.p, "INSERT OR IGNORE INTO text_dictionaries(dict_id, created_at, dictionary) VALUES (?,?,?)"));
    st.Int(1, static_cast<int64_t>(d->id));
    st.Int(2, NowUnix());
    st.Blob(3, d->bytes.data(), d->bytes.size());
    return Step(st);
  }

  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_.p, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      return IoError(path_ + ": " + msg);
    }
    return Status::Ok();
  }
  // A bulk load into an empty store writes through a rollback journal instead of the WAL.
  // In WAL mode every page is written twice, to the WAL at its COMMIT and into the database
  // file by the checkpoint (with an fsync of each, in the writer's thread), and a bulk load is
  // nearly all new pages. A rollback journal holds only the original content of pages that
  // existed when the transaction began; pages appended beyond the file's original size are
  // not journaled, the journal records that size and a rollback truncates the file back to it
  // (https://www.sqlite.org/atomiccommit.html, section 3.0; fileformat2.html, "The Rollback
  // Journal"). So a killed run still loses only its open transaction: the hot journal is rolled
  // back when the store is next opened (tests/integration/sqlite_kill_test.cc kills a bulk
  // load in this mode). Measured (docs/BENCHMARKS.md, "Rollback journal"): the HN file into a
  // fresh store 1.71 -> 1.50 s wall, the 250k corpus 11.75 -> 10.23 s. The cost: while the
  // load runs, a reader of the same file waits (busy timeout) during each COMMIT instead of
  // reading the last committed state. Incremental runs into a non-empty store keep WAL. Only
  // switched when this is the only connection (SQLite refuses otherwise; then WAL stays).
  Status UseRollbackJournalIfEmpty() {
    // Read before the write transaction, because the journal mode cannot change inside one.
    // BeginRun reads it again under BEGIN IMMEDIATE (postings_at_start_), where no other
    // writer can add postings in between; this read only picks the journal mode.
    SP_ASSIGN_OR_RETURN(int64_t held, ScalarInt("SELECT COALESCE(MAX(posting_id), 0) FROM postings"));
    if (held != 0) return Status::Ok();
    rollback_journal_ = JournalModeIs("delete");
    return Status::Ok();
  }
  // Sets the journal mode; true when it is now `mode` (SQLite answers the mode in effect).
  bool JournalModeIs(const char* mode) {
    Stmt st;
    const std::string sql = std::string("PRAGMA journal_mode=") + mode;
    if (!st.Prepare(db_.p, sql.c_str()).ok()) return false;
    if (sqlite3_step(st.get()) != SQLITE_ROW) return false;
    const unsigned char* got = sqlite3_column_text(st.get(), 0);
    return got != nullptr && std::strcmp(reinterpret_cast<const char*>(got), mode) == 0;
  }

  Status Begin() {
    SP_TRY(Exec("BEGIN IMMEDIATE"));
    in_tx_ = true;
    return Status::Ok();
  }
  Status Step(Stmt& st) {
    int rc = sqlite3_step(st.get());
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return IoError(path_ + ": " + sqlite3_errmsg(db_.p));
    return Status::Ok();
  }
  Result<int64_t> ScalarInt(const char* sql) {
    Stmt st;
    SP_TRY(st.Prepare(db_.p, sql));
    if (sqlite3_step(st.get()) != SQLITE_ROW) return IoError(path_ + ": " + sqlite3_errmsg(db_.p));
    return static_cast<int64_t>(sqlite3_column_int64(st.get(), 0));
  }

  Status Migrate() {
    SP_TRY(Exec("CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "applied_at INTEGER NOT NULL)"));
    SP_ASSIGN_OR_RETURN(int64_t current, ScalarInt("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (current > kSchemaVersion) {
      return FailedPrecondition(path_ + ": store schema version " + std::to_string(current) +
                                " is newer than this skillpulse knows (" + std::to_string(kSchemaVersion) +
                                "); upgrade skillpulse");
    }
    for (const Migration& m : kMigrations) {
      if (m.version <= current) continue;
      SP_TRY(Exec("BEGIN IMMEDIATE"));
      Status s = Exec(m.sql);
      if (s.ok()) {
        Stmt st;
        s = st.Prepare(db_.p, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?,?,?)");
        if (s.ok()) {
          st.Int(1, m.version);
          st.Text(2, m.name);
          st.Int(3, NowUnix());
          s = Step(st);
        }
      }
      if (!s.ok()) {
        Exec("ROLLBACK").IgnoreError();
        return s.WithContext(std::string("migration ") + m.name);
      }
      SP_TRY(Exec("COMMIT"));
    }
    return Status::Ok();
  }

  Status SyncSkills(const Taxonomy& taxonomy) {
    Stmt up;
    SP_TRY(up.Prepare(db_.p, "INSERT INTO skills(slug, name, kind, aliases, rule_summary) VALUES (?,?,?,?,?) "
                           "ON CONFLICT(slug) DO UPDATE SET name=excluded.name, kind=excluded.kind, "
                           "aliases=excluded.aliases, rule_summary=excluded.rule_summary"));
    for (const Skill& s : taxonomy.skills()) {
      const std::string aliases = SkillAliasesColumn(s);  // bound SQLITE_STATIC: must outlive Step
      const std::string rule_summary = SkillRuleSummary(s);
      up.Reset();
      up.Text(1, s.slug);
      up.Text(2, s.name);
      up.Text(3, SkillKindName(s.kind));
      up.Text(4, aliases);
      up.Text(5, rule_summary);
      SP_TRY(Step(up));
    }
    Stmt sel;
    SP_TRY(sel.Prepare(db_.p, "SELECT skill_id, slug FROM skills"));
    std::unordered_map<std::string, int64_t> by_slug;
    while (sqlite3_step(sel.get()) == SQLITE_ROW) by_slug[ColText(sel, 1)] = sqlite3_column_int64(sel.get(), 0);
    db_skill_id_.assign(taxonomy.size(), 0);
    for (const Skill& s : taxonomy.skills()) db_skill_id_[s.id] = by_slug[s.slug];
    return Status::Ok();
  }

  void BindPosting(Stmt& st, const JobPosting& p, uint64_t fields_hash, int64_t seen) {
    st.Text(1, p.source);
    st.Text(2, p.source_id);
    st.TextOrNull(3, p.url);
    st.TextOrNull(4, p.apply_url);
    st.TextOrNull(5, p.company);
    st.TextOrNull(6, p.title);
    st.TextOrNull(7, p.location);
    st.TextOrNull(8, p.place.country);
    st.TextOrNull(9, p.place.region);
    st.TextOrNull(10, p.place.city);
    st.Int(11, static_cast<int>(p.work_mode));
    st.TextOrNull(12, p.remote_scope);
    st.Int(13, static_cast<int>(p.seniority));
    st.Real(14, p.experience_years_min);
    st.Int(15, static_cast<int>(p.employment_type));
    if (p.visa_sponsorship) {
      st.Int(16, *p.visa_sponsorship ? 1 : 0);
    } else {
      st.Null(16);
    }
    if (p.salary) {
      const Salary& s = *p.salary;
      st.TextOrNull(17, s.currency);
      st.Int(18, static_cast<int>(s.period));
      st.Real(19, s.min);
      st.Real(20, s.max);
      st.Real(21, s.annual_usd_min);
      st.Real(22, s.annual_usd_max);
      st.Int(23, static_cast<int>(s.origin));
      st.Int(24, s.is_estimate ? 1 : 0);
      ranges_json_ = SalaryRangesJson(s);
      st.Text(25, ranges_json_);
    } else {
      for (int i : {17, 18, 19, 20, 21, 22, 23, 25}) st.Null(i);
      st.Int(24, 0);
    }
    if (p.posted_at) {
      st.Int(26, *p.posted_at);
    } else {
      st.Null(26);
    }
    st.TextOrNull(27, p.month);
    st.Int(28, static_cast<int64_t>(p.content_hash));
    st.Int(29, seen);
    st.Int(30, static_cast<int64_t>(fields_hash));
    st.Int(31, run_id_);
    st.TextOrNull(32, p.origin);
  }

  // Queues the posting's skill rows; FlushSkills inserts a batch's rows in multi-row INSERTs.
  void WriteSkills(int64_t posting_id, const JobPosting& p) {
    for (const auto& s : p.skills) {
      if (s.skill_id >= db_skill_id_.size()) continue;
      skill_rows_.push_back({posting_id, db_skill_id_[s.skill_id], s.required ? (*s.required ? 1 : 0) : -1});
    }
  }

  // Inserts the queued skill rows. Must run before a posting's skills are deleted (an update
  // of a posting queued in the same batch) and before COMMIT.
  Status FlushSkills() {
    SP_TRY(insert_skills_.Insert(db_.p, skill_rows_.size(), path_, [&](sqlite3_stmt* st, int c, size_t i) {
      const SkillRow& r = skill_rows_[i];
      sqlite3_bind_int64(st, c, r.posting_id);
      sqlite3_bind_int64(st, c + 1, r.skill_id);
      if (r.required >= 0) {
        sqlite3_bind_int(st, c + 2, r.required);
      } else {
        sqlite3_bind_null(st, c + 2);
      }
    }));
    skill_rows_.clear();
    return Status::Ok();
  }

  // Stores the text once per content hash. `compressed` is the zstd frame from Prepare, or
  // null to compress here.
  Status WriteDescription(const JobPosting& p, const std::string* compressed) {
    if (p.description_text.empty() || !written_texts_.Insert(p.content_hash)) return Status::Ok();
    std::string_view blob;
    if (compressed != nullptr && !compressed->empty()) {
      blob = *compressed;
    } else {
      codec_->Compress(p.description_text, zbuf_);
      if (zbuf_.empty()) return Internal("zstd: cannot compress a description");
      SP_TRY(SaveTrainedDictionary());
      blob = zbuf_;
    }
    insert_description_.Reset();
    insert_description_.Int(1, static_cast<int64_t>(p.content_hash));
    insert_description_.Int(2, static_cast<int64_t>(p.description_text.size()));
    insert_description_.Blob(3, blob.data(), blob.size());
    return Step(insert_description_);
  }

  // `dedup` is the posting's serialized dedup record from Prepare, or null.
  Status WriteOne(const JobPosting& p, uint64_t fh, const std::string* compressed, const std::string* dedup) {
    const int64_t seen = PostingSeenAt(p, started_at_);
    // A store that was empty when the run began holds only this run's postings: a key this
    // run has not written is new, no lookup needed (the common bulk-load case).
    const uint64_t key = KeyHash(p);
    if (empty_at_start_ && written_keys_.insert(key).second) return InsertNew(p, fh, compressed, dedup, seen);
    find_posting_.Reset();
    find_posting_.Text(1, p.source);
    find_posting_.Text(2, p.source_id);
    int rc = sqlite3_step(find_posting_.get());
    if (rc == SQLITE_ROW) {
      int64_t posting_id = sqlite3_column_int64(find_posting_.get(), 0);
      uint64_t old_hash = static_cast<uint64_t>(sqlite3_column_int64(find_posting_.get(), 1));
      const int64_t old_first = sqlite3_column_int64(find_posting_.get(), 2);
      const int64_t old_last = sqlite3_column_int64(find_posting_.get(), 3);
      const bool widens = seen < old_first || seen > old_last;
      sqlite3_reset(find_posting_.get());
      if (old_hash == fh) {
        touch_posting_.Reset();
        touch_posting_.Int(1, seen);
        touch_posting_.Int(2, posting_id);
        SP_TRY(Step(touch_posting_));
        // dedup: may reach more postings now (a dated posting's window is its date: no change)
        if (widens && !p.posted_at) SP_TRY(dedup_->Widen(posting_id, seen));
        ++stats_.postings_unchanged;
        return Status::Ok();
      }
      SP_TRY(WriteDescription(p, compressed));
      update_posting_.Reset();
      BindPosting(update_posting_, p, fh, seen);
      update_posting_.Int(33, posting_id);
      SP_TRY(Step(update_posting_));
      SP_TRY(FlushSkills());  // rows queued for this posting earlier in the batch go first
      delete_skills_.Reset();
      delete_skills_.Int(1, posting_id);
      SP_TRY(Step(delete_skills_));
      WriteSkills(posting_id, p);
      const DedupWindow w = DedupWindowOf(p, std::min(old_first, seen), std::max(old_last, seen));
      SP_TRY(dedup_->Put(posting_id, p, dedup ? *dedup : kNoDedupRecord, w.first_seen, w.last_seen));
      ++stats_.postings_updated;
      ++since_commit_;
      return Status::Ok();
    }
    if (rc != SQLITE_DONE) return IoError(path_ + ": " + sqlite3_errmsg(db_.p));
    return InsertNew(p, fh, compressed, dedup, seen);
  }

  static inline const std::string kNoDedupRecord;

  // Postings per transaction: half the postings the store holds, between kMinCommitPostings
  // and kCommitEveryPostings. Every COMMIT writes the pages it dirtied to the WAL (and the
  // checkpoint copies them again), and the random-key indexes (postings' (source, source_id),
  // descriptions' content_hash) have pages dirtied by almost every commit, so a commit's cost
  // grows with the store: intervals that grow with it keep a bulk load's total writes linear,
  // while a store's first postings are committed (and checkpointed) during the run instead of
  // all at its end, where nothing else runs (HN file: final COMMIT 0.26-0.31 -> 0.06-0.14 s;
  // docs/BENCHMARKS.md, "Night round").
  static constexpr int64_t kMinCommitPostings = 16'384;
  int64_t CommitInterval() const {
    const int64_t held = postings_at_start_ + stats_.postings_new;
    return std::clamp(held / 2, kMinCommitPostings, kCommitEveryPostings);
  }

  static uint64_t KeyHash(const JobPosting& p) {
    XXH3_state_t st;
    XXH3_64bits_reset(&st);
    XXH3_64bits_update(&st, p.source.data(), p.source.size());
    XXH3_64bits_update(&st, "\x1f", 1);
    XXH3_64bits_update(&st, p.source_id.data(), p.source_id.size());
    return XXH3_64bits_digest(&st);
  }

  Status InsertNew(const JobPosting& p, uint64_t fh, const std::string* compressed, const std::string* dedup,
                   int64_t seen) {
    SP_TRY(WriteDescription(p, compressed));
    // dedup: the row is inserted with its provisional job (NULL: its own), so AssignPending
    // rewrites only the rows the guess got wrong.
    const DedupWindow w = DedupWindowOf(p, seen, seen);
    const SqliteDedup::NewRecord rec = dedup_->PrepareNew(p, dedup ? *dedup : kNoDedupRecord, w.first_seen, w.last_seen);
    insert_posting_.Reset();
    BindPosting(insert_posting_, p, fh, seen);
    if (rec.guess.job_id != 0) {
      insert_posting_.Int(33, rec.guess.job_id);
    } else {
      insert_posting_.Null(33);
    }
    SP_TRY(Step(insert_posting_));
    int64_t posting_id = sqlite3_last_insert_rowid(db_.p);
    WriteSkills(posting_id, p);
    SP_TRY(dedup_->PutNew(posting_id, rec));
    ++stats_.postings_new;
    ++since_commit_;
    return Status::Ok();
  }

  struct Db {  // closed after every statement below is finalized (members die in reverse order)
    sqlite3* p = nullptr;
    ~Db() { sqlite3_close_v2(p); }
  };

  std::string path_;
  Db db_;
  bool in_tx_ = false;
  int64_t run_id_ = 0;
  int64_t started_at_ = 0;
  int64_t since_commit_ = 0;
  std::string fx_date_;
  WriteStats stats_;
  std::vector<int64_t> db_skill_id_;
  WrittenTexts written_texts_;  // read by Prepare (worker threads) too
  bool empty_at_start_ = false;
  bool rollback_journal_ = false;  // this run writes through a rollback journal (UseRollbackJournalIfEmpty)
  int64_t postings_at_start_ = 0;  // MAX(posting_id) when the run began
  std::unordered_set<uint64_t> written_keys_;  // KeyHash of postings written by this run
  std::string ranges_json_;
  std::string zbuf_;
  std::unique_ptr<TextCodec> codec_;  // description frames (Prepare's threads use it too)
  struct SkillRow {
    int64_t posting_id;
    int64_t skill_id;  // skills.skill_id
    int required;      // 1, 0, or -1 for NULL (not stated)
  };
  std::vector<SkillRow> skill_rows_;  // queued by WriteSkills
  MultiRowInsert insert_skills_{"INSERT OR REPLACE INTO posting_skills(posting_id, skill_id, required) VALUES", 3};
  Stmt insert_posting_, update_posting_, touch_posting_, find_posting_, delete_skills_,
      insert_description_;
  std::unique_ptr<SqliteDedup> dedup_;  // dedup (owner: dedup); destroyed before db_
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  auto store = std::make_unique<SqliteStore>(path);
  SP_TRY(store->Open());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace skillpulse

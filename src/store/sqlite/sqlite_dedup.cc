#include "store/sqlite/sqlite_dedup.h"

#include <algorithm>

#include <unordered_map>

namespace skillpulse {
namespace {

// A statement finalized on destruction.
struct Query {
  sqlite3_stmt* s = nullptr;
  ~Query() { sqlite3_finalize(s); }
};

Status Prepare(sqlite3* db, const char* sql, sqlite3_stmt** out, const std::string& path) {
  if (sqlite3_prepare_v2(db, sql, -1, out, nullptr) != SQLITE_OK) {
    return Internal(path + ": sqlite prepare: " + sqlite3_errmsg(db) + " in: " + sql);
  }
  return Status::Ok();
}

Status Exec(sqlite3* db, const char* sql, const std::string& path) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return IoError(path + ": " + msg);
  }
  return Status::Ok();
}

Status Done(sqlite3* db, sqlite3_stmt* st, const std::string& path) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return IoError(path + ": " + sqlite3_errmsg(db));
  return Status::Ok();
}

std::string ColText(sqlite3_stmt* st, int i) {
  const unsigned char* t = sqlite3_column_text(st, i);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(st, i))) : "";
}

int64_t Signed(uint64_t v) { return static_cast<int64_t>(v); }

// The columns every loader selects, in this order.
constexpr const char* kRecordColumns =
    "d.posting_id, d.identity, d.block, d.company, d.location, d.url, d.requisition, d.flags, d.shingles, "
    "d.minhash, d.first_seen, d.last_seen, COALESCE(d.job_id, d.posting_id)";

}  // namespace

// DedupStateStore over the dedup_records and postings tables.
class SqliteDedup::State : public DedupStateStore {
 public:
  State(sqlite3* db, const std::string& path) : db_(db), path_(path) {}

  Status LoadByPostings(std::span<const int64_t> ids, StoredDedupRecords& out) override {
    return LoadJoined(ids, "d.posting_id", out);
  }
  Status LoadByBlocks(std::span<const uint64_t> blocks, StoredDedupRecords& out) override {
    std::vector<int64_t> keys(blocks.begin(), blocks.end());
    return LoadJoined(keys, "d.block", out);
  }
  Status LoadByUrls(std::span<const uint64_t> urls, StoredDedupRecords& out) override {
    std::vector<int64_t> keys(urls.begin(), urls.end());
    return LoadJoined(keys, "d.url", out);
  }
  Status LoadByJobs(std::span<const int64_t> jobs, StoredDedupRecords& out) override {
    // job_id NULL means "its own job": a job's smallest posting keeps NULL.
    SP_TRY(LoadJoined(jobs, "d.job_id", out));
    return LoadJoined(jobs, "d.posting_id", out);
  }
  Status LoadAll(StoredDedupRecords& out) override {
    Query q;
    std::string sql = std::string("SELECT ") + kRecordColumns + " FROM dedup_records d";
    SP_TRY(Prepare(db_, sql.c_str(), &q.s, path_));
    return ReadRows(q.s, out);
  }
  // An upper bound, O(log n): COUNT(*) would read the whole table.
  Result<int64_t> CountRecords() override {
    Query q;
    SP_TRY(Prepare(db_, "SELECT COALESCE(MAX(posting_id), 0) FROM dedup_records", &q.s, path_));
    if (sqlite3_step(q.s) != SQLITE_ROW) return IoError(path_ + ": " + sqlite3_errmsg(db_));
    return static_cast<int64_t>(sqlite3_column_int64(q.s, 0));
  }
  // A posting that is its job's smallest gets NULL (migration 0002: NULL = its own id), so
  // the stored rows do not depend on whether a provisional guess was written first.
  Status SetJobIds(std::span<const JobIdUpdate> updates) override {
    Query q, r;
    SP_TRY(Prepare(db_, "UPDATE postings SET job_id = NULLIF(?2, ?1) WHERE posting_id = ?1", &q.s, path_));
    SP_TRY(Prepare(db_, "UPDATE dedup_records SET job_id = NULLIF(?2, ?1) WHERE posting_id = ?1", &r.s, path_));
    // posting_id order: both tables are visited in order (posting_id is their rowid).
    for (sqlite3_stmt* st : {q.s, r.s}) {
      for (const JobIdUpdate& u : updates) {
        sqlite3_bind_int64(st, 1, u.posting_id);
        sqlite3_bind_int64(st, 2, u.job_id);
        SP_TRY(Done(db_, st, path_));
      }
    }
    return Status::Ok();
  }

  // Fills temp.dedup_keys with `keys` and reads the records whose `column` is one of them.
  // CROSS JOIN keeps the key table outside: one index seek per key (SQLite has no statistics
  // for the temp table and would otherwise scan the whole index).
  Status LoadJoined(std::span<const int64_t> keys, const char* column, StoredDedupRecords& out) {
    if (keys.empty()) return Status::Ok();
    SP_TRY(Exec(db_, "CREATE TEMP TABLE IF NOT EXISTS dedup_keys(k INTEGER PRIMARY KEY); DELETE FROM temp.dedup_keys", path_));
    {
      Query ins;
      SP_TRY(Prepare(db_, "INSERT OR IGNORE INTO temp.dedup_keys(k) VALUES (?)", &ins.s, path_));
      for (int64_t k : keys) {
        sqlite3_bind_int64(ins.s, 1, k);
        SP_TRY(Done(db_, ins.s, path_));
      }
    }
    Query q;
    std::string sql = std::string("SELECT ") + kRecordColumns + " FROM temp.dedup_keys k CROSS JOIN dedup_records d ON " +
                      column + " = k.k";
    SP_TRY(Prepare(db_, sql.c_str(), &q.s, path_));
    return ReadRows(q.s, out);
  }

  Status ReadRows(sqlite3_stmt* st, StoredDedupRecords& out) {
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      DedupRecord r;
      r.posting_id = sqlite3_column_int64(st, 0);
      r.identity = static_cast<uint64_t>(sqlite3_column_int64(st, 1));
      r.block = static_cast<uint64_t>(sqlite3_column_int64(st, 2));
      r.company = static_cast<uint64_t>(sqlite3_column_int64(st, 3));
      r.location = static_cast<uint64_t>(sqlite3_column_int64(st, 4));
      r.url = static_cast<uint64_t>(sqlite3_column_int64(st, 5));  // NULL reads as 0
      r.requisition = static_cast<uint64_t>(sqlite3_column_int64(st, 6));
      SetDedupFlags(sqlite3_column_int(st, 7), r);
      r.text.shingles = static_cast<uint32_t>(sqlite3_column_int64(st, 8));
      std::string_view blob(static_cast<const char*>(sqlite3_column_blob(st, 9)),
                            static_cast<size_t>(sqlite3_column_bytes(st, 9)));
      if (!DecodeMinHash(blob, r.text)) return Internal(path_ + ": dedup_records.minhash of the wrong size");
      r.first_seen = sqlite3_column_int64(st, 10);
      r.last_seen = sqlite3_column_int64(st, 11);
      out.Add(r, sqlite3_column_int64(st, 12));
    }
    if (rc != SQLITE_DONE) return IoError(path_ + ": " + sqlite3_errmsg(db_));
    return Status::Ok();
  }

  sqlite3* db_;
  const std::string& path_;
};

SqliteDedup::SqliteDedup(sqlite3* db, std::string path, const TextCodec* codec)
    : db_(db), path_(std::move(path)), codec_(codec), state_(std::make_unique<State>(db_, path_)) {}

SqliteDedup::~SqliteDedup() {
  sqlite3_finalize(widen_);
}

DedupRecord SqliteDedup::Compute(const JobPosting& p) { return ComputeStoreDedupRecord(p); }

Status SqliteDedup::Put(int64_t posting_id, const JobPosting& p, const std::string& serialized, int64_t first_seen,
                        int64_t last_seen) {
  DedupRecord r = StoreDedupRecordOf(p, serialized);
  r.posting_id = posting_id;
  r.first_seen = first_seen;
  r.last_seen = last_seen;
  buffer_.emplace_back(r, 0);
  return MarkPending(posting_id);
}

SqliteDedup::NewRecord SqliteDedup::PrepareNew(const JobPosting& p, const std::string& serialized, int64_t first_seen,
                                               int64_t last_seen) const {
  NewRecord rec;
  rec.record = StoreDedupRecordOf(p, serialized);
  rec.record.first_seen = first_seen;
  rec.record.last_seen = last_seen;
  if (provisional_) rec.guess = provisional_->Match(rec.record);
  return rec;
}

Status SqliteDedup::PutNew(int64_t posting_id, const NewRecord& rec) {
  DedupRecord r = rec.record;
  r.posting_id = posting_id;
  if (provisional_) provisional_->Insert(posting_id, r, rec.guess);
  buffer_.emplace_back(r, rec.guess.job_id);
  return MarkPending(posting_id);
}

Status SqliteDedup::Flush() {
  SP_TRY(pending_.Insert(db_, pending_ids_.size(), path_,
                         [&](sqlite3_stmt* st, int c, size_t i) { sqlite3_bind_int64(st, c, pending_ids_[i]); }));
  pending_ids_.clear();
  if (buffer_.empty()) return Status::Ok();
  // A posting written twice in one transaction: its last record wins, with the job id its
  // row was inserted with (the postings row keeps it: the two must agree).
  {
    std::unordered_map<int64_t, size_t> kept;  // posting_id -> index in last
    std::vector<std::pair<DedupRecord, int64_t>> last;
    for (size_t k = buffer_.size(); k-- > 0;) {
      auto [it, added] = kept.try_emplace(buffer_[k].first.posting_id, last.size());
      if (added) {
        last.push_back(buffer_[k]);
      } else if (buffer_[k].second != 0) {
        last[it->second].second = buffer_[k].second;
      }
    }
    buffer_ = std::move(last);
  }
  // In key order (posting_id, the rowid): new postings' records are appended (migration 0006).
  std::sort(buffer_.begin(), buffer_.end(),
            [](const auto& x, const auto& y) { return x.first.posting_id < y.first.posting_id; });
  // Encoded signatures live until the statements that bind them (SQLITE_STATIC) have run.
  std::vector<std::string> blobs(buffer_.size());
  for (size_t k = 0; k < buffer_.size(); ++k) blobs[k] = EncodeMinHash(buffer_[k].first.text);
  SP_TRY(put_.Insert(db_, buffer_.size(), path_, [&](sqlite3_stmt* st, int c, size_t k) {
    const DedupRecord& r = buffer_[k].first;
    sqlite3_bind_int64(st, c, r.posting_id);
    sqlite3_bind_int64(st, c + 1, Signed(r.identity));
    sqlite3_bind_int64(st, c + 2, Signed(r.block));
    sqlite3_bind_int64(st, c + 3, Signed(r.company));
    sqlite3_bind_int64(st, c + 4, Signed(r.location));
    if (r.url != 0) {
      sqlite3_bind_int64(st, c + 5, Signed(r.url));
    } else {
      sqlite3_bind_null(st, c + 5);
    }
    sqlite3_bind_int64(st, c + 6, Signed(r.requisition));
    sqlite3_bind_int(st, c + 7, DedupFlags(r));
    sqlite3_bind_int64(st, c + 8, r.text.shingles);
    sqlite3_bind_blob(st, c + 9, blobs[k].data(), static_cast<int>(blobs[k].size()), SQLITE_STATIC);
    sqlite3_bind_int64(st, c + 10, r.first_seen);
    sqlite3_bind_int64(st, c + 11, r.last_seen);
    if (buffer_[k].second != 0) {
      sqlite3_bind_int64(st, c + 12, buffer_[k].second);
    } else {
      sqlite3_bind_null(st, c + 12);
    }
  }));
  buffer_.clear();
  return Status::Ok();
}

Status SqliteDedup::BeginRun() {
  // Twice the default index: the records no longer wait in memory for the COMMIT (Flush runs
  // per batch), which freed more than the extra 2^16 entries hold. 250k corpus: job ids
  // rewritten at the end 50,652 -> 15,075 at the same peak RSS (259 MB; 2^18: 336 rewrites
  // but 300 MB; docs/BENCHMARKS.md, "Night round").
  ProvisionalJobsLimits limits;
  limits.max_records = size_t{1} << 17;
  provisional_ = std::make_unique<ProvisionalJobs>(DefaultDedupConfig(), limits);
  SP_TRY(RestoreIndexes());  // left by a bulk load that was killed
  // A run into a store without postings is a bulk load: its assignment scans every record.
  bool empty = false;
  {
    Query q;
    SP_TRY(Prepare(db_, "SELECT NOT EXISTS (SELECT 1 FROM postings)", &q.s, path_));
    empty = sqlite3_step(q.s) == SQLITE_ROW && sqlite3_column_int(q.s, 0) != 0;
  }
  if (empty) SP_TRY(DeferIndexes());
  // Pending postings left by a run that stopped before FinishRun: those whose record was still
  // buffered get it recomputed from the stored text.
  return Exec(db_,
              "INSERT OR IGNORE INTO dedup_backfill(posting_id) SELECT d.posting_id FROM dedup_pending d "
              "WHERE NOT EXISTS (SELECT 1 FROM dedup_records r WHERE r.posting_id = d.posting_id)",
              path_);
}

Status SqliteDedup::DeferIndexes() {
  // Non-unique indexes only: unique ones enforce keys (and ON CONFLICT(posting_id)).
  SP_TRY(Exec(db_,
              "INSERT OR IGNORE INTO deferred_indexes(name, definition) SELECT name, sql FROM sqlite_master "
              "WHERE type = 'index' AND tbl_name = 'dedup_records' AND sql IS NOT NULL "
              "AND upper(sql) NOT LIKE 'CREATE UNIQUE%'",
              path_));
  std::vector<std::string> names;
  {
    Query q;
    SP_TRY(Prepare(db_,
                   "SELECT d.name FROM deferred_indexes d JOIN sqlite_master m ON m.type = 'index' AND m.name = d.name",
                   &q.s, path_));
    while (sqlite3_step(q.s) == SQLITE_ROW) names.push_back(ColText(q.s, 0));
  }
  for (const std::string& name : names) {
    char* sql = sqlite3_mprintf("DROP INDEX \"%w\"", name.c_str());  // %w: quoted identifier
    if (sql == nullptr) return Internal(path_ + ": out of memory");
    Status s = Exec(db_, sql, path_);
    sqlite3_free(sql);
    SP_TRY(s);
  }
  return Status::Ok();
}

Status SqliteDedup::RestoreIndexes() {
  std::vector<std::pair<std::string, std::string>> todo;  // (name, definition) not built yet
  {
    Query q;
    SP_TRY(Prepare(db_,
                   "SELECT d.name, d.definition FROM deferred_indexes d WHERE NOT EXISTS "
                   "(SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = d.name) ORDER BY d.name",
                   &q.s, path_));
    while (sqlite3_step(q.s) == SQLITE_ROW) todo.emplace_back(ColText(q.s, 0), ColText(q.s, 1));
  }
  for (const auto& [name, definition] : todo) {
    SP_TRY(Exec(db_, definition.c_str(), path_).WithContext("building deferred index " + name));
  }
  return Exec(db_, "DELETE FROM deferred_indexes", path_);
}

Status SqliteDedup::Widen(int64_t posting_id, int64_t seen) {
  SP_TRY(Flush());  // the record may still be buffered
  if (widen_ == nullptr) {
    SP_TRY(Prepare(db_,
                   "UPDATE dedup_records SET first_seen = MIN(first_seen, ?2), last_seen = MAX(last_seen, ?2) "
                   "WHERE posting_id = ?1",
                   &widen_, path_));
  }
  sqlite3_bind_int64(widen_, 1, posting_id);
  sqlite3_bind_int64(widen_, 2, seen);
  SP_TRY(Done(db_, widen_, path_));
  return MarkPending(posting_id);
}

Status SqliteDedup::MarkPending(int64_t posting_id) {
  pending_ids_.push_back(posting_id);
  return Status::Ok();
}

Status SqliteDedup::Backfill() {
  Query q;
  SP_TRY(Prepare(db_,
                 "SELECT p.posting_id, p.source, p.source_id, p.url, p.apply_url, p.company, p.title, p.location, "
                 "t.size_bytes, t.text, p.first_seen, p.last_seen FROM dedup_backfill b "
                 "JOIN postings p ON p.posting_id = b.posting_id "
                 "LEFT JOIN descriptions t ON t.content_hash = p.content_hash",
                 &q.s, path_));
  struct Todo {
    int64_t id, first_seen, last_seen;
    JobPosting p;
  };
  std::vector<Todo> todo;
  int rc;
  while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
    JobPosting p;
    p.source = ColText(q.s, 1);
    p.source_id = ColText(q.s, 2);
    p.url = ColText(q.s, 3);
    p.apply_url = ColText(q.s, 4);
    p.company = ColText(q.s, 5);
    p.title = ColText(q.s, 6);
    p.location = ColText(q.s, 7);
    if (sqlite3_column_type(q.s, 9) != SQLITE_NULL) {
      const auto* blob = static_cast<const char*>(sqlite3_column_blob(q.s, 9));
      std::string_view frame(blob != nullptr ? blob : "", static_cast<size_t>(sqlite3_column_bytes(q.s, 9)));
      Status st = codec_->Decompress(frame, static_cast<size_t>(sqlite3_column_int64(q.s, 8)), p.description_text);
      if (!st.ok()) return st.WithContext(path_);
    }
    todo.push_back({sqlite3_column_int64(q.s, 0), sqlite3_column_int64(q.s, 10), sqlite3_column_int64(q.s, 11), std::move(p)});
  }
  if (rc != SQLITE_DONE) return IoError(path_ + ": " + sqlite3_errmsg(db_));
  for (const auto& t : todo) SP_TRY(Put(t.id, t.p, "", t.first_seen, t.last_seen));
  SP_TRY(Flush());
  if (!todo.empty()) SP_TRY(Exec(db_, "DELETE FROM dedup_backfill", path_));
  return Status::Ok();
}

Status SqliteDedup::Assign(bool all, WriteStats& stats) {
  std::vector<int64_t> dirty;
  {
    Query q;
    SP_TRY(Prepare(db_, all ? "SELECT posting_id FROM dedup_records" : "SELECT posting_id FROM dedup_pending", &q.s, path_));
    while (sqlite3_step(q.s) == SQLITE_ROW) dirty.push_back(sqlite3_column_int64(q.s, 0));
  }
  SP_TRY(AssignStoreJobs(*state_, dirty, all, stats));
  SP_TRY(Exec(db_, "DELETE FROM dedup_pending", path_));
  // After the job ids are written, so the job_id index is built once with them.
  return RestoreIndexes();
}

Status SqliteDedup::AssignPending(WriteStats& stats) {
  provisional_.reset();  // before AssignJobs loads every record
  SP_TRY(Flush());
  SP_TRY(Backfill());
  return Assign(false, stats);
}

Status SqliteDedup::Rebuild(WriteStats& stats) {
  SP_TRY(Flush());
  SP_TRY(Backfill());
  return Assign(true, stats);
}

Status SqliteDedup::ForEachPostingJob(const std::function<Status(const PostingJobRef&)>& fn) {
  Query q;
  SP_TRY(Prepare(db_, "SELECT source, source_id, COALESCE(job_id, posting_id) FROM postings ORDER BY posting_id", &q.s,
                 path_));
  int rc;
  PostingJobRef ref;
  while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
    ref.source = ColText(q.s, 0);
    ref.source_id = ColText(q.s, 1);
    ref.job_id = sqlite3_column_int64(q.s, 2);
    SP_TRY(fn(ref));
  }
  if (rc != SQLITE_DONE) return IoError(path_ + ": " + sqlite3_errmsg(db_));
  return Status::Ok();
}

Result<std::vector<JobPostingRow>> SqliteDedup::ListJobPostings(int64_t job_id) {
  Query q;
  SP_TRY(Prepare(db_,
                 "SELECT posting_id, COALESCE(job_id, posting_id), source, source_id, url, apply_url, company, title, "
                 "location, first_seen, last_seen FROM postings "
                 "WHERE posting_id IN (SELECT posting_id FROM dedup_records WHERE job_id = ?1) "
                 "OR (posting_id = ?1 AND (job_id IS NULL OR job_id = ?1)) ORDER BY first_seen, posting_id",
                 &q.s, path_));
  sqlite3_bind_int64(q.s, 1, job_id);
  std::vector<JobPostingRow> out;
  int rc;
  while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
    JobPostingRow r;
    r.posting_id = sqlite3_column_int64(q.s, 0);
    r.job_id = sqlite3_column_int64(q.s, 1);
    r.source = ColText(q.s, 2);
    r.source_id = ColText(q.s, 3);
    r.url = ColText(q.s, 4);
    r.apply_url = ColText(q.s, 5);
    r.company = ColText(q.s, 6);
    r.title = ColText(q.s, 7);
    r.location = ColText(q.s, 8);
    r.first_seen = sqlite3_column_int64(q.s, 9);
    r.last_seen = sqlite3_column_int64(q.s, 10);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return IoError(path_ + ": " + sqlite3_errmsg(db_));
  return out;
}

}  // namespace skillpulse

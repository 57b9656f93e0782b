// The PostgreSQL store (see postgres_store.h for the write path and docs/SCALING.md for its
// measurements). Mirrors sqlite/sqlite_store.cc: same tables, same counts, same FactTable.
#include "store/postgres/postgres_store.h"

#include <xxhash.h>

#include <algorithm>
#include <climits>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <span>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "dedup/provisional_jobs.h"
#include "enrich/skills/taxonomy.h"
#include "store/posting_row.h"
#include "store/text_codec.h"
#include "store/written_texts.h"
#include "store/postgres/pg_binary.h"
#include "store/postgres/pg_conn.h"
#include "store/store_dedup.h"

namespace skillpulse {
namespace {

// PendingBatch::Item::dedup_date / Entry::dedup_date: the posting has no datePosted.
constexpr int64_t kNoDedupDate = INT64_MIN;

using pg::ArrayBuilder;
using pg::Conn;
using pg::Param;
using pg::ResultSet;

struct Migration {
  int version;
  const char* name;
  const char* sql;
};
constexpr Migration kMigrations[] = {
#include "store/postgres_migrations.inc"
};
// Versions increase along the array (embed_sql.cmake sorts the files) but may have gaps
// (0010_tasks.sql follows 0001_init.sql); the schema version is the last one.
constexpr int kSchemaVersion = kMigrations[sizeof(kMigrations) / sizeof(kMigrations[0]) - 1].version;

// Advisory lock keys (any 64-bit constants no other application is likely to use):
// "skpmig" serializes migrations, "skpwrit" serializes write transactions, so two writers
// never assign the same posting_id or race on a key.
constexpr int64_t kMigrationLock = 0x736b706d6967;
constexpr int64_t kWriterLock = 0x736b7077726974;

// Bulk loads track the keys they wrote (8 bytes + hash-set overhead each) up to this many
// postings; beyond, every batch looks its keys up instead (memory stays bounded).
constexpr size_t kMaxTrackedKeys = size_t{16} << 20;

// A posting's key (source length, source, source_id bytes) hashed for the tracked-key set.
uint64_t TrackedKeyHash(std::string_view key) { return XXH3_64bits(key.data(), key.size()); }

// The postings COPY column list: a prefix the flusher writes per row (ids, merged seen range,
// run, origin, provisional job), then the tail Prepare encodes once per posting on a worker
// thread.
constexpr const char* kPostingColumns =
    "posting_id, first_seen, last_seen, created_run, updated_run, origin_id, job_id, "
    "fields_hash, content_hash, posted_at, closed_at, experience_years_min, salary_min, salary_max, "
    "salary_usd_year_min, salary_usd_year_max, work_mode, seniority, employment_type, salary_period, salary_origin, "
    "visa_sponsorship, salary_is_estimate, source, source_id, month, country, region, city, company, title, location, "
    "url, apply_url, remote_scope, salary_currency, salary_ranges";
constexpr int16_t kPostingFields = 37;

// What an update of a changed posting sets: the columns SqliteStore's UPDATE sets (not
// posting_id, created_run, job_id, closed_at), first/last seen widened.
constexpr const char* kMergeSql = R"sql(
  INSERT INTO postings AS p (posting_id, first_seen, last_seen, created_run, updated_run, origin_id,
    fields_hash, content_hash, job_id, posted_at, closed_at, experience_years_min, salary_min, salary_max,
    salary_usd_year_min, salary_usd_year_max, work_mode, seniority, employment_type, salary_period, salary_origin,
    visa_sponsorship, salary_is_estimate, source, source_id, month, country, region, city, company, title, location,
    url, apply_url, remote_scope, salary_currency, salary_ranges)
  SELECT posting_id, first_seen, last_seen, created_run, updated_run, origin_id,
    fields_hash, content_hash, job_id, posted_at, closed_at, experience_years_min, salary_min, salary_max,
    salary_usd_year_min, salary_usd_year_max, work_mode, seniority, employment_type, salary_period, salary_origin,
    visa_sponsorship, salary_is_estimate, source, source_id, month, country, region, city, company, title, location,
    url, apply_url, remote_scope, salary_currency, salary_ranges
  FROM stage_postings
  ON CONFLICT (source, source_id) DO UPDATE SET
    url = excluded.url, apply_url = excluded.apply_url, company = excluded.company, title = excluded.title,
    location = excluded.location, country = excluded.country, region = excluded.region, city = excluded.city,
    work_mode = excluded.work_mode, remote_scope = excluded.remote_scope, seniority = excluded.seniority,
    experience_years_min = excluded.experience_years_min, employment_type = excluded.employment_type,
    visa_sponsorship = excluded.visa_sponsorship, salary_currency = excluded.salary_currency,
    salary_period = excluded.salary_period, salary_min = excluded.salary_min, salary_max = excluded.salary_max,
    salary_usd_year_min = excluded.salary_usd_year_min, salary_usd_year_max = excluded.salary_usd_year_max,
    salary_origin = excluded.salary_origin, salary_is_estimate = excluded.salary_is_estimate,
    salary_ranges = excluded.salary_ranges, posted_at = excluded.posted_at, month = excluded.month,
    content_hash = excluded.content_hash,
    first_seen = LEAST(p.first_seen, excluded.first_seen), last_seen = GREATEST(p.last_seen, excluded.last_seen),
    fields_hash = excluded.fields_hash, updated_run = excluded.updated_run, origin_id = excluded.origin_id,
    closed_at = CASE WHEN p.closed_at IS NOT NULL AND excluded.last_seen > p.closed_at THEN NULL ELSE p.closed_at END)sql";

// ---- dedup (docs/DEDUP.md): dedup_records rows of migration 0002. job_id is a new posting's
// provisional job (ProvisionalJobs; NULL = its own); the upsert of a changed posting's record
// leaves it out, so an existing record keeps its job until AssignJobs recomputes it.
constexpr const char* kDedupColumns =
    "posting_id, block, identity, company, location, url, requisition, first_seen, last_seen, shingles, flags, minhash, "
    "job_id";
constexpr int16_t kDedupFields = 13;
// The columns the loaders read, in the order ReadDedupRow expects.
constexpr const char* kDedupLoadColumns =
    "d.posting_id, d.identity, d.block, d.company, d.location, d.url, d.requisition, d.flags, d.shingles, d.minhash, "
    "d.first_seen, d.last_seen, COALESCE(d.job_id, d.posting_id)";
constexpr size_t kDedupLoadFields = 13;

// A job id column: NULL for 0 (the posting's own job, as AssignJobs reads it back).
void PutJobId(std::string& out, int64_t job_id) {
  if (job_id != 0) {
    pg::PutInt8(out, job_id);
  } else {
    pg::PutNull(out);
  }
}

void AppendDedupRow(std::string& out, const DedupRecord& r, int64_t job_id) {
  pg::BeginRow(out, kDedupFields);
  pg::PutInt8(out, r.posting_id);
  pg::PutInt8(out, static_cast<int64_t>(r.block));
  pg::PutInt8(out, static_cast<int64_t>(r.identity));
  pg::PutInt8(out, static_cast<int64_t>(r.company));
  pg::PutInt8(out, static_cast<int64_t>(r.location));
  if (r.url != 0) {
    pg::PutInt8(out, static_cast<int64_t>(r.url));
  } else {
    pg::PutNull(out);
  }
  pg::PutInt8(out, static_cast<int64_t>(r.requisition));
  pg::PutInt8(out, r.first_seen);
  pg::PutInt8(out, r.last_seen);
  pg::PutInt4(out, static_cast<int32_t>(r.text.shingles));
  pg::PutInt2(out, static_cast<int16_t>(DedupFlags(r)));
  pg::PutBytes(out, EncodeMinHash(r.text));
  PutJobId(out, job_id);
}

// "'{1,2,3}'::int8[]": integer keys inlined into a COPY query (COPY takes no parameters).
template <class Int>
std::string Int8ArrayLiteral(std::span<const Int> keys) {
  std::string out = "'{";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(static_cast<int64_t>(keys[i]));
  }
  return out + "}'::int8[]";
}

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The tail of a postings row (every column after the prefix), binary COPY encoded. The
// values are the ones SqliteStore::BindPosting binds.
void EncodeTail(const JobPosting& p, uint64_t fields_hash, std::string& out) {
  using namespace pg;
  PutInt8(out, static_cast<int64_t>(fields_hash));
  PutInt8(out, static_cast<int64_t>(p.content_hash));
  if (p.posted_at) {
    PutInt8(out, *p.posted_at);
  } else {
    PutNull(out);
  }
  PutNull(out);  // closed_at
  PutFloat8OrNull(out, p.experience_years_min);
  const Salary* s = p.salary ? &*p.salary : nullptr;
  if (s != nullptr) {
    PutFloat8OrNull(out, s->min);
    PutFloat8OrNull(out, s->max);
    PutFloat8OrNull(out, s->annual_usd_min);
    PutFloat8OrNull(out, s->annual_usd_max);
  } else {
    for (int i = 0; i < 4; ++i) PutNull(out);
  }
  PutInt2(out, static_cast<int16_t>(p.work_mode));
  PutInt2(out, static_cast<int16_t>(p.seniority));
  PutInt2(out, static_cast<int16_t>(p.employment_type));
  if (s != nullptr) {
    PutInt2(out, static_cast<int16_t>(s->period));
    PutInt2(out, static_cast<int16_t>(s->origin));
  } else {
    PutNull(out);
    PutNull(out);
  }
  if (p.visa_sponsorship) {
    PutBool(out, *p.visa_sponsorship);
  } else {
    PutNull(out);
  }
  PutBool(out, s != nullptr && s->is_estimate);
  PutText(out, p.source);
  PutText(out, p.source_id);
  PutTextOrNull(out, p.month);
  PutTextOrNull(out, p.place.country);
  PutTextOrNull(out, p.place.region);
  PutTextOrNull(out, p.place.city);
  PutTextOrNull(out, p.company);
  PutTextOrNull(out, p.title);
  PutTextOrNull(out, p.location);
  PutTextOrNull(out, p.url);
  PutTextOrNull(out, p.apply_url);
  PutTextOrNull(out, p.remote_scope);
  if (s != nullptr) {
    PutTextOrNull(out, s->currency);
    PutText(out, SalaryRangesJson(*s));
  } else {
    PutNull(out);
    PutNull(out);
  }
}

// A posting's skill as stored: the store's skill_id and the tri-state `required`.
struct StoredSkill {
  int32_t skill_id;
  int8_t required;  // 1, 0, -1 = not stated
};

// One COPY ... FROM STDIN (FORMAT binary), streamed: rows are encoded into `buf` and sent
// every kStreamBytes, so the server parses the first rows while the rest is still being
// encoded. Aborts the COPY (and so the transaction) if destroyed before Finish.
class CopyStream {
 public:
  static constexpr size_t kStreamBytes = size_t{256} << 10;

  CopyStream(Conn& conn, std::string& buf) : conn_(conn), buf_(buf) {}
  ~CopyStream() {
    if (open_) conn_.AbortCopyIn();
  }
  CopyStream(const CopyStream&) = delete;
  CopyStream& operator=(const CopyStream&) = delete;

  Status Start(const std::string& copy_sql) {
    SP_TRY(conn_.StartCopyIn(copy_sql));
    open_ = true;
    buf_.clear();
    pg::AppendCopyHeader(buf_);
    return Status::Ok();
  }
  // Where the next row goes; call Sent() after each row.
  std::string& buf() { return buf_; }
  Status Sent() {
    if (buf_.size() < kStreamBytes) return Status::Ok();
    Status s = conn_.PutCopyData(buf_);
    buf_.clear();
    return s;
  }
  Status Finish() {
    pg::AppendCopyTrailer(buf_);
    SP_TRY(conn_.PutCopyData(buf_));
    buf_.clear();
    open_ = false;
    return conn_.EndCopyIn().status();
  }

 private:
  Conn& conn_;
  std::string& buf_;
  bool open_ = false;
};

// Postings (and quarantined records) waiting to be written in one transaction. Everything
// is copied out of the PostingBatch into a few flat buffers.
struct PendingBatch {
  struct Item {
    size_t key_off;          // in keys: source bytes then source_id bytes
    uint32_t source_len, source_id_len;
    size_t tail_off, tail_len;  // in tails
    size_t blob_off, blob_len;  // in blobs (zstd description; empty = no text)
    uint64_t fields_hash;
    uint64_t content_hash;
    int64_t seen;
    int64_t dedup_date;      // datePosted for the dedup record's window; kNoDedupDate = none (DedupWindowOf)
    int32_t text_bytes;
    int32_t origin;          // index into origins; -1 = none
    uint32_t skills_off;     // in skills
    uint16_t skills_n;
    size_t dedup_off, dedup_len;  // in dedups: SerializeDedupRecord bytes
  };
  struct Quarantined {
    QuarantinedRecord record;
    int64_t recorded_at;
  };
  std::vector<Item> items;
  std::vector<TextDictionary> dictionaries;  // trained since the last batch: stored first
  std::string keys, tails, blobs, dedups;
  std::vector<StoredSkill> skills;
  std::vector<std::string> origins;
  std::unordered_map<std::string, int32_t> origin_index;
  std::vector<Quarantined> quarantine;

  size_t bytes() const {
    return keys.size() + tails.size() + blobs.size() + dedups.size() + skills.size() * sizeof(StoredSkill);
  }
  bool empty() const { return items.empty() && quarantine.empty() && dictionaries.empty(); }
  void Clear() {
    items.clear();
    dictionaries.clear();
    keys.clear();
    tails.clear();
    blobs.clear();
    dedups.clear();
    skills.clear();
    origins.clear();
    origin_index.clear();
    quarantine.clear();
  }
  std::string_view Source(const Item& it) const { return std::string_view(keys).substr(it.key_off, it.source_len); }
  std::string_view SourceId(const Item& it) const {
    return std::string_view(keys).substr(it.key_off + it.source_len, it.source_id_len);
  }
  // source and source_id with the source's length in front: unique per (source, source_id).
  std::string_view Key(const Item& it) const {
    return std::string_view(keys).substr(it.key_off - 4, 4 + it.source_len + it.source_id_len);
  }
  int32_t OriginIndex(const std::string& origin) {
    if (origin.empty()) return -1;
    auto [pos, added] = origin_index.try_emplace(origin, static_cast<int32_t>(origins.size()));
    if (added) origins.push_back(origin);
    return pos->second;
  }
};

Result<int64_t> ParseInt(std::optional<std::string_view> text) {
  if (!text) return Internal("postgres: unexpected NULL");
  try {
    return static_cast<int64_t>(std::stoll(std::string(*text)));
  } catch (const std::exception&) {
    return Internal("postgres: not an integer: " + std::string(*text));
  }
}

std::string Str(std::optional<std::string_view> v) { return v ? std::string(*v) : std::string(); }

class PostgresStore : public Store {
 public:
  PostgresStore(std::string conninfo, PostgresStoreOptions options)
      : conninfo_(std::move(conninfo)), options_(options) {}

  ~PostgresStore() override {
    // An unfinished run: batches already handed over are written (each is whole), nothing
    // more; the connection then closes and the server rolls back any open transaction.
    StopFlusher(/*discard_queued=*/true);
  }

  Status Open() override {
    SP_ASSIGN_OR_RETURN(conn_, Conn::Connect(conninfo_));
    if (conn_->server_version() < 110000) {
      return FailedPrecondition("postgres: server version " + std::to_string(conn_->server_version()) +
                                " is too old; skillpulse needs PostgreSQL 11 or newer (tested with 15)");
    }
    SP_TRY(conn_->Exec(std::string("SET search_path TO ") + kPostgresSchema + "; SET application_name TO 'skillpulse'")
               .status());
    SP_TRY(Migrate());
    return LoadTextCodec();
  }

  // The store's text dictionaries (migration 0011) -> codec_.
  Status LoadTextCodec() {
    std::vector<TextDictionary> known;
    SP_TRY(ForEachRow("COPY (SELECT dict_id, dictionary FROM text_dictionaries) TO STDOUT (FORMAT binary)", 2,
                      [&](const pg::CopyParser::Row& row) -> Status {
                        TextDictionary d;
                        SP_ASSIGN_OR_RETURN(int64_t id, pg::ReadInt8(row.fields[0]));
                        d.id = static_cast<uint32_t>(id);
                        if (row.fields[1]) d.bytes.assign(row.fields[1]->data(), row.fields[1]->size());
                        known.push_back(std::move(d));
                        return Status::Ok();
                      }));
    codec_ = std::make_unique<TextCodec>(std::move(known));
    return Status::Ok();
  }

  // ------------------------------------------------------------------ writing

  Status BeginRun(const RunInfo& run, const Taxonomy& taxonomy) override {
    std::string sources;
    for (const auto& s : run.sources) sources += (sources.empty() ? "" : " ") + s;
    SP_TRY(conn_->Exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) + ")").status());
    Status s = [&]() -> Status {
      SP_ASSIGN_OR_RETURN(
          ResultSet r, conn_->Query("INSERT INTO ingest_runs(started_at, sources, tool_version) VALUES ($1, $2, $3) "
                                    "RETURNING run_id",
                                    {Int8Param(run.started_at), TextParam(sources), TextParam(run.tool_version)}));
      SP_ASSIGN_OR_RETURN(run_id_, pg::ReadInt4(r.Get(0, 0)));
      SP_TRY(SyncSkills(taxonomy));
      SP_TRY(RestoreIndexes());  // left by a bulk load that was killed
      return conn_->Exec("COMMIT").status();
    }();
    if (!s.ok()) {
      conn_->Exec("ROLLBACK").status().IgnoreError();
      return s;
    }
    SP_TRY(conn_->Exec("CREATE TEMP TABLE IF NOT EXISTS stage_postings (LIKE postings INCLUDING DEFAULTS) "
                       "ON COMMIT DELETE ROWS")
               .status());
    SP_TRY(CreateDedupStage());
    started_at_ = run.started_at;
    fx_date_ = run.fx_date;
    stats_ = WriteStats();
    last_batch_seq_ = 0;
    run_owns_store_ = false;
    written_keys_.clear();
    written_descriptions_.clear();
    provisional_ = std::make_unique<ProvisionalJobs>(DefaultDedupConfig());
    pending_ = std::make_unique<PendingBatch>();
    if (options_.async_flush) {
      flusher_stop_ = false;
      flusher_ = std::thread([this] { FlusherLoop(); });
    }
    return Status::Ok();
  }

  void Prepare(PostingBatch& batch) const override {
    const size_t n = batch.size();
    batch.prepared_hashes.resize(n);
    batch.prepared_blobs.resize(2 * n);
    batch.prepared_dedup.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const JobPosting& p = batch.postings[i];
      batch.prepared_hashes[i] = PostingFieldsHash(p);
      batch.prepared_dedup[i] = SerializeDedupRecord(ComputeStoreDedupRecord(p));
      if (committed_texts_.Contains(p.content_hash)) {
        batch.prepared_blobs[i].clear();  // committed earlier in this run: never copied again
      } else {
        codec_->Compress(p.description_text, batch.prepared_blobs[i]);
      }
      std::string& tail = batch.prepared_blobs[n + i];
      tail.clear();
      EncodeTail(p, batch.prepared_hashes[i], tail);
    }
  }

  Status Write(const PostingBatch& batch) override {
    SP_TRY(FlusherError());
    if (!pending_) return FailedPrecondition("postgres: Write before BeginRun");
    // A dictionary trained while this batch was prepared is stored with it (before its
    // descriptions, in the same transaction).
    if (auto d = codec_->TakeTrained()) pending_->dictionaries.push_back(std::move(*d));
    const size_t n = batch.size();
    const bool prepared = batch.prepared_hashes.size() == n && batch.prepared_blobs.size() == 2 * n;
    for (size_t i = 0; i < n; ++i) {
      PendingBatch& b = *pending_;  // Submit below swaps in a fresh batch
      const JobPosting& p = batch.postings[i];
      PendingBatch::Item it{};
      // Keys as the server will store them (PutText's repair), so lookups agree.
      const bool clean_keys = pg::IsValidPgText(p.source) && pg::IsValidPgText(p.source_id);
      const std::string source = clean_keys ? std::string() : pg::SanitizeText(p.source);
      const std::string source_id = clean_keys ? std::string() : pg::SanitizeText(p.source_id);
      std::string_view src = clean_keys ? std::string_view(p.source) : std::string_view(source);
      std::string_view sid = clean_keys ? std::string_view(p.source_id) : std::string_view(source_id);
      pg::PutU32(b.keys, static_cast<uint32_t>(src.size()));
      it.key_off = b.keys.size();
      it.source_len = static_cast<uint32_t>(src.size());
      it.source_id_len = static_cast<uint32_t>(sid.size());
      b.keys.append(src);
      b.keys.append(sid);
      it.fields_hash = prepared ? batch.prepared_hashes[i] : PostingFieldsHash(p);
      it.content_hash = p.content_hash;
      it.seen = PostingSeenAt(p, started_at_);
      it.dedup_date = p.posted_at ? *p.posted_at : kNoDedupDate;
      it.text_bytes = static_cast<int32_t>(p.description_text.size());
      it.blob_off = b.blobs.size();
      if (prepared) {
        b.blobs.append(batch.prepared_blobs[i]);
      } else {
        codec_->Compress(p.description_text, scratch_);
        if (auto d = codec_->TakeTrained()) b.dictionaries.push_back(std::move(*d));
        b.blobs.append(scratch_);
      }
      it.blob_len = b.blobs.size() - it.blob_off;
      it.tail_off = b.tails.size();
      if (prepared) {
        b.tails.append(batch.prepared_blobs[n + i]);
      } else {
        EncodeTail(p, it.fields_hash, b.tails);
      }
      it.tail_len = b.tails.size() - it.tail_off;
      it.skills_off = static_cast<uint32_t>(b.skills.size());
      for (const auto& m : p.skills) {
        if (m.skill_id >= db_skill_id_.size()) continue;
        StoredSkill sk{db_skill_id_[m.skill_id], static_cast<int8_t>(m.required ? (*m.required ? 1 : 0) : -1)};
        // A repeated skill replaces the earlier mention (SQLite: INSERT OR REPLACE).
        auto first = b.skills.begin() + it.skills_off;
        auto dup = std::find_if(first, b.skills.end(), [&](const StoredSkill& x) { return x.skill_id == sk.skill_id; });
        if (dup != b.skills.end()) {
          *dup = sk;
        } else {
          b.skills.push_back(sk);
        }
      }
      it.skills_n = static_cast<uint16_t>(std::min<size_t>(b.skills.size() - it.skills_off, UINT16_MAX));
      it.origin = b.OriginIndex(p.origin);
      it.dedup_off = b.dedups.size();
      if (batch.prepared_dedup.size() == n && !batch.prepared_dedup[i].empty()) {
        b.dedups.append(batch.prepared_dedup[i]);
      } else {
        b.dedups.append(SerializeDedupRecord(ComputeStoreDedupRecord(p)));
      }
      it.dedup_len = b.dedups.size() - it.dedup_off;
      b.items.push_back(it);
      // Exactly batch_postings per transaction (fewer when batch_bytes is reached first), so
      // a run's committed postings are always a prefix of its input in whole batches.
      if (static_cast<int64_t>(b.items.size()) >= options_.batch_postings || b.bytes() >= options_.batch_bytes) {
        SP_TRY(Submit());
      }
    }
    return Status::Ok();
  }

  Status WriteQuarantine(const std::vector<QuarantinedRecord>& records) override {
    SP_TRY(FlusherError());
    if (!pending_) return FailedPrecondition("postgres: WriteQuarantine before BeginRun");
    const int64_t now = NowUnix();
    for (const auto& r : records) pending_->quarantine.push_back({r, now});
    return Status::Ok();
  }

  Status FinishRun(const Diagnostics& diag) override {
    (void)diag;
    if (!pending_) return FailedPrecondition("postgres: FinishRun before BeginRun");
    Status s = pending_->empty() ? Status::Ok() : Submit();
    StopFlusher(/*discard_queued=*/!s.ok());
    if (s.ok()) s = FlusherError();
    pending_.reset();
    provisional_.reset();  // before AssignJobs loads every record
    SP_TRY(s);
    // The jobs of this run's postings (and of any a killed run left pending), in one
    // transaction with the run's end.
    return InWriterTransaction([&]() -> Status {
      SP_TRY(AssignJobsInTransaction(/*all=*/false));
      return conn_
          ->Query("UPDATE ingest_runs SET finished_at = $1, fx_date = $2, status = 'ok' WHERE run_id = $3",
                  {Int8Param(NowUnix()), fx_date_.empty() ? Param{pg::kTextOid, std::nullopt} : TextParam(fx_date_),
                   Int4Param(run_id_)})
          .status();
    });
  }

  const WriteStats& stats() const override { return stats_; }

  // ------------------------------------------------------------------ reading

  Result<FactTable> LoadFacts() override {
    FactTable t;
    std::unordered_map<int32_t, uint16_t> skill_index;
    SP_TRY(ForEachRow(
        "COPY (SELECT skill_id, slug, name, kind, aliases, rule_summary FROM skills ORDER BY skill_id) "
        "TO STDOUT (FORMAT binary)",
        6, [&](const pg::CopyParser::Row& row) -> Status {
          FactSkillInfo info;
          SP_ASSIGN_OR_RETURN(int32_t id, pg::ReadInt4(row.fields[0]));
          info.slug = Str(row.fields[1]);
          info.name = Str(row.fields[2]);
          info.kind = Str(row.fields[3]);
          std::string aliases = Str(row.fields[4]);
          for (size_t start = 0; start < aliases.size();) {
            size_t sep = aliases.find('\x1f', start);
            if (sep == std::string::npos) sep = aliases.size();
            if (sep > start) info.aliases.push_back(aliases.substr(start, sep - start));
            start = sep + 1;
          }
          info.rule_summary = Str(row.fields[5]);
          skill_index[id] = static_cast<uint16_t>(t.skill_info.size());
          t.skill_info.push_back(std::move(info));
          return Status::Ok();
        }));
    std::unordered_map<std::string, uint16_t> source_index;
    SP_TRY(ForEachRow(
        "COPY (SELECT posting_id, COALESCE(job_id, posting_id), source, month, first_seen, last_seen, closed_at, "
        "work_mode, seniority, employment_type, experience_years_min, salary_usd_year_min, salary_usd_year_max, "
        "salary_is_estimate, country FROM postings ORDER BY posting_id) TO STDOUT (FORMAT binary)",
        15, [&](const pg::CopyParser::Row& row) -> Status {
          const auto& f = row.fields;
          PostingFact pf;
          SP_ASSIGN_OR_RETURN(pf.posting_id, pg::ReadInt8(f[0]));
          SP_ASSIGN_OR_RETURN(pf.job_id, pg::ReadInt8(f[1]));
          std::string source = Str(f[2]);
          auto it = source_index.find(source);
          if (it == source_index.end()) {
            it = source_index.emplace(source, static_cast<uint16_t>(t.sources.size())).first;
            t.sources.push_back(source);
          }
          pf.source = it->second;
          pf.month = f[3] ? ParseMonthIndex(*f[3]) : kNoMonth;
          SP_ASSIGN_OR_RETURN(pf.first_seen, pg::ReadInt8(f[4]));
          SP_ASSIGN_OR_RETURN(pf.last_seen, pg::ReadInt8(f[5]));
          if (f[6]) {
            SP_ASSIGN_OR_RETURN(pf.closed_at, pg::ReadInt8(f[6]));
          }
          SP_ASSIGN_OR_RETURN(int16_t work_mode, pg::ReadInt2(f[7]));
          SP_ASSIGN_OR_RETURN(int16_t seniority, pg::ReadInt2(f[8]));
          SP_ASSIGN_OR_RETURN(int16_t employment_type, pg::ReadInt2(f[9]));
          pf.work_mode = static_cast<WorkMode>(work_mode);
          pf.seniority = static_cast<Seniority>(seniority);
          pf.employment_type = static_cast<EmploymentType>(employment_type);
          SP_ASSIGN_OR_RETURN(pf.experience_years_min, FloatOrNaN(f[10]));
          SP_ASSIGN_OR_RETURN(pf.salary_usd_year_min, FloatOrNaN(f[11]));
          SP_ASSIGN_OR_RETURN(pf.salary_usd_year_max, FloatOrNaN(f[12]));
          SP_ASSIGN_OR_RETURN(pf.salary_is_estimate, pg::ReadBool(f[13]));
          pf.country = Str(f[14]);
          t.postings.push_back(std::move(pf));
          return Status::Ok();
        }));
    size_t pi = 0;
    SP_TRY(ForEachRow(
        "COPY (SELECT posting_id, skill_id, required FROM posting_skills ORDER BY posting_id, skill_id) "
        "TO STDOUT (FORMAT binary)",
        3, [&](const pg::CopyParser::Row& row) -> Status {
          // The same assembly as SqliteStore::LoadFacts, so the tables are identical.
          SP_ASSIGN_OR_RETURN(int64_t posting_id, pg::ReadInt8(row.fields[0]));
          while (pi < t.postings.size() && t.postings[pi].posting_id < posting_id) ++pi;
          if (pi >= t.postings.size() || t.postings[pi].posting_id != posting_id) return Status::Ok();  // orphan
          auto& f = t.postings[pi];
          if (f.skills_count == 0) f.skills_begin = static_cast<uint32_t>(t.skills.size());
          SP_ASSIGN_OR_RETURN(int32_t skill_id, pg::ReadInt4(row.fields[1]));
          auto sk = skill_index.find(skill_id);
          if (sk == skill_index.end()) return Status::Ok();
          FactSkill fs;
          fs.skill = sk->second;
          if (row.fields[2]) {
            SP_ASSIGN_OR_RETURN(bool required, pg::ReadBool(row.fields[2]));
            fs.required = required ? 1 : 0;
          }
          t.skills.push_back(fs);
          ++f.skills_count;
          return Status::Ok();
        }));
    DeriveJobFacts(t);  // the jobs view's lifecycle, in memory (as the SQLite store)
    return t;
  }

  Result<int64_t> CountPostings() override { return ScalarInt("SELECT COUNT(*) FROM postings"); }
  Result<int64_t> CountJobs() override {
    return ScalarInt("SELECT COUNT(DISTINCT COALESCE(job_id, posting_id)) FROM postings");
  }
  Result<int64_t> CountQuarantined() override { return ScalarInt("SELECT COUNT(*) FROM quarantine"); }

  Result<std::vector<QuarantinedRecord>> ListQuarantined(int64_t limit) override {
    SP_ASSIGN_OR_RETURN(ResultSet r, conn_->Query("SELECT source, origin, line, byte_offset, reason, excerpt "
                                                  "FROM quarantine ORDER BY quarantine_id LIMIT $1",
                                                  {Int8Param(limit)}));
    std::vector<QuarantinedRecord> out;
    for (int i = 0; i < r.rows(); ++i) {
      QuarantinedRecord q;
      q.source = Str(r.Get(i, 0));
      q.origin = Str(r.Get(i, 1));
      if (r.Get(i, 2)) {
        SP_ASSIGN_OR_RETURN(int64_t line, pg::ReadInt8(r.Get(i, 2)));
        q.line = static_cast<uint64_t>(line);
      }
      if (r.Get(i, 3)) {
        SP_ASSIGN_OR_RETURN(int64_t offset, pg::ReadInt8(r.Get(i, 3)));
        q.offset = static_cast<uint64_t>(offset);
      }
      q.reason = Str(r.Get(i, 4));
      q.excerpt = Str(r.Get(i, 5));
      out.push_back(std::move(q));
    }
    return out;
  }

  Result<std::string> FxDate() override {
    SP_ASSIGN_OR_RETURN(ResultSet r, conn_->Query("SELECT fx_date FROM ingest_runs WHERE fx_date IS NOT NULL "
                                                  "ORDER BY run_id DESC LIMIT 1"));
    if (r.rows() == 0) return std::string();
    return Str(r.Get(0, 0));
  }

 private:
  static Param Int8Param(int64_t v) {
    std::string s;
    pg::PutU64(s, static_cast<uint64_t>(v));
    return {pg::kInt8Oid, std::move(s)};
  }
  static Param Int4Param(int32_t v) {
    std::string s;
    pg::PutU32(s, static_cast<uint32_t>(v));
    return {pg::kInt4Oid, std::move(s)};
  }
  static Param TextParam(std::string_view v) { return {pg::kTextOid, pg::SanitizeText(v)}; }
  static Param ArrayParam(uint32_t array_oid, const ArrayBuilder& a) { return {array_oid, a.Finish()}; }

  static Result<float> FloatOrNaN(std::optional<std::string_view> f) {
    if (!f) return kNoValue;
    SP_ASSIGN_OR_RETURN(double v, pg::ReadFloat8(f));
    return static_cast<float>(v);
  }

  Result<int64_t> ScalarInt(const char* sql) {
    SP_ASSIGN_OR_RETURN(ResultSet r, conn_->Exec(sql));
    if (r.rows() != 1) return Internal(std::string("postgres: no row from ") + sql);
    return ParseInt(r.Get(0, 0));
  }

  // Streams `COPY (query) TO STDOUT (FORMAT binary)` and calls `fn` per row of `fields` fields.
  Status ForEachRow(const std::string& copy_sql, size_t fields,
                    const std::function<Status(const pg::CopyParser::Row&)>& fn) {
    pg::CopyParser parser;
    pg::CopyParser::Row row;
    SP_TRY(conn_->CopyOut(copy_sql, [&](std::string_view chunk) -> Status {
      parser.Feed(chunk);
      for (;;) {
        SP_ASSIGN_OR_RETURN(bool have, parser.Next(row));
        if (!have) return Status::Ok();
        if (row.fields.size() != fields) return Internal("postgres: unexpected column count in COPY output");
        SP_TRY(fn(row));
      }
    }));
    if (!parser.complete()) return Internal("postgres: truncated COPY output");
    return Status::Ok();
  }


 public:
  // ------------------------------------------------------------------ listing lifecycle

  Result<int64_t> CloseMissing(const std::string& source, const std::vector<std::string>& seen_source_ids,
                               int64_t fetched_at) override {
    SP_TRY(DrainWrites());
    ArrayBuilder ids(pg::kTextOid);
    for (const auto& id : seen_source_ids) ids.Text(id);
    int64_t closed = 0;
    SP_TRY(InWriterTransaction([&]() -> Status {
      SP_ASSIGN_OR_RETURN(
          ResultSet r, conn_->Query("WITH c AS (UPDATE postings SET closed_at = $2 WHERE source = $1 AND closed_at IS NULL "
                                    "AND first_seen <= $2 AND last_seen < $2 AND source_id <> ALL($3::text[]) "
                                    "RETURNING 1) SELECT COUNT(*) FROM c",
                                    {TextParam(source), Int8Param(fetched_at), ArrayParam(pg::kTextArrayOid, ids)}));
      SP_ASSIGN_OR_RETURN(closed, pg::ReadInt8(r.Get(0, 0)));
      return Status::Ok();
    }));
    return closed;
  }

  Result<int64_t> TouchOpen(const std::string& source, int64_t fetched_at) override {
    SP_TRY(DrainWrites());
    int64_t touched = 0;
    SP_TRY(InWriterTransaction([&]() -> Status {
      SP_ASSIGN_OR_RETURN(
          ResultSet r, conn_->Query("WITH t AS (UPDATE postings SET last_seen = GREATEST(last_seen, $2) "
                                    "WHERE source = $1 AND closed_at IS NULL RETURNING 1) SELECT COUNT(*) FROM t",
                                    {TextParam(source), Int8Param(fetched_at)}));
      SP_ASSIGN_OR_RETURN(touched, pg::ReadInt8(r.Get(0, 0)));
      return Status::Ok();
    }));
    return touched;
  }

  // ------------------------------------------------------------------ jobs (dedup)

  Status ForEachPostingJob(const std::function<Status(const PostingJobRef&)>& fn) override {
    PostingJobRef ref;
    return ForEachRow(
        "COPY (SELECT source, source_id, COALESCE(job_id, posting_id) FROM postings ORDER BY posting_id) "
        "TO STDOUT (FORMAT binary)",
        3, [&](const pg::CopyParser::Row& row) -> Status {
          ref.source = Str(row.fields[0]);
          ref.source_id = Str(row.fields[1]);
          SP_ASSIGN_OR_RETURN(ref.job_id, pg::ReadInt8(row.fields[2]));
          return fn(ref);
        });
  }

  Result<std::vector<JobPostingRow>> ListJobPostings(int64_t job_id) override {
    SP_ASSIGN_OR_RETURN(
        ResultSet r,
        conn_->Query("SELECT posting_id, COALESCE(job_id, posting_id), source, source_id, url, apply_url, company, "
                     "title, location, first_seen, last_seen FROM postings "
                     "WHERE posting_id IN (SELECT posting_id FROM dedup_records WHERE job_id = $1) "
                     "OR (posting_id = $1 AND (job_id IS NULL OR job_id = $1)) ORDER BY first_seen, posting_id",
                     {Int8Param(job_id)}));
    std::vector<JobPostingRow> out;
    for (int i = 0; i < r.rows(); ++i) {
      JobPostingRow row;
      SP_ASSIGN_OR_RETURN(row.posting_id, pg::ReadInt8(r.Get(i, 0)));
      SP_ASSIGN_OR_RETURN(row.job_id, pg::ReadInt8(r.Get(i, 1)));
      row.source = Str(r.Get(i, 2));
      row.source_id = Str(r.Get(i, 3));
      row.url = Str(r.Get(i, 4));
      row.apply_url = Str(r.Get(i, 5));
      row.company = Str(r.Get(i, 6));
      row.title = Str(r.Get(i, 7));
      row.location = Str(r.Get(i, 8));
      SP_ASSIGN_OR_RETURN(row.first_seen, pg::ReadInt8(r.Get(i, 9)));
      SP_ASSIGN_OR_RETURN(row.last_seen, pg::ReadInt8(r.Get(i, 10)));
      out.push_back(std::move(row));
    }
    return out;
  }

  Status RebuildJobs() override {
    if (pending_) return FailedPrecondition("postgres: RebuildJobs during a run");
    return InWriterTransaction([&] { return AssignJobsInTransaction(/*all=*/true); });
  }

 private:
  // DedupStateStore over dedup_records (AssignJobs' view of the store). Used inside the
  // writer's transaction, on the store's connection.
  class DedupState : public DedupStateStore {
   public:
    explicit DedupState(PostgresStore& store) : store_(store) {}
    Status LoadByPostings(std::span<const int64_t> ids, StoredDedupRecords& out) override {
      return Load("d.posting_id", Int8ArrayLiteral(ids), out);
    }
    Status LoadByBlocks(std::span<const uint64_t> blocks, StoredDedupRecords& out) override {
      return Load("d.block", Int8ArrayLiteral(blocks), out);
    }
    Status LoadByUrls(std::span<const uint64_t> urls, StoredDedupRecords& out) override {
      return Load("d.url", Int8ArrayLiteral(urls), out);
    }
    Status LoadByJobs(std::span<const int64_t> jobs, StoredDedupRecords& out) override {
      // job_id NULL means "its own job": a job's smallest posting keeps NULL.
      SP_TRY(Load("d.job_id", Int8ArrayLiteral(jobs), out));
      return Load("d.posting_id", Int8ArrayLiteral(jobs), out);
    }
    Status LoadAll(StoredDedupRecords& out) override {
      return Read(std::string("COPY (SELECT ") + kDedupLoadColumns + " FROM dedup_records d) TO STDOUT (FORMAT binary)",
                  out);
    }
    // An upper bound from the primary key (as SqliteDedup: it only decides when to scan all).
    Result<int64_t> CountRecords() override {
      return store_.ScalarInt("SELECT COALESCE(MAX(posting_id), 0) FROM dedup_records");
    }
    // A posting that is its job's smallest gets NULL (migration 0002: NULL = its own id), so
    // the stored rows do not depend on whether a provisional guess was written first.
    Status SetJobIds(std::span<const JobIdUpdate> updates) override {
      if (updates.empty()) return Status::Ok();
      ArrayBuilder ids(pg::kInt8Oid), jobs(pg::kInt8Oid);
      for (const JobIdUpdate& u : updates) {
        ids.Int8(u.posting_id);
        jobs.Int8(u.job_id);
      }
      const std::vector<Param> params = {ArrayParam(pg::kInt8ArrayOid, ids), ArrayParam(pg::kInt8ArrayOid, jobs)};
      SP_TRY(store_.conn_
                 ->Query("UPDATE postings AS p SET job_id = NULLIF(t.j, t.id) "
                         "FROM unnest($1::int8[], $2::int8[]) AS t(id, j) WHERE p.posting_id = t.id",
                         params)
                 .status());
      return store_.conn_
          ->Query("UPDATE dedup_records AS d SET job_id = NULLIF(t.j, t.id) "
                  "FROM unnest($1::int8[], $2::int8[]) AS t(id, j) WHERE d.posting_id = t.id",
                  params)
          .status();
    }

   private:
    Status Load(const char* column, const std::string& keys, StoredDedupRecords& out) {
      if (keys == "'{}'::int8[]") return Status::Ok();
      return Read(std::string("COPY (SELECT ") + kDedupLoadColumns + " FROM dedup_records d WHERE " + column +
                      " = ANY(" + keys + ")) TO STDOUT (FORMAT binary)",
                  out);
    }
    Status Read(const std::string& copy_sql, StoredDedupRecords& out) {
      return store_.ForEachRow(copy_sql, kDedupLoadFields, [&](const pg::CopyParser::Row& row) -> Status {
        const auto& f = row.fields;
        DedupRecord r;
        auto u64 = [](std::optional<std::string_view> v) -> Result<uint64_t> {
          if (!v) return uint64_t{0};  // NULL url: none
          SP_ASSIGN_OR_RETURN(int64_t x, pg::ReadInt8(v));
          return static_cast<uint64_t>(x);
        };
        SP_ASSIGN_OR_RETURN(r.posting_id, pg::ReadInt8(f[0]));
        SP_ASSIGN_OR_RETURN(r.identity, u64(f[1]));
        SP_ASSIGN_OR_RETURN(r.block, u64(f[2]));
        SP_ASSIGN_OR_RETURN(r.company, u64(f[3]));
        SP_ASSIGN_OR_RETURN(r.location, u64(f[4]));
        SP_ASSIGN_OR_RETURN(r.url, u64(f[5]));
        SP_ASSIGN_OR_RETURN(r.requisition, u64(f[6]));
        SP_ASSIGN_OR_RETURN(int16_t flags, pg::ReadInt2(f[7]));
        SetDedupFlags(flags, r);
        SP_ASSIGN_OR_RETURN(int32_t shingles, pg::ReadInt4(f[8]));
        r.text.shingles = static_cast<uint32_t>(shingles);
        if (!f[9] || !DecodeMinHash(*f[9], r.text)) return Internal("postgres: dedup_records.minhash of the wrong size");
        SP_ASSIGN_OR_RETURN(r.first_seen, pg::ReadInt8(f[10]));
        SP_ASSIGN_OR_RETURN(r.last_seen, pg::ReadInt8(f[11]));
        SP_ASSIGN_OR_RETURN(int64_t job_id, pg::ReadInt8(f[12]));
        out.Add(r, job_id);
        return Status::Ok();
      });
    }
    PostgresStore& store_;
  };

  Status CreateDedupStage() {
    return conn_
        ->Exec("CREATE TEMP TABLE IF NOT EXISTS stage_dedup (LIKE dedup_records INCLUDING DEFAULTS) "
               "ON COMMIT DELETE ROWS")
        .status();
  }

  // Writes dedup records (inside the caller's transaction): COPY straight into dedup_records
  // for postings that have none, or through stage_dedup and an upsert that keeps job_id.
  // `job_ids` (parallel to `records`, or empty: all NULL) are the job ids of inserted records.
  Status WriteDedupRecords(const std::vector<DedupRecord>& records, bool upsert,
                           std::span<const int64_t> job_ids = {}) {
    if (records.empty()) return Status::Ok();
    CopyStream copy(*conn_, buf_);
    SP_TRY(copy.Start(std::string("COPY ") + (upsert ? "stage_dedup" : "dedup_records") + " (" + kDedupColumns +
                      ") FROM STDIN (FORMAT binary)"));
    for (size_t i = 0; i < records.size(); ++i) {
      AppendDedupRow(copy.buf(), records[i], job_ids.empty() ? 0 : job_ids[i]);
      SP_TRY(copy.Sent());
    }
    SP_TRY(copy.Finish());
    if (!upsert) return Status::Ok();
    return conn_
        ->Exec(std::string("INSERT INTO dedup_records AS d (") + kDedupColumns + ") SELECT " + kDedupColumns +
               " FROM stage_dedup ON CONFLICT (posting_id) DO UPDATE SET block = excluded.block, "
               "identity = excluded.identity, company = excluded.company, location = excluded.location, "
               "url = excluded.url, requisition = excluded.requisition, first_seen = excluded.first_seen, "
               "last_seen = excluded.last_seen, shingles = excluded.shingles, flags = excluded.flags, "
               "minhash = excluded.minhash; TRUNCATE stage_dedup")
        .status();
  }

  // Postings stored before migration 0002 get their records from the stored text (as
  // SqliteDedup::Backfill) and are marked pending.
  Status Backfill() {
    SP_ASSIGN_OR_RETURN(int64_t todo, ScalarInt("SELECT COUNT(*) FROM dedup_backfill"));
    if (todo == 0) return Status::Ok();
    SP_TRY(CreateDedupStage());
    std::vector<DedupRecord> records;
    SP_TRY(ForEachRow(
        "COPY (SELECT p.posting_id, p.source, p.source_id, p.url, p.apply_url, p.company, p.title, p.location, "
        "t.size_bytes, t.text, p.first_seen, p.last_seen FROM dedup_backfill b "
        "JOIN postings p ON p.posting_id = b.posting_id "
        "LEFT JOIN descriptions t ON t.content_hash = p.content_hash) TO STDOUT (FORMAT binary)",
        12, [&](const pg::CopyParser::Row& row) -> Status {
          const auto& f = row.fields;
          JobPosting p;
          p.source = Str(f[1]);
          p.source_id = Str(f[2]);
          p.url = Str(f[3]);
          p.apply_url = Str(f[4]);
          p.company = Str(f[5]);
          p.title = Str(f[6]);
          p.location = Str(f[7]);
          if (f[9]) {
            SP_ASSIGN_OR_RETURN(int32_t size, pg::ReadInt4(f[8]));
            SP_TRY(codec_->Decompress(*f[9], static_cast<size_t>(std::max(size, 0)), p.description_text)
                       .WithContext("postgres"));
          }
          DedupRecord r = ComputeStoreDedupRecord(p);
          SP_ASSIGN_OR_RETURN(r.posting_id, pg::ReadInt8(f[0]));
          SP_ASSIGN_OR_RETURN(r.first_seen, pg::ReadInt8(f[10]));
          SP_ASSIGN_OR_RETURN(r.last_seen, pg::ReadInt8(f[11]));
          records.push_back(r);
          return Status::Ok();
        }));
    SP_TRY(WriteDedupRecords(records, /*upsert=*/true));
    return conn_
        ->Exec("INSERT INTO dedup_pending (posting_id) SELECT posting_id FROM dedup_backfill ON CONFLICT DO NOTHING; "
               "DELETE FROM dedup_backfill")
        .status();
  }

  // Assigns the jobs of the pending postings (all: of every posting) and clears the pending
  // set. REQUIRES: inside InWriterTransaction, no flusher running.
  Status AssignJobsInTransaction(bool all) {
    SP_TRY(Backfill());
    std::vector<int64_t> dirty;
    SP_TRY(ForEachRow(all ? "COPY (SELECT posting_id FROM dedup_records) TO STDOUT (FORMAT binary)"
                          : "COPY (SELECT posting_id FROM dedup_pending) TO STDOUT (FORMAT binary)",
                      1, [&](const pg::CopyParser::Row& row) -> Status {
                        SP_ASSIGN_OR_RETURN(int64_t id, pg::ReadInt8(row.fields[0]));
                        dirty.push_back(id);
                        return Status::Ok();
                      }));
    DedupState state(*this);
    SP_TRY(AssignStoreJobs(state, dirty, all, stats_));
    if (!dirty.empty()) SP_TRY(conn_->Exec("DELETE FROM dedup_pending").status());
    // After the job ids are written, so the job_id index is built once with them.
    return RestoreIndexes();
  }

  // ------------------------------------------------------------------ deferred indexes

  // Tables whose non-unique indexes a bulk load into an empty store builds at its end instead
  // of row by row (migration 0013). Only job assignment's key lookups (LoadByBlocks, LoadByUrls,
  // LoadByJobs) read dedup_records' secondary indexes, and a bulk load's assignment reads the
  // whole table (AssignJobs' full scan), so nothing in the run needs them. Unique indexes stay:
  // they enforce keys and serve ON CONFLICT.
  static constexpr const char* kDeferrableIndexTables[] = {"dedup_records"};

  // Drops the deferrable indexes, recording their definitions in deferred_indexes. REQUIRES:
  // inside the writer transaction of the run's first batch (a rollback undoes both).
  Status DeferIndexes() {
    for (const char* table : kDeferrableIndexTables) {
      SP_ASSIGN_OR_RETURN(
          ResultSet r,
          conn_->Query("INSERT INTO deferred_indexes (name, definition) "
                       "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                       "JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE i.indrelid = $1::regclass AND NOT i.indisunique AND NOT i.indisprimary "
                       "ON CONFLICT (name) DO NOTHING RETURNING name",
                       {TextParam(table)}));
      std::string drop;
      for (int i = 0; i < r.rows(); ++i) drop += (drop.empty() ? "" : ", ") + pg::QuoteIdent(Str(r.Get(i, 0)));
      if (!drop.empty()) SP_TRY(conn_->Exec("DROP INDEX " + drop).status());
    }
    return Status::Ok();
  }

  // Builds every index in deferred_indexes that does not exist, then empties the table: at the
  // end of the run that deferred them, or in a later writer's BeginRun when that run was
  // killed. REQUIRES: inside a writer transaction.
  Status RestoreIndexes() {
    SP_ASSIGN_OR_RETURN(ResultSet r, conn_->Exec("SELECT name, definition, to_regclass(quote_ident(name)) IS NULL "
                                                 "FROM deferred_indexes ORDER BY name"));  // text results
    if (r.rows() == 0) return Status::Ok();
    for (int i = 0; i < r.rows(); ++i) {
      if (Str(r.Get(i, 2)) != "t") continue;  // built meanwhile (by hand, or by another writer)
      SP_TRY(conn_->Exec(Str(r.Get(i, 1))).status().WithContext("postgres: building deferred index " +
                                                                 Str(r.Get(i, 0))));
    }
    return conn_->Exec("DELETE FROM deferred_indexes").status();
  }

  // Runs `fn` in one transaction holding the writer lock; rolls back on error.
  Status InWriterTransaction(const std::function<Status()>& fn) {
    SP_TRY(conn_->Exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) + ")").status());
    Status s = fn();
    if (s.ok()) s = conn_->Exec("COMMIT").status();
    if (!s.ok()) conn_->Exec("ROLLBACK").status().IgnoreError();
    return s;
  }

  // During a run: writes everything Write was given so far (the pending batch, then the
  // flusher's queue) and waits until the flusher is idle, so the caller may use the
  // connection. Outside a run: nothing to do.
  Status DrainWrites() {
    if (!pending_) return Status::Ok();
    SP_TRY(FlusherError());
    if (!pending_->empty()) SP_TRY(Submit());
    if (!flusher_.joinable()) return Status::Ok();
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return (queue_.empty() && !flusher_busy_) || !flusher_error_.ok(); });
    return flusher_error_;
  }

  // ------------------------------------------------------------------ migrations

  // Applies every embedded migration the database has not recorded, in version order, one
  // transaction each. Versions may have gaps, and a migration numbered below the database's
  // newest one is still applied when it is missing (branches that added migrations in
  // parallel, e.g. 0002 after a database already had 0010).
  Status Migrate() {
    // Fast path without DDL or locks (works for a role that may not create schemas).
    SP_ASSIGN_OR_RETURN(std::vector<int32_t> applied, AppliedVersions());
    SP_TRY(CheckNotNewer(applied.empty() ? 0 : applied.back()));
    for (const Migration& m : kMigrations) {
      if (std::binary_search(applied.begin(), applied.end(), m.version)) continue;
      SP_TRY(conn_->Exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) +
                         "); CREATE SCHEMA IF NOT EXISTS " + kPostgresSchema +
                         "; CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                         "name text NOT NULL, applied_at bigint NOT NULL)")
                 .status());
      Status s = [&]() -> Status {
        SP_ASSIGN_OR_RETURN(applied, AppliedVersions());  // another process may have migrated meanwhile
        SP_TRY(CheckNotNewer(applied.empty() ? 0 : applied.back()));
        if (!std::binary_search(applied.begin(), applied.end(), m.version)) {
          SP_TRY(conn_->Exec(m.sql).status().WithContext(std::string("migration ") + m.name));
          SP_TRY(conn_->Query("INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)",
                              {Int4Param(m.version), TextParam(m.name), Int8Param(NowUnix())})
                     .status());
        }
        return conn_->Exec("COMMIT").status();
      }();
      if (!s.ok()) {
        conn_->Exec("ROLLBACK").status().IgnoreError();
        return s;
      }
    }
    return Status::Ok();
  }

  // The recorded migration versions, ascending (empty for a fresh database).
  Result<std::vector<int32_t>> AppliedVersions() {
    SP_ASSIGN_OR_RETURN(ResultSet r, conn_->Exec(std::string("SELECT to_regclass('") + kPostgresSchema +
                                                 ".schema_migrations') IS NOT NULL"));
    std::vector<int32_t> versions;
    if (Str(r.Get(0, 0)) != "t") return versions;
    SP_ASSIGN_OR_RETURN(ResultSet v, conn_->Query("SELECT version FROM schema_migrations ORDER BY version"));
    for (int i = 0; i < v.rows(); ++i) {
      SP_ASSIGN_OR_RETURN(int32_t version, pg::ReadInt4(v.Get(i, 0)));
      versions.push_back(version);
    }
    return versions;
  }

  Status CheckNotNewer(int64_t current) const {
    if (current > kSchemaVersion) {
      return FailedPrecondition("postgres " + conn_->Describe() + ": store schema version " + std::to_string(current) +
                                " is newer than this skillpulse knows (" + std::to_string(kSchemaVersion) +
                                "); upgrade skillpulse");
    }
    return Status::Ok();
  }

  // ------------------------------------------------------------------ skills

  // Upserts the taxonomy by slug, keeping existing skill ids and giving new slugs max + 1 in
  // taxonomy order (what SQLite's INTEGER PRIMARY KEY does), so both stores agree.
  Status SyncSkills(const Taxonomy& taxonomy) {
    SP_ASSIGN_OR_RETURN(ResultSet r, conn_->Query("SELECT skill_id, slug FROM skills"));
    std::unordered_map<std::string, int32_t> by_slug;
    int32_t next = 1;
    for (int i = 0; i < r.rows(); ++i) {
      SP_ASSIGN_OR_RETURN(int32_t id, pg::ReadInt4(r.Get(i, 0)));
      by_slug[Str(r.Get(i, 1))] = id;
      next = std::max(next, id + 1);
    }
    // Last definition of a slug wins, as with SQLite's repeated upserts.
    std::unordered_map<int32_t, const Skill*> rows;
    std::vector<int32_t> order;
    db_skill_id_.assign(taxonomy.size(), 0);
    for (const Skill& s : taxonomy.skills()) {
      auto [it, added] = by_slug.try_emplace(s.slug, next);
      if (added) ++next;
      db_skill_id_[s.id] = it->second;
      if (rows.emplace(it->second, &s).second) {
        order.push_back(it->second);
      } else {
        rows[it->second] = &s;
      }
    }
    if (order.empty()) return Status::Ok();
    ArrayBuilder ids(pg::kInt4Oid), slugs(pg::kTextOid), names(pg::kTextOid), kinds(pg::kTextOid),
        aliases(pg::kTextOid), rules(pg::kTextOid);
    for (int32_t id : order) {
      const Skill& s = *rows[id];
      ids.Int4(id);
      slugs.Text(s.slug);
      names.Text(s.name);
      kinds.Text(SkillKindName(s.kind));
      aliases.Text(SkillAliasesColumn(s));
      rules.Text(SkillRuleSummary(s));
    }
    return conn_
        ->Query("INSERT INTO skills(skill_id, slug, name, kind, aliases, rule_summary) "
                "SELECT * FROM unnest($1::int4[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) "
                "ON CONFLICT (skill_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
                "aliases = excluded.aliases, rule_summary = excluded.rule_summary",
                {ArrayParam(pg::kInt4ArrayOid, ids), ArrayParam(pg::kTextArrayOid, slugs),
                 ArrayParam(pg::kTextArrayOid, names), ArrayParam(pg::kTextArrayOid, kinds),
                 ArrayParam(pg::kTextArrayOid, aliases), ArrayParam(pg::kTextArrayOid, rules)})
        .status();
  }

  // ------------------------------------------------------------------ the flusher

  // Hands the pending batch to the flusher (waiting while the previous one is still queued:
  // at most one batch being written and one waiting), or writes it here when synchronous.
  Status Submit() {
    std::unique_ptr<PendingBatch> b = std::move(pending_);
    {
      std::lock_guard lock(mu_);
      if (!spare_.empty()) {
        pending_ = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    if (!pending_) pending_ = std::make_unique<PendingBatch>();
    if (!options_.async_flush) {
      Status s = Flush(*b);
      b->Clear();
      std::lock_guard lock(mu_);
      spare_.push_back(std::move(b));
      return s;
    }
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return queue_.empty() || !flusher_error_.ok(); });
    if (!flusher_error_.ok()) return flusher_error_;
    queue_.push_back(std::move(b));
    cv_.notify_all();
    return Status::Ok();
  }

  void FlusherLoop() {
    for (;;) {
      std::unique_ptr<PendingBatch> b;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !queue_.empty() || flusher_stop_; });
        if (queue_.empty()) return;  // stopped and drained
        b = std::move(queue_.front());
        queue_.pop_front();
        flusher_busy_ = true;
      }
      Status s = flusher_error_.ok() ? Flush(*b) : Status::Ok();
      b->Clear();
      {
        std::lock_guard lock(mu_);
        if (!s.ok() && flusher_error_.ok()) flusher_error_ = s;
        spare_.push_back(std::move(b));
        flusher_busy_ = false;
      }
      cv_.notify_all();
    }
  }

  // Waits until the flusher has written (or, with discard_queued, dropped) every queued batch
  // and joins it.
  void StopFlusher(bool discard_queued) {
    if (!flusher_.joinable()) return;
    {
      std::lock_guard lock(mu_);
      if (discard_queued) queue_.clear();
      flusher_stop_ = true;
    }
    cv_.notify_all();
    flusher_.join();
  }

  Status FlusherError() {
    std::lock_guard lock(mu_);
    return flusher_error_;
  }

  // Writes one batch in one transaction; rolls back on any error.
  Status Flush(PendingBatch& b) {
    Status s = FlushInTransaction(b);
    if (!s.ok()) conn_->Exec("ROLLBACK").status().IgnoreError();
    return s;
  }

  // One distinct (source, source_id) of the batch.
  struct Entry {
    int64_t posting_id = 0;
    uint64_t fields_hash = 0;
    int64_t first_seen = 0, last_seen = 0;
    int32_t row = -1;        // the item whose fields are current
    int64_t dedup_date = kNoDedupDate;  // Item::dedup_date of its latest item
    bool in_db = false;      // the key existed before this batch
    bool seen = false;       // met in the sequential pass
    bool changed = false;    // in_db and the fields changed
    bool widened = false;    // in_db and first/last seen moved
    int64_t job_id = 0;      // new: its provisional job (ProvisionalJobs); 0 = its own
  };

  Status FlushInTransaction(PendingBatch& b) {
    // 1. The writer lock, then the highest posting_id (ids are assigned as max + 1 in input
    //    order, like SQLite's rowid) and whether there are descriptions to look up at all.
    SP_ASSIGN_OR_RETURN(ResultSet head,
                        conn_->Exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) +
                                    "); SELECT COALESCE(MAX(posting_id), 0), EXISTS (SELECT 1 FROM descriptions), "
                                    "nextval('write_batches') FROM postings"));
    SP_ASSIGN_OR_RETURN(int64_t next_id, ParseInt(head.Get(0, 0)));
    const bool have_descriptions = Str(head.Get(0, 1)) == "t";
    SP_ASSIGN_OR_RETURN(const int64_t batch_seq, ParseInt(head.Get(0, 2)));
    // Bulk load into an empty store: when the store was empty at this run's first batch and
    // no other writer has committed since our last batch (the sequence moved by one), the
    // store holds exactly what this run wrote, so only keys and descriptions this run wrote
    // (tracked by hash) need a lookup; every other one is new.
    if (last_batch_seq_ == 0) run_owns_store_ = next_id == 0 && !have_descriptions;
    if (last_batch_seq_ != 0 && batch_seq != last_batch_seq_ + 1) run_owns_store_ = false;
    if (written_keys_.size() > kMaxTrackedKeys) run_owns_store_ = false;
    if (last_batch_seq_ == 0 && run_owns_store_ && options_.defer_indexes) SP_TRY(DeferIndexes());
    if (!run_owns_store_) {
      written_keys_.clear();
      written_descriptions_.clear();
    }
    std::vector<uint64_t> batch_keys, batch_descriptions;  // tracked after commit

    // 2. Origins not seen before by this store object.
    std::vector<int32_t> origin_ids(b.origins.size(), 0);
    std::unordered_map<std::string, int32_t> new_origins;
    {
      ArrayBuilder missing(pg::kTextOid);
      for (size_t i = 0; i < b.origins.size(); ++i) {
        auto it = origin_cache_.find(b.origins[i]);
        if (it != origin_cache_.end()) {
          origin_ids[i] = it->second;
        } else {
          missing.Text(b.origins[i]);
        }
      }
      if (missing.size() > 0) {
        SP_ASSIGN_OR_RETURN(
            ResultSet r,
            conn_->Query("WITH ins AS (INSERT INTO origins(origin) SELECT unnest($1::text[]) "
                         "ON CONFLICT ((md5(origin))) DO NOTHING RETURNING origin, origin_id) "
                         "SELECT origin, origin_id FROM ins UNION ALL "
                         "SELECT origin, origin_id FROM origins "
                         "WHERE md5(origin) IN (SELECT md5(o) FROM unnest($1::text[]) AS o)",
                         {ArrayParam(pg::kTextArrayOid, missing)}));
        for (int i = 0; i < r.rows(); ++i) {
          SP_ASSIGN_OR_RETURN(int32_t id, pg::ReadInt4(r.Get(i, 1)));
          new_origins[Str(r.Get(i, 0))] = id;
        }
        for (size_t i = 0; i < b.origins.size(); ++i) {
          if (origin_ids[i] != 0) continue;
          auto it = new_origins.find(pg::SanitizeText(b.origins[i]));
          if (it == new_origins.end()) return Internal("postgres: origin not stored: " + b.origins[i]);
          origin_ids[i] = it->second;
        }
      }
    }

    // 3. Distinct keys, and which of them the store already holds.
    std::unordered_map<std::string_view, uint32_t> key_index;
    key_index.reserve(b.items.size() * 2);
    std::vector<uint32_t> item_entry(b.items.size());
    std::vector<Entry> entries;
    std::vector<size_t> first_item;  // per entry
    entries.reserve(b.items.size());
    for (size_t i = 0; i < b.items.size(); ++i) {
      auto [it, added] = key_index.try_emplace(b.Key(b.items[i]), static_cast<uint32_t>(entries.size()));
      if (added) {
        entries.emplace_back();
        first_item.push_back(i);
      }
      item_entry[i] = it->second;
    }
    std::vector<uint32_t> lookup;  // entries whose key may exist
    if (next_id > 0) {  // an empty postings table needs no lookup
      for (size_t e = 0; e < entries.size(); ++e) {
        if (run_owns_store_ && written_keys_.count(TrackedKeyHash(b.Key(b.items[first_item[e]]))) == 0) continue;
        lookup.push_back(static_cast<uint32_t>(e));
      }
    }
    if (!lookup.empty()) {
      ArrayBuilder sources(pg::kTextOid), source_ids(pg::kTextOid);
      for (uint32_t e : lookup) {
        sources.Text(b.Source(b.items[first_item[e]]));
        source_ids.Text(b.SourceId(b.items[first_item[e]]));
      }
      SP_ASSIGN_OR_RETURN(
          ResultSet r,
          conn_->Query("SELECT k.i, p.posting_id, p.fields_hash, p.first_seen, p.last_seen "
                       "FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(source, source_id, i) "
                       "JOIN postings p ON p.source = k.source AND p.source_id = k.source_id",
                       {ArrayParam(pg::kTextArrayOid, sources), ArrayParam(pg::kTextArrayOid, source_ids)}));
      for (int i = 0; i < r.rows(); ++i) {
        SP_ASSIGN_OR_RETURN(int64_t ordinal, pg::ReadInt8(r.Get(i, 0)));
        if (ordinal < 1 || static_cast<size_t>(ordinal) > lookup.size()) return Internal("postgres: bad lookup row");
        Entry& e = entries[lookup[static_cast<size_t>(ordinal - 1)]];
        e.in_db = true;
        SP_ASSIGN_OR_RETURN(e.posting_id, pg::ReadInt8(r.Get(i, 1)));
        SP_ASSIGN_OR_RETURN(int64_t fh, pg::ReadInt8(r.Get(i, 2)));
        e.fields_hash = static_cast<uint64_t>(fh);
        SP_ASSIGN_OR_RETURN(e.first_seen, pg::ReadInt8(r.Get(i, 3)));
        SP_ASSIGN_OR_RETURN(e.last_seen, pg::ReadInt8(r.Get(i, 4)));
      }
    }

    // 4. The items in input order, exactly as SqliteStore::WriteOne would meet them: new,
    //    updated (fields changed: this item's row becomes current) or unchanged (only the
    //    seen range may widen). A description is written for every new or updated item.
    WriteStats batch_stats;
    std::vector<uint32_t> new_entries, changed_entries;
    std::vector<size_t> description_items;
    std::unordered_set<uint64_t> description_hashes;
    auto add_description = [&](size_t i) {
      const auto& it = b.items[i];
      if (it.text_bytes == 0) return;
      if (description_hashes.insert(it.content_hash).second) description_items.push_back(i);
    };
    for (size_t i = 0; i < b.items.size(); ++i) {
      const auto& it = b.items[i];
      Entry& e = entries[item_entry[i]];
      if (!e.seen) {
        e.seen = true;
        if (!e.in_db) {
          e.posting_id = ++next_id;
          e.fields_hash = it.fields_hash;
          e.first_seen = e.last_seen = it.seen;
          e.row = static_cast<int32_t>(i);
          new_entries.push_back(item_entry[i]);
          if (run_owns_store_) batch_keys.push_back(TrackedKeyHash(b.Key(it)));
          ++batch_stats.postings_new;
          add_description(i);
          continue;
        }
      }
      if (e.fields_hash == it.fields_hash) {
        ++batch_stats.postings_unchanged;
        if (e.in_db && (it.seen < e.first_seen || it.seen > e.last_seen)) e.widened = true;
      } else {
        ++batch_stats.postings_updated;
        e.fields_hash = it.fields_hash;
        e.row = static_cast<int32_t>(i);
        if (e.in_db && !e.changed) {
          e.changed = true;
          changed_entries.push_back(item_entry[i]);
        }
        add_description(i);
      }
      e.first_seen = std::min(e.first_seen, it.seen);
      e.last_seen = std::max(e.last_seen, it.seen);
      e.dedup_date = it.dedup_date;
    }

    // 4b. The dedup records of new postings, and their provisional jobs in posting_id order
    //     (dedup/provisional_jobs.h): their rows are written with the job id AssignJobs will
    //     most likely give them, so the end of the run rewrites few rows. If this transaction
    //     fails the run stops (FlusherError), so the index never outlives a rolled-back batch.
    auto record_of = [&](const Entry& e) {
      const auto& it = b.items[static_cast<size_t>(e.row)];
      DedupRecord r;
      if (!ParseDedupRecord(std::string_view(b.dedups).substr(it.dedup_off, it.dedup_len), r)) {
        return Result<DedupRecord>(Internal("postgres: malformed dedup record"));
      }
      r.posting_id = e.posting_id;
      // The repost window runs on the posting's own date when it has one (DedupWindowOf).
      const bool dated = it.dedup_date != kNoDedupDate;
      r.first_seen = dated ? it.dedup_date : e.first_seen;
      r.last_seen = dated ? it.dedup_date : e.last_seen;
      return Result<DedupRecord>(r);
    };
    std::vector<DedupRecord> fresh_records;
    std::vector<int64_t> fresh_jobs;
    fresh_records.reserve(new_entries.size());
    fresh_jobs.reserve(new_entries.size());
    for (uint32_t e : new_entries) {
      SP_ASSIGN_OR_RETURN(DedupRecord r, record_of(entries[e]));
      const int64_t job = provisional_ ? provisional_->Add(r.posting_id, r) : r.posting_id;
      entries[e].job_id = job == r.posting_id ? 0 : job;
      fresh_records.push_back(r);
      fresh_jobs.push_back(entries[e].job_id);
    }

    // 5. Descriptions the store does not hold yet, once per content hash; first the text
    //    dictionaries their frames may name.
    for (const TextDictionary& d : b.dictionaries) {
      SP_TRY(conn_->Query("INSERT INTO text_dictionaries(dict_id, created_at, dictionary) VALUES ($1, $2, $3) "
                          "ON CONFLICT (dict_id) DO NOTHING",
                          {Int8Param(static_cast<int64_t>(d.id)), Int8Param(NowUnix()), Param{pg::kByteaOid, d.bytes}})
                 .status());
    }
    ArrayBuilder hashes(pg::kInt8Oid);
    if (have_descriptions) {
      for (size_t i : description_items) {
        const uint64_t h = b.items[i].content_hash;
        if (!run_owns_store_ || written_descriptions_.count(h) > 0) hashes.Int8(static_cast<int64_t>(h));
      }
    }
    if (hashes.size() > 0) {
      SP_ASSIGN_OR_RETURN(ResultSet r, conn_->Query("SELECT content_hash FROM descriptions WHERE content_hash = ANY($1)",
                                                    {ArrayParam(pg::kInt8ArrayOid, hashes)}));
      std::unordered_set<uint64_t> present;
      for (int i = 0; i < r.rows(); ++i) {
        SP_ASSIGN_OR_RETURN(int64_t h, pg::ReadInt8(r.Get(i, 0)));
        present.insert(static_cast<uint64_t>(h));
      }
      std::erase_if(description_items, [&](size_t i) { return present.count(b.items[i].content_hash) > 0; });
    }
    if (run_owns_store_) {
      for (size_t i : description_items) batch_descriptions.push_back(b.items[i].content_hash);
    }
    if (!description_items.empty()) {
      CopyStream copy(*conn_, buf_);
      SP_TRY(copy.Start("COPY descriptions (content_hash, size_bytes, text) FROM STDIN (FORMAT binary)"));
      for (size_t i : description_items) {
        const auto& it = b.items[i];
        // Prepare leaves the blob empty only for texts committed before (found above).
        if (it.blob_len == 0) return Internal("postgres: description " + std::to_string(it.content_hash) + " has no compressed text");
        std::string& out = copy.buf();
        pg::BeginRow(out, 3);
        pg::PutInt8(out, static_cast<int64_t>(it.content_hash));
        pg::PutInt4(out, it.text_bytes);
        pg::PutBytes(out, std::string_view(b.blobs).substr(it.blob_off, it.blob_len));
        SP_TRY(copy.Sent());
      }
      SP_TRY(copy.Finish());
    }

    // 6. New postings: COPY straight into postings (the key was looked up under the writer
    //    lock, so it cannot exist), or through the staging table with merge_all.
    auto append_row = [&](const Entry& e, std::string& out) {
      const auto& it = b.items[static_cast<size_t>(e.row)];
      pg::BeginRow(out, kPostingFields);
      pg::PutInt8(out, e.posting_id);
      pg::PutInt8(out, e.first_seen);
      pg::PutInt8(out, e.last_seen);
      pg::PutInt4(out, run_id_);  // created_run (kept for existing rows by the merge)
      pg::PutInt4(out, run_id_);  // updated_run
      if (it.origin >= 0) {
        pg::PutInt4(out, origin_ids[static_cast<size_t>(it.origin)]);
      } else {
        pg::PutNull(out);
      }
      PutJobId(out, e.job_id);
      out.append(b.tails, it.tail_off, it.tail_len);
    };
    const bool stage_new = options_.merge_all;
    if (!new_entries.empty() && !stage_new) {
      CopyStream copy(*conn_, buf_);
      SP_TRY(copy.Start(std::string("COPY postings (") + kPostingColumns + ") FROM STDIN (FORMAT binary)"));
      for (uint32_t e : new_entries) {
        append_row(entries[e], copy.buf());
        SP_TRY(copy.Sent());
      }
      SP_TRY(copy.Finish());
    }

    // 7. Changed postings (and, with merge_all, new ones): staging table, then one
    //    INSERT ... ON CONFLICT; their old skills go.
    if (!changed_entries.empty() || (stage_new && !new_entries.empty())) {
      CopyStream copy(*conn_, buf_);
      SP_TRY(copy.Start(std::string("COPY stage_postings (") + kPostingColumns + ") FROM STDIN (FORMAT binary)"));
      for (const auto* list : {stage_new ? &new_entries : nullptr, &changed_entries}) {
        if (list == nullptr) continue;
        for (uint32_t e : *list) {
          append_row(entries[e], copy.buf());
          SP_TRY(copy.Sent());
        }
      }
      SP_TRY(copy.Finish());
      SP_TRY(conn_->Exec(kMergeSql).status());
    }
    if (!changed_entries.empty()) {
      ArrayBuilder ids(pg::kInt8Oid);
      for (uint32_t e : changed_entries) ids.Int8(entries[e].posting_id);
      SP_TRY(conn_->Query("DELETE FROM posting_skills WHERE posting_id = ANY($1)", {ArrayParam(pg::kInt8ArrayOid, ids)})
                 .status());
    }

    // 8. Unchanged postings seen outside their stored range.
    {
      ArrayBuilder ids(pg::kInt8Oid), firsts(pg::kInt8Oid), lasts(pg::kInt8Oid);
      ArrayBuilder dedup_ids(pg::kInt8Oid), dedup_firsts(pg::kInt8Oid), dedup_lasts(pg::kInt8Oid);
      for (const Entry& e : entries) {
        if (!e.in_db || e.changed || !e.widened) continue;
        ids.Int8(e.posting_id);
        firsts.Int8(e.first_seen);
        lasts.Int8(e.last_seen);
        if (e.dedup_date == kNoDedupDate) {
          dedup_ids.Int8(e.posting_id);  // a dated posting's window is its date: no change
          dedup_firsts.Int8(e.first_seen);
          dedup_lasts.Int8(e.last_seen);
        }
      }
      if (ids.size() > 0) {
        // A posting observed after it was closed is open again (as SqliteStore's touch).
        SP_TRY(conn_->Query("UPDATE postings AS p SET first_seen = t.f, last_seen = t.l, "
                            "closed_at = CASE WHEN p.closed_at IS NOT NULL AND t.l > p.closed_at THEN NULL "
                            "ELSE p.closed_at END "
                            "FROM unnest($1::int8[], $2::int8[], $3::int8[]) AS t(id, f, l) WHERE p.posting_id = t.id",
                            {ArrayParam(pg::kInt8ArrayOid, ids), ArrayParam(pg::kInt8ArrayOid, firsts),
                             ArrayParam(pg::kInt8ArrayOid, lasts)})
                   .status());
      }
      if (dedup_ids.size() > 0) {
        // dedup: the record's interval widens with it; it may reach more postings now.
        SP_TRY(conn_->Query("UPDATE dedup_records AS d SET first_seen = t.f, last_seen = t.l "
                            "FROM unnest($1::int8[], $2::int8[], $3::int8[]) AS t(id, f, l) WHERE d.posting_id = t.id",
                            {ArrayParam(pg::kInt8ArrayOid, dedup_ids), ArrayParam(pg::kInt8ArrayOid, dedup_firsts),
                             ArrayParam(pg::kInt8ArrayOid, dedup_lasts)})
                   .status());
      }
    }

    // 8b. dedup records (as SqliteDedup::Put/Widen): new postings' records COPYed in with
    //     their provisional jobs (4b), changed postings' records upserted (keeping their
    //     job_id), and every new, changed or widened posting marked pending; jobs are assigned
    //     at FinishRun. In this batch's transaction, so a killed run leaves records and pending
    //     marks of whole batches.
    {
      std::vector<DedupRecord> changed;
      for (uint32_t e : changed_entries) {
        SP_ASSIGN_OR_RETURN(DedupRecord r, record_of(entries[e]));
        changed.push_back(r);
      }
      SP_TRY(WriteDedupRecords(fresh_records, /*upsert=*/false, fresh_jobs));
      SP_TRY(WriteDedupRecords(changed, /*upsert=*/true));
      // Postings new to a store this run owns cannot be pending yet (fresh ids; postings are
      // never deleted): a plain COPY instead of a conflict-checking INSERT per row.
      ArrayBuilder pending(pg::kInt8Oid);
      std::vector<int64_t> fresh_pending;
      for (const Entry& e : entries) {
        if (run_owns_store_ && !e.in_db) {
          fresh_pending.push_back(e.posting_id);
        } else if (!e.in_db || e.changed || e.widened) {
          pending.Int8(e.posting_id);
        }
      }
      if (!fresh_pending.empty()) {
        CopyStream copy(*conn_, buf_);
        SP_TRY(copy.Start("COPY dedup_pending (posting_id) FROM STDIN (FORMAT binary)"));
        for (int64_t id : fresh_pending) {
          pg::BeginRow(copy.buf(), 1);
          pg::PutInt8(copy.buf(), id);
          SP_TRY(copy.Sent());
        }
        SP_TRY(copy.Finish());
      }
      if (pending.size() > 0) {
        SP_TRY(conn_->Query("INSERT INTO dedup_pending (posting_id) SELECT unnest($1::int8[]) ON CONFLICT DO NOTHING",
                            {ArrayParam(pg::kInt8ArrayOid, pending)})
                   .status());
      }
    }

    // 9. Skills of every written row.
    {
      buf_.clear();
      pg::AppendCopyHeader(buf_);
      size_t rows = 0;
      auto add_skills = [&](const Entry& e) {
        const auto& it = b.items[static_cast<size_t>(e.row)];
        for (uint32_t k = it.skills_off; k < it.skills_off + it.skills_n; ++k) {
          const StoredSkill& s = b.skills[k];
          pg::BeginRow(buf_, 3);
          pg::PutInt8(buf_, e.posting_id);
          pg::PutInt4(buf_, s.skill_id);
          if (s.required < 0) {
            pg::PutNull(buf_);
          } else {
            pg::PutBool(buf_, s.required == 1);
          }
          ++rows;
        }
      };
      for (uint32_t e : new_entries) add_skills(entries[e]);
      for (uint32_t e : changed_entries) add_skills(entries[e]);
      pg::AppendCopyTrailer(buf_);
      if (rows > 0) {
        SP_TRY(conn_->CopyIn("COPY posting_skills (posting_id, skill_id, required) FROM STDIN (FORMAT binary)", buf_)
                   .status());
      }
    }

    // 10. Quarantined records.
    if (!b.quarantine.empty()) {
      buf_.clear();
      pg::AppendCopyHeader(buf_);
      for (const auto& q : b.quarantine) {
        pg::BeginRow(buf_, 8);
        pg::PutInt4(buf_, run_id_);
        pg::PutText(buf_, q.record.source);
        pg::PutText(buf_, q.record.origin);
        pg::PutInt8(buf_, static_cast<int64_t>(q.record.line));
        pg::PutInt8(buf_, static_cast<int64_t>(q.record.offset));
        pg::PutText(buf_, q.record.reason);
        pg::PutText(buf_, q.record.excerpt);
        pg::PutInt8(buf_, q.recorded_at);
      }
      pg::AppendCopyTrailer(buf_);
      SP_TRY(conn_->CopyIn("COPY quarantine (run_id, source, origin, line, byte_offset, reason, excerpt, recorded_at) "
                           "FROM STDIN (FORMAT binary)",
                           buf_)
                 .status());
      batch_stats.quarantined = static_cast<int64_t>(b.quarantine.size());
    }

    // 11. The run's counters, and commit.
    SP_TRY(conn_->Exec("UPDATE ingest_runs SET postings_new = postings_new + " + std::to_string(batch_stats.postings_new) +
                       ", postings_updated = postings_updated + " + std::to_string(batch_stats.postings_updated) +
                       ", postings_unchanged = postings_unchanged + " + std::to_string(batch_stats.postings_unchanged) +
                       ", quarantined = quarantined + " + std::to_string(batch_stats.quarantined) +
                       ", batches = batches + 1 WHERE run_id = " + std::to_string(run_id_) + "; COMMIT")
               .status());
    for (size_t i = 0; i < b.origins.size(); ++i) origin_cache_[b.origins[i]] = origin_ids[i];
    last_batch_seq_ = batch_seq;
    written_keys_.insert(batch_keys.begin(), batch_keys.end());
    written_descriptions_.insert(batch_descriptions.begin(), batch_descriptions.end());
    for (size_t i : description_items) committed_texts_.Insert(b.items[i].content_hash);
    stats_.postings_new += batch_stats.postings_new;
    stats_.postings_updated += batch_stats.postings_updated;
    stats_.postings_unchanged += batch_stats.postings_unchanged;
    stats_.quarantined += batch_stats.quarantined;
    return Status::Ok();
  }

  const std::string conninfo_;
  const PostgresStoreOptions options_;
  std::unique_ptr<Conn> conn_;
  int32_t run_id_ = 0;
  int64_t started_at_ = 0;
  std::string fx_date_;
  WriteStats stats_;  // updated by the flusher; complete once FinishRun returns
  std::vector<int32_t> db_skill_id_;  // taxonomy id -> skills.skill_id

  // Writer thread.
  std::unique_ptr<PendingBatch> pending_;
  std::unique_ptr<TextCodec> codec_;  // description frames (Prepare's threads use it too)
  std::string scratch_;

  // Flusher thread (or the writer thread when synchronous).
  std::unordered_map<std::string, int32_t> origin_cache_;
  std::string buf_;
  int64_t last_batch_seq_ = 0;  // write_batches value of this run's last committed batch
  bool run_owns_store_ = false;  // see FlushInTransaction
  std::unordered_set<uint64_t> written_keys_;          // KeyHash of postings this run created
  std::unordered_set<uint64_t> written_descriptions_;  // content hashes this run stored
  WrittenTexts committed_texts_;  // descriptions committed by this run; Prepare skips them
  std::unique_ptr<ProvisionalJobs> provisional_;  // this run's new postings (FlushInTransaction 4b)

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<PendingBatch>> queue_;  // guarded by mu_
  std::vector<std::unique_ptr<PendingBatch>> spare_;  // guarded by mu_: cleared batches for reuse
  bool flusher_stop_ = false;                         // guarded by mu_
  bool flusher_busy_ = false;                         // guarded by mu_: writing a batch
  Status flusher_error_;                              // guarded by mu_
  std::thread flusher_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo, PostgresStoreOptions options) {
  if (const char* env = std::getenv("SKILLPULSE_PG_BATCH_POSTINGS"); env != nullptr && *env != '\0') {
    char* end = nullptr;
    long long n = std::strtoll(env, &end, 10);
    if (end == env || *end != '\0' || n < 1) {
      return InvalidArgument(std::string("SKILLPULSE_PG_BATCH_POSTINGS must be a positive integer, got '") + env + "'");
    }
    options.batch_postings = n;
  }
  auto store = std::make_unique<PostgresStore>(conninfo, options);
  SP_TRY(store->Open());
  return std::unique_ptr<Store>(std::move(store));
}

std::string DescribePostgresConninfo(const std::string& conninfo) {
  std::string host, port, dbname, user;
  if (PQconninfoOption* defaults = PQconndefaults()) {  // includes the PG* environment variables
    for (PQconninfoOption* o = defaults; o->keyword != nullptr; ++o) {
      std::string k = o->keyword;
      std::string v = o->val ? o->val : "";
      if (k == "host") host = v;
      if (k == "port") port = v;
      if (k == "dbname") dbname = v;
      if (k == "user") user = v;
    }
    PQconninfoFree(defaults);
  }
  char* err = nullptr;
  if (PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err)) {
    for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
      if (o->val == nullptr || *o->val == '\0') continue;
      std::string k = o->keyword;
      if (k == "host") host = o->val;
      if (k == "port") port = o->val;
      if (k == "dbname") dbname = o->val;
      if (k == "user") user = o->val;
    }
    PQconninfoFree(opts);
  } else {
    PQfreemem(err);
    return "postgres (unparsable connection string)";
  }
  if (dbname.empty()) dbname = user;
  if (host.empty()) host = "[local]";  // libpq's default: the Unix socket (as psql shows it)
  if (host[0] == '/') host = "[" + host + "]";
  if (port.empty()) port = "5432";
  return host + ":" + port + "/" + dbname;
}

int PostgresSchemaVersion() { return kSchemaVersion; }

}  // namespace skillpulse

// The store: where enriched postings live and reports read from. SQLite is the embedded
// default (store/sqlite), PostgreSQL the production store (store/postgres). Both implement
// this interface with the same schema (versioned migrations), so reports are identical.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/posting.h"
#include "core/status.h"
#include "report/facts.h"

namespace skillpulse {

class Taxonomy;

// One ingest run, as recorded in the ingest_runs table.
struct RunInfo {
  std::vector<std::string> sources;  // the source specs as given
  int64_t started_at = 0;            // Unix seconds
  std::string tool_version;
  std::string fx_date;               // date of the FX table used for annual USD figures
};

struct WriteStats {
  int64_t postings_new = 0;        // (source, source_id) not seen before
  int64_t postings_updated = 0;    // seen before, content or fields changed
  int64_t postings_unchanged = 0;  // seen before, identical (only last_seen may move)
  int64_t quarantined = 0;
  // ---- dedup (owner: dedup; docs/DEDUP.md) ----
  int64_t dedup_postings = 0;      // postings whose job was (re)computed at FinishRun
  int64_t jobs_changed = 0;        // postings whose job_id was written
  double dedup_s = 0;              // seconds spent assigning jobs (wall clock)
  double dedup_cpu_s = 0;          // CPU seconds of the same (the writer thread)
  int64_t dedup_loaded = 0;        // dedup records read to assign them
  double dedup_load_s = 0, dedup_cluster_s = 0, dedup_write_s = 0;
};

// ---- dedup (owner: dedup; docs/DEDUP.md) ----
// One posting's job, as `skillpulse jobs export` writes it (a contract: source_id is the id
// the source gives the posting).
struct PostingJobRef {
  std::string source;
  std::string source_id;
  int64_t job_id = 0;
};
// A posting of a job with its provenance (`skillpulse jobs show`).
struct JobPostingRow {
  int64_t posting_id = 0;
  int64_t job_id = 0;
  std::string source, source_id, url, apply_url, company, title, location;
  int64_t first_seen = 0;  // Unix seconds
  int64_t last_seen = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates the schema or migrates it to the version this binary knows; refuses
  // (kFailedPrecondition) a store whose schema is newer than the binary's.
  virtual Status Open() = 0;

  // --- Writing (the pipeline's sink). Not thread-safe: one writer. ---
  // Starts a run: records it and snapshots the taxonomy (skills table) so stored skill ids
  // stay meaningful when the taxonomy changes.
  virtual Status BeginRun(const RunInfo& run, const Taxonomy& taxonomy) = 0;
  // Upserts a batch keyed by (source, source_id): re-writing the same posting changes no
  // counts. Writes are grouped into transactions committed at least every
  // `commit_every_postings`; a killed run keeps every committed transaction.
  virtual Status Write(const PostingBatch& batch) = 0;
  // Optional work done before Write on any thread (thread-safe, const): compression and row
  // hashes, so the single writer thread only writes.
  virtual void Prepare(PostingBatch& batch) const { (void)batch; }
  virtual Status WriteQuarantine(const std::vector<QuarantinedRecord>& records) = 0;
  // Commits and records the run's end. Exactly once per BeginRun.
  virtual Status FinishRun(const Diagnostics& diag) = 0;

  // --- Listing lifecycle of live board sources (fetcher). Called by the writer during a run,
  // after the listing's postings were written. Default: kUnsupported. ---
  // `source`'s complete listing was fetched at `fetched_at` (Unix seconds) and held exactly
  // `seen_source_ids`: every open posting of `source` (closed_at NULL) that is not among them,
  // was first seen at or before `fetched_at` and last seen before it gets
  // closed_at = fetched_at. Returns the number closed. A closed posting that is written again
  // with a later observation is reopened (closed_at back to NULL).
  virtual Result<int64_t> CloseMissing(const std::string& source, const std::vector<std::string>& seen_source_ids,
                                       int64_t fetched_at) {
    (void)source, (void)seen_source_ids, (void)fetched_at;
    return Unsupported("this store does not close missing postings");
  }
  // `source`'s listing was unchanged at `fetched_at` (HTTP 304: nothing was re-read): the
  // last_seen of its open postings moves to `fetched_at`. Returns the number touched.
  virtual Result<int64_t> TouchOpen(const std::string& source, int64_t fetched_at) {
    (void)source, (void)fetched_at;
    return Unsupported("this store does not track unchanged listings");
  }
  virtual const WriteStats& stats() const = 0;

  // --- Reading ---
  // Everything reports need, one compact row per posting (report/facts.h).
  virtual Result<FactTable> LoadFacts() = 0;
  // Number of rows in postings / quarantine.
  virtual Result<int64_t> CountPostings() = 0;
  virtual Result<int64_t> CountQuarantined() = 0;
  // The quarantined records, oldest first (at most `limit`).
  virtual Result<std::vector<QuarantinedRecord>> ListQuarantined(int64_t limit) = 0;
  // The FX table date recorded by the last run ("" if none): reports cite it.
  virtual Result<std::string> FxDate() = 0;

  // ---- dedup (owner: dedup; docs/DEDUP.md). Jobs are assigned by FinishRun. A store that
  // does not implement these yet returns kUnsupported. ----
  // Calls fn(source, source_id, job_id) for every posting, in posting_id order; stops at the
  // first error fn returns. (`skillpulse jobs export`, a contract.)
  virtual Status ForEachPostingJob(const std::function<Status(const PostingJobRef&)>& fn) {
    (void)fn;
    return Unsupported("this store does not list jobs yet");
  }
  // Number of distinct jobs: distinct COALESCE(job_id, posting_id) over the postings, counted
  // by the database (one scan, nothing sent to the client).
  virtual Result<int64_t> CountJobs() = 0;
  // The postings of job `job_id`, oldest first; empty when there is no such job.
  virtual Result<std::vector<JobPostingRow>> ListJobPostings(int64_t job_id) {
    (void)job_id;
    return Unsupported("this store does not list jobs yet");
  }
  // Recomputes every job from the stored dedup records (after changing data/dedup thresholds:
  // stored records keep the keys computed at ingest; re-ingest to recompute keys).
  virtual Status RebuildJobs() { return Unsupported("this store does not rebuild jobs yet"); }
};

// Opens (creating if needed) an SQLite store at `path`.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

// Postings written per transaction by default.
inline constexpr int64_t kCommitEveryPostings = 100'000;

}  // namespace skillpulse

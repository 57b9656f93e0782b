// The SQLite side of dedup (owner: dedup): the dedup_records / dedup_pending tables of
// migration 0002 (dedup_records in posting order since migration 0006), job assignment at the
// end of a run (dedup/job_assigner.h), and the job queries of the Store interface. Kept out of
// sqlite_store.cc, which calls it at a few marked places. Not thread-safe: used by the store's
// single writer.
#pragma once

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/posting.h"
#include "core/status.h"
#include "dedup/config.h"
#include "dedup/job_assigner.h"
#include "dedup/normalize.h"
#include "dedup/provisional_jobs.h"
#include "dedup/record.h"
#include "report/facts.h"
#include "store/store.h"
#include "store/sqlite/multi_row_insert.h"
#include "store/store_dedup.h"
#include "store/text_codec.h"

namespace skillpulse {

class SqliteDedup {
 public:
  // REQUIRES: db and codec (which decompresses stored descriptions for a rebuild) outlive
  // this object; migration 0002 applied.
  SqliteDedup(sqlite3* db, std::string path, const TextCodec* codec);
  ~SqliteDedup();

  // Computes the posting's record (worker threads; thread-safe).
  static DedupRecord Compute(const JobPosting& p);

  // At the start of a run (inside the writer's transaction): recovers from a run that stopped
  // before FinishRun, and, when the store has no postings (a bulk load), drops dedup_records'
  // non-unique indexes (block, url, job_id), recorded in deferred_indexes (migration 0005) to
  // be built by the job assignment at the end of the run (or by the next BeginRun when this
  // run is killed). Starts the run's provisional job index (dedup/provisional_jobs.h).
  Status BeginRun();
  // A posting about to be inserted: its dedup record with its seen interval (Unix seconds; see
  // Put for `serialized`) and its provisional job (guess.job_id: 0 = its own), which the caller
  // stores in the new row and passes on to PutNew once the row has its posting_id.
  struct NewRecord {
    DedupRecord record;
    ProvisionalJobs::Guess guess;
  };
  NewRecord PrepareNew(const JobPosting& p, const std::string& serialized, int64_t first_seen, int64_t last_seen) const;
  // Within the writer's transaction: records the new posting `posting_id` (inserted with
  // rec.guess.job_id) and marks it pending. REQUIRES: posting_id larger than every earlier
  // one; no other PrepareNew/PutNew since rec's PrepareNew.
  Status PutNew(int64_t posting_id, const NewRecord& rec);
  // Within the writer's transaction: records a new or changed posting's dedup record with its
  // seen interval (Unix seconds, as in postings) and marks it pending. `serialized` is
  // PostingBatch::prepared_dedup[i], or empty to compute here. Records are buffered and
  // written, in posting order, by Flush.
  Status Put(int64_t posting_id, const JobPosting& p, const std::string& serialized, int64_t first_seen,
             int64_t last_seen);
  // A posting seen again at `seen` outside its interval: widens the record's interval and marks
  // it pending (it may now reach more postings).
  Status Widen(int64_t posting_id, int64_t seen);
  // Marks `posting_id` pending (buffered; written by Flush).
  Status MarkPending(int64_t posting_id);
  // Writes the buffered records and pending marks. Call at least before every COMMIT of the
  // writer's transaction (the store calls it after every batch).
  Status Flush();
  // Assigns jobs to every pending posting (and to postings that have no record yet: stores
  // created before migration 0002), then clears the pending set. Releases the provisional
  // index first.
  Status AssignPending(WriteStats& stats);
  // Reclusters the whole store.
  Status Rebuild(WriteStats& stats);

  Status ForEachPostingJob(const std::function<Status(const PostingJobRef&)>& fn);
  Result<std::vector<JobPostingRow>> ListJobPostings(int64_t job_id);

 private:
  // Drops the deferrable indexes (recording them); builds every recorded index that does not
  // exist and forgets them all. Inside the writer's transaction.
  Status DeferIndexes();
  Status RestoreIndexes();
  class State;
  Status Backfill();
  Status Assign(bool all, WriteStats& stats);

  sqlite3* db_;
  std::string path_;
  const TextCodec* codec_;
  std::unique_ptr<State> state_;
  // A changed posting keeps its job_id until AssignPending recomputes it: the old job must be
  // reloaded whole, in case this posting was what held it together.
  MultiRowInsert put_{"INSERT INTO dedup_records(posting_id, identity, block, company, location, url, requisition, "
                      "flags, shingles, minhash, first_seen, last_seen, job_id) VALUES",
                      13,
                      "ON CONFLICT(posting_id) DO UPDATE SET identity=excluded.identity, block=excluded.block, "
                      "company=excluded.company, location=excluded.location, url=excluded.url, "
                      "requisition=excluded.requisition, flags=excluded.flags, shingles=excluded.shingles, "
                      "minhash=excluded.minhash, first_seen=excluded.first_seen, last_seen=excluded.last_seen"};
  MultiRowInsert pending_{"INSERT OR IGNORE INTO dedup_pending(posting_id) VALUES", 1};
  std::vector<int64_t> pending_ids_;  // MarkPending's, until Flush
  sqlite3_stmt* widen_ = nullptr;
  // Records to write, with the job id of a new posting's row (0 = NULL; a changed posting's
  // upsert keeps its stored job id).
  std::vector<std::pair<DedupRecord, int64_t>> buffer_;
  std::unique_ptr<ProvisionalJobs> provisional_;  // this run's new postings
};

}  // namespace skillpulse

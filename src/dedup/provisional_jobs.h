// An online guess of the job each new posting belongs to, made while a store writes postings,
// so the writer can store a job id with each new row instead of leaving it for the end-of-run
// AssignJobs pass (dedup/job_assigner.h) to write. AssignJobs stays the source of truth: it
// clusters the records as before and writes only the job ids that differ from the stored ones,
// so a wrong guess costs one UPDATE (as every joined posting did before) and never a wrong job.
//
// Why a guess can be right: a job's id is the smallest posting_id of its postings, and stores
// assign posting ids in write order (max + 1). A new posting that matches an earlier one
// therefore belongs to a job whose id is already known: the earlier posting's job id.
//
// The guess for a new posting is the smallest job id of
//   - an earlier indexed posting with the same ATS job id (dedup/cluster.h rule 1), and
//   - the `block_members` most recent earlier indexed postings of its block that MatchPair
//     (rule 2) accepts,
// or 0 (its own job) when nothing matches. A posting that matches several guessed jobs joins
// them (as union-find does): later postings of any of them get the smallest id. The guess can
// still differ from the final clustering: the earlier members of a joined job keep the id they
// were stored with (AssignJobs rewrites them); the index does not refuse the links ClusterJobs
// refuses (two requisition ids or locations in one group); it misses matches older than
// `block_members` postings of a big block; and it knows only the postings indexed in this run
// (a store's older postings are not loaded).
//
// Memory: at most kBytesPerRecord per indexed posting (a compact copy of what MatchPair reads,
// plus hash-table slots), for at most `max_records` postings: beyond that, new postings are
// still matched against the index but not added to it (their guesses and later ones get
// worse, never wrong, as AssignJobs corrects them). Not thread-safe: one writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "dedup/config.h"
#include "dedup/record.h"

namespace skillpulse {

struct ProvisionalJobsLimits {
  // Most recent members of a block compared with a new posting: bounds the MatchPair calls
  // per posting when one employer posts one title in bulk (ClusterJobs switches to LSH bands
  // beyond config.lsh_min_run = 64 members for the same reason).
  int block_members = 64;
  // Postings indexed at most: 2^16 x kBytesPerRecord = 24 MiB at worst, released by the stores
  // at the end of the run before AssignJobs loads every record. A memory budget, not a
  // correctness limit: on the 250k benchmark corpus (files -> PostgreSQL, 2026-11-22) the
  // whole index (2^20) cut the job ids rewritten at the end to 335 but added ~57 MB to the
  // run's peak RSS (304 vs 247 MB; issue 7's budget is 250 MB); 2^16 rewrites 50,651 (of
  // 125,489 without guesses: end-of-run assignment 1.26 s instead of 2.42 s) at 244 MB.
  size_t max_records = size_t{1} << 16;
};

class ProvisionalJobs {
 public:
  // Bytes per indexed posting, at most: the 192-byte entry plus one 16-byte slot in each of
  // the block, ATS and joined-job tables, each table at least a quarter full (16 x 4 x 3).
  // Typically ~250 (benchmark corpus: about two postings per block, few joins).
  static constexpr size_t kBytesPerRecord = 192 + 192;

  // A new posting's guess (Match), to be indexed with it (Insert).
  struct Guess {
    int64_t job_id = 0;  // the smallest job it matches; 0 = none (its own)
    // Other jobs it matches, joined into job_id by Insert (a few; more stay apart, as guesses).
    int64_t also[3] = {0, 0, 0};
    int also_count = 0;
  };

  explicit ProvisionalJobs(const DedupConfig& config, ProvisionalJobsLimits limits = {});
  ~ProvisionalJobs();
  ProvisionalJobs(const ProvisionalJobs&) = delete;
  ProvisionalJobs& operator=(const ProvisionalJobs&) = delete;

  // The jobs of the earlier indexed postings `r` matches. `r` needs every field but
  // posting_id and identity (first_seen/last_seen: the interval the store gives the record).
  Guess Match(const DedupRecord& r) const;
  // Indexes the posting `posting_id` (record `r`) with `guess` = Match(r): a member of
  // guess.job_id, or of its own job when that is 0. REQUIRES: posting_id is larger than the ids
  // indexed before (write order); nothing was indexed between Match and Insert.
  void Insert(int64_t posting_id, const DedupRecord& r, const Guess& guess);
  // Match then Insert: the posting's provisional job id (posting_id when it matches nothing).
  int64_t Add(int64_t posting_id, const DedupRecord& r);

  // Postings indexed.
  size_t size() const { return size_; }
  // Heap bytes held (entries, tables).
  size_t MemoryBytes() const;
  // Forgets everything and releases the memory.
  void Clear();

 private:
  struct Entry;
  Entry& At(uint32_t i);
  const Entry& At(uint32_t i) const;
  // The job `job_id` was joined into, transitively (itself when never joined).
  int64_t Resolve(int64_t job_id) const;

  DedupConfig config_;
  ProvisionalJobsLimits limits_;
  std::vector<std::unique_ptr<Entry[]>> chunks_;  // fixed-size chunks: growth never copies entries
  size_t size_ = 0;
  // A map from a nonzero 64-bit hash to a value, open addressing with linear probing: one
  // cache miss per lookup where std::unordered_map takes two (bucket, then node); the lookups
  // were most of Match's time on the 250k benchmark corpus (perf).
  template <class V>
  class KeyTable {
   public:
    const V* Find(uint64_t key) const;
    // The slot of `key`, inserted with `value` if absent; second = whether it was inserted.
    std::pair<V*, bool> TryEmplace(uint64_t key, V value);
    size_t bytes() const { return slots_.capacity() * sizeof(Slot); }
    void Clear() {
      std::vector<Slot>().swap(slots_);
      size_ = 0;
    }

   private:
    struct Slot {
      uint64_t key = 0;  // 0 = empty
      V value{};
    };
    void Grow();
    std::vector<Slot> slots_;  // a power of two, at most half full
    size_t size_ = 0;
  };

  KeyTable<uint32_t> newest_in_block_;  // block -> its most recent entry
  KeyTable<int64_t> ats_job_;           // ATS job id (url hash) -> job id
  KeyTable<int64_t> joined_into_;       // job id -> the smaller job it was joined into
};

}  // namespace skillpulse

// Incremental job assignment over a store. Each store keeps one DedupRecord per posting (and
// the posting's job_id); after a run adds or changes postings, AssignJobs recomputes the jobs
// those postings can touch and writes the job ids that changed. The result equals clustering
// every stored record from scratch (dedup/cluster.h), because the loaded set is
//   - closed under blocks and URLs: every record sharing a block or URL key with a loaded
//     record is loaded too (repeated until nothing new comes in). MatchPair links only such
//     records, so the loaded set is a union of whole new jobs, clustered with the same links
//     in the same canonical order as in a from-scratch run; and
//   - holds the old jobs of the dirty postings whole: a changed posting may have held its old
//     job together (its old block or URL is not its current one), and every member of that job
//     must get its new job id. Other old jobs need no lookup: without a changed posting, their
//     links are block or URL links, which the closure follows.
// A job's id is the smallest posting_id among its postings.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/status.h"
#include "dedup/cluster.h"
#include "dedup/config.h"
#include "dedup/record.h"

namespace skillpulse {

// Records as a store returns them: posting_id, first_seen and last_seen filled, with each
// posting's stored job id (0 = not assigned yet; a store may also return the posting's own id
// for an unassigned posting, then a new posting that is a job of its own needs no write). Two parallel arrays, so the records can be
// clustered in place.
struct StoredDedupRecords {
  std::vector<DedupRecord> records;
  std::vector<int64_t> job_ids;
  void Add(const DedupRecord& r, int64_t job_id) {
    records.push_back(r);
    job_ids.push_back(job_id);
  }
  size_t size() const { return records.size(); }
  void clear() {
    records.clear();
    job_ids.clear();
  }
};

struct JobIdUpdate {
  int64_t posting_id;
  int64_t job_id;
};

// What a store provides to AssignJobs. Loaders append to `out`; the same posting may be
// appended more than once across calls (AssignJobs de-duplicates).
class DedupStateStore {
 public:
  virtual ~DedupStateStore() = default;
  virtual Status LoadByPostings(std::span<const int64_t> posting_ids, StoredDedupRecords& out) = 0;
  virtual Status LoadByBlocks(std::span<const uint64_t> blocks, StoredDedupRecords& out) = 0;
  virtual Status LoadByUrls(std::span<const uint64_t> urls, StoredDedupRecords& out) = 0;
  virtual Status LoadByJobs(std::span<const int64_t> job_ids, StoredDedupRecords& out) = 0;
  virtual Status LoadAll(StoredDedupRecords& out) = 0;
  // The number of records, or a cheap upper bound of it (it only decides when to scan all).
  virtual Result<int64_t> CountRecords() = 0;
  // Sets the job id of each posting. `updates` is sorted by posting_id.
  virtual Status SetJobIds(std::span<const JobIdUpdate> updates) = 0;
};

struct AssignStats {
  int64_t dirty = 0;          // postings asked about
  int64_t loaded = 0;         // records clustered
  bool loaded_all = false;    // the whole store was clustered (many dirty postings)
  int64_t updated = 0;        // job ids written
  int rounds = 0;             // closure rounds (key lookups)
  double load_s = 0, cluster_s = 0, write_s = 0;
  ClusterStats cluster;
};

// Recomputes the jobs of `dirty` postings (new, changed, or re-seen with a wider interval).
// When dirty postings are more than `full_scan_fraction` of the store, clusters everything in
// one scan instead of key lookups.
Result<AssignStats> AssignJobs(DedupStateStore& store, std::span<const int64_t> dirty, const DedupConfig& config,
                               double full_scan_fraction = 0.2);

// Serialized form of a record's signature for storage: kMinHashSize little-endian uint16.
std::string EncodeMinHash(const MinHashSignature& sig);
// REQUIRES: bytes.size() == 2 * kMinHashSize (returns false otherwise, leaving sig unchanged).
bool DecodeMinHash(std::string_view bytes, MinHashSignature& sig);

// Record flags as stored (dedup_records.flags).
inline constexpr int kDedupFlagAtsUrl = 1;
inline constexpr int kDedupFlagRemote = 2;
inline constexpr int kDedupFlagNoLocation = 4;
inline constexpr int kDedupFlagMultiRole = 8;
int DedupFlags(const DedupRecord& r);
void SetDedupFlags(int flags, DedupRecord& r);

}  // namespace skillpulse

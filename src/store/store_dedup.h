// Store-independent glue between a Store and dedup (src/dedup, docs/DEDUP.md), shared by the
// SQLite and PostgreSQL stores: the record a store keeps per posting and one job-assignment
// pass with its timings. Each store only provides its DedupStateStore (the SQL).
#pragma once

#include <cstdint>
#include <span>

#include "core/posting.h"
#include "core/status.h"
#include "dedup/job_assigner.h"
#include "dedup/record.h"
#include "report/facts.h"
#include "store/store.h"

namespace skillpulse {

// The dedup record a store keeps for `p`: data/dedup rules and thresholds
// (DedupRules::Default, DefaultDedupConfig). Thread-safe (Store::Prepare calls it on workers).
DedupRecord ComputeStoreDedupRecord(const JobPosting& p);

// `serialized` (PostingBatch::prepared_dedup, SerializeDedupRecord bytes) parsed, or, when it
// is empty or malformed, the record computed from `p`.
DedupRecord StoreDedupRecordOf(const JobPosting& p, std::string_view serialized);

// Assigns the jobs of `dirty` postings (all = recluster everything, as `dedup rebuild`) with
// AssignJobs and adds its counts and timings (wall, writer-thread CPU, load/cluster/write) to
// `stats`. Incremental runs cluster everything in one scan when more than 20% of the store is
// dirty (AssignJobs' full_scan_fraction).
Status AssignStoreJobs(DedupStateStore& state, std::span<const int64_t> dirty, bool all, WriteStats& stats);

// The interval [first, last] (Unix seconds) a posting's dedup record carries for the repost
// window: its own datePosted when it has one, else its observation interval as the store keeps
// it. The window compares posting dates (as Lightcast's does), while postings.first_seen /
// last_seen stay observation times for the lifecycle: a corpus fetched in one run is "seen" at
// one moment, and only the postings' dates tell a job from its replica months later
// (docs/DEDUP.md). `has_own_date` tells the caller that observations never widen the record.
struct DedupWindow {
  int64_t first_seen = 0;
  int64_t last_seen = 0;
  bool has_own_date = false;
};
DedupWindow DedupWindowOf(const JobPosting& p, int64_t observed_first, int64_t observed_last);

// Fills `facts.jobs` (sorted by job_id) from `facts.postings`: the lifecycle the `jobs` view of
// migration 0002 defines, computed in memory (one pass instead of a GROUP BY over postings).
// A posting is closed at its stored closed_at, else at PostingClosedAt(last_seen, its source's
// newest last_seen); a job spans its postings (JobSpan, dedup/lifecycle.h).
void DeriveJobFacts(FactTable& facts);

}  // namespace skillpulse

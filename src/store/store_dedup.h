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

// Fills `facts.jobs` (sorted by job_id) from `facts.postings`: the lifecycle the `jobs` view of
// migration 0002 defines, computed in memory (one pass instead of a GROUP BY over postings).
// A posting is closed at its stored closed_at, else at PostingClosedAt(last_seen, its source's
// newest last_seen); a job spans its postings (JobSpan, dedup/lifecycle.h).
void DeriveJobFacts(FactTable& facts);

}  // namespace skillpulse

// Where the pipeline's enriched batches go: the store (ingest) or a JSONL stream (extract).
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "core/diagnostics.h"
#include "core/posting.h"
#include "core/status.h"
#include "store/store.h"

namespace skillpulse {

class Taxonomy;

class Sink {
 public:
  virtual ~Sink() = default;
  virtual Status Open() = 0;                           // connect, migrate, begin a run
  // Called on worker threads after enrichment, before Write (thread-safe).
  virtual void Prepare(PostingBatch& batch) const { (void)batch; }
  virtual Status Write(const PostingBatch& batch) = 0;  // many times, in input order
  virtual Status WriteQuarantine(std::vector<QuarantinedRecord> records) = 0;
  virtual Status Finish(const Diagnostics& diag) = 0;  // commit; exactly once
  // Lifecycle of live board listings (Store::CloseMissing / TouchOpen); called after the
  // listing's postings were written. Sinks without a store do nothing (return 0).
  virtual Result<int64_t> CloseMissing(const std::string& source, const std::vector<std::string>& seen_source_ids,
                                       int64_t fetched_at) {
    (void)source, (void)seen_source_ids, (void)fetched_at;
    return int64_t{0};
  }
  virtual Result<int64_t> TouchOpen(const std::string& source, int64_t fetched_at) {
    (void)source, (void)fetched_at;
    return int64_t{0};
  }
};

// Writes into a Store as one ingest run.
std::unique_ptr<Sink> MakeStoreSink(Store& store, RunInfo run, const Taxonomy& taxonomy);

// Writes one JSON object per posting (the `extract` output; field names are a contract,
// see docs/EXTRACT.md) to `out`, and one per quarantined record (AppendQuarantinedJson) to
// `quarantine` when it is not null (else they are only reported by the Diagnostics).
std::unique_ptr<Sink> MakeJsonlSink(FILE* out, const Taxonomy& taxonomy, FILE* quarantine = nullptr);

// A quarantined record as one JSON object, without a trailing newline: the columns of the
// stores' `quarantine` table, {"source", "origin", "line" (1-based, 0 when not line-oriented),
// "offset" (bytes into the decompressed input), "reason", "excerpt"}.
void AppendQuarantinedJson(const QuarantinedRecord& r, std::string& out);

// The `extract` JSON object of one posting, without a trailing newline.
void AppendPostingJson(const JobPosting& p, const Taxonomy& taxonomy, std::string& out);

}  // namespace skillpulse

// The data path, in one place: source specs -> documents -> formats (parse) -> enrichment
// -> sink, with documents read in parallel, batches enriched by a worker pool, and the sink
// fed in input order (so a run is deterministic however the threads interleave).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/status.h"
#include "enrich/enricher.h"
#include "pipeline/sink.h"
#include "sources/source.h"

namespace skillpulse {

struct RunnerOptions {
  int threads = 0;            // enrichment workers; 0 = hardware concurrency
  int max_open_documents = 0; // documents read in parallel; 0 = threads
  size_t batch_size = 512;    // postings per batch
  bool progress = false;      // draw a progress line on stderr (a terminal)
  std::string progress_label = "ingest";
};

struct RunSummary {
  int64_t documents = 0;      // documents read
  int64_t postings = 0;       // postings read and passed to the sink
  int64_t quarantined = 0;    // records rejected with a reason
  int64_t failed_documents = 0;  // documents that could not be read at all
  int64_t bytes = 0;          // decompressed bytes read
  double elapsed_s = 0;
  std::vector<std::string> failures;  // "origin: reason" per failed document or source
};

class Runner {
 public:
  Runner(std::vector<SourceSpec> specs, const PostingEnricher& enricher, Sink& sink, RunnerOptions options = {});
  // Runs the whole data path. Returns an error only when the sink fails (nothing more can be
  // stored); unreadable sources and bad records are reported in the summary and `diag`.
  Result<RunSummary> Run(Diagnostics& diag);

 private:
  std::vector<SourceSpec> specs_;
  const PostingEnricher& enricher_;
  Sink& sink_;
  RunnerOptions options_;
};

}  // namespace skillpulse

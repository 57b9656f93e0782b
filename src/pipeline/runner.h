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
#include "sources/fetch/fetcher.h"
#include "sources/source.h"

namespace skillpulse {

struct RunnerOptions {
  int threads = 0;            // enrichment workers; 0 = hardware concurrency
  int max_open_documents = 0; // documents read in parallel; 0 = threads
  size_t batch_size = 512;    // postings per batch
  bool progress = false;      // draw a progress line on stderr (a terminal)
  std::string progress_label = "ingest";
  // Where URL-addressed sources are fetched (config, archive, replay, conditional state);
  // not owned. Null: the runner uses a private session with default settings.
  FetchSession* fetch = nullptr;
};

struct RunSummary {
  int64_t documents = 0;      // documents read
  int64_t postings = 0;       // postings read and passed to the sink
  int64_t quarantined = 0;    // records rejected with a reason
  int64_t failed_documents = 0;  // documents that could not be read at all
  int64_t bytes = 0;          // decompressed bytes read
  double elapsed_s = 0;
  std::vector<std::string> failures;  // "origin: reason" per failed document or source
  // Live sources (FetchSession listings).
  int64_t listings = 0;            // URL-addressed sources
  int64_t listings_failed = 0;     // fetched nothing usable (reason in failures)
  int64_t listings_unchanged = 0;  // answered 304 Not Modified
  int64_t postings_closed = 0;     // left their board's complete listing (Store::CloseMissing)
  int64_t postings_touched = 0;    // still open on an unchanged board (Store::TouchOpen)
  // Listings whose documents could not all be read (parse error, unrecognised, quarantined
  // records): their postings were not closed and their validators must not be saved.
  std::vector<int64_t> unreadable_listings;
  FetcherStats fetch;              // the fetcher's counters at the end of the run
  // The enrichment cache during this run (PostingEnricher: text seen before is enriched once).
  int64_t enrich_cache_hits = 0;
  int64_t enrich_cache_misses = 0;
  int64_t skill_cache_hits = 0;  // PostingEnricher::skill_cache_hits during the run
  int64_t skill_cache_misses = 0;
  // CPU seconds per stage of the data path, summed over the threads that ran it (the
  // stages overlap in wall time): where a run's CPU goes (issue 7's per-stage breakdown).
  // Fetching is FetcherStats::loop_cpu_s; job assignment is the sink's (WriteStats::dedup_*).
  struct StageCpu {
    double parse_s = 0;     // opening documents and parsing records (decompression included)
    double finalize_s = 0;  // the format's finalize step: HTML -> text, the HN header line
    double enrich_s = 0;    // skills, salary, seniority, experience, work mode, location...
    double prepare_s = 0;   // the sink's per-batch work off the writer thread (dedup
                            // signatures, field hashes, text compression)
    double write_s = 0;     // the sink's writer thread: rows into the store, in input order
  } stage_cpu;
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

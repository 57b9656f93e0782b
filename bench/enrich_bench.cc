// The whole per-posting enrichment over the shared HN "Who is hiring?" file, on one thread:
// the HN format's finalize step (HTML -> text, header line) and then PostingEnricher::Enrich
// (skills, salary, seniority, experience, work mode, location, employment type, visa).
// Bytes are the postings' HTML as the source gives it (issue 5's unit: input bytes per
// second per core). Parsing the JSONL file is not timed: it is the source stage.
//   BM_EnrichHn/cold     no cache: every posting runs every extractor
//   BM_EnrichHn/cached   a fresh cache each iteration (one ingest of the file): reposts and
//                        cross-posts are enriched once
//   BM_FinalizeHn        the finalize step alone (HtmlToText + ParseHnHeader)
//   BM_HtmlToTextHn      HtmlToText alone
// Counters: postings, input_bytes (HTML), ns_per_byte (of input; printed with an "s" suffix by
// Google Benchmark's inverted-rate formatting: read "16.4s" as 16.4 ns/B), and for the cached
// run the cache hit rate.
// Run: build/bench/enrich_bench --benchmark_min_time=2 (Release build).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "enrich/enricher.h"
#include "enrich/html_text.h"
#include "sources/source.h"

namespace skillpulse {
namespace {

struct Corpus {
  std::vector<JobPosting> postings;  // as the source gives them: HTML, not finalized
  FinalizeFn finalize = nullptr;
  int64_t html_bytes = 0;
};

// Reads every posting of `arg` through the registry, as the pipeline's source stage does
// ($SP_ENRICH_BENCH_LIMIT: only the first N postings, for callgrind runs).
Corpus Load(const std::string& arg) {
  Corpus c;
  const char* limit_env = std::getenv("SP_ENRICH_BENCH_LIMIT");
  const size_t limit = limit_env != nullptr ? std::strtoull(limit_env, nullptr, 10) : 0;
  Diagnostics diag(nullptr);
  auto spec = ParseSourceSpec(arg);
  if (!spec.ok()) return c;
  auto docs = OpenDocuments(*spec, SourceRegistry::Builtin(), diag);
  if (!docs.ok()) return c;
  Document doc;
  for (;;) {
    auto more = (*docs)->Next(doc);
    if (!more.ok() || !*more) break;
    auto src = OpenDocument(*spec, doc, SourceRegistry::Builtin(), diag);
    if (!src.ok() || !*src) continue;
    if ((*src)->finalize() != nullptr) c.finalize = (*src)->finalize();
    for (;;) {
      PostingBatch b;
      auto st = (*src)->Next(b, diag);
      if (!st.ok()) break;
      for (auto& p : b.postings) {
        if (limit != 0 && c.postings.size() >= limit) return c;
        c.html_bytes += static_cast<int64_t>(p.description_html.size() + p.description_text.size());
        c.postings.push_back(std::move(p));
      }
      if (*st == SourceState::kFinished) break;
    }
  }
  return c;
}

const Corpus& Hn() {
  static const Corpus c = [] {
    Corpus hn = Load("hn:" SP_SHARED_DIR "/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst");
    if (hn.postings.empty()) std::fprintf(stderr, "enrich_bench: shared HN data not found under %s\n", SP_SHARED_DIR);
    return hn;
  }();
  return c;
}

void RunEnrich(benchmark::State& state, bool cached) {
  const Corpus& hn = Hn();
  std::vector<JobPosting> work;
  uint64_t hits = 0, lookups = 0;
  for (auto _ : state) {
    state.PauseTiming();
    work = hn.postings;  // the input is consumed (HTML freed): copy it outside the clock
    EnricherOptions opt;
    opt.cache_entries = cached ? EnricherOptions{}.cache_entries : 0;
    auto enricher = PostingEnricher::Create(opt);
    if (!enricher.ok()) {
      state.SkipWithError(enricher.status().message().c_str());
      return;
    }
    state.ResumeTiming();
    for (JobPosting& p : work) {
      if (hn.finalize != nullptr) hn.finalize(p);
      (*enricher)->Enrich(p);
    }
    benchmark::DoNotOptimize(work.data());
    state.PauseTiming();
    hits = (*enricher)->cache_hits();
    lookups = hits + (*enricher)->cache_misses();
    enricher->reset();
    state.ResumeTiming();
  }
  state.SetBytesProcessed(state.iterations() * hn.html_bytes);
  state.counters["postings"] = static_cast<double>(hn.postings.size());
  state.counters["input_bytes"] = static_cast<double>(hn.html_bytes);
  state.counters["ns_per_byte"] = benchmark::Counter(static_cast<double>(hn.html_bytes) * 1e-9,
                                                     benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
  if (cached) state.counters["hit_rate"] = lookups ? static_cast<double>(hits) / static_cast<double>(lookups) : 0.0;
}

void BM_EnrichHn(benchmark::State& state) { RunEnrich(state, state.range(0) != 0); }
BENCHMARK(BM_EnrichHn)->ArgName("cached")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_FinalizeHn(benchmark::State& state) {
  const Corpus& hn = Hn();
  std::vector<JobPosting> work;
  for (auto _ : state) {
    state.PauseTiming();
    work = hn.postings;
    state.ResumeTiming();
    for (JobPosting& p : work) {
      if (hn.finalize != nullptr) hn.finalize(p);
    }
    benchmark::DoNotOptimize(work.data());
  }
  state.SetBytesProcessed(state.iterations() * hn.html_bytes);
}
BENCHMARK(BM_FinalizeHn)->Unit(benchmark::kMillisecond);

// HTML -> text alone (the larger part of the finalize step), into a reused buffer.
void BM_HtmlToTextHn(benchmark::State& state) {
  const Corpus& hn = Hn();
  std::string text;
  int64_t bytes = 0;
  for (const JobPosting& p : hn.postings) bytes += static_cast<int64_t>(p.description_html.size());
  for (auto _ : state) {
    for (const JobPosting& p : hn.postings) {
      HtmlToText(p.description_html, text);
      benchmark::DoNotOptimize(text.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_HtmlToTextHn)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace skillpulse

BENCHMARK_MAIN();

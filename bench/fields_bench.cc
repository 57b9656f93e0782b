// Field extraction speed over the shared HN "Who is hiring?" file (HtmlToText outside the
// timed loops). Bytes are the plain text of every posting.
//   BM_HnPipeline      what the HN source + enricher do per posting: ParseHnHeader, then
//                      EnrichFields on a posting carrying the header's company, title,
//                      location, work mode, employment type, visa and place
//   BM_ExtractFields   every extractor over the text alone (no header, no title/location)
//   BM_ParseHnHeader   the header parser alone
//   BM_Prefilter       the shared trigger scan alone
// Run: build/bench/fields_bench --benchmark_min_time=3 (Release build).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "../tests/unit/hn_testdata.h"
#include "enrich/fields.h"
#include "enrich/fields_internal.h"
#include "sources/hn_header.h"

namespace skillpulse {
namespace {

const std::vector<testdata::HnPosting>& Posts() {
  static const std::vector<testdata::HnPosting> posts = [] {
    auto p = testdata::LoadHn();
    if (p.empty()) std::fprintf(stderr, "fields_bench: shared HN data not found under %s\n", SP_SHARED_DIR);
    return p;
  }();
  return posts;
}

int64_t TotalBytes() {
  int64_t n = 0;
  for (const auto& p : Posts()) n += static_cast<int64_t>(p.text.size());
  return n;
}

void BM_HnPipeline(benchmark::State& state) {
  const auto& posts = Posts();
  std::vector<JobPosting> jobs(posts.size());
  for (size_t i = 0; i < posts.size(); ++i) jobs[i].description_text = posts[i].text;
  for (auto _ : state) {
    for (auto& p : jobs) {
      HnHeader h = ParseHnHeader(p.description_text);
      p.company = std::move(h.company);
      p.title = std::move(h.title);
      p.location = std::move(h.location);
      p.work_mode = h.work_mode;
      p.remote_scope = std::move(h.remote_scope);
      p.employment_type = h.employment_type;
      p.visa_sponsorship = h.visa_sponsorship;
      p.place = std::move(h.place);
      p.seniority = Seniority::kUnknown;
      p.experience_years_min.reset();
      EnrichFields(p);
      benchmark::DoNotOptimize(p.seniority);
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.counters["postings"] = static_cast<double>(posts.size());
}
BENCHMARK(BM_HnPipeline)->Unit(benchmark::kMillisecond);

void BM_ExtractFields(benchmark::State& state) {
  const auto& posts = Posts();
  for (auto _ : state) {
    for (const auto& p : posts) {
      FieldsInput in;
      in.text = p.text;
      FieldsResult r = ExtractFields(in);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_ExtractFields)->Unit(benchmark::kMillisecond);

void BM_ParseHnHeader(benchmark::State& state) {
  const auto& posts = Posts();
  for (auto _ : state) {
    for (const auto& p : posts) {
      HnHeader h = ParseHnHeader(p.text);
      benchmark::DoNotOptimize(h);
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_ParseHnHeader)->Unit(benchmark::kMillisecond);

void BM_Prefilter(benchmark::State& state) {
  const auto& posts = Posts();
  const fields::TriggerScanner& scanner = fields::CombinedScanner();
  std::vector<fields::Hit> hits;
  for (auto _ : state) {
    for (const auto& p : posts) {
      hits.clear();
      scanner.Scan(p.text, hits, kMaxFieldHits);
      benchmark::DoNotOptimize(hits.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.counters["avx512"] = fields::TriggerScanner::HasFastPath() ? 1 : 0;
}
BENCHMARK(BM_Prefilter)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace skillpulse

BENCHMARK_MAIN();

// ExtractSalaryFromText throughput over the shared HN "Who is hiring?" texts (2018-03 ..
// 2026-01, ~54k postings). HtmlToText runs once, outside the timed loop; the benchmark
// reports bytes of plain text per second (issue 5 target: <= 0.5 ns/byte, i.e. >= 2 GB/s,
// on one core over the whole file).
//   ninja -C build salary_bench && build/bench/salary_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "../tests/unit/hn_testdata.h"
#include "core/input.h"
#include "enrich/html_text.h"
#include "enrich/salary.h"

namespace skillpulse {
namespace {

// The plain text of every HN posting of the shared file (the tests' loader, as fields_bench).
const std::vector<std::string>& HnTexts() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    for (auto& p : testdata::LoadHn()) out.push_back(std::move(p.text));
    if (out.empty()) std::fprintf(stderr, "salary_bench: no postings read from %s\n", testdata::HnFile().c_str());
    return out;
  }();
  return texts;
}

void BM_ExtractSalaryHn(benchmark::State& state) {
  const std::vector<std::string>& texts = HnTexts();
  if (texts.empty()) {
    state.SkipWithError("shared HN data not found");
    return;
  }
  size_t bytes = 0;
  for (const std::string& t : texts) bytes += t.size();
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const std::string& t : texts) {
      std::optional<Salary> s = ExtractSalaryFromText(t, SalaryContext{});
      found += s.has_value();
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.counters["postings"] = static_cast<double>(texts.size());
  state.counters["with_salary"] = static_cast<double>(found);
  state.counters["ns_per_byte"] = benchmark::Counter(static_cast<double>(bytes) * state.iterations(),
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
                                                     benchmark::Counter::kIs1000);
}
BENCHMARK(BM_ExtractSalaryHn)->Unit(benchmark::kMillisecond);

// The same on the first ~1 MB of postings, repeated: the texts stay in the L2 cache, as in
// the pipeline where extraction runs right after HtmlToText on the same posting. The whole-
// file benchmark above streams 58 MB from memory on every iteration.
void BM_ExtractSalaryHnCacheWarm(benchmark::State& state) {
  const std::vector<std::string>& all = HnTexts();
  if (all.empty()) {
    state.SkipWithError("shared HN data not found");
    return;
  }
  std::vector<const std::string*> texts;
  size_t bytes = 0;
  for (const std::string& t : all) {
    if (bytes > (size_t{1} << 20)) break;
    texts.push_back(&t);
    bytes += t.size();
  }
  for (auto _ : state) {
    for (const std::string* t : texts) {
      std::optional<Salary> s = ExtractSalaryFromText(*t, SalaryContext{});
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.counters["ns_per_byte"] = benchmark::Counter(static_cast<double>(bytes) * state.iterations(),
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
                                                     benchmark::Counter::kIs1000);
}
BENCHMARK(BM_ExtractSalaryHnCacheWarm)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace skillpulse

BENCHMARK_MAIN();

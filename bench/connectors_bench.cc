// Parse throughput of the document connectors (bytes of decompressed input per second, one
// thread), on a benchmark corpus (shared/bench/make_corpus.py; directory in $SP_BENCH_CORPUS)
// and on the shared SimplifyJobs and We Work Remotely data. The bodies are in memory, as
// fetched HTTP bodies are; each iteration opens every document through its format and drains
// the postings, so the figure includes reading the body into the parser's buffer and building
// JobPosting records (no enrichment).
//
//   python3 shared/bench/make_corpus.py --out /tmp/corpus --postings 250000
//   SP_BENCH_CORPUS=/tmp/corpus build/bench/connectors_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "core/input.h"
#include "sources/source.h"

namespace skillpulse {
namespace {

struct Body {
  std::string origin;
  std::string bytes;
};

std::vector<Body> LoadDir(const std::string& dir) {
  std::vector<Body> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file()) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto bytes = ReadWholeFile(f);
    if (bytes.ok()) out.push_back({f, std::move(bytes).value()});
  }
  return out;
}

std::string CorpusDir(const std::string& format) {
  const char* env = std::getenv("SP_BENCH_CORPUS");
  return env == nullptr ? std::string() : std::string(env) + "/" + format;
}

void Parse(benchmark::State& state, const std::string& type, const std::vector<Body>& bodies) {
  if (bodies.empty()) {
    state.SkipWithError("no input (set SP_BENCH_CORPUS to a make_corpus.py directory)");
    return;
  }
  const SourceFormat* f = SourceRegistry::Builtin().Find(type);
  uint64_t bytes = 0, postings = 0;
  for (auto _ : state) {
    for (const Body& b : bodies) {
      SourceSpec spec;
      spec.type = type;
      Document doc;
      doc.origin = b.origin;
      doc.stem = "bench";
      doc.size_bytes = b.bytes.size();
      doc.open = [&b]() -> Result<std::unique_ptr<InputStream>> { return InputStream::FromMemory(b.origin, b.bytes); };
      Diagnostics diag(nullptr);
      auto src = f->open(spec, doc);
      if (!src.ok()) {
        state.SkipWithError(src.status().ToString().c_str());
        return;
      }
      for (;;) {
        PostingBatch batch;
        auto st = (*src)->Next(batch, diag);
        postings += batch.size();
        benchmark::DoNotOptimize(batch.postings.data());
        if (!st.ok() || *st == SourceState::kFinished) break;
      }
      bytes += b.bytes.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["postings/s"] = benchmark::Counter(static_cast<double>(postings), benchmark::Counter::kIsRate);
}

void BM_Greenhouse(benchmark::State& s) {
  static const auto bodies = LoadDir(CorpusDir("greenhouse"));
  Parse(s, "greenhouse", bodies);
}
void BM_Lever(benchmark::State& s) {
  static const auto bodies = LoadDir(CorpusDir("lever"));
  Parse(s, "lever", bodies);
}
void BM_Ashby(benchmark::State& s) {
  static const auto bodies = LoadDir(CorpusDir("ashby"));
  Parse(s, "ashby", bodies);
}
void BM_RssCorpus(benchmark::State& s) {
  static const auto bodies = LoadDir(CorpusDir("rss"));
  Parse(s, "rss", bodies);
}
void BM_RssWeWorkRemotely(benchmark::State& s) {
  static const auto bodies = LoadDir(std::string(SP_SHARED_DIR) + "/data/rss_weworkremotely_2022-11");
  Parse(s, "rss", bodies);
}
void BM_Simplify(benchmark::State& s) {
  static const auto bodies = LoadDir(std::string(SP_SHARED_DIR) + "/data/simplify_listings");
  Parse(s, "simplify", bodies);
}
void BM_JsonLdEdgeCases(benchmark::State& s) {
  static const auto bodies = [] {
    std::vector<Body> out;
    for (auto& b : LoadDir(std::string(SP_SHARED_DIR) + "/data/jsonld_edge_cases")) {
      if (b.origin.size() > 5 && b.origin.substr(b.origin.size() - 5) == ".html") out.push_back(std::move(b));
    }
    return out;
  }();
  Parse(s, "jsonld", bodies);
}

BENCHMARK(BM_Greenhouse)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_Lever)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_Ashby)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_RssCorpus)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_RssWeWorkRemotely)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Simplify)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonLdEdgeCases)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace skillpulse

BENCHMARK_MAIN();

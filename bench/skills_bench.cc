// SkillExtractor::Extract throughput over the shared HN "Who is hiring?" texts (2018-03 ..
// 2026-01, ~54k postings, ~58 MB of plain text). HtmlToText runs once, outside the timed loop;
// the benchmarks report bytes of plain text per second and ns per byte (target: <= ~1.5 ns/byte
// on one core over the whole file; the enrichment budget is 250 MB/s per core in total).
//   ninja -C build skills_bench && build/bench/skills_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "../tests/unit/hn_testdata.h"
#include "core/input.h"
#include "core/paths.h"
#include "enrich/html_text.h"
#include "enrich/skills/phrase_index.h"
#include "enrich/skills/skill_extractor.h"

namespace skillpulse {
namespace {

// The plain text of every HN posting of the shared file (the tests' loader, as fields_bench).
const std::vector<std::string>& HnTexts() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    for (auto& p : testdata::LoadHn()) out.push_back(std::move(p.text));
    if (out.empty()) std::fprintf(stderr, "skills_bench: no postings read from %s\n", testdata::HnFile().c_str());
    return out;
  }();
  return texts;
}

const SkillExtractor* Extractor() {
  static const std::unique_ptr<SkillExtractor> ex = []() -> std::unique_ptr<SkillExtractor> {
    auto tax = Taxonomy::Load(DataFile("skills.toml"));
    if (!tax.ok()) {
      std::fprintf(stderr, "skills_bench: %s\n", tax.status().ToString().c_str());
      return nullptr;
    }
    auto e = SkillExtractor::Create(*tax);
    if (!e.ok()) {
      std::fprintf(stderr, "skills_bench: %s\n", e.status().ToString().c_str());
      return nullptr;
    }
    return std::move(*e);
  }();
  return ex.get();
}

void Report(benchmark::State& state, size_t bytes, size_t postings, size_t mentions) {
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.counters["postings"] = static_cast<double>(postings);
  state.counters["skills_found"] = static_cast<double>(mentions);
  state.counters["ns_per_byte"] = benchmark::Counter(static_cast<double>(bytes) * state.iterations(),
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
                                                     benchmark::Counter::kIs1000);
}

void RunExtract(benchmark::State& state, const std::vector<std::string>& texts) {
  const SkillExtractor* ex = Extractor();
  if (texts.empty() || ex == nullptr) {
    state.SkipWithError("shared HN data or taxonomy not found");
    return;
  }
  size_t bytes = 0;
  for (const std::string& t : texts) bytes += t.size();
  std::vector<SkillMention> out;
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const std::string& t : texts) {
      out.clear();
      ex->Extract("", t, out);
      found += out.size();
      benchmark::DoNotOptimize(out.data());
    }
  }
  Report(state, bytes, texts.size(), found);
}

// The whole file: 58 MB streamed from memory on every iteration.
void BM_SkillsExtractHn(benchmark::State& state) { RunExtract(state, HnTexts()); }
BENCHMARK(BM_SkillsExtractHn)->Unit(benchmark::kMillisecond);

// The first ~1 MB of postings, repeated: the texts stay in the L2 cache, as in the pipeline
// where extraction runs right after HtmlToText on the same posting.
void BM_SkillsExtractHnCacheWarm(benchmark::State& state) {
  static const std::vector<std::string> head = [] {
    std::vector<std::string> out;
    size_t bytes = 0;
    for (const std::string& t : HnTexts()) {
      if (bytes >= (size_t{1} << 20)) break;
      out.push_back(t);
      bytes += t.size();
    }
    return out;
  }();
  RunExtract(state, head);
}
BENCHMARK(BM_SkillsExtractHnCacheWarm)->Unit(benchmark::kMillisecond);

// Only the spelling scan (tokenize, hash, verify) with every spelling of the taxonomy, for the
// split between matching and the rules that follow.
void BM_SkillsSpellingScanHn(benchmark::State& state) {
  const std::vector<std::string>& texts = HnTexts();
  const SkillExtractor* ex = Extractor();
  if (texts.empty() || ex == nullptr) {
    state.SkipWithError("shared HN data or taxonomy not found");
    return;
  }
  PhraseIndex idx;
  uint32_t id = 0;
  for (const Skill& s : ex->taxonomy().skills()) {
    for (const auto& a : s.aliases) idx.Add(a, false, true, id++).IgnoreError();
    for (const auto& a : s.case_sensitive) idx.Add(a, true, true, id++).IgnoreError();
    if (s.match_name) idx.Add(s.name, false, true, id++).IgnoreError();
  }
  idx.Build();
  size_t bytes = 0;
  for (const std::string& t : texts) bytes += t.size();
  std::vector<PhraseMatch> out;
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const std::string& t : texts) {
      out.clear();
      idx.Scan(t, out, size_t{1} << 20);
      found += out.size();
    }
    benchmark::DoNotOptimize(found);
  }
  Report(state, bytes, texts.size(), found);
}
BENCHMARK(BM_SkillsSpellingScanHn)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace skillpulse

BENCHMARK_MAIN();

// dedup speed and memory (Google Benchmark). Targets (issue 6): 1,000,000 postings
// deduplicated in <= 10 s on one core with <= 300 bytes of dedup state per posting; adding
// 10,000 postings to a store of 1,000,000 in <= 1 s.
//
//   dedup_bench                                   everything (the SQLite case builds a 1M-posting
//                                                 store once in $DEDUP_BENCH_DIR, default /tmp)
//   dedup_bench --benchmark_filter=Cluster        one group
//
// The 1M clustering input is synthetic but shaped like the benchmark corpus
// (/work/shared/bench/make_corpus.py at --postings 1000000): half the records are jobs, half
// cross-board copies; jobs are replicas of ~29k base jobs (another location or title, a
// requisition line that changes ~3 % of the signature); 70 % of copies keep the signature,
// the rest are perturbed (boilerplate / truncation / re-rendering: 5-40 % of values change);
// companies are Zipf-sized; two base jobs share a title, a replica keeps the title (another
// location) or gets one of 12 variants, so blocks hold a few to a few dozen records, as in the
// corpus (250k: a random record's block holds 4.1 records, the largest 52). Signatures of
// real text are measured separately (BM_ComputeRecord, on HN postings).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <filesystem>
#include <map>
#include <random>
#include <unordered_map>

#include "core/diagnostics.h"
#include "core/input.h"
#include "dedup/cluster.h"
#include "dedup/job_assigner.h"
#include "dedup/normalize.h"
#include "dedup/record.h"
#include "enrich/skills/taxonomy.h"
#include "sources/source.h"
#include "store/store.h"
#include "bench/dedup_bench_util.h"

namespace skillpulse {
namespace {

constexpr int64_t kDay = 86400;

struct SyntheticCorpus {
  std::vector<DedupRecord> records;
  std::vector<int64_t> job;  // true job of each record
};

SyntheticCorpus MakeSynthetic(size_t n, uint64_t seed, int64_t first_posting_id = 1) {
  std::mt19937_64 rng(seed);
  auto uni = [&](uint64_t k) { return rng() % k; };
  const size_t jobs = n / 2, bases = 28'747, companies = 9'000;
  struct Base {
    uint64_t company, title, location;
    int64_t time;
    MinHashSignature sig;
  };
  std::vector<Base> base(bases);
  for (size_t i = 0; i < bases; ++i) {
    Base& b = base[i];
    double u = static_cast<double>(rng()) / static_cast<double>(UINT64_MAX);
    b.company = 1 + static_cast<uint64_t>(static_cast<double>(companies) * u * u * u);  // Zipf-like
    b.title = 1 + i / 2;  // two base jobs per title, as in the corpus
    b.location = 1 + uni(400);
    b.time = 1'520'000'000 + static_cast<int64_t>(uni(8 * 365)) * kDay;
    for (auto& v : b.sig.values) v = static_cast<uint16_t>(rng());
    b.sig.shingles = 200 + static_cast<uint32_t>(uni(800));
  }
  SyntheticCorpus c;
  c.records.reserve(n);
  std::vector<DedupRecord> job_rec(jobs);
  for (size_t j = 0; j < jobs; ++j) {
    const Base& b = base[j % bases];
    DedupRecord r;
    r.company = b.company;
    uint64_t title = b.title, location = b.location;
    int64_t t = b.time;
    r.text = b.sig;
    if (j >= bases) {  // a replica: another location and/or title, a requisition line
      bool loc = uni(10) < 6;
      if (loc) location = 1 + uni(400);
      if (!loc || uni(2)) title = 1'000'000 + (j % bases) * 16 + uni(12);  // "Senior ...", "..., Payments"
      t += (static_cast<int64_t>(uni(241)) - 120) * kDay;
      for (int k = 0; k < 2; ++k) r.text.values[uni(kMinHashSize)] = static_cast<uint16_t>(rng());
      r.requisition = rng() | 1;
    }
    r.block = r.company * 1'000'000'007ULL + title;
    r.location = location;
    r.first_seen = r.last_seen = t;
    job_rec[j] = r;
  }
  for (size_t i = 0; i < n; ++i) {
    size_t j = i < jobs ? i : uni(jobs);
    DedupRecord r = job_rec[j];
    if (i >= jobs) {  // a copy on another board
      r.first_seen = r.last_seen = r.first_seen + static_cast<int64_t>(uni(6)) * kDay;
      if (uni(10) >= 7) {
        int changed = 3 + static_cast<int>(uni(23));
        for (int k = 0; k < changed; ++k) r.text.values[uni(kMinHashSize)] = static_cast<uint16_t>(rng());
      }
    }
    r.posting_id = first_posting_id + static_cast<int64_t>(i);
    r.identity = rng();
    c.records.push_back(r);
    c.job.push_back(static_cast<int64_t>(j));
  }
  return c;
}

int64_t MaxRssBytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<int64_t>(u.ru_maxrss) * 1024;
}

// ---- signatures of real text ----
const std::vector<JobPosting>& HnSample() {
  static std::vector<JobPosting> postings = [] {
    std::vector<JobPosting> out;
    Diagnostics diag(nullptr);
    auto spec = ParseSourceSpec("hn:" + std::string(SP_SHARED_DIR) +
                                "/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst");
    if (!spec.ok()) return out;
    auto docs = OpenDocuments(*spec, SourceRegistry::Builtin(), diag);
    Document doc;
    while (docs.ok() && out.size() < 5000) {
      auto more = (*docs)->Next(doc);
      if (!more.ok() || !*more) break;
      auto src = OpenDocument(*spec, doc, SourceRegistry::Builtin(), diag);
      if (!src.ok() || !*src) continue;
      for (;;) {
        PostingBatch b;
        auto st = (*src)->Next(b, diag);
        for (auto& p : b.postings) {
          if (out.size() >= 5000) break;
          if ((*src)->finalize() != nullptr) (*src)->finalize()(p);  // as the pipeline's workers do
          out.push_back(std::move(p));
        }
        if (!st.ok() || *st == SourceState::kFinished || out.size() >= 5000) break;
      }
    }
    return out;
  }();
  return postings;
}

void BM_ComputeRecord(benchmark::State& state) {
  const auto& postings = HnSample();
  if (postings.empty()) {
    state.SkipWithError("shared HN data not found");
    return;
  }
  const DedupRules& rules = *DedupRules::Default();
  const DedupConfig& config = DefaultDedupConfig();
  size_t bytes = 0;
  for (const auto& p : postings) bytes += p.description_text.size();
  for (auto _ : state) {
    for (const auto& p : postings) benchmark::DoNotOptimize(ComputeDedupRecord(p, rules, config));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(postings.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ComputeRecord)->Unit(benchmark::kMillisecond);

// The text part alone (word hashing, shingles, one-permutation MinHash).
void BM_MinHashOnly(benchmark::State& state) {
  const auto& postings = HnSample();
  size_t bytes = 0;
  for (const auto& p : postings) bytes += p.description_text.size();
  for (auto _ : state) {
    for (const auto& p : postings) benchmark::DoNotOptimize(ComputeMinHash(p.description_text, 3));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(postings.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_MinHashOnly)->Unit(benchmark::kMillisecond);

// ---- clustering from scratch ----
void BM_ClusterJobs(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  SyntheticCorpus c = MakeSynthetic(n, 42);
  const int64_t rss_before = MaxRssBytes();
  ClusterStats stats;
  for (auto _ : state) {
    auto rep = ClusterJobs(c.records, DedupConfig{}, &stats);
    benchmark::DoNotOptimize(rep.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
  state.counters["record_bytes"] = static_cast<double>(sizeof(DedupRecord));
  // ClusterJobs' own arrays per record: visiting order (4 B), union-find (8 B), group location
  // and requisition (16 B), representative + result (8 B), ATS key sort (<= 16 B).
  state.counters["cluster_tmp_bytes"] = 4 + 8 + 16 + 8 + 16;
  state.counters["peak_rss_growth_per_record"] =
      static_cast<double>(std::max<int64_t>(0, MaxRssBytes() - rss_before)) / static_cast<double>(n);
  state.counters["jobs"] = static_cast<double>(stats.jobs);
  std::unordered_map<uint64_t, double> block_size;
  for (const auto& r : c.records) ++block_size[r.block];
  double sum2 = 0;
  for (const auto& [b, k] : block_size) sum2 += k * k;
  state.counters["block_of_a_record"] = sum2 / static_cast<double>(n);
  state.counters["largest_block"] = static_cast<double>(stats.largest_block);
  state.counters["pairs_compared"] = static_cast<double>(stats.pairs_compared);
}
BENCHMARK(BM_ClusterJobs)->Arg(250'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);

// ---- incremental, in memory (IndexedState: dedup_bench_util.h) ----
void BM_AddToIndexedMillion(benchmark::State& state) {
  const size_t base_n = 1'000'000, add_n = static_cast<size_t>(state.range(0));
  SyntheticCorpus all = MakeSynthetic(base_n + add_n * 8, 42);
  std::vector<DedupRecord> base(all.records.begin(), all.records.begin() + static_cast<std::ptrdiff_t>(base_n));
  bench::IndexedState s(base);
  std::vector<int64_t> ids;
  for (const auto& r : base) ids.push_back(r.posting_id);
  if (!AssignJobs(s, ids, DedupConfig{}).ok()) {
    state.SkipWithError("initial assignment failed");
    return;
  }
  size_t next = base_n;
  AssignStats last;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<int64_t> dirty;
    for (size_t k = 0; k < add_n && next < all.records.size(); ++k, ++next) {
      s.Put(all.records[next]);
      dirty.push_back(all.records[next].posting_id);
    }
    state.ResumeTiming();
    auto a = AssignJobs(s, dirty, DedupConfig{});
    if (!a.ok()) state.SkipWithError("assignment failed");
    last = *a;
  }
  state.counters["loaded"] = static_cast<double>(last.loaded);
  state.counters["loaded_all"] = last.loaded_all ? 1 : 0;
}
BENCHMARK(BM_AddToIndexedMillion)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(5);

// ---- incremental through the SQLite store ----
// Builds (once) a store of 1M postings whose dedup records are the synthetic ones, then times
// BeginRun + Write(10k new postings) + FinishRun (which assigns their jobs).
void BM_SqliteAddTenThousandToMillion(benchmark::State& state) {
  const char* env = std::getenv("DEDUP_BENCH_DIR");
  const std::string path = std::string(env ? env : "/tmp") + "/dedup-bench-1m.db";
  const size_t base_n = 1'000'000, add_n = 10'000;
  SyntheticCorpus all = MakeSynthetic(base_n + add_n * 10, 42);
  auto posting = [&](size_t i) {
    JobPosting p;
    p.source = "synthetic";
    p.source_id = std::to_string(i);
    p.posted_at = all.records[i].first_seen;
    return p;
  };
  auto write = [&](Store& store, size_t from, size_t to) -> Status {
    RunInfo run;
    run.started_at = 1'760'000'000;
    SP_TRY(store.BeginRun(run, *Taxonomy::Default()));
    PostingBatch batch;
    batch.capacity = 4096;
    for (size_t i = from; i < to; ++i) {
      batch.postings.push_back(posting(i));
      DedupRecord r = all.records[i];
      batch.prepared_dedup.push_back(SerializeDedupRecord(r));
      if (batch.full() || i + 1 == to) {
        SP_TRY(store.Write(batch));
        batch.Clear();
      }
    }
    Diagnostics diag(nullptr);
    return store.FinishRun(diag);
  };
  if (!std::filesystem::exists(path)) {
    auto store = OpenSqliteStore(path + ".tmp");
    if (!store.ok() || !write(**store, 0, base_n).ok()) {
      state.SkipWithError("could not build the 1M store");
      return;
    }
    store->reset();
    std::filesystem::rename(path + ".tmp", path);
  }
  // Work on a copy so every run starts from the same 1M store.
  const std::string work = path + ".work";
  std::filesystem::copy_file(path, work, std::filesystem::copy_options::overwrite_existing);
  auto store = OpenSqliteStore(work);
  if (!store.ok()) {
    state.SkipWithError("cannot open the store copy");
    return;
  }
  size_t next = base_n;
  WriteStats before, after;
  for (auto _ : state) {
    before = (*store)->stats();
    Status s = write(**store, next, next + add_n);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    next += add_n;
    after = (*store)->stats();
  }
  state.counters["dedup_s"] = after.dedup_s - before.dedup_s;
  state.counters["dedup_cpu_s"] = after.dedup_cpu_s - before.dedup_cpu_s;
  state.counters["load_s"] = after.dedup_load_s - before.dedup_load_s;
  state.counters["cluster_s"] = after.dedup_cluster_s - before.dedup_cluster_s;
  state.counters["write_s"] = after.dedup_write_s - before.dedup_write_s;
  state.counters["loaded"] = static_cast<double>(after.dedup_loaded - before.dedup_loaded);
  store->reset();
  std::filesystem::remove(work);
  std::filesystem::remove(work + "-wal");
  std::filesystem::remove(work + "-shm");
}
BENCHMARK(BM_SqliteAddTenThousandToMillion)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace skillpulse

BENCHMARK_MAIN();

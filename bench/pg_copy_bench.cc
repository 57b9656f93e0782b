// The PostgreSQL store's write path against the bare binary-COPY floor, on real rows.
//
// Rows: every posting of the shared HN file and the Ashby snapshot, parsed and enriched by the
// pipeline, replicated SP_BENCH_REPLICAS times (default 4, about 255,000 postings, the size of
// the ingest benchmark's default corpus) with distinct source ids and distinct description
// texts, so every replica is a new posting with a new description. Prepare (row encoding,
// zstd) runs before the clock starts: in an ingest it runs on the enrichment workers.
//
// A throwaway PostgreSQL 15 cluster with the ingest benchmark's settings
// (/work/shared/bench/README.md: shared_buffers 2GB, wal_level minimal, durability on).
//
//   StoreWrite/direct     BeginRun + Write (every batch) + FinishRun into an empty store:
//                         the COPY path as an ingest runs it (flusher thread, one
//                         transaction per batch, new postings COPYed straight into postings)
//   StoreWrite/merge_all  the same with every posting through the staging table and
//                         INSERT ... ON CONFLICT (the literal "staging + merge" design)
//   Floor/no_truncate     COPY ... FROM 'file' (FORMAT binary) of exactly the rows the store
//                         wrote (its own tables, indexes included), one transaction, into
//                         empty tables created beforehand: what the server needs, no client
//   Floor/truncate_in_tx  the same after TRUNCATE in the loading transaction (WAL skipped
//                         under wal_level=minimal), as /work/shared/bench/limit/limit.sh does
//
// Each reports wall time (manual time), rows/s and MB/s (MB of the binary COPY files of the
// rows written), and CPU of the client process and of the server (all PostgreSQL processes).
//
//   ninja -C build pg_copy_bench && build/bench/pg_copy_bench --benchmark_min_time=1x
//   SP_BENCH_REPLICAS=1 build/bench/pg_copy_bench      (64k postings, quicker)
//   SP_BENCH_BATCH=N                                   (postings per transaction)
//   SP_BENCH_UNIX_SOCKET=1                             (the store connects over the Unix socket)
// Wall time is only meaningful on an idle machine; CPU (client + server) is the steadier
// figure on a shared one.
#include <benchmark/benchmark.h>
#include <dirent.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../tests/pg_cluster.h"
#include "core/text.h"
#include "enrich/enricher.h"
#include "pipeline/runner.h"
#include "pipeline/sink.h"
#include "sources/source.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/postgres_store.h"

namespace skillpulse {
namespace {

// Keeps every batch the pipeline produces.
class CaptureSink : public Sink {
 public:
  Status Open() override { return Status::Ok(); }
  Status Write(const PostingBatch& batch) override {
    for (const auto& p : batch.postings) postings.push_back(p);
    return Status::Ok();
  }
  Status WriteQuarantine(std::vector<QuarantinedRecord>) override { return Status::Ok(); }
  Status Finish(const Diagnostics&) override { return Status::Ok(); }
  std::vector<JobPosting> postings;
};

struct Setup {
  std::unique_ptr<testing::PgCluster> cluster;
  std::vector<PostingBatch> batches;  // Prepared for the PostgreSQL store
  int64_t postings = 0;
  std::string floor_dir;              // binary COPY files of the written tables
  std::vector<std::string> floor_tables;
  double floor_mb = 0;
  std::string error;
};

double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of the postmaster's children, live (utime+stime) and exited (the postmaster's
// cutime+cstime), like /work/shared/bench/lib/benchlib.py pgcpu.
double ServerCpuSeconds(pid_t postmaster) {
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  auto fields = [](const std::string& path) {
    std::ifstream in(path);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> f;
    size_t close = s.rfind(')');
    if (close == std::string::npos) return f;
    std::istringstream rest(s.substr(close + 2));
    for (std::string x; rest >> x;) f.push_back(x);
    return f;  // f[0] = state (field 3), so field N is f[N - 3]
  };
  double total = 0;
  auto pm = fields("/proc/" + std::to_string(postmaster) + "/stat");
  if (pm.size() > 14) total += (std::stod(pm[11]) + std::stod(pm[12]) + std::stod(pm[13]) + std::stod(pm[14])) / tick;
  if (DIR* d = opendir("/proc")) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
      auto f = fields(std::string("/proc/") + e->d_name + "/stat");
      if (f.size() > 12 && std::stol(f[1]) == postmaster) total += (std::stod(f[11]) + std::stod(f[12])) / tick;
    }
    closedir(d);
  }
  return total;
}

Setup& GetSetup() {
  static Setup s = [] {
    Setup s;
    testing::PgClusterOptions opts;
    opts.bench_settings = true;
    s.cluster = testing::PgCluster::Start(opts, &s.error);
    if (!s.cluster) return s;
    const std::string shared = std::string(SP_SHARED_DIR) + "/data/";
    std::vector<SourceSpec> specs;
    for (const char* spec : {"hn:hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst",
                             "ashby:ats_ashby/ashby_posting_api_2025-10-28.tar.zst"}) {
      std::string str = spec;
      str.insert(str.find(':') + 1, shared);
      auto parsed = ParseSourceSpec(str);
      if (!parsed.ok()) {
        s.error = parsed.status().ToString();
        return s;
      }
      specs.push_back(*parsed);
    }
    auto enricher = PostingEnricher::Create();
    CaptureSink capture;
    Diagnostics diag(nullptr);
    Runner runner(specs, **enricher, capture);
    if (auto r = runner.Run(diag); !r.ok()) {
      s.error = r.status().ToString();
      return s;
    }
    const char* env = std::getenv("SP_BENCH_REPLICAS");
    const int replicas = env ? std::max(1, std::atoi(env)) : 4;
    // Prepare needs no run state: any open store object does it (a scratch database).
    s.cluster->CreateDatabase("prepare");
    auto store = OpenPostgresStore(s.cluster->ConnInfo("prepare"));
    if (!store.ok()) {
      s.error = store.status().ToString();
      return s;
    }
    PostingBatch b;
    for (int k = 0; k < replicas; ++k) {
      for (const JobPosting& src : capture.postings) {
        JobPosting p = src;
        if (k > 0) {
          p.source_id += "#" + std::to_string(k);
          p.description_text += " [" + std::to_string(k) + "]";
          p.content_hash = Hash64(p.description_text);
        }
        b.postings.push_back(std::move(p));
        if (b.postings.size() == 512) {
          (*store)->Prepare(b);
          s.batches.push_back(std::move(b));
          b = PostingBatch();
        }
      }
    }
    if (!b.postings.empty()) {
      (*store)->Prepare(b);
      s.batches.push_back(std::move(b));
    }
    for (const auto& batch : s.batches) s.postings += static_cast<int64_t>(batch.size());
    s.floor_dir = s.cluster->dir() + "/floor";
    std::filesystem::create_directory(s.floor_dir);
    if (geteuid() == 0) std::system(("chown postgres " + s.floor_dir).c_str());
    return s;
  }();
  return s;
}

// Counters over all iterations so far: rates divide totals by the total manual time,
// averages divide totals by the iteration count.
struct Totals {
  double rows = 0, mb = 0, client_cpu = 0, server_cpu = 0;
};
void Report(benchmark::State& state, const Setup& s, Totals& t, double wall, double client_cpu, double server_cpu) {
  state.SetIterationTime(wall);
  t.rows += static_cast<double>(s.postings);
  t.mb += s.floor_mb;
  t.client_cpu += client_cpu;
  t.server_cpu += server_cpu;
  state.counters["rows"] = static_cast<double>(s.postings);
  state.counters["MB"] = s.floor_mb;
  state.counters["rows_per_s"] = benchmark::Counter(t.rows, benchmark::Counter::kIsRate);
  state.counters["MB_per_s"] = benchmark::Counter(t.mb, benchmark::Counter::kIsRate);
  state.counters["client_cpu_s"] = benchmark::Counter(t.client_cpu, benchmark::Counter::kAvgIterations);
  state.counters["server_cpu_s"] = benchmark::Counter(t.server_cpu, benchmark::Counter::kAvgIterations);
}

void StoreWrite(benchmark::State& state, bool merge_all) {
  Setup& s = GetSetup();
  if (!s.cluster || !s.error.empty()) {
    state.SkipWithError(s.error.c_str());
    return;
  }
  const std::string db = merge_all ? "merge_all" : "direct";
  auto enricher = PostingEnricher::Create();
  Totals totals;
  for (auto _ : state) {
    s.cluster->CreateDatabase(db);
    s.cluster->Psql(db, "CHECKPOINT");
    PostgresStoreOptions options;
    options.merge_all = merge_all;
    if (const char* b = std::getenv("SP_BENCH_BATCH")) options.batch_postings = std::max(1, std::atoi(b));
    std::string conninfo = s.cluster->ConnInfo(db);
    if (std::getenv("SP_BENCH_UNIX_SOCKET") != nullptr) {  // the cluster's socket instead of TCP
      conninfo = "host=" + s.cluster->dir() + " port=" + std::to_string(s.cluster->port()) +
                 " user=skillpulse dbname=" + db;
    }
    auto store = OpenPostgresStore(conninfo, options);
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    RunInfo run;
    run.started_at = 1'700'000'000;
    Diagnostics diag(nullptr);
    const double cpu0 = ProcessCpuSeconds(), srv0 = ServerCpuSeconds(s.cluster->postmaster_pid());
    const auto t0 = std::chrono::steady_clock::now();
    Status st = (*store)->BeginRun(run, (*enricher)->taxonomy());
    for (const auto& b : s.batches) {
      if (!st.ok()) break;
      st = (*store)->Write(b);
    }
    if (st.ok()) st = (*store)->FinishRun(diag);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      return;
    }
    store->reset();  // disconnect: the backend's CPU is then accounted
    const double cpu = ProcessCpuSeconds() - cpu0, srv = ServerCpuSeconds(s.cluster->postmaster_pid()) - srv0;
    if (s.floor_tables.empty() && !merge_all) {
      // The rows just written, as binary COPY files, for the floor (parents first).
      for (const char* t : {"skills", "origins", "descriptions", "postings", "posting_skills"}) {
        const std::string file = s.floor_dir + "/" + t + ".bin";
        s.cluster->Psql(db, std::string("COPY skillpulse.") + t + " TO '" + file + "' (FORMAT binary)");
        s.floor_tables.push_back(t);
        s.floor_mb += static_cast<double>(std::filesystem::file_size(file)) / 1e6;
      }
    }
    Report(state, s, totals, wall, cpu, srv);
  }
}

void Floor(benchmark::State& state, bool truncate_in_tx) {
  Setup& s = GetSetup();
  if (s.floor_tables.empty()) {
    state.SkipWithError("run StoreWrite/direct first (it writes the floor files)");
    return;
  }
  Totals totals;
  for (auto _ : state) {
    s.cluster->CreateDatabase("floor");
    {
      auto store = OpenPostgresStore(s.cluster->ConnInfo("floor"));  // the schema, empty
      if (!store.ok()) {
        state.SkipWithError(store.status().ToString().c_str());
        return;
      }
    }
    s.cluster->Psql("floor", "CHECKPOINT");
    auto conn = pg::Conn::Connect(s.cluster->ConnInfo("floor"));
    std::string sql = "SET search_path TO skillpulse; BEGIN; ";
    if (truncate_in_tx) {
      sql += "TRUNCATE ";
      for (size_t i = 0; i < s.floor_tables.size(); ++i) sql += (i ? ", " : "") + s.floor_tables[i];
      sql += "; ";
    }
    for (const auto& t : s.floor_tables) sql += "COPY " + t + " FROM '" + s.floor_dir + "/" + t + ".bin' (FORMAT binary); ";
    sql += "COMMIT";
    const double cpu0 = ProcessCpuSeconds(), srv0 = ServerCpuSeconds(s.cluster->postmaster_pid());
    const auto t0 = std::chrono::steady_clock::now();
    auto r = (*conn)->Exec(sql);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    conn->reset();
    Report(state, s, totals, wall, ProcessCpuSeconds() - cpu0, ServerCpuSeconds(s.cluster->postmaster_pid()) - srv0);
  }
}

}  // namespace
}  // namespace skillpulse

int main(int argc, char** argv) {
  using namespace skillpulse;
  benchmark::Initialize(&argc, argv);
  benchmark::RegisterBenchmark("StoreWrite/direct", [](benchmark::State& s) { StoreWrite(s, false); })
      ->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
  benchmark::RegisterBenchmark("StoreWrite/merge_all", [](benchmark::State& s) { StoreWrite(s, true); })
      ->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
  benchmark::RegisterBenchmark("Floor/no_truncate", [](benchmark::State& s) { Floor(s, false); })
      ->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
  benchmark::RegisterBenchmark("Floor/truncate_in_tx", [](benchmark::State& s) { Floor(s, true); })
      ->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

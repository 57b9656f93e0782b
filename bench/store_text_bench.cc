// Description compression as the stores do it (one zstd frame per distinct description, in
// Prepare): speed and ratio per level over the shared HN texts, to choose the level.
//   BM_CompressHn/<level>   ZSTD_compressCCtx on every HN posting's plain text, one reused
//                           context per thread (as SqliteStore/PostgresStore::Prepare)
// Counters: ratio (input bytes / frame bytes). Run: build/bench/store_text_bench.
#include <benchmark/benchmark.h>
#include <zstd.h>

#include <string>
#include <vector>

#include "../tests/unit/hn_testdata.h"

namespace skillpulse {
namespace {

void BM_CompressHn(benchmark::State& state) {
  static const std::vector<testdata::HnPosting> posts = testdata::LoadHn();
  if (posts.empty()) {
    state.SkipWithError("shared HN data not found");
    return;
  }
  const int level = static_cast<int>(state.range(0));
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::string z;
  int64_t in = 0, out = 0;
  for (auto _ : state) {
    in = out = 0;
    for (const auto& p : posts) {
      z.resize(ZSTD_compressBound(p.text.size()));
      size_t n = ZSTD_compressCCtx(cctx, z.data(), z.size(), p.text.data(), p.text.size(), level);
      in += static_cast<int64_t>(p.text.size());
      out += ZSTD_isError(n) ? 0 : static_cast<int64_t>(n);
    }
  }
  ZSTD_freeCCtx(cctx);
  state.SetBytesProcessed(state.iterations() * in);
  state.counters["ratio"] = out > 0 ? static_cast<double>(in) / static_cast<double>(out) : 0;
}
BENCHMARK(BM_CompressHn)->Arg(3)->Arg(1)->Arg(-1)->Arg(-3)->Arg(-5)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace skillpulse

BENCHMARK_MAIN();

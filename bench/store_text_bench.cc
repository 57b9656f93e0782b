// Description compression (store/text_codec.h: one zstd frame per distinct description),
// over the shared HN texts, to choose how:
//   BM_CompressHn/<level>      ZSTD_compressCCtx per text, no dictionary, one reused context
//   BM_CompressHnDict/<level>  with a dictionary trained on every 10th text (ZDICT_trainFromBuffer)
//   BM_TrainDictionary/<bytes> ZDICT_trainFromBuffer (fastCover with a search over k) on the
//                              first <bytes> of texts
//   BM_TrainFastCover/<k>/<accel>  fastCover with fixed parameters on the first 4 MB (what
//                              TextCodec does), and the ratio its dictionary gives on the next
//                              20,000 texts
// Counters: ratio (input bytes / frame bytes). Run: build/bench/store_text_bench.
#include <benchmark/benchmark.h>
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "../tests/unit/hn_testdata.h"

namespace skillpulse {
namespace {

const std::vector<testdata::HnPosting>& Posts() {
  static const std::vector<testdata::HnPosting> posts = testdata::LoadHn();
  return posts;
}

// The first texts up to `bytes` (at most 8 KB of each, as TextCodec samples), as one buffer
// and its sizes, the way ZDICT's trainers take samples; `used` = texts taken.
struct Samples {
  std::string bytes;
  std::vector<size_t> sizes;
  size_t used = 0;
};
Samples FirstTexts(size_t bytes) {
  Samples s;
  for (const auto& p : Posts()) {
    if (s.bytes.size() >= bytes) break;
    s.bytes += p.text.substr(0, 8192);
    s.sizes.push_back(std::min<size_t>(p.text.size(), 8192));
    ++s.used;
  }
  return s;
}

// Compresses texts [from, to) with `cdict` (null: plain level `level`): frame bytes, input bytes.
std::pair<int64_t, int64_t> CompressAll(ZSTD_CCtx* cctx, const ZSTD_CDict* cdict, int level, size_t from, size_t to) {
  std::string z;
  int64_t in = 0, out = 0;
  for (size_t i = from; i < to; ++i) {
    const std::string& t = Posts()[i].text;
    z.resize(ZSTD_compressBound(t.size()));
    size_t n = cdict != nullptr ? ZSTD_compress_usingCDict(cctx, z.data(), z.size(), t.data(), t.size(), cdict)
                                : ZSTD_compressCCtx(cctx, z.data(), z.size(), t.data(), t.size(), level);
    in += static_cast<int64_t>(t.size());
    out += ZSTD_isError(n) ? 0 : static_cast<int64_t>(n);
  }
  return {out, in};
}

// Times compressing every HN text (with `cdict` when given); counters: bytes/s and ratio.
void RunCompress(benchmark::State& state, const ZSTD_CDict* cdict, int level) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::pair<int64_t, int64_t> r{0, 0};
  for (auto _ : state) r = CompressAll(cctx, cdict, level, 0, Posts().size());
  ZSTD_freeCCtx(cctx);
  state.SetBytesProcessed(state.iterations() * r.second);
  state.counters["ratio"] = r.first > 0 ? static_cast<double>(r.second) / static_cast<double>(r.first) : 0;
}

void BM_CompressHn(benchmark::State& state) {
  if (Posts().empty()) return state.SkipWithError("shared HN data not found");
  RunCompress(state, nullptr, static_cast<int>(state.range(0)));
}
BENCHMARK(BM_CompressHn)->Arg(3)->Arg(1)->Arg(-1)->Arg(-3)->Arg(-5)->Unit(benchmark::kMillisecond);

// zstd with a dictionary trained (ZDICT_trainFromBuffer, 112 KB) on every 10th text,
// compressing all texts with a prepared CDict at the given level.
void BM_CompressHnDict(benchmark::State& state) {
  if (Posts().empty()) return state.SkipWithError("shared HN data not found");
  const int level = static_cast<int>(state.range(0));
  Samples s;
  for (size_t i = 0; i < Posts().size(); i += 10) {
    s.bytes += Posts()[i].text;
    s.sizes.push_back(Posts()[i].text.size());
  }
  std::string dict(112640, '\0');
  size_t dn = ZDICT_trainFromBuffer(dict.data(), dict.size(), s.bytes.data(), s.sizes.data(),
                                    static_cast<unsigned>(s.sizes.size()));
  if (ZDICT_isError(dn)) return state.SkipWithError("dictionary training failed");
  ZSTD_CDict* cdict = ZSTD_createCDict(dict.data(), dn, level);
  RunCompress(state, cdict, level);
  ZSTD_freeCDict(cdict);
}
BENCHMARK(BM_CompressHnDict)->Arg(1)->Arg(3)->Unit(benchmark::kMillisecond);

// Training a dictionary (ZDICT_trainFromBuffer) on the first N bytes of HN texts.
void BM_TrainDictionary(benchmark::State& state) {
  if (Posts().empty()) return state.SkipWithError("shared HN data not found");
  const Samples s = FirstTexts(static_cast<size_t>(state.range(0)));
  std::string dict(112640, '\0');
  for (auto _ : state) {
    size_t n = ZDICT_trainFromBuffer(dict.data(), dict.size(), s.bytes.data(), s.sizes.data(),
                                     static_cast<unsigned>(s.sizes.size()));
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_TrainDictionary)->Arg(1 << 20)->Arg(4 << 20)->Unit(benchmark::kMillisecond);

// fastCover with fixed parameters (no search over k) on the first 4 MB, as TextCodec trains:
// training time, and the ratio its dictionary gives on the next 20,000 texts (level 1).
void BM_TrainFastCover(benchmark::State& state) {
  if (Posts().empty()) return state.SkipWithError("shared HN data not found");
  const Samples s = FirstTexts(size_t{4} << 20);
  std::string dict(112640, '\0');
  ZDICT_fastCover_params_t params{};
  params.k = static_cast<unsigned>(state.range(0));
  params.d = 8;
  params.f = 20;
  params.accel = static_cast<unsigned>(state.range(1));
  params.zParams.compressionLevel = 1;
  size_t n = 0;
  for (auto _ : state) {
    n = ZDICT_trainFromBuffer_fastCover(dict.data(), dict.size(), s.bytes.data(), s.sizes.data(),
                                        static_cast<unsigned>(s.sizes.size()), params);
    benchmark::DoNotOptimize(n);
  }
  if (ZDICT_isError(n)) return state.SkipWithError("training failed");
  ZSTD_CDict* cdict = ZSTD_createCDict(dict.data(), n, 1);
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  auto [out, in] = CompressAll(cctx, cdict, 1, s.used, std::min(Posts().size(), s.used + 20000));
  ZSTD_freeCCtx(cctx);
  ZSTD_freeCDict(cdict);
  state.counters["ratio"] = out > 0 ? static_cast<double>(in) / static_cast<double>(out) : 0;
}
BENCHMARK(BM_TrainFastCover)->Args({200, 1})->Args({1000, 1})->Args({1000, 4})->Args({2000, 4})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace skillpulse

BENCHMARK_MAIN();

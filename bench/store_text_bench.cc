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

// zstd with a dictionary trained (ZDICT_trainFromBuffer, 112 KB) on every 10th text,
// compressing all texts with a prepared CDict at the given level.
void BM_CompressHnDict(benchmark::State& state) {
  static const std::vector<testdata::HnPosting> posts = testdata::LoadHn();
  if (posts.empty()) {
    state.SkipWithError("shared HN data not found");
    return;
  }
  const int level = static_cast<int>(state.range(0));
  std::string samples;
  std::vector<size_t> sizes;
  for (size_t i = 0; i < posts.size(); i += 10) {
    samples += posts[i].text;
    sizes.push_back(posts[i].text.size());
  }
  std::string dict(112640, '\0');
  size_t dn = ZDICT_trainFromBuffer(dict.data(), dict.size(), samples.data(), sizes.data(), static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(dn)) {
    state.SkipWithError("dictionary training failed");
    return;
  }
  ZSTD_CDict* cdict = ZSTD_createCDict(dict.data(), dn, level);
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::string z;
  int64_t in = 0, out = 0;
  for (auto _ : state) {
    in = out = 0;
    for (const auto& p : posts) {
      z.resize(ZSTD_compressBound(p.text.size()));
      size_t n = ZSTD_compress_usingCDict(cctx, z.data(), z.size(), p.text.data(), p.text.size(), cdict);
      in += static_cast<int64_t>(p.text.size());
      out += ZSTD_isError(n) ? 0 : static_cast<int64_t>(n);
    }
  }
  ZSTD_freeCCtx(cctx);
  ZSTD_freeCDict(cdict);
  state.SetBytesProcessed(state.iterations() * in);
  state.counters["ratio"] = out > 0 ? static_cast<double>(in) / static_cast<double>(out) : 0;
}
BENCHMARK(BM_CompressHnDict)->Arg(1)->Arg(3)->Unit(benchmark::kMillisecond);

// Training a dictionary (ZDICT_trainFromBuffer) on the first N bytes of HN texts, as
// TextCodec does once per store.
void BM_TrainDictionary(benchmark::State& state) {
  static const std::vector<testdata::HnPosting> posts = testdata::LoadHn();
  std::string samples;
  std::vector<size_t> sizes;
  for (const auto& p : posts) {
    if (samples.size() >= static_cast<size_t>(state.range(0))) break;
    samples += p.text.substr(0, 8192);
    sizes.push_back(std::min<size_t>(p.text.size(), 8192));
  }
  std::string dict(112640, '\0');
  for (auto _ : state) {
    size_t n = ZDICT_trainFromBuffer(dict.data(), dict.size(), samples.data(), sizes.data(), static_cast<unsigned>(sizes.size()));
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_TrainDictionary)->Arg(1 << 20)->Arg(4 << 20)->Unit(benchmark::kMillisecond);

// fastCover with fixed parameters (no search over k): training time, and the ratio its
// dictionary gives on the texts after the samples (level 1).
void BM_TrainFastCover(benchmark::State& state) {
  static const std::vector<testdata::HnPosting> posts = testdata::LoadHn();
  std::string samples;
  std::vector<size_t> sizes;
  size_t used = 0;
  for (const auto& p : posts) {
    if (samples.size() >= (size_t{4} << 20)) break;
    samples += p.text.substr(0, 8192);
    sizes.push_back(std::min<size_t>(p.text.size(), 8192));
    ++used;
  }
  std::string dict(112640, '\0');
  ZDICT_fastCover_params_t params{};
  params.k = static_cast<unsigned>(state.range(0));
  params.d = 8;
  params.f = 20;
  params.accel = static_cast<unsigned>(state.range(1));
  params.zParams.compressionLevel = 1;
  size_t n = 0;
  for (auto _ : state) {
    n = ZDICT_trainFromBuffer_fastCover(dict.data(), dict.size(), samples.data(), sizes.data(),
                                        static_cast<unsigned>(sizes.size()), params);
    benchmark::DoNotOptimize(n);
  }
  if (ZDICT_isError(n)) {
    state.SkipWithError("training failed");
    return;
  }
  ZSTD_CDict* cdict = ZSTD_createCDict(dict.data(), n, 1);
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::string z;
  int64_t in = 0, out = 0;
  for (size_t i = used; i < std::min(posts.size(), used + 20000); ++i) {
    z.resize(ZSTD_compressBound(posts[i].text.size()));
    size_t m = ZSTD_compress_usingCDict(cctx, z.data(), z.size(), posts[i].text.data(), posts[i].text.size(), cdict);
    in += static_cast<int64_t>(posts[i].text.size());
    out += ZSTD_isError(m) ? 0 : static_cast<int64_t>(m);
  }
  ZSTD_freeCCtx(cctx);
  ZSTD_freeCDict(cdict);
  state.counters["ratio"] = out > 0 ? static_cast<double>(in) / static_cast<double>(out) : 0;
}
BENCHMARK(BM_TrainFastCover)->Args({200, 1})->Args({1000, 1})->Args({1000, 4})->Args({2000, 4})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace skillpulse

BENCHMARK_MAIN();

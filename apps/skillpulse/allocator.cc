// The skillpulse binary allocates with jemalloc (Debian's libjemalloc2, linked in by
// apps/skillpulse/CMakeLists.txt when SP_JEMALLOC is on; sanitizer and fuzz builds keep glibc).
//
// Why: ingest allocates a posting's strings in a reader thread and frees them in the writer
// thread, millions of times. glibc malloc pays for that in arena locks and cross-thread frees,
// and the 256 KiB mmap threshold main.cc sets to bound its RSS turns every large buffer into an
// mmap/munmap pair with TLB shootdowns across the cores. Same code built with SP_JEMALLOC OFF
// and ON, alternated run by run (docs/BENCHMARKS.md, "Late round"): the HN file into a fresh
// SQLite store 1.85 -> 1.60 s wall (3.12 -> 2.77 s CPU, median of 8), the 250k corpus files ->
// SQLite 13.27 -> 11.69 s; the PostgreSQL benchmark's peak RSS unchanged within noise
// (226-246 MB).
//
// The options (jemalloc(3), "TUNING"): 4 arenas instead of 4 per core (the pipeline has ~4
// busy threads on 2 cores; fewer arenas hold fewer half-empty pages), dirty pages returned
// after 200 ms instead of 10 s and no "muzzy" stage, which keeps peak RSS on the 250k corpus
// at ~280 MB instead of ~310 MB with the defaults, at the same speed. MALLOC_CONF in the
// environment still overrides them.
extern "C" {
// Read by jemalloc at its first allocation (jemalloc(3), "malloc_conf").
extern const char* malloc_conf;
const char* malloc_conf = "narenas:4,dirty_decay_ms:200,muzzy_decay_ms:0";
}

// Fetch-only load driver for bench/fetch_bench.sh: fetches every URL of a file through one
// Fetcher (all submitted at once; the fetcher's limits decide the pace) and prints one line:
//   requests=N ok=N failed=N seconds=S req_per_s=R mb=M loop_cpu_s=C process_cpu_s=P
//
//   fetch_bench --urls FILE [--per-host 8] [--max-connections 64] [--per-host-rate 0]
#include <sys/resource.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "sources/fetch/fetcher.h"

int main(int argc, char** argv) {
  using namespace skillpulse;
  std::string urls_file;
  FetcherOptions o;
  o.max_connections = 64;
  o.per_host_connections = 8;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--urls") urls_file = argv[i + 1];
    else if (k == "--per-host") o.per_host_connections = std::atoi(argv[i + 1]);
    else if (k == "--max-connections") o.max_connections = std::atoi(argv[i + 1]);
    else if (k == "--per-host-rate") o.per_host_rate_per_s = std::atof(argv[i + 1]);
  }
  std::vector<std::string> urls;
  std::ifstream in(urls_file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) urls.push_back(line);
  }
  if (urls.empty()) {
    std::fprintf(stderr, "usage: fetch_bench --urls FILE [--per-host N] [--max-connections N] [--per-host-rate R]\n");
    return 2;
  }
  std::mutex mu;
  std::condition_variable cv;
  size_t done = 0, ok = 0;
  std::string first_error;
  auto t0 = std::chrono::steady_clock::now();
  FetcherStats stats;
  {
    Fetcher f(o);
    for (const auto& u : urls) {
      FetchRequest r;
      r.url = u;
      r.source = u;  // one board each, as in an ingest
      f.Fetch(r, [&](FetchResult res) {
        std::lock_guard lock(mu);
        ++done;
        if (res.status.ok()) {
          ++ok;
        } else if (first_error.empty()) {
          first_error = res.status.message();
        }
        cv.notify_all();
      });
    }
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done == urls.size(); });
    stats = f.stats();
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  double cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  std::printf("requests=%zu ok=%zu failed=%zu seconds=%.3f req_per_s=%.1f mb=%.1f loop_cpu_s=%.3f process_cpu_s=%.3f\n",
              urls.size(), ok, urls.size() - ok, s, static_cast<double>(urls.size()) / s,
              static_cast<double>(stats.body_bytes) / (1 << 20), stats.loop_cpu_s, cpu);
  if (!first_error.empty()) std::fprintf(stderr, "first error: %s\n", first_error.c_str());
  return ok == urls.size() ? 0 : 1;
}

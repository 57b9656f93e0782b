#include "store/store_dedup.h"

#include <time.h>

#include <chrono>

#include "dedup/config.h"
#include "dedup/normalize.h"

namespace skillpulse {
namespace {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

DedupRecord ComputeStoreDedupRecord(const JobPosting& p) {
  return ComputeDedupRecord(p, *DedupRules::Default(), DefaultDedupConfig());
}

DedupRecord StoreDedupRecordOf(const JobPosting& p, std::string_view serialized) {
  DedupRecord r;
  if (serialized.empty() || !ParseDedupRecord(serialized, r)) r = ComputeStoreDedupRecord(p);
  return r;
}

Status AssignStoreJobs(DedupStateStore& state, std::span<const int64_t> dirty, bool all, WriteStats& stats) {
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = ThreadCpuSeconds();
  SP_ASSIGN_OR_RETURN(AssignStats a, AssignJobs(state, dirty, DefaultDedupConfig(), all ? 0.0 : 0.2));
  stats.dedup_postings += a.dirty;
  stats.dedup_loaded += a.loaded;
  stats.dedup_load_s += a.load_s;
  stats.dedup_cluster_s += a.cluster_s;
  stats.dedup_write_s += a.write_s;
  stats.jobs_changed += a.updated;
  stats.dedup_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stats.dedup_cpu_s += ThreadCpuSeconds() - cpu0;
  return Status::Ok();
}

}  // namespace skillpulse

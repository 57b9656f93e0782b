#include "store/store_dedup.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/text.h"
#include "dedup/config.h"
#include "dedup/lifecycle.h"
#include "dedup/normalize.h"

namespace skillpulse {

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

DedupWindow DedupWindowOf(const JobPosting& p, int64_t observed_first, int64_t observed_last) {
  if (p.posted_at) return DedupWindow{*p.posted_at, *p.posted_at, true};
  return DedupWindow{observed_first, observed_last, false};
}

void DeriveJobFacts(FactTable& facts) {
  std::vector<int64_t> source_max(facts.sources.size(), 0);
  for (const PostingFact& p : facts.postings) {
    if (p.source < source_max.size()) source_max[p.source] = std::max(source_max[p.source], p.last_seen);
  }
  std::vector<std::pair<int64_t, SeenSpan>> spans;  // (job_id, posting span)
  spans.reserve(facts.postings.size());
  for (const PostingFact& p : facts.postings) {
    SeenSpan s{p.first_seen, p.last_seen, p.closed_at};
    if (s.closed_at == 0 && p.source < source_max.size()) s.closed_at = PostingClosedAt(p.last_seen, source_max[p.source]);
    spans.emplace_back(p.job_id, s);
  }
  std::stable_sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  facts.jobs.clear();
  std::vector<SeenSpan> group;
  for (size_t i = 0; i < spans.size();) {
    size_t j = i;
    group.clear();
    while (j < spans.size() && spans[j].first == spans[i].first) group.push_back(spans[j++].second);
    const SeenSpan span = JobSpan(group);
    JobFact f;
    f.job_id = spans[i].first;
    f.first_seen = span.first_seen;
    f.last_seen = span.last_seen;
    f.closed_at = span.closed_at;
    f.postings = static_cast<int32_t>(group.size());
    facts.jobs.push_back(f);
    i = j;
  }
}

}  // namespace skillpulse

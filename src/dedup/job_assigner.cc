#include "dedup/job_assigner.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

namespace skillpulse {
namespace {

template <class T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

Result<AssignStats> AssignJobs(DedupStateStore& store, std::span<const int64_t> dirty, const DedupConfig& config,
                               double full_scan_fraction) {
  AssignStats stats;
  stats.dirty = static_cast<int64_t>(dirty.size());
  if (dirty.empty()) return stats;
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  const auto t0 = Clock::now();
  SP_ASSIGN_OR_RETURN(int64_t total, store.CountRecords());
  const double limit = full_scan_fraction * static_cast<double>(total);
  StoredDedupRecords all;
  bool full = static_cast<double>(dirty.size()) > limit;
  if (!full) {
    // The dirty postings and their old jobs (a changed posting may have held its old job
    // together), then everything sharing a block or URL with what is loaded, until closed.
    std::unordered_set<int64_t> seen;
    std::unordered_set<uint64_t> blocks_done, urls_done;
    StoredDedupRecords batch;
    SP_TRY(store.LoadByPostings(dirty, batch));
    std::vector<int64_t> old_jobs;
    for (int64_t j : batch.job_ids) {
      if (j != 0) old_jobs.push_back(j);
    }
    SortUnique(old_jobs);
    SP_TRY(store.LoadByJobs(old_jobs, batch));
    for (size_t round = 0;; ++round) {
      stats.rounds = static_cast<int>(round) + 1;
      const size_t before = all.size();
      for (size_t i = 0; i < batch.size(); ++i) {
        if (seen.insert(batch.records[i].posting_id).second) all.Add(batch.records[i], batch.job_ids[i]);
      }
      batch.clear();
      if (all.size() == before) break;
      if (static_cast<double>(all.size()) > limit) {
        full = true;
        break;
      }
      std::vector<uint64_t> blocks, urls;
      for (size_t i = before; i < all.size(); ++i) {
        const DedupRecord& r = all.records[i];
        if (blocks_done.insert(r.block).second) blocks.push_back(r.block);
        if (r.url != 0 && urls_done.insert(r.url).second) urls.push_back(r.url);
      }
      if (blocks.empty() && urls.empty()) break;
      SortUnique(blocks);
      SortUnique(urls);
      SP_TRY(store.LoadByBlocks(blocks, batch));
      SP_TRY(store.LoadByUrls(urls, batch));
    }
  }
  if (full) {
    all.clear();
    SP_TRY(store.LoadAll(all));
    stats.loaded_all = true;
  }
  stats.loaded = static_cast<int64_t>(all.size());
  stats.load_s = since(t0);
  const auto t1 = Clock::now();
  std::vector<uint32_t> rep = ClusterJobs(all.records, config, &stats.cluster);
  // Job id = the smallest posting_id of the group (indexed by the group's representative).
  std::vector<int64_t> min_id(all.size(), INT64_MAX);
  for (size_t i = 0; i < all.size(); ++i) min_id[rep[i]] = std::min(min_id[rep[i]], all.records[i].posting_id);
  std::vector<JobIdUpdate> updates;
  for (size_t i = 0; i < all.size(); ++i) {
    int64_t job = min_id[rep[i]];
    if (job != all.job_ids[i]) updates.push_back({all.records[i].posting_id, job});
  }
  std::sort(updates.begin(), updates.end(),
            [](const JobIdUpdate& a, const JobIdUpdate& b) { return a.posting_id < b.posting_id; });
  stats.updated = static_cast<int64_t>(updates.size());
  stats.cluster_s = since(t1);
  const auto t2 = Clock::now();
  SP_TRY(store.SetJobIds(updates));
  stats.write_s = since(t2);
  return stats;
}

std::string EncodeMinHash(const MinHashSignature& sig) {
  std::string out(2 * kMinHashSize, '\0');
  for (int i = 0; i < kMinHashSize; ++i) {
    out[2 * i] = static_cast<char>(sig.values[i] & 0xFF);
    out[2 * i + 1] = static_cast<char>(sig.values[i] >> 8);
  }
  return out;
}

bool DecodeMinHash(std::string_view bytes, MinHashSignature& sig) {
  if (bytes.size() != 2 * kMinHashSize) return false;
  for (int i = 0; i < kMinHashSize; ++i) {
    sig.values[i] = static_cast<uint16_t>(static_cast<unsigned char>(bytes[2 * i]) |
                                          (static_cast<unsigned char>(bytes[2 * i + 1]) << 8));
  }
  return true;
}

int DedupFlags(const DedupRecord& r) {
  return (r.url_is_ats ? kDedupFlagAtsUrl : 0) | (r.remote ? kDedupFlagRemote : 0) |
         (r.no_location ? kDedupFlagNoLocation : 0) | (r.multi_role ? kDedupFlagMultiRole : 0);
}

void SetDedupFlags(int flags, DedupRecord& r) {
  r.url_is_ats = (flags & kDedupFlagAtsUrl) != 0;
  r.remote = (flags & kDedupFlagRemote) != 0;
  r.no_location = (flags & kDedupFlagNoLocation) != 0;
  r.multi_role = (flags & kDedupFlagMultiRole) != 0;
}

}  // namespace skillpulse

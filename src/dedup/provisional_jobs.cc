#include "dedup/provisional_jobs.h"

#include <algorithm>

#include "dedup/cluster.h"
#include "dedup/job_assigner.h"  // DedupFlags

namespace skillpulse {
namespace {

constexpr uint32_t kNoEntry = ~uint32_t{0};
constexpr size_t kChunkEntries = 4096;
constexpr uint8_t kHasCompany = 16;  // beside the DedupFlags bits (1, 2, 4, 8)

}  // namespace

// What MatchPair reads of an earlier posting, without its block (the chain it is on is the
// block's) and company key (the block implies it): 192 bytes instead of DedupRecord's 208.
struct ProvisionalJobs::Entry {
  int64_t first_seen = 0, last_seen = 0;
  uint64_t location = 0, url = 0, requisition = 0;
  int64_t job_id = 0;
  MinHashSignature text;
  uint32_t prev = kNoEntry;  // the previous entry of the same block
  uint8_t flags = 0;
};
static_assert(sizeof(MinHashSignature) == 2 * kMinHashSize + 4);

ProvisionalJobs::ProvisionalJobs(const DedupConfig& config, ProvisionalJobsLimits limits)
    : config_(config), limits_(limits) {}

ProvisionalJobs::~ProvisionalJobs() = default;

ProvisionalJobs::Entry& ProvisionalJobs::At(uint32_t i) { return chunks_[i / kChunkEntries][i % kChunkEntries]; }
const ProvisionalJobs::Entry& ProvisionalJobs::At(uint32_t i) const {
  return chunks_[i / kChunkEntries][i % kChunkEntries];
}

int64_t ProvisionalJobs::Match(const DedupRecord& r) const {
  int64_t job = 0;
  auto take = [&](int64_t j) { job = job == 0 ? j : std::min(job, j); };
  if (r.url_is_ats && r.url != 0) {
    if (auto it = ats_job_.find(r.url); it != ats_job_.end()) take(it->second);
  }
  auto newest = newest_in_block_.find(r.block);
  if (newest == newest_in_block_.end()) return job;
  DedupRecord other;  // the earlier posting as MatchPair sees it
  other.block = r.block;
  uint32_t i = newest->second;
  for (int n = 0; n < limits_.block_members && i != kNoEntry; ++n) {
    const Entry& e = At(i);
    i = e.prev;
    if (job != 0 && e.job_id >= job) continue;  // cannot lower the answer
    other.first_seen = e.first_seen;
    other.last_seen = e.last_seen;
    other.location = e.location;
    other.url = e.url;
    other.requisition = e.requisition;
    other.company = (e.flags & kHasCompany) != 0 ? r.company : 0;
    other.text = e.text;
    SetDedupFlags(e.flags, other);
    if (MatchPair(r, other, config_) != MatchReason::kNone) take(e.job_id);
  }
  return job;
}

void ProvisionalJobs::Insert(int64_t posting_id, const DedupRecord& r, int64_t job_id) {
  (void)posting_id;  // the entry needs only its job; the id documents the write order
  static_assert(sizeof(Entry) <= 192, "kBytesPerRecord counts 192 bytes per entry");
  if (size_ >= limits_.max_records) return;
  if (size_ % kChunkEntries == 0) chunks_.push_back(std::make_unique<Entry[]>(kChunkEntries));
  const uint32_t index = static_cast<uint32_t>(size_++);
  Entry& e = At(index);
  e.first_seen = r.first_seen;
  e.last_seen = r.last_seen;
  e.location = r.location;
  e.url = r.url;
  e.requisition = r.requisition;
  e.job_id = job_id;
  e.text = r.text;
  e.flags = static_cast<uint8_t>(DedupFlags(r) | (r.company != 0 ? kHasCompany : 0));
  auto [newest, added] = newest_in_block_.try_emplace(r.block, index);
  e.prev = added ? kNoEntry : newest->second;
  newest->second = index;
  if (r.url_is_ats && r.url != 0) {
    auto [ats, fresh] = ats_job_.try_emplace(r.url, job_id);
    if (!fresh) ats->second = std::min(ats->second, job_id);
  }
}

int64_t ProvisionalJobs::Add(int64_t posting_id, const DedupRecord& r) {
  const int64_t matched = Match(r);
  const int64_t job = matched != 0 ? matched : posting_id;
  Insert(posting_id, r, job);
  return job;
}

size_t ProvisionalJobs::MemoryBytes() const {
  // A node of either map: key, value, next pointer, rounded up by the allocator.
  constexpr size_t kNodeBytes = 32;
  // An empty map's single bucket is not allocated.
  auto buckets = [](const auto& map) { return map.bucket_count() > 1 ? map.bucket_count() : 0; };
  return chunks_.size() * kChunkEntries * sizeof(Entry) + chunks_.capacity() * sizeof(void*) +
         (newest_in_block_.size() + ats_job_.size()) * kNodeBytes +
         (buckets(newest_in_block_) + buckets(ats_job_)) * sizeof(void*);
}

void ProvisionalJobs::Clear() {
  std::vector<std::unique_ptr<Entry[]>>().swap(chunks_);
  size_ = 0;
  std::unordered_map<uint64_t, uint32_t>().swap(newest_in_block_);
  std::unordered_map<uint64_t, int64_t>().swap(ats_job_);
}

}  // namespace skillpulse

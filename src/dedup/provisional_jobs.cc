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
// The chain walk and MatchPair's early exits read only the first 56 bytes (one cache line).
struct alignas(64) ProvisionalJobs::Entry {
  uint32_t prev = kNoEntry;  // the previous entry of the same block
  uint8_t flags = 0;
  int64_t job_id = 0;
  int64_t first_seen = 0, last_seen = 0;
  uint64_t location = 0, url = 0, requisition = 0;
  MinHashSignature text;
};
static_assert(sizeof(MinHashSignature) == 2 * kMinHashSize + 4);

template <class V>
const V* ProvisionalJobs::KeyTable<V>::Find(uint64_t key) const {
  if (slots_.empty() || key == 0) return nullptr;
  const size_t mask = slots_.size() - 1;
  // Keys are hashes already (KeyHash); the multiply spreads any regularity of their low bits.
  for (size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;; i = (i + 1) & mask) {
    if (slots_[i].key == key) return &slots_[i].value;
    if (slots_[i].key == 0) return nullptr;
  }
}

template <class V>
std::pair<V*, bool> ProvisionalJobs::KeyTable<V>::TryEmplace(uint64_t key, V value) {
  if (2 * (size_ + 1) > slots_.size()) Grow();
  const size_t mask = slots_.size() - 1;
  for (size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;; i = (i + 1) & mask) {
    if (slots_[i].key == key) return {&slots_[i].value, false};
    if (slots_[i].key == 0) {
      slots_[i] = Slot{key, value};
      ++size_;
      return {&slots_[i].value, true};
    }
  }
}

template <class V>
void ProvisionalJobs::KeyTable<V>::Grow() {
  std::vector<Slot> old(std::max<size_t>(64, 2 * slots_.size()));
  old.swap(slots_);
  size_ = 0;
  for (const Slot& s : old) {
    if (s.key != 0) TryEmplace(s.key, s.value);
  }
}

ProvisionalJobs::ProvisionalJobs(const DedupConfig& config, ProvisionalJobsLimits limits)
    : config_(config), limits_(limits) {}

ProvisionalJobs::~ProvisionalJobs() = default;

ProvisionalJobs::Entry& ProvisionalJobs::At(uint32_t i) { return chunks_[i / kChunkEntries][i % kChunkEntries]; }
const ProvisionalJobs::Entry& ProvisionalJobs::At(uint32_t i) const {
  return chunks_[i / kChunkEntries][i % kChunkEntries];
}

int64_t ProvisionalJobs::Resolve(int64_t job_id) const {
  // Job ids are positive, so they are valid KeyTable keys; chains are short (each join points to
  // a smaller id).
  while (const int64_t* into = joined_into_.Find(static_cast<uint64_t>(job_id))) job_id = *into;
  return job_id;
}

ProvisionalJobs::Guess ProvisionalJobs::Match(const DedupRecord& r) const {
  Guess g;
  auto take = [&](int64_t job) {
    job = Resolve(job);
    if (job == g.job_id) return;
    for (int k = 0; k < g.also_count; ++k) {
      if (g.also[k] == job) return;
    }
    int64_t other = job;
    if (g.job_id == 0 || job < g.job_id) std::swap(other, g.job_id);
    if (other != 0 && g.also_count < 3) g.also[g.also_count++] = other;
  };
  if (r.url_is_ats) {
    if (const int64_t* ats = ats_job_.Find(r.url)) take(*ats);
  }
  const uint32_t* newest = newest_in_block_.Find(r.block);
  if (newest == nullptr) return g;
  DedupRecord other;  // the earlier posting as MatchPair sees it
  other.block = r.block;
  uint32_t i = *newest;
  for (int n = 0; n < limits_.block_members && i != kNoEntry; ++n) {
    const Entry& e = At(i);
    i = e.prev;
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
  return g;
}

void ProvisionalJobs::Insert(int64_t posting_id, const DedupRecord& r, const Guess& guess) {
  static_assert(sizeof(Entry) == 192, "kBytesPerRecord counts 192 bytes per entry");
  if (size_ >= limits_.max_records || r.block == 0) return;  // block 0: not from ComputeDedupRecord
  const int64_t job_id = guess.job_id != 0 ? guess.job_id : posting_id;
  for (int k = 0; k < guess.also_count; ++k) {
    if (guess.also[k] > job_id) joined_into_.TryEmplace(static_cast<uint64_t>(guess.also[k]), job_id);
  }
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
  auto [newest, added] = newest_in_block_.TryEmplace(r.block, index);
  e.prev = added ? kNoEntry : *newest;
  *newest = index;
  if (r.url_is_ats && r.url != 0) {
    auto [ats, fresh] = ats_job_.TryEmplace(r.url, job_id);
    if (!fresh) *ats = std::min(Resolve(*ats), job_id);
  }
}

int64_t ProvisionalJobs::Add(int64_t posting_id, const DedupRecord& r) {
  const Guess guess = Match(r);
  Insert(posting_id, r, guess);
  return guess.job_id != 0 ? guess.job_id : posting_id;
}

size_t ProvisionalJobs::MemoryBytes() const {
  return chunks_.size() * kChunkEntries * sizeof(Entry) + chunks_.capacity() * sizeof(void*) +
         newest_in_block_.bytes() + ats_job_.bytes() + joined_into_.bytes();
}

void ProvisionalJobs::Clear() {
  std::vector<std::unique_ptr<Entry[]>>().swap(chunks_);
  size_ = 0;
  newest_in_block_.Clear();
  ats_job_.Clear();
  joined_into_.Clear();
}

}  // namespace skillpulse

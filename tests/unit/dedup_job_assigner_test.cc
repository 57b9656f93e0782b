// Incremental job assignment: after any sequence of additions and changes, the stored job ids
// group postings exactly as clustering all of them from scratch would.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "dedup/job_assigner.h"
#include "dedup/normalize.h"
#include "dedup/provisional_jobs.h"

namespace skillpulse {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kT0 = 1'704'067'200;

// The store interface over a map, with the indexes a real store has.
class MemoryState : public DedupStateStore {
 public:
  std::map<int64_t, DedupRecord> records;
  std::map<int64_t, int64_t> job;  // posting_id -> job_id
  int64_t loads = 0;               // records returned by key lookups (not LoadAll)

  Status LoadByPostings(std::span<const int64_t> ids, StoredDedupRecords& out) override {
    for (int64_t id : ids) Emit(id, out);
    return Status::Ok();
  }
  Status LoadByBlocks(std::span<const uint64_t> blocks, StoredDedupRecords& out) override {
    std::set<uint64_t> want(blocks.begin(), blocks.end());
    for (const auto& [id, r] : records) {
      if (want.count(r.block)) Emit(id, out);
    }
    return Status::Ok();
  }
  Status LoadByUrls(std::span<const uint64_t> urls, StoredDedupRecords& out) override {
    std::set<uint64_t> want(urls.begin(), urls.end());
    for (const auto& [id, r] : records) {
      if (r.url != 0 && want.count(r.url)) Emit(id, out);
    }
    return Status::Ok();
  }
  Status LoadByJobs(std::span<const int64_t> jobs, StoredDedupRecords& out) override {
    std::set<int64_t> want(jobs.begin(), jobs.end());
    for (const auto& [id, j] : job) {
      if (want.count(j)) Emit(id, out);
    }
    return Status::Ok();
  }
  Status LoadAll(StoredDedupRecords& out) override {
    for (const auto& [id, r] : records) out.Add(r, JobOf(id));
    return Status::Ok();
  }
  Result<int64_t> CountRecords() override { return static_cast<int64_t>(records.size()); }
  Status SetJobIds(std::span<const JobIdUpdate> updates) override {
    for (const auto& u : updates) job[u.posting_id] = u.job_id;
    return Status::Ok();
  }

 private:
  int64_t JobOf(int64_t id) const {
    auto it = job.find(id);
    return it == job.end() ? 0 : it->second;
  }
  void Emit(int64_t id, StoredDedupRecords& out) {
    auto it = records.find(id);
    if (it == records.end()) return;
    out.Add(it->second, JobOf(id));
    ++loads;
  }
};

std::string Text(int v) {
  std::string t = "We build developer tools for data teams and we are hiring engineers who like hard problems in "
                  "distributed systems, storage engines and query planning; remote friendly, equity, good benefits.";
  for (int i = 0; i < v; ++i) t += " Team " + std::to_string(v) + " works on area " + std::to_string(i * 7) + ".";
  return t;
}

DedupRecord Random(std::mt19937& rng, int64_t id) {
  const char* companies[] = {"Acme", "Acme Inc", "Globex"};
  const char* titles[] = {"Engineer", "Senior Engineer", "Sr. Engineer"};
  const char* locations[] = {"Berlin", "Remote", "Remote (EU)", "Paris"};
  JobPosting p;
  p.source = "s" + std::to_string(rng() % 3);
  p.source_id = std::to_string(id);
  p.company = companies[rng() % 3];
  p.title = titles[rng() % 3];
  p.location = locations[rng() % 4];
  p.description_text = Text(static_cast<int>(rng() % 6));
  if (rng() % 8 == 0) p.apply_url = "https://jobs.lever.co/acme/00000000-0000-4000-8000-00000000000" + std::to_string(rng() % 4);
  DedupRecord r = ComputeDedupRecord(p, *DedupRules::Default(), DedupConfig{});
  r.posting_id = id;
  r.first_seen = r.last_seen = kT0 + static_cast<int64_t>(rng() % 240) * kDay;
  return r;
}

// The partition of posting ids by job id.
std::set<std::set<int64_t>> Partition(const std::map<int64_t, int64_t>& job) {
  std::map<int64_t, std::set<int64_t>> by;
  for (const auto& [p, j] : job) by[j].insert(p);
  std::set<std::set<int64_t>> out;
  for (auto& [j, s] : by) out.insert(s);
  return out;
}

std::set<std::set<int64_t>> FromScratch(const MemoryState& s) {
  std::vector<DedupRecord> all;
  for (const auto& [id, r] : s.records) all.push_back(r);
  auto rep = ClusterJobs(all, DedupConfig{});
  std::map<int64_t, int64_t> job;
  for (size_t i = 0; i < all.size(); ++i) job[all[i].posting_id] = all[rep[i]].posting_id;
  return Partition(job);
}

// How a new posting's job id is stored before AssignJobs: 0 (not assigned), its own id (what
// the stores read back for NULL), or the ProvisionalJobs guess of the run's index (what the
// stores' writers store).
enum class NewJobId { kUnassigned, kOwn, kProvisional };

// 30 rounds (store runs) of new, changed and re-observed postings, each followed by AssignJobs
// on the dirty ones; returns the job ids written.
int64_t IncrementalRounds(NewJobId new_job_id) {
  std::mt19937 rng(11);
  MemoryState s;
  int64_t next_id = 1, updated = 0;
  for (int round = 0; round < 30; ++round) {
    std::vector<int64_t> dirty;
    ProvisionalJobs guesses{DedupConfig{}};
    // New postings.
    for (int i = 0, n = static_cast<int>(rng() % 20) + 1; i < n; ++i) {
      int64_t id = next_id++;
      s.records[id] = Random(rng, id);
      if (new_job_id == NewJobId::kOwn) s.job[id] = id;
      if (new_job_id == NewJobId::kProvisional) s.job[id] = guesses.Add(id, s.records[id]);
      dirty.push_back(id);
    }
    // Changed postings (new text/title/location: links may break, jobs may split) and
    // re-observed ones (wider interval).
    for (int i = 0; i < 3 && next_id > 5; ++i) {
      int64_t id = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(next_id - 1));
      if (rng() % 2) {
        DedupRecord r = Random(rng, id);
        r.first_seen = s.records[id].first_seen;
        r.last_seen = s.records[id].last_seen;
        s.records[id] = r;
      } else {
        s.records[id].last_seen += 20 * kDay;
      }
      dirty.push_back(id);
    }
    auto a = AssignJobs(s, dirty, DedupConfig{}, /*full_scan_fraction=*/2.0);  // never a full scan
    EXPECT_TRUE(a.ok());
    if (!a.ok()) return -1;
    EXPECT_FALSE(a->loaded_all);
    updated += a->updated;
    EXPECT_EQ(s.job.size(), s.records.size());
    EXPECT_EQ(Partition(s.job), FromScratch(s)) << "round " << round;
    // Job id = the smallest posting id of the job.
    std::map<int64_t, int64_t> min_of;
    for (const auto& [p, j] : s.job) min_of[j] = min_of.count(j) ? std::min(min_of[j], p) : p;
    for (const auto& [j, m] : min_of) EXPECT_EQ(j, m);
  }
  return updated;
}

TEST(AssignJobs, IncrementalEqualsFromScratch) { EXPECT_GT(IncrementalRounds(NewJobId::kUnassigned), 0); }

// Stored guesses change nothing but the number of job ids written: the same jobs every round.
// (Here most new postings join jobs of earlier rounds, which a run's index does not know, so
// the guesses save few writes; the bulk load below is where they pay.)
TEST(AssignJobs, IncrementalEqualsFromScratchWithProvisionalJobs) {
  EXPECT_GE(IncrementalRounds(NewJobId::kProvisional), 0);
}

// A bulk load into an empty store (one run, one AssignJobs over everything): with the guesses
// stored, the pass writes less than half the job ids it writes without them, and the jobs are
// the same.
TEST(AssignJobs, BulkLoadWithProvisionalJobsWritesFewerIds) {
  auto load = [](NewJobId new_job_id) -> int64_t {
    std::mt19937 rng(5);
    MemoryState s;
    ProvisionalJobs guesses{DedupConfig{}};
    std::vector<int64_t> ids;
    for (int64_t id = 1; id <= 400; ++id) {
      s.records[id] = Random(rng, id);
      s.job[id] = new_job_id == NewJobId::kProvisional ? guesses.Add(id, s.records[id]) : id;
      ids.push_back(id);
    }
    auto a = AssignJobs(s, ids, DedupConfig{});
    EXPECT_TRUE(a.ok());
    EXPECT_EQ(Partition(s.job), FromScratch(s));
    return a.ok() ? a->updated : -1;
  };
  const int64_t without = load(NewJobId::kOwn);
  const int64_t with = load(NewJobId::kProvisional);
  EXPECT_GE(with, 0);
  EXPECT_LT(2 * with, without) << "with " << with << ", without " << without;
}

TEST(AssignJobs, NothingPendingChangesNothingAndRepeatsAreStable) {
  std::mt19937 rng(3);
  MemoryState s;
  std::vector<int64_t> ids;
  for (int64_t id = 1; id <= 200; ++id) {
    s.records[id] = Random(rng, id);
    ids.push_back(id);
  }
  auto first = AssignJobs(s, ids, DedupConfig{});
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->loaded_all);
  auto jobs = s.job;
  auto none = AssignJobs(s, {}, DedupConfig{});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->updated, 0);
  auto again = AssignJobs(s, ids, DedupConfig{});  // the same data again
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(s.job, jobs);
}

TEST(MinHashCodec, RoundTripAndWrongSize) {
  MinHashSignature a = ComputeMinHash(Text(3), 3), b;
  ASSERT_TRUE(DecodeMinHash(EncodeMinHash(a), b));
  EXPECT_EQ(a.values, b.values);
  EXPECT_FALSE(DecodeMinHash("abc", b));
  DedupRecord r;
  r.url_is_ats = true;
  r.no_location = true;
  DedupRecord back;
  SetDedupFlags(DedupFlags(r), back);
  EXPECT_TRUE(back.url_is_ats);
  EXPECT_FALSE(back.remote);
  EXPECT_TRUE(back.no_location);
}

}  // namespace
}  // namespace skillpulse

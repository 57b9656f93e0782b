// DeriveJobFacts (store/store_dedup.h): the jobs view's lifecycle of migration 0002, computed
// in memory from the posting facts. Expected values worked out by hand from the rules: a
// posting is closed at its stored closed_at, else at its last_seen when its source was seen
// more than one day (kClosedGraceS) after it; a job is closed only when all its postings are.
#include <gtest/gtest.h>

#include "store/store_dedup.h"

namespace skillpulse {
namespace {

constexpr int64_t kDay = 86400;

PostingFact Posting(int64_t id, int64_t job, uint16_t source, int64_t first, int64_t last, int64_t closed = 0) {
  PostingFact p;
  p.posting_id = id;
  p.job_id = job;
  p.source = source;
  p.first_seen = first;
  p.last_seen = last;
  p.closed_at = closed;
  return p;
}

TEST(DeriveJobFacts, SpansClosingRulesAndOrder) {
  FactTable t;
  t.sources = {"greenhouse:acme", "hn"};
  // Source 0 was last seen on day 30; source 1 on day 10.
  t.postings = {
      Posting(1, 7, 0, 1 * kDay, 30 * kDay),           // job 7: seen on the newest fetch: open
      Posting(2, 7, 1, 2 * kDay, 5 * kDay),            //   and an hn copy gone since day 5: closed
      Posting(3, 3, 0, 3 * kDay, 29 * kDay + 3600),    // job 3: 23 h before the newest fetch: within grace, open
      Posting(4, 4, 0, 4 * kDay, 20 * kDay),           // job 4: missing since day 20: closed at day 20
      Posting(5, 4, 1, 6 * kDay, 10 * kDay, 12 * kDay),  //   stored closed_at wins: closed at day 12
      Posting(6, 6, 1, 8 * kDay, 10 * kDay),           // job 6: its source's newest posting: open
  };
  DeriveJobFacts(t);
  ASSERT_EQ(t.jobs.size(), 4u);
  EXPECT_EQ(t.jobs[0].job_id, 3);
  EXPECT_EQ(t.jobs[0].closed_at, 0);
  EXPECT_EQ(t.jobs[0].postings, 1);

  EXPECT_EQ(t.jobs[1].job_id, 4);
  EXPECT_EQ(t.jobs[1].first_seen, 4 * kDay);
  EXPECT_EQ(t.jobs[1].last_seen, 20 * kDay);
  EXPECT_EQ(t.jobs[1].closed_at, 20 * kDay);  // the later of day 20 and day 12
  EXPECT_EQ(t.jobs[1].postings, 2);

  EXPECT_EQ(t.jobs[2].job_id, 6);
  EXPECT_EQ(t.jobs[2].closed_at, 0);

  EXPECT_EQ(t.jobs[3].job_id, 7);
  EXPECT_EQ(t.jobs[3].first_seen, 1 * kDay);
  EXPECT_EQ(t.jobs[3].last_seen, 30 * kDay);
  EXPECT_EQ(t.jobs[3].closed_at, 0);  // one posting still open
  EXPECT_EQ(t.jobs[3].postings, 2);
}

TEST(DeriveJobFacts, EmptyTableHasNoJobsAndReplacesOldOnes) {
  FactTable t;
  t.jobs.push_back(JobFact{});
  DeriveJobFacts(t);
  EXPECT_TRUE(t.jobs.empty());
}

}  // namespace
}  // namespace skillpulse

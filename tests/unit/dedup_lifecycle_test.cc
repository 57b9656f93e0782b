// Job lifecycle: closing, spans over postings, monthly new/active counts.
#include <gtest/gtest.h>

#include "core/text.h"
#include "dedup/lifecycle.h"

namespace skillpulse {
namespace {

int64_t Day(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d) * 86400; }

TEST(Lifecycle, PostingClosesWhenItsSourceMovedOn) {
  EXPECT_EQ(PostingClosedAt(Day(2024, 1, 2), Day(2024, 1, 2)), 0);           // the newest: open
  EXPECT_EQ(PostingClosedAt(Day(2024, 1, 2), Day(2024, 1, 2) + 3600), 0);    // within a day
  EXPECT_EQ(PostingClosedAt(Day(2024, 1, 2), Day(2024, 2, 1)), Day(2024, 1, 2));
}

TEST(Lifecycle, JobSpansItsPostings) {
  std::vector<SeenSpan> p = {{Day(2024, 1, 2), Day(2024, 1, 2), Day(2024, 1, 2)},
                             {Day(2024, 2, 1), Day(2024, 2, 20), Day(2024, 2, 20)}};
  SeenSpan j = JobSpan(p);
  EXPECT_EQ(j.first_seen, Day(2024, 1, 2));
  EXPECT_EQ(j.last_seen, Day(2024, 2, 20));
  EXPECT_EQ(j.closed_at, Day(2024, 2, 20));
  p.push_back({Day(2024, 3, 1), Day(2024, 3, 1), 0});  // one posting still open: the job is open
  EXPECT_EQ(JobSpan(p).closed_at, 0);
  EXPECT_EQ(JobSpan({}).closed_at, 0);
}

TEST(Lifecycle, MonthlyNewAndActive) {
  std::vector<SeenSpan> jobs = {
      {Day(2024, 1, 2), Day(2024, 3, 1), Day(2024, 3, 1)},  // Jan..Mar
      {Day(2024, 1, 20), Day(2024, 1, 20), Day(2024, 1, 20)},  // Jan only
      {Day(2024, 2, 5), Day(2024, 2, 5), 0},                // Feb, still open at "now" (Apr)
  };
  auto m = CountJobsByMonth(jobs, Day(2024, 4, 10));
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m["2024-01"].new_jobs, 2);
  EXPECT_EQ(m["2024-01"].active_jobs, 2);
  EXPECT_EQ(m["2024-02"].new_jobs, 1);
  EXPECT_EQ(m["2024-02"].active_jobs, 2);
  EXPECT_EQ(m["2024-03"].new_jobs, 0);
  EXPECT_EQ(m["2024-03"].active_jobs, 2);
  EXPECT_EQ(m["2024-04"].active_jobs, 1);
  EXPECT_TRUE(CountJobsByMonth({}, 0).empty());
}

}  // namespace
}  // namespace skillpulse

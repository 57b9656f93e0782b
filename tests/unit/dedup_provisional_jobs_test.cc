// The online job guess a store's writer stores with new rows (dedup/provisional_jobs.h): the
// rules of dedup/cluster.h applied to earlier postings, the per-block bound and the size cap.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "dedup/provisional_jobs.h"
#include "dedup/normalize.h"
#include "dedup/record.h"

namespace skillpulse {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kT0 = 1'704'067'200;  // 2024-01-01

// A description long enough to shingle; `variant` appends a few sentences (a near-duplicate).
std::string Text(int variant = 0) {
  std::string t =
      "We build the billing platform thousands of small businesses run on. As a backend engineer you will design "
      "and operate the services that send invoices, collect payments and reconcile ledgers, mostly in Go and "
      "PostgreSQL. You will own features from the first design note to production, review code with a small "
      "team, and take part in an on-call rotation that pages rarely. We pay well, work remotely across European "
      "time zones and meet twice a year. Tell us about a system you built and what you would change about it.";
  for (int i = 0; i < variant; ++i) t += " Extra paragraph number " + std::to_string(i) + " about our roadmap.";
  return t;
}

// An unrelated description of the same length class.
std::string OtherText() {
  return "Our clinic network is hiring a data analyst to build dashboards on patient flow, staffing and supply "
         "costs. You will write SQL against the warehouse, model the metrics with the operations team and present "
         "them monthly to regional directors. Experience with Tableau or Looker and a habit of checking numbers "
         "twice matter more than a degree. The role is on site in Lyon, four days a week, with a relocation budget.";
}

DedupRecord Rec(std::string company, std::string title, std::string location, std::string text, int64_t seen,
                std::string url = "") {
  JobPosting p;
  p.source = "test";
  p.source_id = title + "|" + location + "|" + std::to_string(seen);
  p.company = std::move(company);
  p.title = std::move(title);
  p.location = std::move(location);
  p.description_text = std::move(text);
  p.url = std::move(url);
  DedupRecord r = ComputeDedupRecord(p, *DedupRules::Default(), DedupConfig{});
  r.first_seen = r.last_seen = seen;
  return r;
}

TEST(ProvisionalJobs, SameAtsJobIdJoinsTheEarlierPostingsJob) {
  ProvisionalJobs jobs{DedupConfig{}};
  // The same Greenhouse job (gh_jid 5175558) under two company names and titles: two blocks.
  EXPECT_EQ(jobs.Add(10, Rec("Asana Early Career Programs", "Data Science Internship", "NYC", "", kT0,
                             "https://boards.greenhouse.io/earlycareerprograms/jobs/5175558")),
            10);
  EXPECT_EQ(jobs.Add(11, Rec("Globex", "Welder", "Ohio", OtherText(), kT0)), 11);
  EXPECT_EQ(jobs.Add(12, Rec("Asana", "NYC Summer Data Science Internship", "NYC", "", kT0 + 40 * kDay,
                             "https://www.asana.com/jobs/apply/5175558?gh_jid=5175558")),
            10);
  // Another Greenhouse id in a block of its own: a job of its own.
  EXPECT_EQ(jobs.Add(13, Rec("Initech", "Data Science Internship", "NYC", "", kT0,
                             "https://boards.greenhouse.io/initech/jobs/5175421")),
            13);
  EXPECT_EQ(jobs.size(), 4u);
}

TEST(ProvisionalJobs, NearDuplicateTextInTheSameBlockTakesTheEarlierJob) {
  ProvisionalJobs jobs{DedupConfig{}};
  EXPECT_EQ(jobs.Add(1, Rec("Acme", "Backend Engineer", "Berlin", Text(), kT0)), 1);
  EXPECT_EQ(jobs.Add(2, Rec("Acme", "Data Analyst", "Berlin", OtherText(), kT0)), 2);
  // A copy with an extra paragraph a week later, on another board: posting 1's job.
  EXPECT_EQ(jobs.Add(3, Rec("Acme, Inc.", "Backend Engineer", "Berlin", Text(2), kT0 + 7 * kDay)), 1);
  // And one matching posting 3 (the same job): still job 1.
  EXPECT_EQ(jobs.Add(4, Rec("Acme", "Backend Engineer", "Berlin", Text(1), kT0 + 9 * kDay)), 1);
  // The same title and text elsewhere is another job (multi-location hiring), and so is
  // another text under the same title.
  EXPECT_EQ(jobs.Add(5, Rec("Acme", "Backend Engineer", "Austin, TX", Text(), kT0)), 5);
  EXPECT_EQ(jobs.Add(6, Rec("Acme", "Backend Engineer", "Berlin", OtherText(), kT0)), 6);
  // Outside the 60-day repost window of every Berlin posting: a new job.
  EXPECT_EQ(jobs.Add(7, Rec("Acme", "Backend Engineer", "Berlin", Text(), kT0 + 80 * kDay)), 7);
}

TEST(ProvisionalJobs, SmallestMatchingJobWinsAndJoinsTheOthers) {
  ProvisionalJobs jobs{DedupConfig{}};
  // Two postings 70 days apart do not match each other, but a third between them matches both.
  EXPECT_EQ(jobs.Add(5, Rec("Acme", "Backend Engineer", "Berlin", Text(), kT0 + 70 * kDay)), 5);
  EXPECT_EQ(jobs.Add(6, Rec("Acme", "Backend Engineer", "Berlin", Text(), kT0)), 6);
  EXPECT_EQ(jobs.Add(7, Rec("Acme", "Backend Engineer", "Berlin", Text(), kT0 + 35 * kDay)), 5);
  // One that matches only posting 6 (30 days before it, 65 before posting 7): job 6 is job 5 now.
  EXPECT_EQ(jobs.Add(8, Rec("Acme", "Backend Engineer", "Berlin", Text(), kT0 - 30 * kDay)), 5);
  // The same through an ATS id: 9 and 10 are two jobs until 11 carries both keys' evidence.
  const std::string a = "https://boards.greenhouse.io/acme/jobs/4001";
  const std::string b = "https://boards.greenhouse.io/acme/jobs/4002";
  EXPECT_EQ(jobs.Add(9, Rec("Acme", "Data Engineer", "Paris", OtherText(), kT0, a)), 9);
  EXPECT_EQ(jobs.Add(10, Rec("Acme", "Data Engineer", "Lyon", OtherText(), kT0, b)), 10);
  EXPECT_EQ(jobs.Add(11, Rec("Acme", "Data Engineer", "Lyon", OtherText(), kT0 + kDay, a)), 9);  // a, and 10's text
  EXPECT_EQ(jobs.Add(12, Rec("Acme", "Staff Engineer", "Rome", "", kT0, b)), 9);
}

TEST(ProvisionalJobs, DifferentRequisitionIdsDoNotJoin) {
  ProvisionalJobs jobs{DedupConfig{}};
  EXPECT_EQ(jobs.Add(1, Rec("Acme", "Engineer", "Berlin", Text() + " Req ID: R100200-1", kT0)), 1);
  EXPECT_EQ(jobs.Add(2, Rec("Acme", "Engineer", "Berlin", Text() + " Req ID: R100200-2", kT0)), 2);
  EXPECT_EQ(jobs.Add(3, Rec("Acme", "Engineer", "Berlin", Text() + " Req ID: R100200-2", kT0 + kDay)), 2);
  // No requisition id on one side is no evidence either way: the smallest matching job.
  EXPECT_EQ(jobs.Add(4, Rec("Acme", "Engineer", "Berlin", Text(), kT0 + kDay)), 1);
}

TEST(ProvisionalJobs, ComparesOnlyTheMostRecentMembersOfABlock) {
  auto run = [](int block_members) {
    ProvisionalJobsLimits limits;
    limits.block_members = block_members;
    ProvisionalJobs jobs{DedupConfig{}, limits};
    jobs.Add(1, Rec("Acme", "Engineer", "Berlin", Text(), kT0));
    // Three postings of the same company and title elsewhere: the block's newer members.
    jobs.Add(2, Rec("Acme", "Engineer", "Paris", Text(), kT0));
    jobs.Add(3, Rec("Acme", "Engineer", "Rome", Text(), kT0));
    jobs.Add(4, Rec("Acme", "Engineer", "Madrid", Text(), kT0));
    return jobs.Add(5, Rec("Acme", "Engineer", "Berlin", Text(1), kT0 + kDay));
  };
  EXPECT_EQ(run(64), 1);
  EXPECT_EQ(run(4), 1);  // posting 1 is the 4th most recent member
  EXPECT_EQ(run(3), 5);  // out of reach: a guess of its own (AssignJobs still joins them)
}

TEST(ProvisionalJobs, StopsIndexingAtTheCapButStillMatches) {
  ProvisionalJobsLimits limits;
  limits.max_records = 2;
  ProvisionalJobs jobs{DedupConfig{}, limits};
  EXPECT_EQ(jobs.Add(1, Rec("Acme", "Engineer", "Berlin", Text(), kT0)), 1);
  EXPECT_EQ(jobs.Add(2, Rec("Globex", "Analyst", "Lyon", OtherText(), kT0)), 2);
  EXPECT_EQ(jobs.Add(3, Rec("Initech", "Engineer", "Austin, TX", Text(), kT0)), 3);  // not indexed
  EXPECT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs.Add(4, Rec("Acme", "Engineer", "Berlin", Text(1), kT0)), 1);
  EXPECT_EQ(jobs.Add(5, Rec("Initech", "Engineer", "Austin, TX", Text(1), kT0)), 5);  // 3 is unknown
  EXPECT_EQ(jobs.size(), 2u);
}

TEST(ProvisionalJobs, ThousandsOfBlocksAndAtsIds) {
  ProvisionalJobs jobs{DedupConfig{}};
  constexpr int kN = 3000;
  // Company c posts one job with a Lever id and one without; both are reposted later.
  auto lever = [](int c) {
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "%08x-41fc-40c9-b31d-02c6cb1c505c", c);
    return std::string("https://jobs.lever.co/x/") + uuid;
  };
  for (int c = 0; c < kN; ++c) {
    const std::string company = "Company " + std::to_string(c);
    ASSERT_EQ(jobs.Add(2 * c + 1, Rec(company, "Engineer", "Berlin", Text(), kT0, lever(c))), 2 * c + 1);
    ASSERT_EQ(jobs.Add(2 * c + 2, Rec(company, "Analyst", "Lyon", OtherText(), kT0)), 2 * c + 2);
  }
  for (int c = 0; c < kN; ++c) {
    const std::string company = "Company " + std::to_string(c);
    // The Lever id alone (another title: another block), and the same text in the same block.
    EXPECT_EQ(jobs.Add(2 * kN + 2 * c + 1, Rec(company + " Labs", "Backend Lead", "Paris", "", kT0, lever(c))),
              2 * c + 1);
    EXPECT_EQ(jobs.Add(2 * kN + 2 * c + 2, Rec(company, "Analyst", "Lyon", OtherText(), kT0 + kDay)), 2 * c + 2);
  }
  EXPECT_EQ(jobs.size(), 4u * kN);
  EXPECT_LE(jobs.MemoryBytes(), 4 * kN * ProvisionalJobs::kBytesPerRecord + (size_t{1} << 20));  // + one chunk
}

TEST(ProvisionalJobs, MatchDoesNotIndexAndClearForgets) {
  ProvisionalJobs jobs{DedupConfig{}};
  const DedupRecord a = Rec("Acme", "Engineer", "Berlin", Text(), kT0);
  EXPECT_EQ(jobs.Match(a).job_id, 0);
  jobs.Insert(7, a, ProvisionalJobs::Guess{});
  EXPECT_EQ(jobs.Match(Rec("Acme", "Engineer", "Berlin", Text(1), kT0)).job_id, 7);
  EXPECT_EQ(jobs.size(), 1u);
  EXPECT_GE(jobs.MemoryBytes(), 192u);
  jobs.Clear();
  EXPECT_EQ(jobs.size(), 0u);
  EXPECT_EQ(jobs.MemoryBytes(), 0u);
  EXPECT_EQ(jobs.Match(a).job_id, 0);
}

}  // namespace
}  // namespace skillpulse

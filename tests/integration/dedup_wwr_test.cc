// The We Work Remotely feeds of 2022-11 (/work/shared/data/rss_weworkremotely_2022-11): 12 feeds,
// 628 <item>s, 503 distinct guids/links, because a job is listed in "all jobs" and in its
// category feeds. Read by reading the feeds (python3 + ElementTree): only four titles (compared
// case- and whitespace-insensitively) appear under two different links:
//   "Housecall Pro: Ruby on Rails Engineer (Mid-Senior)"  Latin America Only / Europe Only,
//       posted 4 minutes apart: the same ad for two regions, two jobs (multi-location hiring)
//   "amazee.io: DevOps Engineer "  Americas Only / Oceania Only, 5 minutes apart: two jobs
//   "Clevertech: Senior Full Stack Engineer - Javascript"  both Anywhere in the World, Oct 17
//       and Nov 7 (links ...-10 and ...-11), 82 % of their 3-word shingles shared: a repost of
//       one job
//   "Clevertech: Senior DevOps Engineer" (the second with a trailing space) likewise: Oct 17 and
//       Nov 7, links ...-10 and ...-11, 84 % of shingles shared: one job
// One guid (ar-workflow-customer-success-onboarding-specialist-saas) is "Latin America Only" in
// one feed and "Anywhere in the World" in another: still one posting, one job.
// So the feeds hold 501 jobs.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "../../bench/dedup_corpus.h"
#include "core/input.h"
#include "dedup/cluster.h"
#include "dedup/normalize.h"
#include "dedup/record.h"
#include "enrich/skills/taxonomy.h"
#include "store/store.h"
#include "test_util.h"

namespace skillpulse {
namespace {

std::vector<JobPosting> ReadFeeds() {
  std::vector<JobPosting> out;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(testing::SharedData("rss_weworkremotely_2022-11"))) {
    files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto in = InputStream::Open(f);
    EXPECT_TRUE(in.ok()) << f;
    if (!in.ok()) continue;
    std::string body;
    char buf[1 << 16];
    for (;;) {
      auto n = (*in)->Read(buf, sizeof buf);
      if (!n.ok() || *n == 0) break;
      body.append(buf, *n);
    }
    bench::ForEachRssItem(body, [&](JobPosting&& p) {
      p.source = std::filesystem::path(f).filename().string();  // one source per feed
      out.push_back(std::move(p));
    });
  }
  return out;
}

TEST(DedupWwr, FeedsHold501Jobs) {
  if (!testing::HaveShared("rss_weworkremotely_2022-11")) GTEST_SKIP() << "shared WWR feeds not found";
  std::vector<JobPosting> items = ReadFeeds();
  ASSERT_EQ(items.size(), 628u);
  std::vector<DedupRecord> records;
  for (const auto& p : items) {
    DedupRecord r = ComputeDedupRecord(p, *DedupRules::Default(), DefaultDedupConfig());
    r.first_seen = r.last_seen = p.posted_at.value_or(0);
    records.push_back(r);
  }
  auto rep = ClusterJobs(records, DefaultDedupConfig());
  std::map<std::string, std::set<uint32_t>> job_of_link;
  std::set<uint32_t> jobs(rep.begin(), rep.end());
  for (size_t i = 0; i < items.size(); ++i) job_of_link[items[i].url].insert(rep[i]);
  EXPECT_EQ(job_of_link.size(), 503u);
  for (const auto& [link, js] : job_of_link) EXPECT_EQ(js.size(), 1u) << link;  // a link is one job
  EXPECT_EQ(jobs.size(), 501u);
  auto job = [&](const std::string& tail) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].url == "https://weworkremotely.com/remote-jobs/" + tail) return rep[i];
    }
    ADD_FAILURE() << tail;
    return UINT32_MAX;
  };
  EXPECT_NE(job("housecall-pro-ruby-on-rails-engineer-mid-senior"), job("housecall-pro-ruby-on-rails-engineer-mid-senior-1"));
  EXPECT_NE(job("amazee-io-devops-engineer-2"), job("amazee-io-devops-engineer-3"));
  EXPECT_EQ(job("clevertech-senior-full-stack-engineer-javascript-10"),
            job("clevertech-senior-full-stack-engineer-javascript-11"));
  EXPECT_EQ(job("clevertech-senior-devops-engineer-10"), job("clevertech-senior-devops-engineer-11"));
}

TEST(DedupWwr, ThroughTheStoreOnePostingPerGuid) {
  if (!testing::HaveShared("rss_weworkremotely_2022-11")) GTEST_SKIP() << "shared WWR feeds not found";
  testing::TempDir tmp;
  auto store = OpenSqliteStore(tmp.File("wwr.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->BeginRun(RunInfo{}, *Taxonomy::Default()).ok());
  PostingBatch batch;
  batch.capacity = 1000;
  for (JobPosting& p : ReadFeeds()) {
    p.source = "weworkremotely";  // one board: the same guid in two feeds is one posting
    batch.postings.push_back(std::move(p));
  }
  (*store)->Prepare(batch);
  ASSERT_TRUE((*store)->Write(batch).ok());
  Diagnostics diag(nullptr);
  ASSERT_TRUE((*store)->FinishRun(diag).ok());
  EXPECT_EQ((*store)->CountPostings().value(), 503);
  auto facts = (*store)->LoadFacts();
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(facts->jobs.size(), 501u);
  int64_t postings = 0;
  for (const auto& j : facts->jobs) postings += j.postings;
  EXPECT_EQ(postings, 503);
}

}  // namespace
}  // namespace skillpulse

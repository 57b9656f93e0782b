// ComputeDedupRecord keeps a per-thread memo of the keys it derives from a posting's company,
// title and location (dedup/record.cc KeysMemo). The memo must be invisible: a record never
// depends on what the thread computed before, nor on which rules the thread used before.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/paths.h"
#include "dedup/config.h"
#include "dedup/normalize.h"
#include "dedup/record.h"
#include "core/diagnostics.h"
#include "source_reader.h"
#include "test_util.h"

namespace skillpulse {
namespace {

// The first `limit` postings of the shared HN file, finalized as the pipeline's workers do.
std::vector<JobPosting> HnPostings(size_t limit) {
  if (!testing::HaveShared("hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst")) return {};
  Diagnostics diag(nullptr);
  std::vector<JobPosting> out = testing::ReadAll("hn:" + testing::HnFile(), diag);
  if (out.size() > limit) out.resize(limit);
  return out;
}

// Records of `postings` in the given order, on a thread of their own (a fresh memo).
std::vector<std::string> RecordsOnNewThread(const std::vector<JobPosting>& postings, const std::vector<size_t>& order,
                                            const DedupRules& rules) {
  std::vector<std::string> out(postings.size());
  std::thread t([&] {
    for (size_t i : order) out[i] = SerializeDedupRecord(ComputeDedupRecord(postings[i], rules, DefaultDedupConfig()));
  });
  t.join();
  return out;
}

TEST(DedupRecordMemo, RecordsOfRealPostingsDoNotDependOnWhatTheThreadComputedBefore) {
  const std::vector<JobPosting> postings = HnPostings(6000);
  if (postings.size() < 6000) GTEST_SKIP() << "shared HN data not found";
  // The memo is exercised: HN reposts repeat (company, title, location), and 6,000 postings
  // overflow its 4,096 entries (it is cleared once).
  std::set<std::tuple<std::string, std::string, std::string>> distinct;
  for (const auto& p : postings) distinct.emplace(p.company, p.title, p.location);
  ASSERT_LT(distinct.size(), postings.size() * 9 / 10);
  const DedupRules& rules = *DedupRules::Default();
  std::vector<size_t> forward(postings.size());
  for (size_t i = 0; i < forward.size(); ++i) forward[i] = i;
  std::vector<size_t> backward(forward.rbegin(), forward.rend());
  const auto a = RecordsOnNewThread(postings, forward, rules);
  const auto b = RecordsOnNewThread(postings, backward, rules);
  // Each posting alone on a fresh thread: no memo at all (every 50th, to keep the test short).
  for (size_t i = 0; i < postings.size(); i += 50) {
    const auto alone = RecordsOnNewThread(postings, {i}, rules);
    ASSERT_EQ(a[i], alone[i]) << "posting " << i << ": " << postings[i].company << " | " << postings[i].title;
  }
  for (size_t i = 0; i < postings.size(); ++i) ASSERT_EQ(a[i], b[i]) << "posting " << i;
}

TEST(DedupRecordMemo, TwoRuleSetsOnOneThreadKeepTheirOwnKeys) {
  // A copy of data/dedup without "labs" among the company suffixes: "Acme Labs" stays "acme labs".
  testing::TempDir tmp;
  const std::string dir = tmp.File("dedup");
  std::filesystem::create_directories(dir);
  for (const auto& e : std::filesystem::directory_iterator(DataFile("dedup"))) {
    std::filesystem::copy_file(e.path(), dir + "/" + e.path().filename().string());
  }
  {
    std::ifstream in(DataFile("dedup/company_suffixes.txt"));
    std::ofstream out(dir + "/company_suffixes.txt", std::ios::trunc);
    for (std::string line; std::getline(in, line);) {
      if (line != "labs") out << line << "\n";
    }
  }
  auto other = DedupRules::Load(dir);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  const DedupRules& std_rules = *DedupRules::Default();
  ASSERT_EQ(std_rules.CompanyKey("Acme Labs"), "acme");
  ASSERT_EQ((*other)->CompanyKey("Acme Labs"), "acme labs");
  JobPosting p;
  p.source = "test";
  p.source_id = "1";
  p.company = "Acme Labs";
  p.title = "Backend Engineer";
  p.location = "Berlin";
  std::thread t([&] {
    for (int round = 0; round < 3; ++round) {
      EXPECT_EQ(ComputeDedupRecord(p, std_rules, DefaultDedupConfig()).company, KeyHash("acme"));
      EXPECT_EQ(ComputeDedupRecord(p, **other, DefaultDedupConfig()).company, KeyHash("acme labs"));
    }
  });
  t.join();
}

}  // namespace
}  // namespace skillpulse

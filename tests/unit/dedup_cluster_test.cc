// Job grouping: union-find, the repost window, multi-location and seniority splits, URL
// identity, requisition ids, loose remote locations, and order independence.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "dedup/cluster.h"
#include "dedup/normalize.h"
#include "dedup/record.h"
#include "dedup/union_find.h"

namespace skillpulse {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kT0 = 1'704'067'200;  // 2024-01-01

// A description long enough to shingle; `variant` changes a few sentences.
std::string Text(int variant = 0) {
  std::string t =
      "Aha! is the world's #1 product development software. We help more than 1 million product builders bring "
      "their strategy to life. We are looking for an experienced Rails engineer who loves React and cares about "
      "quality. You will build features end to end, own them in production and work with a small remote team. "
      "We offer competitive salaries, a flexible schedule, great benefits and a culture of learning. Apply with "
      "your resume and a short note about something you built that you are proud of.";
  for (int i = 0; i < variant; ++i) t += " Extra paragraph number " + std::to_string(i) + " about our roadmap.";
  return t;
}

DedupRecord Rec(std::string company, std::string title, std::string location, std::string text, int64_t seen,
                std::string id, std::string url = "") {
  JobPosting p;
  p.source = "test";
  p.source_id = std::move(id);
  p.company = std::move(company);
  p.title = std::move(title);
  p.location = std::move(location);
  p.description_text = std::move(text);
  p.url = std::move(url);
  DedupRecord r = ComputeDedupRecord(p, *DedupRules::Default(), DedupConfig{});
  r.first_seen = r.last_seen = seen;
  return r;
}

// Partition as sets of record indexes, comparable across orders.
std::vector<std::vector<uint32_t>> Groups(const std::vector<uint32_t>& rep) {
  std::map<uint32_t, std::vector<uint32_t>> by;
  for (uint32_t i = 0; i < rep.size(); ++i) by[rep[i]].push_back(i);
  std::vector<std::vector<uint32_t>> out;
  for (auto& [r, v] : by) out.push_back(v);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(UnionFind, TransitiveGroupsWhateverTheOrder) {
  UnionFind uf(6);
  EXPECT_TRUE(uf.Union(0, 1));
  EXPECT_TRUE(uf.Union(3, 4));
  EXPECT_FALSE(uf.Union(1, 0));
  EXPECT_TRUE(uf.Union(1, 4));
  EXPECT_TRUE(uf.Same(0, 3));
  EXPECT_FALSE(uf.Same(0, 2));
  EXPECT_FALSE(uf.Same(5, 2));
  EXPECT_EQ(uf.Add(), 6u);
  EXPECT_FALSE(uf.Same(6, 0));
  UnionFind big(100000);
  for (uint32_t i = 1; i < 100000; ++i) big.Union(i - 1, i);  // a long chain stays shallow
  EXPECT_TRUE(big.Same(0, 99999));
}

TEST(ClusterJobs, MonthlyRepostsAreOneJobUntilTheWindowBreaks) {
  DedupConfig c;
  std::vector<DedupRecord> r;
  // Posted monthly Jan..Apr (gaps of ~30 days), then again 70 days after April.
  for (int m = 0; m < 4; ++m) r.push_back(Rec("Aha!", "Rails / React / Devops", "REMOTE", Text(), kT0 + m * 30 * kDay, "a" + std::to_string(m)));
  r.push_back(Rec("Aha!", "Rails / React / Devops", "REMOTE", Text(), kT0 + (90 + 70) * kDay, "late"));
  auto rep = ClusterJobs(r, c);
  for (int m = 1; m < 4; ++m) EXPECT_EQ(rep[m], rep[0]);
  EXPECT_NE(rep[4], rep[0]) << "70 days after the job's last_seen: a new job";
  c.repost_window_s = 80 * kDay;
  rep = ClusterJobs(r, c);
  EXPECT_EQ(rep[4], rep[0]);
}

TEST(ClusterJobs, WindowIsMeasuredFromLastSeen) {
  DedupConfig c;
  DedupRecord a = Rec("Acme", "Engineer", "Berlin", Text(), kT0, "a");
  a.last_seen = kT0 + 100 * kDay;  // seen for 100 days
  DedupRecord b = Rec("Acme", "Engineer", "Berlin", Text(), kT0 + 159 * kDay, "b");
  DedupRecord d = Rec("Acme", "Engineer", "Berlin", Text(), kT0 + 161 * kDay, "d");
  EXPECT_EQ(SeenGap(a, b), 59 * kDay);
  EXPECT_NE(MatchPair(a, b, c), MatchReason::kNone);
  EXPECT_EQ(MatchPair(a, d, c), MatchReason::kNone);
}

TEST(ClusterJobs, SameTextAtAnotherLocationOrSeniorityIsAnotherJob) {
  DedupConfig c;
  std::vector<DedupRecord> r = {
      Rec("Acme, Inc.", "Software Engineer", "New York, NY", Text(), kT0, "ny"),
      Rec("Acme", "Software Engineer", "NYC", Text(), kT0 + kDay, "nyc"),  // same job, other spelling
      Rec("ACME", "Software Engineer", "Austin, TX", Text(), kT0, "austin"),
      Rec("Acme", "Senior Software Engineer", "New York, NY", Text(), kT0, "senior"),
      Rec("Acme", "Sr. Software Engineer", "New York City", Text(), kT0 + 2 * kDay, "sr"),
  };
  auto rep = ClusterJobs(r, c);
  EXPECT_EQ(rep[0], rep[1]);
  EXPECT_NE(rep[0], rep[2]);
  EXPECT_NE(rep[0], rep[3]);
  EXPECT_EQ(rep[3], rep[4]);
  EXPECT_EQ(Groups(rep).size(), 3u);
}

TEST(ClusterJobs, DifferentTextSameTitleIsAnotherJob) {
  DedupConfig c;
  std::string other =
      "We build payment infrastructure for marketplaces. As a backend engineer you will design ledgers, write Go "
      "services, run Postgres at scale and join the on-call rotation. Five years of experience required. We are "
      "in-office three days a week in our Brooklyn studio and offer equity, health insurance and a learning budget.";
  auto rep = ClusterJobs(std::vector<DedupRecord>{Rec("Acme", "Software Engineer", "Berlin", Text(), kT0, "a"),
                                                  Rec("Acme", "Software Engineer", "Berlin", other, kT0, "b")},
                         c);
  EXPECT_NE(rep[0], rep[1]);
}

TEST(ClusterJobs, TruncatedAndExtendedCopiesMatch) {
  DedupConfig c;
  std::string full = Text(6);
  std::string truncated = full.substr(0, full.size() * 45 / 100) + " …";
  auto rep = ClusterJobs(std::vector<DedupRecord>{Rec("Acme", "Engineer", "Berlin", full, kT0, "a"),
                                                  Rec("Acme", "Engineer", "Berlin", truncated, kT0 + kDay, "b"),
                                                  Rec("Acme", "Engineer", "Berlin", full + " We are an equal opportunity employer.", kT0, "c")},
                         c);
  EXPECT_EQ(rep[0], rep[1]);
  EXPECT_EQ(rep[0], rep[2]);
}

TEST(ClusterJobs, MultiRolePostThatAddsOrDropsARoleIsAnotherJob) {
  // An HN post listing several roles ("Multiple Roles", or no role in the header): the repost
  // that drops a role is contained in the first (containment 1) but is another set of roles;
  // an unchanged repost is the same job.
  const std::string roles = Text() + " Open roles: Senior DevOps Engineer, remote in Europe, Kubernetes and Terraform. "
                            "Senior Web Designer, Figma and CSS, a portfolio please. Full Stack Engineer, C# and "
                            "TypeScript, London office twice a week.";
  const std::string dropped = Text() + " Open roles: Senior DevOps Engineer, remote in Europe, Kubernetes and Terraform.";
  for (const char* title : {"", "Multiple Roles"}) {
    auto rep = ClusterJobs(std::vector<DedupRecord>{Rec("OpenRent", title, "London, UK", roles, kT0, "a"),
                                                    Rec("OpenRent", title, "London, UK", dropped, kT0 + 30 * kDay, "b"),
                                                    Rec("OpenRent", title, "London, UK", roles, kT0 + 59 * kDay, "c")},
                           DedupConfig{});
    EXPECT_NE(rep[0], rep[1]) << title;
    EXPECT_EQ(rep[0], rep[2]) << title;
  }
  // The same post copied to another board days later, truncated by the board: one job.
  auto copy = ClusterJobs(std::vector<DedupRecord>{Rec("OpenRent", "", "London, UK", roles, kT0, "a"),
                                                   Rec("OpenRent", "", "London, UK", dropped, kT0 + 2 * kDay, "b")},
                          DedupConfig{});
  EXPECT_EQ(copy[0], copy[1]);
  // One role: the same shorter copy is a truncated ad of the same job.
  auto rep = ClusterJobs(std::vector<DedupRecord>{Rec("OpenRent", "DevOps Engineer", "London, UK", roles, kT0, "a"),
                                                  Rec("OpenRent", "DevOps Engineer", "London, UK", dropped, kT0 + 30 * kDay, "b")},
                         DedupConfig{});
  EXPECT_EQ(rep[0], rep[1]);
}

TEST(ClusterJobs, AtsJobIdLinksAcrossCompanyNamesAndTitles) {
  DedupConfig c;
  // Simplify listings f99b2299 / d0efbf35: the same Greenhouse job under two company names.
  std::vector<DedupRecord> r = {
      Rec("Asana Early Career Programs", "Data Science Internship", "NYC", "", kT0, "a",
          "https://boards.greenhouse.io/earlycareerprograms/jobs/5175558"),
      Rec("Asana", "NYC Summer Data Science Internship", "NYC", "", kT0 + 40 * kDay, "b",
          "https://www.asana.com/jobs/apply/5175558?gh_jid=5175558"),
      Rec("Asana", "NYC Summer Data Science Internship", "NYC", "", kT0, "c",
          "https://www.asana.com/jobs/apply/5175421?gh_jid=5175421"),
  };
  auto rep = ClusterJobs(r, c);
  EXPECT_EQ(rep[0], rep[1]);
  // Same company/title/location, no text, but another ATS id: listings without text match on
  // company, title, location and time (config.match_without_text).
  EXPECT_EQ(rep[2], rep[1]);
  c.match_without_text = false;
  rep = ClusterJobs(r, c);
  EXPECT_EQ(rep[0], rep[1]);
  EXPECT_NE(rep[2], rep[1]);
}

TEST(ClusterJobs, DifferentRequisitionIdsAreDifferentJobs) {
  DedupConfig c;
  auto rep = ClusterJobs(std::vector<DedupRecord>{Rec("Acme", "Engineer", "Berlin", Text() + " Req ID: R100200-1", kT0, "a"),
                                                  Rec("Acme", "Engineer", "Berlin", Text() + " Req ID: R100200-2", kT0, "b"),
                                                  Rec("Acme", "Engineer", "Berlin", Text() + " Req ID: R100200-1", kT0 + kDay, "c"),
                                                  Rec("Acme", "Engineer", "Berlin", Text(), kT0 + kDay, "d")},
                         c);
  EXPECT_NE(rep[0], rep[1]);
  EXPECT_EQ(rep[0], rep[2]);
  // No id on one side is no evidence either way: it joins the first requisition it matches.
  EXPECT_TRUE(rep[3] == rep[0] || rep[3] == rep[1]);
}

TEST(ClusterJobs, BareRemoteDoesNotChainDifferentScopes) {
  DedupConfig c;
  std::vector<DedupRecord> r = {
      Rec("NutriSense", "Senior Growth Marketing Manager", "Remote (US/Canada)", Text(), kT0, "a"),
      Rec("NutriSense", "Senior Growth Marketing Manager", "REMOTE", Text(), kT0 + kDay, "b"),
      Rec("NutriSense", "Senior Growth Marketing Manager", "Remote - California", Text(), kT0 + 2 * kDay, "c"),
  };
  auto rep = ClusterJobs(r, c);
  EXPECT_NE(rep[0], rep[2]);
  EXPECT_TRUE(rep[1] == rep[0] || rep[1] == rep[2]);
  c.remote_matches_remote_scope = false;
  rep = ClusterJobs(r, c);
  EXPECT_EQ(Groups(rep).size(), 3u);
  // A posting with no location at all is not remote: it does not match a scoped one by default.
  std::vector<DedupRecord> blank = {Rec("Acme", "Engineer", "", Text(), kT0, "x"),
                                    Rec("Acme", "Engineer", "Berlin", Text(), kT0, "y")};
  EXPECT_NE(ClusterJobs(blank, DedupConfig{})[0], ClusterJobs(blank, DedupConfig{})[1]);
  DedupConfig any;
  any.blank_location_matches_any = true;
  auto rep2 = ClusterJobs(blank, any);
  EXPECT_EQ(rep2[0], rep2[1]);
}

TEST(ClusterJobs, RemoteWorkModeWithoutLocationIsABareRemote) {
  // "Scratchpad | Senior Backend Engineers | Remote | Full-time": the HN header gives the work
  // mode, no location. It matches the same job's "Remote US & Canada" a month later, as a bare
  // "Remote" location would; without the work mode (no location at all) it does not.
  JobPosting p;
  p.source = "test";
  p.source_id = "a";
  p.company = "Scratchpad";
  p.title = "Senior Backend Engineer";
  p.description_text = Text();
  p.work_mode = WorkMode::kRemote;
  DedupRecord a = ComputeDedupRecord(p, *DedupRules::Default(), DedupConfig{});
  a.first_seen = a.last_seen = kT0;
  EXPECT_TRUE(a.remote);
  EXPECT_FALSE(a.no_location);
  p.work_mode = WorkMode::kUnknown;
  DedupRecord blank = ComputeDedupRecord(p, *DedupRules::Default(), DedupConfig{});
  blank.first_seen = blank.last_seen = kT0;
  DedupRecord b = Rec("Scratchpad", "Senior Backend Engineer", "Remote US & Canada", Text(), kT0 + 32 * kDay, "b");
  EXPECT_NE(MatchPair(a, b, DedupConfig{}), MatchReason::kNone);
  EXPECT_EQ(MatchPair(blank, b, DedupConfig{}), MatchReason::kNone);
}

TEST(ClusterJobs, WithoutCompanyOnlyNearIdenticalTextMatches) {
  DedupConfig c;
  auto rep = ClusterJobs(std::vector<DedupRecord>{Rec("", "", "", Text(), kT0, "a"), Rec("", "", "", Text(), kT0, "b"),
                                                  Rec("", "", "", Text(3), kT0, "c"), Rec("", "", "", "", kT0, "d"),
                                                  Rec("", "", "", "", kT0, "e")},
                         c);
  EXPECT_EQ(rep[0], rep[1]);
  EXPECT_NE(rep[0], rep[2]);  // ~0.8 similar: not enough without a company
  EXPECT_NE(rep[3], rep[4]);  // nothing at all to compare
}

TEST(ClusterJobs, SameGroupsInAnyOrder) {
  // Many near-duplicate records across companies, titles, locations and times; shuffled.
  std::mt19937 rng(7);
  const char* companies[] = {"Acme", "Acme, Inc.", "Globex", "Initech LLC", "Initech"};
  const char* titles[] = {"Software Engineer", "Sr. Software Engineer", "Senior Software Engineer", "Data Engineer"};
  const char* locations[] = {"NYC", "New York, NY", "Remote", "Remote (US)", "Berlin", "Remote - California"};
  std::vector<DedupRecord> r;
  for (int i = 0; i < 600; ++i) {
    std::string text = Text(static_cast<int>(rng() % 3)) + (rng() % 4 == 0 ? " Req ID: R" + std::to_string(rng() % 3) + "00" : "");
    r.push_back(Rec(companies[rng() % 5], titles[rng() % 4], locations[rng() % 6], text,
                    kT0 + static_cast<int64_t>(rng() % 300) * kDay, "id" + std::to_string(i)));
  }
  DedupConfig c;
  auto base = Groups(ClusterJobs(r, c));
  ASSERT_GT(base.size(), 10u);
  ASSERT_LT(base.size(), 600u);
  std::vector<uint32_t> perm(r.size());
  for (uint32_t i = 0; i < perm.size(); ++i) perm[i] = i;
  for (int round = 0; round < 5; ++round) {
    std::shuffle(perm.begin(), perm.end(), rng);
    std::vector<DedupRecord> shuffled(r.size());
    for (size_t i = 0; i < perm.size(); ++i) shuffled[i] = r[perm[i]];
    auto rep = ClusterJobs(shuffled, c);
    // Map back to original indexes.
    std::vector<uint32_t> back(r.size());
    for (size_t i = 0; i < perm.size(); ++i) back[perm[i]] = perm[rep[i]];
    EXPECT_EQ(Groups(back), base) << "round " << round;
  }
}

TEST(ClusterJobs, LshBandsInLongRunsFindTheSameCopies) {
  // 60 distinct descriptions at one company/title/location, each posted twice (the second copy
  // truncated to 60 %, or with a paragraph appended): a run long enough for LSH banding.
  std::vector<DedupRecord> r;
  std::mt19937 rng(3);
  for (int d = 0; d < 60; ++d) {
    std::string text;
    for (int w = 0; w < 120; ++w) text += "w" + std::to_string(rng() % 5000) + " ";
    std::string copy = d % 2 ? text.substr(0, text.size() * 6 / 10) : text + "We are an equal opportunity employer.";
    r.push_back(Rec("Uber", "Delivery Driver", "Chicago, IL", text, kT0 + d * kDay, "a" + std::to_string(d)));
    r.push_back(Rec("Uber", "Delivery Driver", "Chicago", copy, kT0 + d * kDay + 3600, "b" + std::to_string(d)));
  }
  DedupConfig exhaustive, lsh;
  exhaustive.lsh_min_run = 1000;
  lsh.lsh_min_run = 8;
  ClusterStats st_e, st_l;
  auto e = Groups(ClusterJobs(r, exhaustive, &st_e));
  auto l = Groups(ClusterJobs(r, lsh, &st_l));
  EXPECT_EQ(e.size(), 60u);
  EXPECT_EQ(l, e);
  EXPECT_EQ(st_l.lsh_runs, 1);
  EXPECT_LT(st_l.pairs_compared, st_e.pairs_compared);
}

TEST(ClusterJobs, RepresentativeIsTheFirstSeen) {
  std::vector<DedupRecord> r = {Rec("Acme", "Engineer", "Berlin", Text(), kT0 + 5 * kDay, "late"),
                                Rec("Acme", "Engineer", "Berlin", Text(), kT0, "early")};
  auto rep = ClusterJobs(r, DedupConfig{});
  EXPECT_EQ(rep[0], 1u);
  EXPECT_EQ(rep[1], 1u);
}

TEST(DedupRecord, SerializesRoundTrip) {
  DedupRecord r = Rec("Acme", "Engineer", "Remote (US)", Text() + " Req ID: 99", kT0, "x",
                      "https://jobs.lever.co/x/e27af7ab-41fc-40c9-b31d-02c6cb1c505c");
  r.posting_id = 42;
  r.last_seen = kT0 + kDay;
  DedupRecord back;
  ASSERT_TRUE(ParseDedupRecord(SerializeDedupRecord(r), back));
  EXPECT_EQ(back.posting_id, 42);
  EXPECT_EQ(back.identity, r.identity);
  EXPECT_EQ(back.last_seen, r.last_seen);
  EXPECT_EQ(back.block, r.block);
  EXPECT_EQ(back.requisition, r.requisition);
  EXPECT_TRUE(back.url_is_ats);
  EXPECT_TRUE(back.remote);
  EXPECT_FALSE(back.multi_role);
  DedupRecord multi = Rec("Acme", "Multiple Roles", "Berlin", Text(), kT0, "y");
  EXPECT_TRUE(multi.multi_role);
  DedupRecord multi_back;
  ASSERT_TRUE(ParseDedupRecord(SerializeDedupRecord(multi), multi_back));
  EXPECT_TRUE(multi_back.multi_role);
  EXPECT_EQ(back.text.values, r.text.values);
  EXPECT_EQ(back.text.shingles, r.text.shingles);
  EXPECT_FALSE(ParseDedupRecord("short", back));
  EXPECT_FALSE(ParseDedupRecord(SerializeDedupRecord(r) + "x", back));
}

// The byte layout (PostingBatch::prepared_dedup): nine little-endian 64-bit fields in
// declaration order, the shingle count (32 bits), the flags byte, 64 little-endian 16-bit values.
TEST(DedupRecord, SerializedLayoutIsLittleEndianInFieldOrder) {
  DedupRecord r;
  r.posting_id = 0x0102030405060708;
  r.requisition = 0xA1A2A3A4A5A6A7A8ULL;
  r.text.shingles = 0x11223344;
  r.remote = true;
  r.multi_role = true;
  r.text.values[0] = 0xBEEF;
  r.text.values[63] = 0x0102;
  const std::string b = SerializeDedupRecord(r);
  ASSERT_EQ(b.size(), 8u * 9 + 4 + 1 + 2 * 64);
  auto byte = [&](size_t i) { return static_cast<unsigned char>(b[i]); };
  EXPECT_EQ(byte(0), 0x08);
  EXPECT_EQ(byte(7), 0x01);
  EXPECT_EQ(byte(8 * 8), 0xA8);      // requisition, the ninth field
  EXPECT_EQ(byte(8 * 8 + 7), 0xA1);
  EXPECT_EQ(byte(72), 0x44);         // shingles
  EXPECT_EQ(byte(75), 0x11);
  EXPECT_EQ(byte(76), 2 | 8);        // flags: remote, multi-role
  EXPECT_EQ(byte(77), 0xEF);         // values[0]
  EXPECT_EQ(byte(78), 0xBE);
  EXPECT_EQ(byte(77 + 126), 0x02);   // values[63]
  EXPECT_EQ(byte(77 + 127), 0x01);
  DedupRecord back;
  ASSERT_TRUE(ParseDedupRecord(b, back));
  EXPECT_EQ(back.posting_id, r.posting_id);
  EXPECT_EQ(back.requisition, r.requisition);
  EXPECT_EQ(back.text.shingles, r.text.shingles);
  EXPECT_EQ(back.text.values, r.text.values);
  EXPECT_TRUE(back.remote && back.multi_role && !back.url_is_ats && !back.no_location);
}

}  // namespace
}  // namespace skillpulse

// Source formats on the team's real data and on small hand-written inputs.
#include <gtest/gtest.h>

#include <set>

#include "core/text.h"
#include "sources/mapping.h"
#include "sources/source.h"
#include "source_reader.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::ReadAll;

TEST(SourceSpec, TypedAndBare) {
  auto s = ParseSourceSpec("hn:/data/x.jsonl");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->type, "hn");
  EXPECT_EQ(s->location, "/data/x.jsonl");
  s = ParseSourceSpec("https://hn.algolia.com/api/v1/items/1");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->type, "");
  s = ParseSourceSpec("dir/file.csv");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->type, "");
}

TEST(SourceSpec, UnknownTypeNamesTheKnownOnes) {
  auto s = ParseSourceSpec("monster:jobs.xml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("unknown source type 'monster'"), std::string::npos);
  EXPECT_NE(s.status().message().find("hn"), std::string::npos);
}

TEST(HnSource, SharedJsonlFirstPostings) {
  if (!testing::HaveShared("hn_whoishiring")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll(testing::HnFile(), diag);
  // 54,365 rows of which 66 are deleted/flagged comments with null text (SOURCES.md).
  EXPECT_EQ(all.size(), 54299u);
  EXPECT_EQ(diag.counter("hn.deleted_comments"), 66);
  EXPECT_EQ(diag.quarantined_count(), 0u);
  const JobPosting& p = all[0];
  EXPECT_EQ(p.source, "hn");
  EXPECT_EQ(p.source_id, "16492998");
  EXPECT_EQ(p.month, "2018-03");
  EXPECT_EQ(p.company, "GitLab");
  EXPECT_EQ(p.url, "https://news.ycombinator.com/item?id=16492998");
  EXPECT_NE(p.description_text.find("Ruby on Rails project"), std::string::npos);
  EXPECT_EQ(p.description_text.find("&#x27;"), std::string::npos);  // entities decoded
  // `time` is present from 2021-05 on (SOURCES.md).
  const JobPosting& last = all.back();
  EXPECT_EQ(last.month, "2026-01");
  ASSERT_TRUE(last.posted_at.has_value());
  EXPECT_EQ(MonthOfUnix(*last.posted_at).substr(0, 4), "2026");
}

TEST(HnSource, FirebaseItemsInGantryopsWrapper) {
  if (!testing::HaveShared("hn_whoishiring/gantryops_2026")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll("hn:" + testing::SharedData("hn_whoishiring/gantryops_2026/run_2026-01-01_raw.json.gz"), diag);
  EXPECT_EQ(all.size(), 264u);  // SOURCES.md: 264 items in the 2026-01-01 run
  // The first job (read by hand): MiLaboratories, Bilbao, thread of January 2026.
  EXPECT_EQ(all[0].source_id, "46467610");
  EXPECT_EQ(all[0].company, "MiLaboratories");
  EXPECT_EQ(all[0].month, "2026-01");
  EXPECT_EQ(all[0].posted_at, 1767377545);
}

TEST(HnSource, AlgoliaItemTreeTopLevelCommentsOnly) {
  testing::TempDir tmp;
  std::string tree = R"json({"id":46466074,"created_at_i":1767283200,"type":"story","author":"whoishiring",
    "title":"Ask HN: Who is hiring? (January 2026)","children":[
      {"id":1,"created_at_i":1767290000,"type":"comment","author":"a","text":"Acme | Go Engineer | Berlin<p>Write Go.",
       "children":[{"id":3,"type":"comment","author":"c","text":"a reply, not a posting","children":[]}]},
      {"id":2,"created_at_i":1767290001,"type":"comment","author":null,"text":null,"children":[]}]})json";
  std::string path = tmp.Write("thread.json", tree);
  Diagnostics diag(nullptr);
  auto all = ReadAll(path, diag);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].source_id, "1");
  EXPECT_EQ(all[0].company, "Acme");
  EXPECT_EQ(all[0].month, "2026-01");
  EXPECT_EQ(diag.counter("hn.deleted_comments"), 1);
}

TEST(HnSource, CuratedHnHiring2013EntriesAndMetadataMonth) {
  // perspectivezoom/curated-hn-hiring: {entries: {<id>: {id, author, commentBody}}, metadata:
  // {month: "September 2013"}}, HN's 2013 markup. Sniffed, not typed.
  if (!testing::HaveShared("hn_whoishiring/hn_2013_perspectivezoom")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll(testing::SharedData("hn_whoishiring/hn_2013_perspectivezoom/2013-09.json.gz"), diag);
  EXPECT_EQ(all.size(), 182u);  // SOURCES.md: 182 top-level comments in September 2013
  EXPECT_EQ(diag.quarantined_count(), 0u);
  for (const auto& p : all) {
    ASSERT_EQ(p.source, "hn");
    ASSERT_EQ(p.month, "2013-09") << p.source_id;  // no per-comment time: the thread's month
    ASSERT_FALSE(p.posted_at.has_value());
    ASSERT_EQ(p.description_text.find("<font"), std::string::npos) << p.source_id;
  }
  // Read by hand: Medidata's post, then Knewton's "Knewton - New York, NY (Union Square) ...".
  ASSERT_GE(all.size(), 2u);
  EXPECT_EQ(all[0].source_id, "6310238");
  EXPECT_EQ(all[0].url, "https://news.ycombinator.com/item?id=6310238");
  EXPECT_EQ(all[0].description_text.rfind("Medidata - New York, NY; Hammersmith, UK; Tokyo", 0), 0u) << all[0].description_text;
  EXPECT_NE(all[0].description_text.find("we're mainly a Rails shop."), std::string::npos);
  EXPECT_EQ(all[1].source_id, "6310239");
  EXPECT_EQ(all[1].company, "Knewton");
  // The other two months.
  Diagnostics diag2(nullptr);
  EXPECT_EQ(ReadAll("hn:" + testing::SharedData("hn_whoishiring/hn_2013_perspectivezoom/2013-10.json.gz"), diag2).size(), 334u);
}

TEST(HnSource, MalformedCuratedDocumentIsQuarantined) {
  // An entry that is not an object, and a document cut inside its entries: the document is
  // quarantined with the reason (as a malformed Firebase array is), and the run goes on.
  for (const std::string bad : {R"({"entries":{"100":{"id":"100","author":"a","commentBody":"Acme - NYC"},)"
                                R"("101":"not an item"},"metadata":{"month":"September 2013"}})",
                                R"({"entries":{"101":{"id":"101","author":"a","commentBody":"Acme - NYC)"}) {
    Diagnostics diag(nullptr);
    auto all = testing::ReadBytes("hn", "2013-09.json", bad, diag);
    EXPECT_TRUE(all.empty());
    auto q = diag.TakeQuarantined();
    ASSERT_EQ(q.size(), 1u) << bad;
    EXPECT_EQ(q[0].origin, "2013-09.json");
    EXPECT_NE(q[0].reason.find("invalid JSON document"), std::string::npos) << q[0].reason;
  }
}

TEST(JsonSource, ArchiveMembersAreOneSourceNamedAfterTheArchive) {
  // ruanyf/weekly: one JSON member per monthly issue; the postings' source is the dataset, not
  // the issue number each member is named after.
  const std::string rel = "cn_whoishiring_ruanyf/ruanyf_weekly_whoishiring_2019-08_2026-03.tar.zst";
  if (!testing::HaveShared(rel)) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll(testing::SharedData(rel), diag);
  EXPECT_EQ(all.size(), 1918u);  // SOURCES.md: 1,918 comments
  std::set<std::string> ids;
  for (const auto& p : all) {
    ASSERT_EQ(p.source, "ruanyf_weekly_whoishiring_2019-08_2026-03") << p.origin;
    ids.insert(p.source_id);
  }
  EXPECT_EQ(ids.size(), all.size());  // comment ids stay unique across the members
}

TEST(AshbySource, WholeSharedSnapshotFromTheTarArchive) {
  if (!testing::HaveShared("ats_ashby")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll("ashby:" + testing::SharedData("ats_ashby/ashby_posting_api_2025-10-28.tar.zst"), diag);
  EXPECT_EQ(all.size(), 9396u);  // SOURCES.md: 449 companies, 9,396 postings
  size_t with_salary = 0, remote = 0, with_locality = 0;
  for (const auto& p : all) {
    if (p.salary) ++with_salary;
    if (!p.address_locality.empty()) ++with_locality;
    if (p.work_mode_hint == WorkMode::kRemote) ++remote;  // isRemote: a hint the text may override
    EXPECT_FALSE(p.company.empty());
  }
  // SOURCES.md: 3,438 postings have structured salary ranges; one of them is a "1 TIME"
  // (one-off) amount, which is not a salary period and is skipped (counted).
  EXPECT_EQ(with_salary, 3437u);
  EXPECT_EQ(diag.counter("ashby.salary_unknown_interval"), 1);
  // SOURCES.md: 4,522 isRemote=true; plus 82 postings whose isRemote is false or null but
  // whose secondaryLocations name "Remote" (counted with a Python reading of the tar).
  EXPECT_EQ(remote, 4522u + 82u);
  // address.postalAddress.addressLocality non-blank (counted with a Python reading of the tar).
  EXPECT_EQ(with_locality, 7066u);
  // 9fin's first job (read by hand): London, London, United Kingdom.
  for (const auto& x : all) {
    if (x.source_id != "1998a835-d980-47c3-bcb1-0971557098ef") continue;
    EXPECT_EQ(x.address_locality, "London");
    EXPECT_EQ(x.address_region, "London");
    EXPECT_EQ(x.place.country, "United Kingdom");  // as written; the enricher normalizes it
  }
  // The first job of 1password.json (read by hand).
  const JobPosting* p = nullptr;
  for (const auto& x : all) {
    if (x.source_id == "8481df25-44f3-4a9b-b3ce-ec244276db31") p = &x;
  }
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->company, "1password");
  EXPECT_EQ(p->title, "Developer, Backend");
  EXPECT_EQ(p->location, "Remote (United States | Canada)");
  EXPECT_EQ(p->employment_type_raw, "FullTime");
  EXPECT_EQ(p->posted_at, ParseIso8601("2025-10-10T21:10:27.371+00:00"));
}

TEST(AshbySource, StructuredSalaryFromSummaryComponents) {
  testing::TempDir tmp;
  std::string path = tmp.Write("abridge.json", R"({"apiVersion":"1","jobs":[{"id":"j1","title":"Engineer",
    "jobUrl":"https://jobs.ashbyhq.com/abridge/j1","descriptionHtml":"<p>Build.</p>",
    "compensation":{"summaryComponents":[{"compensationType":"Salary","interval":"1 YEAR","currencyCode":"USD",
      "minValue":150000,"maxValue":170000},{"compensationType":"EquityCashValue","interval":"1 YEAR",
      "currencyCode":"USD","minValue":null,"maxValue":null}]}}]})");
  Diagnostics diag(nullptr);
  auto all = ReadAll(path, diag);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].company, "abridge");
  ASSERT_TRUE(all[0].salary.has_value());
  EXPECT_EQ(all[0].salary->currency, "USD");
  EXPECT_EQ(all[0].salary->period, SalaryPeriod::kYear);
  EXPECT_EQ(all[0].salary->min, 150000);
  EXPECT_EQ(all[0].salary->max, 170000);
  EXPECT_EQ(all[0].salary->origin, SalaryOrigin::kStructured);
}

// Held-out round 3 ashby boon: a secondary location "United States (Remote)" offers remote work
// although isRemote is false; the text may still say onsite or hybrid (a hint, not the mode).
TEST(AshbySource, RemoteSecondaryLocationIsARemoteHint) {
  testing::TempDir tmp;
  std::string path = tmp.Write("boon.json", R"json({"apiVersion":"1","jobs":[{"id":"j1","title":"Product Marketing Manager",
    "jobUrl":"https://jobs.ashbyhq.com/boon/j1","descriptionHtml":"<p>Own our messaging.</p>",
    "location":"San Francisco Bay Area","isRemote":false,
    "secondaryLocations":[{"location":"United States (Remote)"}]},
    {"id":"j2","title":"Engineer","jobUrl":"https://jobs.ashbyhq.com/boon/j2","descriptionHtml":"<p>Build.</p>",
    "location":"San Francisco","isRemote":false,"secondaryLocations":[{"location":"New York"}]}]})json");
  Diagnostics diag(nullptr);
  auto all = ReadAll(path, diag);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].work_mode_hint, WorkMode::kRemote);
  EXPECT_EQ(all[0].work_mode, WorkMode::kUnknown);
  EXPECT_EQ(all[1].work_mode_hint, WorkMode::kUnknown);
}

TEST(CsvSource, EveryrowSampleWithMonthNames) {
  if (!testing::HaveShared("hn_whoishiring/everyrow_sample")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll(testing::SharedData("hn_whoishiring/everyrow_sample/hn_jobs_10pct_2020-03_2026-01.csv.gz"), diag);
  EXPECT_EQ(all.size(), 3616u);  // SOURCES.md: 3,616 rows
  EXPECT_EQ(diag.quarantined_count(), 0u);
  for (const auto& p : all) ASSERT_TRUE(IsMonthString(p.month)) << p.source_id;  // "April 2020" -> 2020-04
}

TEST(CsvSource, GlassdoorColumnsAndSalaryText) {
  if (!testing::HaveShared("glassdoor_ds_jobs_2020")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll(testing::SharedData("glassdoor_ds_jobs_2020/glassdoor_jobs.csv.gz"), diag);
  EXPECT_EQ(all.size(), 956u);
  EXPECT_EQ(all[0].title, "Data Scientist");
  EXPECT_NE(all[0].salary_text.find("Glassdoor est."), std::string::npos);
}

TEST(Mapping, OverridesAndErrors) {
  std::vector<std::string> keys = {"Job Title", "Employer", "Body"};
  auto m = ColumnMapping::Resolve(keys, {{"title", "job title"}, {"company", "Employer"}, {"description", "Body"}});
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->column(MappedField::kTitle), 0);
  EXPECT_EQ(m->column(MappedField::kCompany), 1);
  EXPECT_FALSE(ColumnMapping::Resolve(keys, {{"salry", "x"}}).ok());
  EXPECT_FALSE(ColumnMapping::Resolve(keys, {{"title", "nope"}}).ok());
}

TEST(Mapping, LooseDatesAndMonths) {
  EXPECT_EQ(ParseLooseMonth("April 2020"), "2020-04");
  EXPECT_EQ(ParseLooseMonth("2020/04"), "2020-04");
  EXPECT_EQ(ParseLooseMonth("soon"), "");
  EXPECT_EQ(ParseLooseTimestamp("1767377545"), 1767377545);
  EXPECT_EQ(ParseLooseTimestamp("1767377545000"), 1767377545);
  EXPECT_EQ(ParseLooseTimestamp("2026-01-02"), ParseIso8601("2026-01-02"));
}

}  // namespace
}  // namespace skillpulse

// RSS/Atom feeds, records in -> records out: the 12 shared We Work Remotely feeds and a
// hand-written Atom feed.
#include <gtest/gtest.h>

#include <set>

#include "core/text.h"
#include "source_reader.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::FindById;
using testing::ReadAll;

TEST(RssSource, WeWorkRemotelyFeeds) {
  if (!testing::HaveShared("rss_weworkremotely_2022-11")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  // The directory, untyped: each feed is sniffed by its <rss> root.
  auto all = ReadAll(testing::SharedData("rss_weworkremotely_2022-11"), diag);
  EXPECT_EQ(diag.counter("documents.rss"), 12);
  ASSERT_EQ(all.size(), 628u);  // SOURCES.md: 628 <item>s
  EXPECT_EQ(diag.quarantined_count(), 0u);
  std::set<std::string> ids, links;
  size_t typed = 0, expiring = 0;
  for (const auto& p : all) {
    ids.insert(p.source_id);
    links.insert(p.url);
    EXPECT_FALSE(p.company.empty()) << p.source_id;  // every title is "Company: Role"
    EXPECT_FALSE(p.title.empty()) << p.source_id;
    EXPECT_FALSE(p.location.empty()) << p.source_id;  // <region>
    EXPECT_FALSE(p.department.empty()) << p.source_id;  // <category>
    EXPECT_EQ(p.work_mode, WorkMode::kRemote);  // a remote-only board
    EXPECT_TRUE(p.posted_at.has_value()) << p.source_id;
    EXPECT_FALSE(p.description_html.empty());
    typed += !p.employment_type_raw.empty();
    expiring += p.valid_through.has_value();
  }
  EXPECT_EQ(ids.size(), 503u);  // the same job in several category feeds
  EXPECT_EQ(links.size(), 503u);
  EXPECT_EQ(typed, 603u);       // remote-programming-jobs.rss has no <type>/<expires_at>
  EXPECT_EQ(expiring, 603u);
  // Split at the first ": " only: the role may hold more.
  const JobPosting* p = nullptr;
  for (const auto& x : all) {
    if (x.title == "Senior Python Engineer: Long-term job - 100% remote") p = &x;
  }
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->company, "Proxify AB");
}

TEST(RssSource, FirstItemsReadByHand) {
  if (!testing::HaveShared("rss_weworkremotely_2022-11")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll("rss:" + testing::SharedData("rss_weworkremotely_2022-11/remote-programming-jobs.rss.gz"), diag);
  ASSERT_EQ(all.size(), 25u);
  const JobPosting& p = all[0];
  EXPECT_EQ(p.source, "rss");
  EXPECT_EQ(p.company, "Madeo");
  EXPECT_EQ(p.title, "Web Developer (Drupal or Wordpress)");
  EXPECT_EQ(p.location, "USA Only");
  EXPECT_EQ(p.department, "Full-Stack Programming");
  EXPECT_EQ(p.employment_type_raw, "");
  EXPECT_EQ(p.posted_at, ParseIso8601("2022-10-13T18:10:18Z"));  // Thu, 13 Oct 2022 18:10:18 +0000
  EXPECT_EQ(p.source_id, "https://weworkremotely.com/remote-jobs/madeo-web-developer-drupal-or-wordpress");
  EXPECT_EQ(p.url, p.source_id);
  // The entity-encoded description arrives as HTML, its Headquarters/URL block kept.
  EXPECT_EQ(p.description_html.rfind("<img src=\"https://we-work-remotely.imgix.net/logos/0081/8163/logo.gif?ixlib="
                                     "rails-4.0.0&w=50",
                                     0),
            0u);
  EXPECT_NE(p.description_html.find("<strong>Headquarters:</strong> Brooklyn, NY"), std::string::npos);
  EXPECT_EQ(p.origin_line, 9u);  // the first <item> opens on line 9

  auto jobs = ReadAll(testing::SharedData("rss_weworkremotely_2022-11/remote-jobs.rss.gz"), diag);
  ASSERT_FALSE(jobs.empty());
  EXPECT_EQ(jobs[0].company, "G2i Inc.");
  EXPECT_EQ(jobs[0].title, "Fullstack Developer (React, React Native, Node.js) - Remote");
  EXPECT_EQ(jobs[0].location, "Americas Only");
  EXPECT_EQ(jobs[0].employment_type_raw, "Contract");
  EXPECT_EQ(jobs[0].posted_at, ParseIso8601("2022-11-08T00:08:24Z"));
  EXPECT_EQ(jobs[0].valid_through, ParseIso8601("2022-12-08T00:08:24Z"));
}

TEST(RssSource, AtomFeed) {
  Diagnostics diag(nullptr);
  auto all = ReadAll(std::string(SP_FIXTURES_DIR) + "/rss/atom_jobs.xml", diag);
  EXPECT_EQ(diag.counter("documents.rss"), 1);
  ASSERT_EQ(all.size(), 2u);
  const JobPosting* p = FindById(all, "urn:acme:job:101");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->company, "Acme");
  EXPECT_EQ(p->title, "Senior Data Engineer");
  EXPECT_EQ(p->url, "https://jobs.acme.example/101");
  EXPECT_EQ(p->posted_at, ParseIso8601("2024-05-01T09:00:00Z"));  // published, not updated
  EXPECT_EQ(p->department, "Data");                              // <category term>
  EXPECT_EQ(p->description_html, "<p>Spark &amp; Python.</p>");  // type="html", XML-decoded once
  EXPECT_EQ(p->work_mode, WorkMode::kUnknown);
  p = FindById(all, "urn:acme:job:102");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->company, "Beta Docs GmbH");  // no "Company: " prefix: the author
  EXPECT_EQ(p->title, "Technical Writer");
  EXPECT_EQ(p->url, "https://jobs.acme.example/102");
  EXPECT_EQ(p->posted_at, ParseIso8601("2024-05-03T08:30:00Z"));  // only <updated>
  EXPECT_EQ(p->description_text, "Write the manual.");
}

TEST(RssSource, Rss1AndCdataAndContentEncoded) {
  Diagnostics diag(nullptr);
  std::string feed = R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Jobs</title><link>https://jobs.example/</link>
<item><title>Delta: QA Lead</title><link>https://jobs.example/1</link>
<description>Short.</description>
<content:encoded><![CDATA[<p>The <b>full</b> text.</p>]]></content:encoded>
<pubDate>2024-02-03T04:05:06Z</pubDate></item>
</channel></rss>)";
  auto all = testing::ReadBytes("", "feed.xml", feed, diag);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].company, "Delta");
  EXPECT_EQ(all[0].source_id, "https://jobs.example/1");  // no guid: the link
  EXPECT_EQ(all[0].description_html, "<p>The <b>full</b> text.</p>");
  EXPECT_EQ(all[0].posted_at, ParseIso8601("2024-02-03T04:05:06Z"));
  EXPECT_EQ(all[0].work_mode, WorkMode::kUnknown);  // not a remote-only board
}

}  // namespace
}  // namespace skillpulse

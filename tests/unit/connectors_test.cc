// ATS and listing connectors, records in -> records out: Greenhouse and Lever on hand-written
// fixtures in their real response shapes (tests/fixtures/), SimplifyJobs on the shared
// listings, JobSpy on a hand-written CSV in JobSpy's column layout.
#include <gtest/gtest.h>

#include "core/text.h"
#include "enrich/html_text.h"
#include "source_reader.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::FindById;
using testing::ReadAll;

std::string Fixture(const std::string& rel) { return std::string(SP_FIXTURES_DIR) + "/" + rel; }

// ---- Greenhouse ----

TEST(GreenhouseSource, FixtureBoardFieldByField) {
  Diagnostics diag(nullptr);
  // Untyped: the path has the API's shape (.../v1/boards/acme/jobs) and the content agrees.
  auto all = ReadAll(Fixture("greenhouse/v1/boards/acme/jobs"), diag);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(diag.quarantined_count(), 0u);
  EXPECT_EQ(diag.counter("documents.greenhouse"), 1);

  const JobPosting* p = FindById(all, "4012345001");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->source, "greenhouse");
  EXPECT_EQ(p->title, "Senior Rust Engineer");  // whitespace collapsed
  EXPECT_EQ(p->company, "acme");                // no company_name: the board token
  EXPECT_EQ(p->location, "Berlin, Germany");
  EXPECT_EQ(p->extra_locations, std::vector<std::string>{"Remote, Europe"});  // the other office
  EXPECT_EQ(p->department, "Engineering");
  EXPECT_EQ(p->url, "https://job-boards.greenhouse.io/acme/jobs/4012345001");
  // first_published, not updated_at: 2024-04-20 09:30 -04:00.
  EXPECT_EQ(p->posted_at, ParseIso8601("2024-04-20T13:30:00Z"));
  // `content` is decoded once: &lt;p&gt; -> <p>, &amp;amp; -> &amp;.
  EXPECT_EQ(p->description_html,
            "<p>We build <strong>Rust</strong> services at Acme.</p><ul><li>Tokio &amp; async</li><li>PostgreSQL</li></ul>");
  ASSERT_TRUE(p->salary.has_value());
  EXPECT_EQ(p->salary->currency, "EUR");
  EXPECT_EQ(p->salary->period, SalaryPeriod::kYear);
  EXPECT_EQ(p->salary->min, 80000);
  EXPECT_EQ(p->salary->max, 100000);
  EXPECT_EQ(p->salary->origin, SalaryOrigin::kStructured);
  EXPECT_EQ(p->origin_line, 1u);

  p = FindById(all, "4012345002");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->company, "Acme Corp");  // company_name wins over the token
  EXPECT_EQ(p->posted_at, ParseIso8601("2024-06-10T12:15:00Z"));  // only updated_at given
  EXPECT_EQ(p->department, "");
  EXPECT_TRUE(p->extra_locations.empty());
  ASSERT_TRUE(p->salary.has_value());  // pay_input_ranges, in cents, "Hourly Pay Range"
  EXPECT_EQ(p->salary->currency, "USD");
  EXPECT_EQ(p->salary->period, SalaryPeriod::kHour);
  EXPECT_EQ(p->salary->min, 22.5);
  EXPECT_EQ(p->salary->max, 28);
  EXPECT_EQ(p->description_html, "<p>Pick, pack &amp; ship.</p>");

  p = FindById(all, "4012345003");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->salary.has_value());  // metadata without a currency_range
  EXPECT_EQ(p->department, "Platform");
  EXPECT_TRUE(p->extra_locations.empty());  // the office is the location
  EXPECT_EQ(p->description_html, "<p>Go &amp;amp; Kubernetes.</p>");  // one level of escaping only
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

std::string GreenhouseDoc(const std::vector<std::string>& contents) {
  std::string doc = "{\"jobs\":[";
  for (size_t i = 0; i < contents.size(); ++i) {
    if (i > 0) doc += ",";
    doc += "{\"id\":" + std::to_string(i + 1) + ",\"title\":\"T\",\"content\":" + JsonString(contents[i]) + "}";
  }
  return doc + "],\"meta\":{\"total\":" + std::to_string(contents.size()) + "}}";
}

TEST(GreenhouseSource, ContentDecodesExactlyAsHtmlUnescape) {
  // The reader's fast path for &lt; &gt; &amp; &quot; &#39; must agree with HtmlUnescape
  // (WHATWG references) on everything, including the references it hands over.
  const std::vector<std::string> tricky = {
      "&amp;amp;", "&ltx &lt &amp &gt;&gt", "&#39 &#39; &#x27; &apos;", "&nbsp;&nbsp&nbspx", "&notit; &notin;",
      "&&lt;;", "& &", "&#0; &#x110000; &#xD800;", "tail &", "&quot;&QUOT;&quot", "&#128; &#x80;", "&lt;p&gt;caf&eacute;"};
  Diagnostics diag(nullptr);
  auto all = testing::ReadBytes("greenhouse", "g.json", GreenhouseDoc(tricky), diag);
  ASSERT_EQ(all.size(), tricky.size());
  for (size_t i = 0; i < tricky.size(); ++i) EXPECT_EQ(all[i].description_html, HtmlUnescape(tricky[i])) << tricky[i];
}

TEST(GreenhouseSource, EscapedRealDescriptionsRoundTrip) {
  // Every shared Ashby description, escaped the way Greenhouse serves `content`, reads back
  // byte for byte.
  if (!testing::HaveShared("ats_ashby")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto ashby = ReadAll("ashby:" + testing::SharedData("ats_ashby/ashby_posting_api_2025-10-28.tar.zst"), diag);
  ASSERT_EQ(ashby.size(), 9396u);
  std::vector<std::string> escaped;
  for (const auto& p : ashby) {
    std::string e;
    for (char c : p.description_html) {
      switch (c) {
        case '&': e += "&amp;"; break;
        case '<': e += "&lt;"; break;
        case '>': e += "&gt;"; break;
        case '"': e += "&quot;"; break;
        default: e.push_back(c);
      }
    }
    escaped.push_back(std::move(e));
  }
  auto all = testing::ReadBytes("greenhouse", "g.json", GreenhouseDoc(escaped), diag);
  ASSERT_EQ(all.size(), ashby.size());
  size_t differ = 0;
  for (size_t i = 0; i < all.size(); ++i) differ += all[i].description_html != ashby[i].description_html;
  EXPECT_EQ(differ, 0u);
}

TEST(GreenhouseSource, SharedOfficeStubsAreNotAJobList) {
  // The shared Greenhouse data is /offices responses (job stubs without content, nested in
  // departments): not the jobs list, so not sniffed as Greenhouse.
  if (!testing::HaveShared("ats_greenhouse")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll(testing::SharedData("ats_greenhouse/intercom_greenhouse_offices_2021-10.json"), diag);
  EXPECT_EQ(diag.counter("documents.greenhouse"), 0);
  // Nor postings of the generic JSON format: its 6 offices have a "name" but no title or
  // description key; they are counted and said, not read.
  EXPECT_TRUE(all.empty());
  EXPECT_EQ(diag.counter("json.records_not_postings"), 6);
  ASSERT_EQ(diag.warnings().size(), 1u);
  EXPECT_NE(diag.warnings()[0].find("no title or description key found (keys: id, name, location"), std::string::npos)
      << diag.warnings()[0];
}

// ---- Lever ----

TEST(LeverSource, FixtureSiteFieldByField) {
  Diagnostics diag(nullptr);
  auto all = ReadAll(Fixture("lever/v0/postings/acme"), diag);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(diag.quarantined_count(), 0u);
  EXPECT_EQ(diag.counter("documents.lever"), 1);

  const JobPosting* p = FindById(all, "0b7f1c2e-1111-4a5b-9c3d-aaaaaaaaaaaa");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->source, "lever");
  EXPECT_EQ(p->title, "Backend Engineer, Payments");
  EXPECT_EQ(p->company, "acme");  // from hostedUrl jobs.lever.co/acme/...
  EXPECT_EQ(p->location, "Toronto, ON");
  EXPECT_EQ(p->extra_locations, std::vector<std::string>{"Montreal, QC"});
  EXPECT_EQ(p->department, "Payments");  // team over department
  EXPECT_EQ(p->employment_type_raw, "Full-time");
  EXPECT_EQ(p->place.country, "CA");
  EXPECT_EQ(p->posted_at, 1717243200);  // createdAt in ms
  EXPECT_EQ(p->work_mode, WorkMode::kHybrid);
  EXPECT_EQ(p->url, "https://jobs.lever.co/acme/0b7f1c2e-1111-4a5b-9c3d-aaaaaaaaaaaa");
  EXPECT_EQ(p->apply_url, "https://jobs.lever.co/acme/0b7f1c2e-1111-4a5b-9c3d-aaaaaaaaaaaa/apply");
  // Intro + each list as heading and items + additional.
  EXPECT_EQ(p->description_html,
            "<div>Join the <b>payments</b> team.</div>"
            "<h3>What you'll do</h3><ul><li>Build APIs in Go</li><li>Own on-call</li></ul>"
            "<h3>Requirements &amp; nice-to-haves</h3><ul><li>5+ years with Go</li></ul>"
            "<div>Acme is an <b>equal opportunity</b> employer.</div>");
  ASSERT_TRUE(p->salary.has_value());
  EXPECT_EQ(p->salary->currency, "CAD");
  EXPECT_EQ(p->salary->period, SalaryPeriod::kYear);
  EXPECT_EQ(p->salary->min, 120000);
  EXPECT_EQ(p->salary->max, 150000);

  p = FindById(all, "0b7f1c2e-2222-4a5b-9c3d-bbbbbbbbbbbb");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->department, "Support");  // empty team: the department
  EXPECT_EQ(p->work_mode, WorkMode::kRemote);
  EXPECT_EQ(p->description_html, "<p>Answer customer tickets.<br>Nights and weekends.</p>");  // from descriptionPlain
  ASSERT_TRUE(p->salary.has_value());
  EXPECT_EQ(p->salary->period, SalaryPeriod::kHour);
  EXPECT_EQ(p->salary->min, 25);

  p = FindById(all, "0b7f1c2e-3333-4a5b-9c3d-cccccccccccc");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->company, "acme");  // no hostedUrl: the site in the path .../v0/postings/acme
  EXPECT_EQ(p->work_mode, WorkMode::kOnsite);
  EXPECT_FALSE(p->salary.has_value());
}

TEST(LeverSource, CompanyFieldOfTheBenchmarkCorpusWins) {
  Diagnostics diag(nullptr);
  auto all = testing::ReadBytes("lever", "http://127.0.0.1:8080/lever/lever07?mode=json",
                                R"([{"id":"x1","text":"Engineer","company":"Sleeper","hostedUrl":"https://jobs.lever.co/sleeper/x1",
                                  "categories":{"location":"Remote"},"workplaceType":"unspecified","createdAt":1542123540313}])",
                                diag);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].company, "Sleeper");
  EXPECT_EQ(all[0].work_mode, WorkMode::kUnknown);  // "unspecified"
}

TEST(LeverSource, PlainFieldsOnlyStandInWhenThereIsNoHtml) {
  // The benchmark corpus can put the whole text in descriptionPlain while the HTML starts
  // with a list: the plain text must not be added a second time.
  Diagnostics diag(nullptr);
  auto all = testing::ReadBytes("lever", "lever.json",
                                R"([{"id":"q","text":"T","description":"","descriptionPlain":"Intro. Do X.",
                                  "lists":[{"text":"Do","content":"<li>X</li>"}],"additional":"","additionalPlain":""}])",
                                diag);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].description_html, "<h3>Do</h3><ul><li>X</li></ul>");
}

// ---- SimplifyJobs ----

TEST(SimplifySource, NewGradListings) {
  if (!testing::HaveShared("simplify_listings")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll(testing::SharedData("simplify_listings/new_grad_positions_listings_2024-10-25.json.gz"), diag);
  EXPECT_EQ(all.size(), 1288u);  // SOURCES.md: 1,288 listings, 141 active
  EXPECT_EQ(diag.quarantined_count(), 0u);
  EXPECT_EQ(diag.counter("documents.simplify"), 1);
  EXPECT_EQ(diag.counter("simplify.inactive"), 1288 - 141);  // kept, not dropped
  EXPECT_EQ(diag.counter("simplify.hidden"), 24);
  size_t closed = 0, sponsors = 0, no_sponsor = 0;
  for (const auto& p : all) {
    closed += p.valid_through.has_value();
    sponsors += p.visa_sponsorship == true;
    no_sponsor += p.visa_sponsorship == false;
    EXPECT_EQ(p.employment_type, EmploymentType::kUnknown);  // new-grad listings have no terms
  }
  EXPECT_EQ(closed, 1288u - 141u);
  EXPECT_EQ(sponsors, 28u);    // "Offers Sponsorship"
  EXPECT_EQ(no_sponsor, 6u);   // 4 "Does Not Offer Sponsorship" + 2 "U.S. Citizenship is Required"
  // The first listing, read by hand.
  const JobPosting& p = all[0];
  EXPECT_EQ(p.source, "simplify");
  EXPECT_EQ(p.source_id, "694040e9-673d-400c-9fed-0d9b222403bc");
  EXPECT_EQ(p.company, "WeRide");
  EXPECT_EQ(p.title, "Software Engineer \u2013 New Grads 2024 - Planning & Control");
  EXPECT_EQ(p.location, "San Jose, CA");
  EXPECT_EQ(p.posted_at, 1714605534);
  EXPECT_EQ(p.valid_through, 1714605534);  // inactive: closed by its last update
  EXPECT_EQ(p.url, "https://jobs.lever.co/weride/a102c558-c365-48cf-b1ae-766037509e5c/apply");
  EXPECT_FALSE(p.visa_sponsorship.has_value());  // "Other"
  // The last one: active, five locations.
  const JobPosting& q = all.back();
  EXPECT_EQ(q.company, "DoorDash");
  EXPECT_FALSE(q.valid_through.has_value());
  EXPECT_EQ(q.location, "Seattle, WA");
  EXPECT_EQ(q.extra_locations, (std::vector<std::string>{"SF", "LA", "NYC", "Sunnyvale, CA"}));
}

TEST(SimplifySource, InternshipListings) {
  if (!testing::HaveShared("simplify_listings")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll("simplify:" + testing::SharedData("simplify_listings/summer2025_internships_listings_2024-10-25.json.gz"),
                     diag);
  EXPECT_EQ(all.size(), 6000u);  // SOURCES.md: 6,000 listings, 1,116 active
  EXPECT_EQ(diag.quarantined_count(), 0u);
  EXPECT_EQ(diag.counter("simplify.inactive"), 6000 - 1116);
  size_t interns = 0, sponsors = 0, no_sponsor = 0;
  for (const auto& p : all) {
    interns += p.employment_type == EmploymentType::kInternship;
    EXPECT_EQ(p.employment_type == EmploymentType::kInternship, p.seniority == Seniority::kIntern) << p.title;
    sponsors += p.visa_sponsorship == true;
    no_sponsor += p.visa_sponsorship == false;
  }
  EXPECT_EQ(interns, 6000u - 7u);  // 7 listings have no terms
  EXPECT_EQ(sponsors, 436u);
  EXPECT_EQ(no_sponsor, 232u + 61u);
  const JobPosting& last = all.back();
  EXPECT_EQ(last.company, "Western Digital");
  EXPECT_EQ(last.employment_type_raw, "Summer 2025");
  EXPECT_EQ(last.url, "https://jobs.smartrecruiters.com/WesternDigital/744000022565418");
}

// ---- JobSpy ----

TEST(JobSpySource, FixtureRowsThroughTheCsvReader) {
  Diagnostics diag(nullptr);
  auto all = ReadAll(Fixture("jobspy/jobs.csv"), diag);  // sniffed: JobSpy's columns
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(diag.quarantined_count(), 0u);
  EXPECT_EQ(diag.counter("documents.jobspy"), 1);

  const JobPosting& li = all[0];
  EXPECT_EQ(li.source, "jobspy:linkedin");
  EXPECT_EQ(li.source_id, "li-3912345678");
  EXPECT_EQ(li.title, "Senior Software Engineer");
  EXPECT_EQ(li.company, "Acme");
  EXPECT_EQ(li.location, "San Francisco, CA, US");
  EXPECT_EQ(li.url, "https://www.linkedin.com/jobs/view/3912345678");
  EXPECT_EQ(li.apply_url, "https://careers.acme.example/jobs/77");
  EXPECT_EQ(li.posted_at, ParseIso8601("2024-05-01"));
  EXPECT_EQ(li.employment_type, EmploymentType::kFullTime);
  EXPECT_EQ(li.department, "Engineering and Information Technology");
  EXPECT_EQ(li.work_mode, WorkMode::kUnknown);    // is_remote False is not "on-site"
  EXPECT_EQ(li.seniority, Seniority::kUnknown);   // "mid-senior level" names no one level
  EXPECT_EQ(li.description_text, "**About us**\n\nWe use Go and Kubernetes.");  // markdown kept as text
  EXPECT_FALSE(li.salary.has_value());

  const JobPosting& in = all[1];
  EXPECT_EQ(in.source, "jobspy:indeed");
  EXPECT_EQ(in.work_mode, WorkMode::kRemote);
  EXPECT_EQ(in.employment_type, EmploymentType::kFullTime);  // the first of "fulltime, parttime"
  ASSERT_TRUE(in.salary.has_value());
  EXPECT_EQ(in.salary->period, SalaryPeriod::kYear);
  EXPECT_EQ(in.salary->min, 85000);
  EXPECT_EQ(in.salary->max, 105000);
  EXPECT_EQ(in.salary->origin, SalaryOrigin::kStructured);

  const JobPosting& gd = all[2];
  EXPECT_EQ(gd.seniority, Seniority::kJunior);  // "entry level"
  ASSERT_TRUE(gd.salary.has_value());
  EXPECT_EQ(gd.salary->period, SalaryPeriod::kHour);
  EXPECT_EQ(gd.salary->min, 18.5);
  EXPECT_EQ(gd.salary->origin, SalaryOrigin::kText);  // salary_source "description"

  const JobPosting& zr = all[3];
  ASSERT_TRUE(zr.salary.has_value());
  EXPECT_EQ(zr.salary->period, SalaryPeriod::kDay);  // "daily"
  EXPECT_EQ(zr.employment_type, EmploymentType::kContract);
}

TEST(JobSpySource, SourceNameOverridesTheSite) {
  Diagnostics diag(nullptr);
  auto spec = ParseSourceSpec("jobspy:" + Fixture("jobspy/jobs.csv"));
  ASSERT_TRUE(spec.ok());
  spec->name = "scrape-2024-05";
  std::vector<JobPosting> all;
  testing::ReadSpec(*spec, diag, all);
  ASSERT_EQ(all.size(), 4u);
  for (const auto& p : all) EXPECT_EQ(p.source, "scrape-2024-05");
}

TEST(JsonSource, TopLevelArrayOfRecords) {
  Diagnostics diag(nullptr);
  auto all = ReadAll("json:" + Fixture("json/array.json"), diag);  // a fixture written for this test
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].source_id, "a1");
  EXPECT_EQ(all[0].title, "Senior Go Engineer");
  EXPECT_EQ(all[0].company, "Acme");
  EXPECT_EQ(all[0].location, "Berlin, Germany");
  EXPECT_EQ(all[0].description_html, "<p>We use Go and PostgreSQL.</p>");
  EXPECT_TRUE(all[0].posted_at.has_value());
  EXPECT_EQ(all[1].source_id, "a2");
  EXPECT_EQ(all[2].source_id, "a4");
  // The scalar element and the record without title and description are quarantined with
  // their place in the array; the records after them are read.
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 2u);
  EXPECT_NE(q[0].reason.find("records[2] is not an object"), std::string::npos) << q[0].reason;
  EXPECT_NE(q[1].reason.find("records[3]: record has neither a title nor a description"), std::string::npos)
      << q[1].reason;
  // Auto-detected as well: the file opens with '['.
  Diagnostics d2(nullptr);
  EXPECT_EQ(ReadAll(Fixture("json/array.json"), d2).size(), 3u);
}

TEST(JsonSource, ObjectHoldingTheRecordsArray) {
  // The first array of objects under a top-level key; "tags" (strings) and the nested "meta"
  // are passed over.
  Diagnostics diag(nullptr);
  auto all = ReadAll(Fixture("json/object.json"), diag);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(diag.quarantined_count(), 0u);
  EXPECT_EQ(all[0].source_id, "7");
  EXPECT_EQ(all[0].title, "Platform Engineer");
  EXPECT_EQ(all[0].company, "Acme");  // named once above the records
  EXPECT_EQ(all[0].employment_type_raw, "Full-Time");
  ASSERT_TRUE(all[0].posted_at.has_value());
  EXPECT_EQ(*all[0].posted_at, 1760996040);  // 2025-10-20T21:34:00Z
  // A document without such an array (here one pretty-printed posting) is quarantined whole,
  // with the reason.
  Diagnostics d2(nullptr);
  EXPECT_TRUE(ReadAll("json:" + Fixture("json/no_records.json"), d2).empty());
  auto q = d2.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_NE(q[0].reason.find("neither an array of records nor an object holding one"), std::string::npos);
}

TEST(JsonSource, StapplyUberCareers) {
  // ats_uber: {"last_scraped", "name": "Uber", "jobs": [776 records]} with markdown descriptions.
  if (!testing::HaveShared("ats_uber")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll(testing::SharedData("ats_uber/uber_careers_2025-12-24.json.gz"), diag);
  ASSERT_EQ(all.size(), 776u);
  EXPECT_EQ(diag.quarantined_count(), 0u);
  EXPECT_EQ(all[0].source_id, "150078");
  EXPECT_EQ(all[0].title, "Consumer Growth Operations Manager");
  EXPECT_EQ(all[0].location, "Mexico City, Mexico");
  EXPECT_EQ(all[0].url, "https://www.uber.com/global/en/careers/list/150078/");
  for (const auto& p : all) ASSERT_EQ(p.company, "Uber");  // the document's "name"
  EXPECT_EQ(all[0].employment_type_raw, "Full-Time");
  for (const auto& p : all) {
    EXPECT_FALSE(p.title.empty());
    EXPECT_FALSE(p.description_text.empty() && p.description_html.empty()) << p.source_id;
    EXPECT_TRUE(p.posted_at.has_value()) << p.source_id;
  }
}

TEST(CsvSource, GlassdoorCompanyWithoutItsRatingLine) {
  // glassdoor_ds_jobs_2020: "Company Name" holds the employer and, on a second line, its star
  // rating ("Tecolote Research\n3.8"); rows without a rating have the name alone.
  if (!testing::HaveShared("glassdoor_ds_jobs_2020")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = ReadAll("csv:" + testing::SharedData("glassdoor_ds_jobs_2020/glassdoor_jobs.csv.gz"), diag);
  ASSERT_EQ(all.size(), 956u);
  EXPECT_EQ(all[0].company, "Tecolote Research");
  EXPECT_EQ(all[1].company, "University of Maryland Medical System");
  EXPECT_EQ(all[2].company, "KnowBe4");
  for (const auto& p : all) {
    ASSERT_FALSE(p.company.empty());
    // No rating left after a name: "<name> 3.8". Names that end in digits ("Logic20/20",
    // "SMC 3", "Life360") have no decimal point there.
    const size_t sp = p.company.rfind(' ');
    const std::string tail = sp == std::string::npos ? "" : p.company.substr(sp + 1);
    EXPECT_FALSE(tail.size() == 3 && tail[1] == '.' && isdigit(tail[0]) && isdigit(tail[2])) << p.company;
  }
}

}  // namespace
}  // namespace skillpulse

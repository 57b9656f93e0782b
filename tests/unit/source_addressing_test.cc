// Addressing sources (the contract the fetcher and the CLI rely on): typed specs -> URLs,
// URL path shapes claimed on any host, Lever paging, and the sniffing choice between formats.
#include <gtest/gtest.h>

#include "source_reader.h"
#include "sources/source.h"
#include "test_util.h"

namespace skillpulse {
namespace {

const SourceFormat& Format(std::string_view type) {
  const SourceFormat* f = SourceRegistry::Builtin().Find(type);
  EXPECT_NE(f, nullptr) << type;
  return *f;
}

std::vector<std::string> UrlsOf(const std::string& arg) {
  auto spec = ParseSourceSpec(arg);
  EXPECT_TRUE(spec.ok()) << spec.status().ToString();
  const SourceFormat& f = Format(spec->type);
  if (f.urls == nullptr) return {"<no urls hook>"};
  return f.urls(*spec);
}

std::string TypeOf(const std::string& arg) {
  auto spec = ParseSourceSpec(arg);
  EXPECT_TRUE(spec.ok()) << spec.status().ToString();
  return spec.ok() ? spec->type : "<error>";
}

std::string Sniffed(std::string_view head, std::string_view origin = "doc") {
  const SourceFormat* f = SourceRegistry::Builtin().Sniff(origin, head);
  return f == nullptr ? "" : std::string(f->type);
}

TEST(SourceUrls, TypedSlugsBecomeApiUrls) {
  EXPECT_EQ(UrlsOf("greenhouse:acme"),
            std::vector<std::string>{"https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"});
  EXPECT_EQ(UrlsOf("lever:acme"),
            std::vector<std::string>{"https://api.lever.co/v0/postings/acme?mode=json&skip=0&limit=100"});
  EXPECT_EQ(UrlsOf("ashby:ramp"),
            std::vector<std::string>{"https://api.ashbyhq.com/posting-api/job-board/ramp?includeCompensation=true"});
  // Slugs with characters a path needs escaped (ats_company_lists has "1st%20formations").
  EXPECT_EQ(UrlsOf("ashby:1st formations"),
            std::vector<std::string>{"https://api.ashbyhq.com/posting-api/job-board/1st%20formations?includeCompensation=true"});
  EXPECT_EQ(UrlsOf("lever:1840%26company"),
            std::vector<std::string>{"https://api.lever.co/v0/postings/1840%26company?mode=json&skip=0&limit=100"});
}

TEST(SourceUrls, ExistingFilesAreNotSlugs) {
  std::string file = std::string(SP_FIXTURES_DIR) + "/lever/v0/postings/acme";
  EXPECT_TRUE(UrlsOf("lever:" + file).empty());
  EXPECT_TRUE(UrlsOf("ashby:" + file).empty());
  EXPECT_TRUE(UrlsOf("greenhouse:" + file).empty());
  EXPECT_TRUE(UrlsOf("rss:" + file).empty());
  EXPECT_TRUE(UrlsOf("greenhouse:not/a/slug").empty());
}

TEST(SourceUrls, TypedUrlsGetTheQueryTheApiNeeds) {
  EXPECT_EQ(UrlsOf("greenhouse:http://127.0.0.1:8080/v1/boards/acme/jobs"),
            std::vector<std::string>{"http://127.0.0.1:8080/v1/boards/acme/jobs?content=true"});
  EXPECT_EQ(UrlsOf("greenhouse:http://127.0.0.1:8080/v1/boards/acme/jobs?content=false"),
            std::vector<std::string>{"http://127.0.0.1:8080/v1/boards/acme/jobs?content=false"});
  EXPECT_EQ(UrlsOf("lever:https://mirror.example/v0/postings/acme"),
            std::vector<std::string>{"https://mirror.example/v0/postings/acme?mode=json"});
  EXPECT_EQ(UrlsOf("ashby:https://mirror.example/posting-api/job-board/ramp?x=1"),
            std::vector<std::string>{"https://mirror.example/posting-api/job-board/ramp?x=1&includeCompensation=true"});
  // The benchmark server's own paths are fetched as given.
  EXPECT_EQ(UrlsOf("greenhouse:http://127.0.0.1:8080/greenhouse/gh01/jobs?content=true"),
            std::vector<std::string>{"http://127.0.0.1:8080/greenhouse/gh01/jobs?content=true"});
  EXPECT_EQ(UrlsOf("rss:http://127.0.0.1:8080/rss/wwr01.xml"),
            std::vector<std::string>{"http://127.0.0.1:8080/rss/wwr01.xml"});
  EXPECT_EQ(UrlsOf("jsonld:https://acme.example/careers/42"),
            std::vector<std::string>{"https://acme.example/careers/42"});
  EXPECT_TRUE(UrlsOf("rss:feeds.xml").empty());  // neither a URL nor an existing file
}

TEST(SourceUrls, FileOnlyFormatsHaveNoUrlHook) {
  EXPECT_EQ(Format("simplify").urls, nullptr);
  EXPECT_EQ(Format("jobspy").urls, nullptr);
}

TEST(SourceClaims, ApiPathShapesOnAnyHost) {
  EXPECT_EQ(TypeOf("https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"), "greenhouse");
  EXPECT_EQ(TypeOf("http://127.0.0.1:9999/v1/boards/acme/jobs"), "greenhouse");
  EXPECT_EQ(TypeOf("https://proxy.example/gh/v1/boards/acme/jobs/"), "greenhouse");
  EXPECT_EQ(TypeOf("https://api.lever.co/v0/postings/acme?mode=json"), "lever");
  EXPECT_EQ(TypeOf("http://localhost:8080/v0/postings/acme?skip=100&limit=100"), "lever");
  EXPECT_EQ(TypeOf("https://api.ashbyhq.com/posting-api/job-board/ramp?includeCompensation=true"), "ashby");
  EXPECT_EQ(TypeOf("http://10.0.0.1/posting-api/job-board/ramp"), "ashby");
  // Other shapes of the same APIs are not job lists.
  EXPECT_EQ(TypeOf("https://boards-api.greenhouse.io/v1/boards/acme/jobs/4012345001"), "");
  EXPECT_EQ(TypeOf("https://boards-api.greenhouse.io/v1/boards/acme/offices"), "");
  EXPECT_EQ(TypeOf("https://api.lever.co/v0/postings/acme/0b7f1c2e-1111"), "");
  // The benchmark server's short paths are recognised by content instead.
  EXPECT_EQ(TypeOf("http://127.0.0.1:8080/greenhouse/gh01/jobs?content=true"), "");
  EXPECT_EQ(TypeOf("http://127.0.0.1:8080/lever/lever01?mode=json"), "");
  EXPECT_EQ(TypeOf("http://127.0.0.1:8080/rss/wwr01.xml"), "");
  // Local paths with an API's shape are claimed too (a mirrored tree).
  EXPECT_TRUE(Format("greenhouse").claims_url("/srv/mirror/v1/boards/acme/jobs"));
  EXPECT_FALSE(Format("lever").claims_url("/srv/mirror/v1/boards/acme/jobs"));
}

TEST(SourceClaims, ContentThatDisagreesWithTheClaimIsSniffed) {
  Diagnostics diag(nullptr);
  auto all = testing::ReadBytes("", "http://127.0.0.1:8080/v1/boards/acme/jobs",
                                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>A: B</title>"
                                "<guid>g1</guid></item></channel></rss>",
                                diag);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(diag.counter("documents.rss"), 1);
}

TEST(LeverPaging, NextPageWhileFull) {
  auto next = Format("lever").next_page;
  ASSERT_NE(next, nullptr);
  const std::string url = "https://api.lever.co/v0/postings/acme?mode=json&skip=0&limit=2";
  EXPECT_EQ(next(url, R"([{"id":"a"},{"id":"b"}])"), "https://api.lever.co/v0/postings/acme?mode=json&skip=2&limit=2");
  EXPECT_EQ(next("https://api.lever.co/v0/postings/acme?mode=json&limit=2&skip=4", R"([{"id":"e"},{"id":"f"}])"),
            "https://api.lever.co/v0/postings/acme?mode=json&limit=2&skip=6");
  EXPECT_EQ(next(url, R"([{"id":"a"}])"), "");                        // a short page is the last
  EXPECT_EQ(next(url, "[]"), "");
  EXPECT_EQ(next(url, R"([{"id":"a"},{"id":"b"},{"id":"c"}])"), "");  // paging ignored: all at once
  EXPECT_EQ(next("https://api.lever.co/v0/postings/acme?mode=json", R"([{"id":"a"}])"), "");  // not paged
  EXPECT_EQ(next(url, "<html>rate limited</html>"), "");
  EXPECT_EQ(Format("greenhouse").next_page, nullptr);  // one response holds the whole board
  EXPECT_EQ(Format("ashby").next_page, nullptr);
}

TEST(Sniffing, ChoosesBetweenTheJsonFormats) {
  // Greenhouse, as the API and the benchmark corpus write it.
  EXPECT_EQ(Sniffed(R"({"jobs":[{"absolute_url":"https://job-boards.greenhouse.io/acme/jobs/1","data_compliance":[],"internal_job_id":2)"),
            "greenhouse");
  EXPECT_EQ(Sniffed(R"({"jobs":[],"meta":{"total":0}})"), "greenhouse");
  // Ashby, with and without apiVersion.
  EXPECT_EQ(Sniffed(R"({"apiVersion":"1","jobs":[{"id":"x","title":"T","department":"D")"), "ashby");
  EXPECT_EQ(Sniffed(R"({"jobs":[{"id":"x","jobUrl":"https://jobs.ashbyhq.com/ramp/x","descriptionHtml":"<p>")"), "ashby");
  EXPECT_EQ(Sniffed(R"({"apiVersion":"1","jobs":[]})"), "ashby");
  // Lever: a top-level array with hostedUrl/categories; also when the first posting is
  // longer than the head (only its leading keys are seen).
  EXPECT_EQ(Sniffed(R"([{"additionalPlain":"","additional":"","categories":{"commitment":"Full-time"},"hostedUrl":"https://jobs.lever.co/a/b"}])"),
            "lever");
  EXPECT_EQ(Sniffed(R"([{"additionalPlain":"","additional":"","categories":{"commitment":"Full-time"},"createdAt":1,"descriptionPlain":"...)"),
            "lever");
  EXPECT_EQ(Sniffed("[]", "http://h/v0/postings/acme"), "lever");
  // SimplifyJobs listings.
  EXPECT_EQ(Sniffed(R"([{"source":"Simplify","company_name":"WeRide","id":"6940","title":"SWE","active":false,"date_updated":1714605534,"date_posted":1714605534,"url":"u","locations":["X"],"company_url":"https://simplify.jobs/c/WeRide","is_visible":true,"sponsorship":"Other"}])"),
            "simplify");
  // HN: the shared JSONL, Firebase items, an Algolia tree.
  EXPECT_EQ(Sniffed("{\"thread_id\":1,\"thread_title\":\"Ask HN: Who is hiring? (May 2024)\",\"month\":\"2024-05\",\"id\":101,\"by\":\"a\",\"time\":null,\"text\":\"Acme\"}\n{\"thread_id\":1}\n"),
            "hn");
  EXPECT_EQ(Sniffed(R"([{"by":"a","id":1,"parent":2,"text":"Acme | Go","time":1,"type":"comment"}])"), "hn");
  EXPECT_EQ(Sniffed(R"j({"id":46466074,"created_at_i":1767283200,"type":"story","title":"Ask HN: Who is hiring? (January 2026)","children":[)j"),
            "hn");
  // Anything else one object per line: generic JSON Lines.
  EXPECT_EQ(Sniffed("{\"job_title\":\"Go dev\",\"body\":\"Write Go\"}\n{\"job_title\":\"Rust dev\",\"body\":\"x\"}\n"), "jsonl");
  // A JSON document of records, pretty-printed or a top-level array: generic JSON.
  EXPECT_EQ(Sniffed("{\n  \"name\": \"Uber\",\n  \"jobs\": [\n    {\n      \"url\": \"u\",\n      \"title\": \"SWE\",\n"), "json");
  EXPECT_EQ(Sniffed(R"([{"job_title":"Go dev","body":"Write Go"},{"job_title":"Rust dev","body":"x"}])"), "json");
  // The shared Greenhouse /offices response is not a job list.
  EXPECT_EQ(Sniffed("{\n \"offices\": [\n  {\"id\": 1, \"departments\": [{\"jobs\": [{\"absolute_url\": \"x\", \"internal_job_id\": 1}]}]}\n ]\n}\n"), "");
}

TEST(Sniffing, ChoosesBetweenMarkupAndCsvFormats) {
  EXPECT_EQ(Sniffed("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:media=\"x\">\n<channel>"), "rss");
  EXPECT_EQ(Sniffed("\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c --><feed xmlns=\"http://www.w3.org/2005/Atom\">"), "rss");
  EXPECT_EQ(Sniffed("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"), "rss");
  EXPECT_EQ(Sniffed("<?xml version=\"1.0\"?><sitemap/>"), "");
  EXPECT_EQ(Sniffed("<!DOCTYPE html><html><head><script type=\"application/ld+json\">{\"@type\":\"JobPosting\"}</script>"),
            "jsonld");
  EXPECT_EQ(Sniffed("<!doctype html><html><body>no data here"), "jsonld");  // may lie past the head; reported if not
  EXPECT_EQ(Sniffed("{\"@context\":\"https://schema.org\",\"@type\":\"JobPosting\",\"title\":\"x\"}"), "jsonld");
  // A Markdown file that quotes a JSON-LD script (the shared data's SOURCES.md) is not a page.
  EXPECT_EQ(Sniffed("# Data\n\nPages embed `<script type=\"application/ld+json\">` with a JobPosting.\n", "SOURCES.md"), "");
  EXPECT_EQ(Sniffed("\xEF\xBB\xBF\n  <script type=\"application/ld+json\">{\"@type\":\"JobPosting\"}</script>"), "jsonld");
  EXPECT_EQ(Sniffed("id,site,job_url,job_url_direct,title,company,location,date_posted,job_type,salary_source,interval,"
                    "min_amount,max_amount,currency,is_remote\nli-1,linkedin,u,,T,C,L,2024-01-01,,,,,,,False\n",
                    "jobs.csv"),
            "jobspy");
  EXPECT_EQ(Sniffed("id,title,description\n1,Go dev,Write Go\n", "jobs.csv"), "csv");
  // Postings with a URL but no text, and HN dumps of (id, month, posting), are postings.
  EXPECT_EQ(Sniffed("title,company,url\nGo dev,Acme,https://acme.example/jobs/1\n", "jobs.csv"), "csv");
  EXPECT_EQ(Sniffed("id,month,posting\n1,2024-05,Acme | Go\n", "hn_jobs.csv"), "csv");
  // Tables of something else with a title-like column are not read as postings unless typed:
  // the headers of the shared salary surveys, ATS company lists, O*NET occupations and the
  // HN thread index.
  EXPECT_EQ(Sniffed("work_year,experience_level,employment_type,job_title,salary,salary_currency,salary_in_usd,"
                    "employee_residence,remote_ratio,company_location,company_size\n2025,SE,FT,Data Engineer,1,USD,1,US,0,US,M\n",
                    "salaries.csv"),
            "");
  EXPECT_EQ(Sniffed("company;title;totalyearlycompensation;location;yearsofexperience\nAcme;SWE;200000;NYC;3\n", "levels.csv"), "");
  EXPECT_EQ(Sniffed("name,url\nAcme,https://jobs.ashbyhq.com/acme\n", "ashby_companies.csv"), "");
  EXPECT_EQ(Sniffed("O*NET-SOC Code\tTitle\tDescription\n11-1011.00\tChief Executives\tDetermine policies\n",
                    "onet_occupation_data.txt"),
            "");
  EXPECT_EQ(Sniffed("thread_id,month,title,top_level_comments,with_text,with_timestamp\n1,2024-05,Ask HN,3,3,0\n",
                    "threads_index.csv"),
            "");
}

TEST(Sniffing, TypedFormatReadsWhatItWouldNotPickUnasked) {
  // A page after a stray line is not detected as JSON-LD, but jsonld: reads it.
  const std::string page =
      "PHP Warning: session_start()\n<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
      "\"@type\":\"JobPosting\",\"title\":\"Go Engineer\",\"description\":\"Write Go\","
      "\"hiringOrganization\":{\"@type\":\"Organization\",\"name\":\"Acme\"}}</script></head></html>";
  EXPECT_EQ(Sniffed(page, "page.html"), "");
  Diagnostics diag(nullptr);
  auto all = testing::ReadBytes("jsonld", "page.html", page, diag);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].title, "Go Engineer");
  // A salary survey is not detected as postings, but csv: reads its rows.
  const std::string survey = "work_year,job_title,salary,salary_currency\n2025,Data Engineer,100000,USD\n";
  EXPECT_EQ(Sniffed(survey, "salaries.csv"), "");
  Diagnostics diag2(nullptr);
  auto rows = testing::ReadBytes("csv", "salaries.csv", survey, diag2);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].title, "Data Engineer");
}

TEST(Sniffing, SharedFilesGoToTheirFormats) {
  if (!testing::HaveShared("simplify_listings")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  testing::ReadAll(testing::SharedData("simplify_listings"), diag);
  EXPECT_EQ(diag.counter("documents.simplify"), 2);
  Diagnostics diag2(nullptr);
  testing::ReadAll(testing::SharedData("jsonld_edge_cases/custom.invalid__JSONLD_with_CDATA.html"), diag2);
  EXPECT_EQ(diag2.counter("documents.jsonld"), 1);
}

}  // namespace
}  // namespace skillpulse

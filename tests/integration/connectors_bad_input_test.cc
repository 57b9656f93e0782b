// Bad input to the document connectors never crashes and never silently disappears: a broken
// record is quarantined with its position (record index or line, byte offset) and reason, and
// the other records of the document are read. Truncated bodies, wrong types, missing ids,
// invalid UTF-8, huge fields, wrong top-level shapes; end to end through `skillpulse ingest`
// for two of them.
#include <gtest/gtest.h>

#include <fstream>

#include "core/text.h"
#include "source_reader.h"
#include "sources/source_util.h"
#include "store/store.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::ReadBytes;
using testing::Slurp;

std::string Fixture(const std::string& rel) { return Slurp(std::string(SP_FIXTURES_DIR) + "/" + rel); }

std::vector<std::string> Ids(const std::vector<JobPosting>& all) {
  std::vector<std::string> ids;
  for (const auto& p : all) ids.push_back(p.source_id);
  return ids;
}

using Ids_t = std::vector<std::string>;

// ---- Greenhouse ----

TEST(GreenhouseBadInput, TruncatedBodyKeepsTheCompleteJobs) {
  std::string body = Fixture("greenhouse/v1/boards/acme/jobs");
  size_t third = body.find("{\"absolute_url\":\"https://acme.example/careers");
  ASSERT_NE(third, std::string::npos);
  std::string cut = body.substr(0, third + 120);
  Diagnostics diag(nullptr);
  auto all = ReadBytes("greenhouse", "acme.json", cut, diag);
  EXPECT_EQ(Ids(all), (Ids_t{"4012345001", "4012345002"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].source, "greenhouse");
  EXPECT_EQ(q[0].origin, "acme.json");
  EXPECT_EQ(q[0].line, 3u);  // the third record
  EXPECT_EQ(q[0].offset, third);
  EXPECT_NE(q[0].reason.find("jobs[2]: the document ends inside this record (truncated"), std::string::npos) << q[0].reason;
  EXPECT_EQ(q[0].excerpt, cut.substr(third));
}

TEST(GreenhouseBadInput, WrongTypesMissingIdsAndBrokenRecords) {
  std::string body = R"({"jobs":[42,
    {"id":1,"title":5,"location":"NYC","content":7,"departments":"x","offices":{"a":1},"metadata":{"a":1},"pay_input_ranges":"none","updated_at":99},
    {"title":"No id","content":"&lt;p&gt;x&lt;/p&gt;"},
    {"id":3,"title":"b" "oops"},
    "a string",
    {"id":5,"title":"Last","location":{"name":"Oslo"}}],"meta":{"total":6}})";
  Diagnostics diag(nullptr);
  auto all = ReadBytes("greenhouse", "g.json", body, diag);
  ASSERT_EQ(Ids(all), (Ids_t{"1", "5"}));
  EXPECT_EQ(all[0].title, "5");         // a number where text was expected: its spelling
  EXPECT_EQ(all[0].location, "NYC");    // location as text instead of {name}
  EXPECT_EQ(all[0].description_html, "");
  EXPECT_FALSE(all[0].posted_at.has_value());
  EXPECT_EQ(all[1].location, "Oslo");
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].line, 1u);
  EXPECT_NE(q[0].reason.find("jobs[0] is not an object"), std::string::npos) << q[0].reason;
  EXPECT_EQ(q[1].line, 3u);
  EXPECT_NE(q[1].reason.find("jobs[2] has no id"), std::string::npos) << q[1].reason;
  EXPECT_EQ(q[2].line, 4u);
  EXPECT_NE(q[2].reason.find("jobs[3]: invalid JSON"), std::string::npos) << q[2].reason;
  EXPECT_EQ(q[2].offset, body.find("{\"id\":3"));
  EXPECT_EQ(q[3].line, 5u);
  EXPECT_NE(q[3].reason.find("jobs[4] is not an object"), std::string::npos) << q[3].reason;
}

TEST(GreenhouseBadInput, InvalidUtf8QuarantinesOnlyItsJob) {
  std::string body = R"({"jobs":[{"id":1,"title":"Good"},{"id":2,"title":"Ba)" + std::string("\xC3\x28") +
                     R"(d"},{"id":3,"title":"Also good"}]})";
  Diagnostics diag(nullptr);
  auto all = ReadBytes("greenhouse", "g.json", body, diag);
  EXPECT_EQ(Ids(all), (Ids_t{"1", "3"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 2u);
  EXPECT_NE(q[0].reason.find("UTF-8"), std::string::npos) << q[0].reason;
}

TEST(GreenhouseBadInput, HugeFieldIsQuarantined) {
  std::string huge(kMaxPostingFieldBytes + 1024, 'x');
  std::string body = R"({"jobs":[{"id":1,"title":"A"},{"id":2,"title":"Huge","content":")" + huge +
                     R"("},{"id":3,"title":"C"}]})";
  Diagnostics diag(nullptr);
  auto all = ReadBytes("greenhouse", "g.json", body, diag);
  EXPECT_EQ(Ids(all), (Ids_t{"1", "3"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 2u);
  EXPECT_NE(q[0].reason.find("description of " + std::to_string(huge.size()) + " bytes exceeds the limit"),
            std::string::npos)
      << q[0].reason;
  EXPECT_LE(q[0].excerpt.size(), 256u);
}

TEST(GreenhouseBadInput, WrongTopLevelShapes) {
  Diagnostics diag(nullptr);
  // `jobs` is an object: sniffed as Greenhouse by its first key, then quarantined whole.
  auto all = ReadBytes("greenhouse", "g.json", R"({"jobs":{"id":1},"meta":{"total":1}})", diag);
  EXPECT_TRUE(all.empty());
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_NE(q[0].reason.find("no \"jobs\" array"), std::string::npos) << q[0].reason;
  // Not Greenhouse at all: skipped with a warning, nothing quarantined.
  Diagnostics diag2(nullptr);
  all = ReadBytes("greenhouse", "g.html", "<html>rate limited</html>", diag2);
  EXPECT_TRUE(all.empty());
  EXPECT_EQ(diag2.counter("documents.skipped"), 1);
}

// ---- Lever ----

TEST(LeverBadInput, TruncatedWrongTypesMissingIdsHugeField) {
  std::string huge(kMaxPostingFieldBytes + 10, 'y');
  std::string body = std::string(R"([{"id":"a","text":"One","categories":"Engineering","lists":{"x":1},"createdAt":"abc","salaryRange":[1,2],"workplaceType":7},)") +
                     R"({"text":"No id"},)" + R"({"id":"c","text":"Huge","description":")" + huge + R"("},)" +
                     R"({"id":"d","text":"Four","categories":{"location":"Paris","allLocations":"Paris"}},)" +
                     R"({"id":"e","text":"Cut off","description":"<p>abc)";
  Diagnostics diag(nullptr);
  auto all = ReadBytes("lever", "lever.json", body, diag);
  ASSERT_EQ(Ids(all), (Ids_t{"a", "d"}));
  EXPECT_EQ(all[0].title, "One");
  EXPECT_FALSE(all[0].posted_at.has_value());  // createdAt not a number
  EXPECT_FALSE(all[0].salary.has_value());
  EXPECT_EQ(all[0].work_mode, WorkMode::kUnknown);
  EXPECT_EQ(all[1].location, "Paris");
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 3u);
  EXPECT_NE(q[0].reason.find("postings[1] has no id"), std::string::npos) << q[0].reason;
  EXPECT_EQ(q[0].line, 2u);
  EXPECT_NE(q[1].reason.find("postings[2]: description of"), std::string::npos) << q[1].reason;
  EXPECT_NE(q[2].reason.find("postings[4]: the document ends inside this record"), std::string::npos) << q[2].reason;
  EXPECT_EQ(q[2].offset, body.find("{\"id\":\"e\""));
}

TEST(LeverBadInput, AnObjectWhereTheArrayShouldBe) {
  Diagnostics diag(nullptr);
  auto all = ReadBytes("lever", "https://api.lever.co/v0/postings/acme?mode=json", R"({"ok":false,"error":"Document not found"})",
                       diag);
  EXPECT_TRUE(all.empty());
  // Lever's error body is not a postings list: the sniff rules it out.
  EXPECT_EQ(diag.counter("documents.skipped"), 1);
}

TEST(LeverBadInput, InvalidUtf8) {
  std::string body = R"([{"id":"a","text":"Fine"},{"id":"b","text":"Bad )" + std::string("\xFF\xFE") +
                     R"("},{"id":"c","text":"Fine too","hostedUrl":"https://jobs.lever.co/x/c","categories":{}}])";
  Diagnostics diag(nullptr);
  auto all = ReadBytes("lever", "lever.json", body, diag);
  EXPECT_EQ(Ids(all), (Ids_t{"a", "c"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 2u);
  EXPECT_NE(q[0].reason.find("UTF-8"), std::string::npos) << q[0].reason;
}

// ---- Ashby (now read by the same tolerant array reader) ----

TEST(AshbyBadInput, TruncatedBodyKeepsTheCompleteJobs) {
  std::string body = R"({"apiVersion":"1","jobs":[{"id":"j1","title":"A","jobUrl":"https://jobs.ashbyhq.com/x/j1"},)"
                     R"({"id":"j2","title":"B","jobUrl":"https://jobs.ashbyhq.com/x/j2"},{"id":"j3","title":"C","descr)";
  Diagnostics diag(nullptr);
  auto all = ReadBytes("ashby", "x.json", body, diag);
  EXPECT_EQ(Ids(all), (Ids_t{"j1", "j2"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 3u);
  EXPECT_NE(q[0].reason.find("truncated"), std::string::npos);
}

// ---- SimplifyJobs ----

TEST(SimplifyBadInput, WrongTypesMissingIdsTruncation) {
  std::string body = R"([
    {"source":"Simplify","company_name":"A","id":"1","title":"SWE","active":"false","date_updated":"1714605534","date_posted":1714605534,"url":"u1","locations":"NYC","sponsorship":5,"terms":"Summer 2025","is_visible":true},
    {"source":"Simplify","company_name":"B","title":"No id","active":true,"date_posted":1,"url":"u2","locations":[]},
    {"source":"Simplify","company_name":"C","id":"3","title":"","active":true,"date_posted":1,"url":"u3","locations":[]},
    {"source":"Simplify","company_name":"D","id":"4","title":"Fine","active":true,"date_posted":1714605534000,"url":"u4","locations":["Remote", 7, null]},
    {"source":"Simplify","company_name":"E","id":"5","title":"Cut)";
  Diagnostics diag(nullptr);
  auto all = ReadBytes("simplify", "listings.json", body, diag);
  ASSERT_EQ(Ids(all), (Ids_t{"1", "4"}));
  EXPECT_EQ(all[0].location, "NYC");                  // a string where a list was expected
  EXPECT_EQ(all[0].valid_through, 1714605534);        // "false" and a numeric string still read
  EXPECT_EQ(all[0].employment_type, EmploymentType::kUnknown);  // terms not a list
  EXPECT_FALSE(all[0].visa_sponsorship.has_value());
  EXPECT_EQ(all[1].posted_at, 1714605534);            // milliseconds accepted
  EXPECT_EQ(all[1].location, "Remote");
  EXPECT_EQ(all[1].extra_locations, std::vector<std::string>{"7"});  // null skipped
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 3u);
  EXPECT_NE(q[0].reason.find("listings[1] has no id"), std::string::npos) << q[0].reason;
  EXPECT_NE(q[1].reason.find("listings[2] has no title"), std::string::npos) << q[1].reason;
  EXPECT_NE(q[2].reason.find("truncated"), std::string::npos) << q[2].reason;
  EXPECT_EQ(q[2].line, 5u);
}

TEST(SimplifyBadInput, OutOfRangeNumbersAreNoDates) {
  // Found by simplify_fuzz: 1.7e57 seconds overflowed the conversion to int64.
  Diagnostics diag(nullptr);
  auto all = ReadBytes("simplify", "listings.json",
                       R"([{"company_name":"A","id":"1","title":"t","date_posted":1.7e57,"date_updated":-5,"active":false,"sponsorship":"Other"},
                           {"company_name":"B","id":"2","title":"u","date_posted":32503680001,"sponsorship":"Other"}])",
                       diag);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[0].posted_at.has_value());
  EXPECT_FALSE(all[0].valid_through.has_value());
  EXPECT_FALSE(all[1].posted_at.has_value());  // past the year 3000
  Diagnostics diag2(nullptr);
  auto lever = ReadBytes("lever", "l.json", R"([{"id":"a","text":"t","createdAt":-1e300},{"id":"b","text":"u","createdAt":1e400}])", diag2);
  ASSERT_EQ(lever.size(), 2u);
  EXPECT_FALSE(lever[0].posted_at.has_value());
  EXPECT_FALSE(lever[1].posted_at.has_value());
}

TEST(SimplifyBadInput, InvalidUtf8AndHugeField) {
  std::string huge(kMaxPostingFieldBytes + 1, 'z');
  std::string body = R"([{"company_name":"A","id":"1","title":"ok","date_posted":1,"sponsorship":"Other","is_visible":true},)"
                     R"({"company_name":"B","id":"2","title":"bad )" + std::string("\xED\xA0\x80") + R"("},)" +
                     R"({"company_name":"C","id":"3","title":")" + huge + R"("},)" +
                     R"({"company_name":"D","id":"4","title":"ok too"}])";
  Diagnostics diag(nullptr);
  auto all = ReadBytes("simplify", "listings.json", body, diag);
  EXPECT_EQ(Ids(all), (Ids_t{"1", "4"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 2u);
  EXPECT_NE(q[0].reason.find("UTF-8"), std::string::npos) << q[0].reason;
  EXPECT_NE(q[1].reason.find("title of"), std::string::npos) << q[1].reason;
}

// ---- RSS / Atom ----

const char* kItem = "<item><title>Co%d: Role %d</title><guid>g%d</guid><link>https://x/%d</link>"
                    "<description>&lt;p&gt;Text %d&lt;/p&gt;</description></item>\n";

std::string Item(int n) {
  char buf[512];
  std::snprintf(buf, sizeof buf, kItem, n, n, n, n, n);
  return buf;
}

std::string Feed(const std::string& items, bool close = true) {
  std::string s = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n<title>F</title>\n" + items;
  if (close) s += "</channel>\n</rss>\n";
  return s;
}

TEST(RssBadInput, TruncatedFeedKeepsTheCompleteItems) {
  std::string feed = Feed(Item(1) + Item(2) + Item(3), false);
  size_t third = feed.find("<item><title>Co3");
  feed.resize(third + 40);
  Diagnostics diag(nullptr);
  auto all = ReadBytes("rss", "feed.xml", feed, diag);
  EXPECT_EQ(Ids(all), (Ids_t{"g1", "g2"}));
  EXPECT_EQ(all[0].company, "Co1");
  EXPECT_EQ(all[1].origin_line, 6u);
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 7u);  // the line the item starts on
  EXPECT_EQ(q[0].offset, third);
  EXPECT_NE(q[0].reason.find("item 3: the document ends inside this item"), std::string::npos) << q[0].reason;
  EXPECT_EQ(diag.warning_count(), 1u);  // "invalid XML ...; reading the feed item by item"
}

TEST(RssBadInput, BrokenItemAmongGoodOnes) {
  std::string broken = "<item><title>Bad: One</titl><guid>gx</guid></item>\n";
  std::string feed = Feed(Item(1) + broken + Item(3));
  Diagnostics diag(nullptr);
  auto all = ReadBytes("rss", "feed.xml", feed, diag);
  EXPECT_EQ(Ids(all), (Ids_t{"g1", "g3"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 6u);
  EXPECT_EQ(q[0].offset, feed.find("<item><title>Bad"));
  EXPECT_NE(q[0].reason.find("item 2: invalid XML"), std::string::npos) << q[0].reason;
}

TEST(RssBadInput, InvalidUtf8HugeFieldAndEmptyItem) {
  std::string huge(kMaxPostingFieldBytes + 5, 'h');
  std::string feed = Feed(Item(1) + "<item><title>Bad \xC3 byte</title><guid>gb</guid></item>\n" +
                          "<item><title>Big: one</title><guid>gh</guid><description>" + huge + "</description></item>\n" +
                          "<item><guid>empty</guid></item>\n" + Item(5));
  huge.clear();
  Diagnostics diag(nullptr);
  auto all = ReadBytes("rss", "feed.xml", feed, diag);
  EXPECT_EQ(Ids(all), (Ids_t{"g1", "g5"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 3u);
  EXPECT_NE(q[0].reason.find("item 2: invalid UTF-8 in <title>"), std::string::npos) << q[0].reason;
  EXPECT_EQ(q[0].line, 6u);
  EXPECT_NE(q[1].reason.find("item 3: description of"), std::string::npos) << q[1].reason;
  EXPECT_NE(q[2].reason.find("item 4: item has neither a title nor a description"), std::string::npos) << q[2].reason;
}

TEST(RssBadInput, NotXmlAndXmlThatIsNotAFeed) {
  Diagnostics diag(nullptr);
  auto all = ReadBytes("rss", "x.xml", "{\"not\":\"xml\"}", diag);
  EXPECT_TRUE(all.empty());
  EXPECT_EQ(diag.counter("documents.skipped"), 1);
  Diagnostics diag2(nullptr);
  all = ReadBytes("rss", "x.xml", "<rss><channel><title>never closed", diag2);
  EXPECT_TRUE(all.empty());
  auto q = diag2.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_NE(q[0].reason.find("no <item> or <entry>"), std::string::npos) << q[0].reason;
}

// ---- JSON-LD ----

TEST(JsonLdBadInput, BrokenScriptsBadPostingsBadBytes) {
  std::string huge(kMaxPostingFieldBytes + 3, 'd');
  std::string page = "<html><head>\n"
                     "<script type=\"application/ld+json\">{\"@type\": \"JobPosting\", \"title\": \"Good one\", \"identifier\": \"ok1\"}</script>\n"
                     "<script type=\"application/ld+json\">{\"@type\": \"JobPosting\", \"title\": [broken</script>\n"
                     "<script type=\"application/ld+json\">{\"@type\": \"JobPosting\", \"employmentType\": \"FULL_TIME\"}</script>\n"
                     "<script type=\"application/ld+json\">{\"@type\": \"JobPosting\", \"title\": \"Big\", \"description\": \"" + huge + "\"}</script>\n"
                     "<script type=\"application/ld+json\">{\"@type\": \"Organization\", \"name\": [oops</script>\n"
                     "<script type=\"application/ld+json\">{\"@type\": \"JobPosting\", \"title\": \"Caf\xE9 \xFF\", \"identifier\": \"ok2\"}</script>\n"
                     "</head><body></body></html>";
  huge.clear();
  Diagnostics diag(nullptr);
  auto all = ReadBytes("jsonld", "page.html", page, diag);
  ASSERT_EQ(Ids(all), (Ids_t{"ok1", "ok2"}));
  EXPECT_EQ(all[1].title, "Caf\uFFFD \uFFFD");  // invalid bytes replaced, as a browser shows them
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0].line, 3u);
  EXPECT_NE(q[0].reason.find("JSON-LD script at line 3: not JSON"), std::string::npos) << q[0].reason;
  EXPECT_EQ(q[1].line, 4u);
  EXPECT_NE(q[1].reason.find("neither a title nor a description"), std::string::npos) << q[1].reason;
  EXPECT_EQ(q[2].line, 5u);
  EXPECT_NE(q[2].reason.find("description of"), std::string::npos) << q[2].reason;
  EXPECT_EQ(diag.counter("jsonld.unreadable_scripts"), 1);  // the broken Organization
}

TEST(JsonLdBadInput, TruncatedPage) {
  std::string page = Fixture("jsonld/careers_page.html");
  page.resize(page.find("\"baseSalary\""));  // cut inside the first script
  Diagnostics diag(nullptr);
  auto all = ReadBytes("jsonld", "page.html", page, diag);
  EXPECT_TRUE(all.empty());
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 6u);
}

// ---- JobSpy (the CSV reader's rules) ----

TEST(JobSpyBadInput, BadRowsQuarantinedUnderTheJobSpyName) {
  std::string csv = Fixture("jobspy/jobs.csv");
  csv += "li-9,linkedin,only,three\n";
  csv += "li-10,linkedin,https://x,,Bad \xC3 title,Co,L,2024-05-01,,,,,,,False,,,,,d,,,,,,,,\n";
  Diagnostics diag(nullptr);
  auto all = ReadBytes("jobspy", "jobs.csv", csv, diag);
  EXPECT_EQ(all.size(), 4u);
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].source, "jobspy");
  EXPECT_NE(q[0].reason.find("expected 28 fields"), std::string::npos) << q[0].reason;
  EXPECT_NE(q[1].reason.find("invalid UTF-8 in column 'title'"), std::string::npos) << q[1].reason;
}

// ---- End to end: the quarantine table and the exit status ----

struct Ingested {
  testing::CommandResult cmd;
  int64_t postings = -1;
  std::vector<QuarantinedRecord> quarantined;
};

Ingested Ingest(const testing::TempDir& tmp, const std::string& sources) {
  Ingested r;
  std::string db = tmp.File("store.db");
  r.cmd = testing::RunSkillpulse("ingest --no-progress --db " + db + " " + sources);
  auto store = OpenSqliteStore(db);
  if (store.ok()) {
    r.postings = (*store)->CountPostings().value();
    r.quarantined = (*store)->ListQuarantined(100).value();
  }
  return r;
}

TEST(ConnectorsBadInput, IngestKeepsWhatCanBeReadAndStoresTheRest) {
  testing::TempDir tmp;
  std::string body = Fixture("greenhouse/v1/boards/acme/jobs");
  std::string gh = tmp.Write("acme_jobs.json", body.substr(0, body.find("{\"absolute_url\":\"https://acme.example") + 50));
  std::string feed = Feed(Item(1) + "<item><title>Bad: One</titl></item>\n" + Item(3));
  std::string rss = tmp.Write("feed.xml", feed);
  Ingested r = Ingest(tmp, "greenhouse:" + gh + " " + rss);
  EXPECT_EQ(r.cmd.exit_code, 0) << r.cmd.err;
  EXPECT_EQ(r.postings, 4);
  ASSERT_EQ(r.quarantined.size(), 2u);
  bool saw_gh = false, saw_rss = false;
  for (const auto& q : r.quarantined) {
    if (q.origin == gh) {
      saw_gh = true;
      EXPECT_EQ(q.line, 3u);
      EXPECT_NE(q.reason.find("truncated"), std::string::npos);
    }
    if (q.origin == rss) {
      saw_rss = true;
      EXPECT_EQ(q.line, 6u);
      EXPECT_NE(q.reason.find("invalid XML"), std::string::npos);
    }
  }
  EXPECT_TRUE(saw_gh && saw_rss);
  EXPECT_NE(r.cmd.err.find(gh + ":3: jobs[2]: the document ends inside this record"), std::string::npos) << r.cmd.err;
}

}  // namespace
}  // namespace skillpulse

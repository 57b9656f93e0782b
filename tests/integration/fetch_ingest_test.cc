// `skillpulse ingest` of live sources, end to end (the CLI binary, a loopback server with
// injected faults, the SQLite store): every recoverable source ends fully ingested, every
// unrecoverable one is reported with its reason and contributes nothing, a recorded run
// replays offline into identical rows, and board listings open/close postings over runs.
// Also `skillpulse sources add|list|check`.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "fault_server.h"
#include "live_fixtures.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::FaultConnection;
using testing::FaultServer;
using testing::HttpRequest;
using testing::Respond;
namespace faults = testing::faults;

using Rows = std::vector<std::vector<std::string>>;

Rows Query(const std::string& db, const std::string& sql) {
  Rows rows;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db;
    sqlite3_close(h);
    return rows;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sqlite3_errmsg(h) << " in " << sql;
  } else {
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* t = sqlite3_column_text(st, i);
        row.push_back(t == nullptr ? "NULL" : std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(st, i)));
      }
      rows.push_back(std::move(row));
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return rows;
}

int64_t QueryInt(const std::string& db, const std::string& sql) {
  Rows r = Query(db, sql);
  return r.empty() || r[0].empty() || r[0][0] == "NULL" ? -1 : std::stoll(r[0][0]);
}

int64_t NowS() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Every column of every posting, in insertion order.
Rows PostingsTable(const std::string& db) { return Query(db, "SELECT * FROM postings ORDER BY posting_id"); }

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// A [[source]] entry for an Ashby board served by `server`.
std::string AshbyEntry(const FaultServer& server, const std::string& org, const std::string& fault,
                       const std::string& extra = "") {
  return "[[source]]\nname = \"" + org + " (" + fault + ")\"\ntype = \"ashby\"\nurl = \"" +
         server.Url("/posting-api/job-board/" + org + "?includeCompensation=true") + "\"\nsource = \"ashby:" + org +
         "\"\n" + extra + "\n";
}

constexpr std::string_view kFastFetch = R"toml(
user_agent = "skillpulse-test/1"
contact = "https://example.org/skillpulse-tests"

[fetch]
max_attempts = 3
backoff_base_ms = 20
backoff_max_ms = 80
connect_timeout_ms = 1000
timeout_ms = 3000
max_body_mb = 16
max_retry_after_s = 5
breaker_failures = 100

)toml";

TEST(FetchIngest, EveryRecoverableSourceIsIngestedEveryFailureExplainedAndTheReplayIsIdentical) {
  if (!testing::HaveShared("ats_ashby") || !testing::HaveShared("hn_whoishiring")) GTEST_SKIP();
  auto boards = testing::LoadAshbyBoards(12, 2, 60);
  ASSERT_EQ(boards.size(), 12u);
  auto threads = testing::LoadLatestHnThreads(2);
  ASSERT_EQ(threads.size(), 2u);
  FaultServer server;
  auto path = [&](size_t i) { return "/posting-api/job-board/" + boards[i].org; };
  // Recoverable: latency, 429 + Retry-After, 5xx, reset, truncation, a sloppy content type.
  server.Route(path(0), faults::Slow(boards[0].body, 300));
  server.Route(path(1), faults::FailFirst(1, 429, boards[1].body, "1"));
  server.Route(path(2), faults::FailFirst(2, 500, boards[2].body));
  server.Route(path(3), faults::ResetFirst(1, boards[3].body));
  server.Route(path(4), faults::TruncateFirst(1, boards[4].body));
  server.Static(path(5), boards[5].body, "text/plain");
  // Unrecoverable: always 5xx, 404, a gzip bomb, an endless body, an HTML page, always truncated.
  server.Route(path(6), faults::FailFirst(1000, 502, ""));
  server.Route(path(7), faults::FailFirst(1000, 404, ""));
  server.Route(path(8), faults::GzipBomb(64 << 20));
  server.Route(path(9), faults::EndlessSlowBody(20));
  server.Static(path(10), "<html><body>Sign in to continue</body></html>", "text/html");
  server.Route(path(11), faults::TruncateFirst(1000, boards[11].body));
  testing::ServeHn(server, threads);
  setenv("SKILLPULSE_HN_API", server.Url("/algolia").c_str(), 1);
  setenv("SKILLPULSE_HN_FIREBASE", server.Url("/firebase").c_str(), 1);

  const char* fault_names[] = {"latency", "429", "500x2", "reset", "truncated", "text/plain", "always 502",
                               "404", "gzip bomb", "endless body", "html", "always truncated"};
  std::string config(kFastFetch);
  for (size_t i = 0; i < boards.size(); ++i) {
    config += AshbyEntry(server, boards[i].org, fault_names[i], i == 9 ? "timeout_ms = 400\nmax_attempts = 2\n" : "");
  }
  config += "[[source]]\nname = \"HN (Algolia)\"\ntype = \"hn\"\nlocation = \"latest:2\"\n\n";
  config += "[[source]]\nname = \"HN (Firebase)\"\ntype = \"hn\"\nlocation = \"firebase:latest\"\nsource = \"hn-firebase\"\n";
  testing::TempDir tmp;
  std::string cfg = tmp.Write("sources.toml", config);
  std::string db = tmp.File("live.db");
  int64_t t0 = NowS();
  auto run = testing::RunSkillpulse("ingest --no-progress --config " + cfg + " --db " + db + " --archive " +
                                    tmp.File("archive"));
  int64_t t1 = NowS();
  ASSERT_EQ(run.exit_code, 0) << run.err;

  for (size_t i = 0; i < 6; ++i) {
    SCOPED_TRACE(std::string(fault_names[i]) + " " + boards[i].org);
    EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings WHERE source=" + Quote("ashby:" + boards[i].org)),
              static_cast<int64_t>(boards[i].jobs));
    EXPECT_EQ(run.err.find(boards[i].org + " (" + fault_names[i] + ")"), std::string::npos) << run.err;
  }
  struct Expect {
    size_t board;
    const char* reason;
    int64_t postings;
  };
  // Board responses are streamed to their parser (docs/SCALING.md "Streaming fetched bodies"),
  // so a response that is cut off on every attempt has its records before the cut read: the
  // complete elements of the jobs array within the first tenth of brigit's body. Counted here
  // with simdjson On-Demand over the whole body (each element's raw JSON ends at an offset).
  const size_t cut = boards[11].body.size() / 10;
  int64_t before_cut = 0;
  {
    simdjson::padded_string padded(boards[11].body);
    simdjson::ondemand::parser od;
    simdjson::ondemand::document d = od.iterate(padded);
    simdjson::dom::parser dom;
    for (auto job : d["jobs"].get_array()) {
      simdjson::ondemand::object obj;
      std::string_view raw;
      if (job.get_object().get(obj) || obj.raw_json().get(raw)) continue;
      size_t end = static_cast<size_t>(raw.data() - padded.data()) + raw.size();
      std::string_view id;
      if (end <= cut && !dom.parse(raw).at_key("id").get_string().get(id) && !id.empty()) ++before_cut;
    }
  }
  for (const Expect& e : {Expect{6, "HTTP 502 (after 3 attempts)", 0}, Expect{7, "HTTP 404", 0},
                          Expect{9, "Operation timed out", 0}, Expect{10, "text/html", 0},
                          Expect{11, "bytes remaining", before_cut}}) {
    SCOPED_TRACE(fault_names[e.board]);
    // Nothing of a failed response is stored, except what a streamed one delivered before it failed.
    EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings WHERE source=" + Quote("ashby:" + boards[e.board].org)),
              e.postings);
    std::string line = "could not read " + boards[e.board].org + " (" + fault_names[e.board] + "): ";
    size_t at = run.err.find(line);
    ASSERT_NE(at, std::string::npos) << run.err;
    std::string reported = run.err.substr(at, run.err.find('\n', at) - at);
    EXPECT_NE(reported.find(e.reason), std::string::npos) << reported;
  }
  // The cut record of brigit is quarantined.
  EXPECT_NE(run.err.find(boards[11].org + "?includeCompensation=true:" + std::to_string(before_cut + 1) + ": jobs[" +
                         std::to_string(before_cut) + "]: the document ends inside this record"),
            std::string::npos)
      << run.err;
  // The gzip bomb is streamed too: its reader sees zeros, not Ashby JSON, and stops at once
  // (the transfer is aborted long before the 16 MB limit): nothing stored, the document skipped.
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings WHERE source=" + Quote("ashby:" + boards[8].org)), 0);
  const std::string bomb_warning = "skipped " + server.Url(path(8)) + "?includeCompensation=true: not ashby input";
  EXPECT_NE(run.err.find(bomb_warning), std::string::npos) << run.err;
  // HN: threads_index.csv says 265 (2026-01) + 348 (2025-10) comments with text.
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings WHERE source='hn'"), 265 + 348);
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings WHERE source='hn-firebase'"), 265);
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings WHERE source='hn' AND month='2025-10'"), 348);
  // first_seen and last_seen come from the fetch, not from the posting dates.
  EXPECT_GE(QueryInt(db, "SELECT MIN(first_seen) FROM postings"), t0);
  EXPECT_LE(QueryInt(db, "SELECT MAX(last_seen) FROM postings"), t1);
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings WHERE first_seen != last_seen OR closed_at IS NOT NULL"), 0);
  EXPECT_NE(run.err.find("fetched 14 live sources: 5 failed"), std::string::npos) << run.err;
  // The User-Agent carries the contact.
  EXPECT_EQ(server.Requests().front().Header("user-agent"), "skillpulse-test/1 (+https://example.org/skillpulse-tests)");

  // Replay, with the server gone: the same rows, column for column.
  server.Stop();
  std::string replay_db = tmp.File("replay.db");
  auto replay = testing::RunSkillpulse("ingest --no-progress --replay " + tmp.File("archive") + " --db " + replay_db);
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  Rows original = PostingsTable(db), replayed = PostingsTable(replay_db);
  EXPECT_EQ(original.size(), static_cast<size_t>(QueryInt(db, "SELECT COUNT(*) FROM postings")));
  EXPECT_GT(original.size(), 900u);
  EXPECT_TRUE(original == replayed) << "replayed postings differ";
  EXPECT_EQ(Query(db, "SELECT * FROM posting_skills ORDER BY posting_id, skill_id"),
            Query(replay_db, "SELECT * FROM posting_skills ORDER BY posting_id, skill_id"));
  // The failures replay with the same reasons.
  EXPECT_NE(replay.err.find(bomb_warning), std::string::npos) << replay.err;
  for (size_t i : {6, 7, 9, 10, 11}) {
    std::string line = "could not read " + boards[i].org + " (" + fault_names[i] + "): ";
    size_t a = run.err.find(line), b = replay.err.find(line);
    ASSERT_NE(b, std::string::npos) << replay.err;
    EXPECT_EQ(run.err.substr(a, run.err.find('\n', a) - a), replay.err.substr(b, replay.err.find('\n', b) - b));
  }
  unsetenv("SKILLPULSE_HN_API");
  unsetenv("SKILLPULSE_HN_FIREBASE");
}

// A board whose listing changes between runs: served from `jobs` (raw job objects), with an
// ETag so unchanged listings cost a 304.
struct MutableBoard {
  std::mutex mu;
  std::vector<std::string> jobs;
  bool broken = false;
  void Set(std::vector<std::string> j, bool down = false) {
    std::lock_guard lock(mu);
    jobs = std::move(j);
    broken = down;
  }
  std::string Body() {
    std::string b = "{\"apiVersion\":\"1\",\"jobs\":[";
    for (size_t i = 0; i < jobs.size(); ++i) b += (i ? "," : "") + jobs[i];
    return b + "]}";
  }
};

std::vector<std::string> RawJobs(const std::string& body) {
  simdjson::dom::parser p;
  simdjson::dom::element root;
  simdjson::dom::array arr;
  std::vector<std::string> out;
  if (p.parse(body).get(root) || root["jobs"].get_array().get(arr)) return out;
  for (simdjson::dom::element j : arr) out.push_back(simdjson::minify(j));
  return out;
}

std::string JobId(const std::string& raw) {
  simdjson::dom::parser p;
  simdjson::dom::element e;
  std::string_view id;
  if (p.parse(raw).get(e) || e["id"].get_string().get(id)) return "";
  return std::string(id);
}

TEST(FetchIngest, ListingsOpenCloseTouchAndReopenPostingsAcrossRuns) {
  if (!testing::HaveShared("ats_ashby")) GTEST_SKIP();
  auto boards = testing::LoadAshbyBoards(1, 4, 30);
  ASSERT_EQ(boards.size(), 1u);
  std::vector<std::string> all = RawJobs(boards[0].body);
  ASSERT_GE(all.size(), 4u);
  std::vector<std::string> id;
  for (const auto& j : all) id.push_back(JobId(j));
  auto board = std::make_shared<MutableBoard>();
  FaultServer server;
  std::string path = "/posting-api/job-board/" + boards[0].org;
  server.Route(path, [board](const HttpRequest& r, FaultConnection& c) {
    std::lock_guard lock(board->mu);
    if (board->broken) {
      c.Reply(500, "{}");
      return Respond::kKeepOpen;
    }
    std::string body = board->Body();
    std::string etag = "\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
    if (r.Header("if-none-match") == etag) {
      c.Send("HTTP/1.1 304 Not Modified\r\nETag: " + etag + "\r\nContent-Length: 0\r\n\r\n");
    } else {
      c.Reply(200, body, "application/json", {{"ETag", etag}});
    }
    return Respond::kKeepOpen;
  });
  testing::TempDir tmp;
  std::string cfg = tmp.Write("sources.toml", std::string(kFastFetch) + AshbyEntry(server, boards[0].org, "board"));
  std::string db = tmp.File("life.db");
  std::string archive = tmp.File("archive");
  const std::string source = "ashby:" + boards[0].org;
  std::vector<int> exit_codes;
  auto ingest = [&]() {
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // distinct seconds per run
    int64_t before = NowS();
    auto r = testing::RunSkillpulse("ingest --no-progress --config " + cfg + " --db " + db + " --archive " + archive);
    exit_codes.push_back(r.exit_code);
    return std::make_pair(before, r);
  };
  auto row = [&](const std::string& job) {  // first_seen, last_seen, closed_at
    Rows r = Query(db, "SELECT first_seen, last_seen, COALESCE(closed_at, -1) FROM postings WHERE source=" +
                           Quote(source) + " AND source_id=" + Quote(job));
    EXPECT_EQ(r.size(), 1u) << job;
    return r.empty() ? std::vector<int64_t>{} : std::vector<int64_t>{std::stoll(r[0][0]), std::stoll(r[0][1]), std::stoll(r[0][2])};
  };

  // Run 1: jobs 0, 1, 2.
  board->Set({all[0], all[1], all[2]});
  auto [t1, r1] = ingest();
  int64_t s1 = row(id[0])[0];
  EXPECT_GE(s1, t1);
  EXPECT_EQ(row(id[2]), (std::vector<int64_t>{s1, s1, -1}));

  // Run 2: job 2 left the board, job 3 is new.
  board->Set({all[0], all[1], all[3]});
  auto [t2, r2] = ingest();
  int64_t s2 = row(id[3])[0];
  EXPECT_GT(s2, s1);
  EXPECT_EQ(row(id[0]), (std::vector<int64_t>{s1, s2, -1}));
  EXPECT_EQ(row(id[2]), (std::vector<int64_t>{s1, s1, s2}));  // closed when it was found missing
  EXPECT_EQ(row(id[3]), (std::vector<int64_t>{s2, s2, -1}));
  EXPECT_NE(r2.err.find("1 postings closed"), std::string::npos) << r2.err;

  // Run 3: unchanged: one 304, and the open postings are still seen.
  auto [t3, r3] = ingest();
  EXPECT_EQ(server.Requests().back().Header("if-none-match").empty(), false);
  EXPECT_NE(r3.err.find("1 unchanged (304)"), std::string::npos) << r3.err;
  int64_t s3 = row(id[0])[1];
  EXPECT_GE(s3, t3);
  EXPECT_EQ(row(id[3]), (std::vector<int64_t>{s2, s3, -1}));
  EXPECT_EQ(row(id[2]), (std::vector<int64_t>{s1, s1, s2}));  // a closed one is not touched

  // Run 4: the board is down: nothing is closed, nothing moves.
  board->Set({all[0], all[1], all[3]}, /*down=*/true);
  auto [t4, r4] = ingest();
  EXPECT_NE(r4.err.find("HTTP 500"), std::string::npos) << r4.err;
  EXPECT_EQ(r4.exit_code, 1);  // nothing could be read and something failed
  EXPECT_EQ(row(id[0]), (std::vector<int64_t>{s1, s3, -1}));
  EXPECT_EQ(row(id[3]), (std::vector<int64_t>{s2, s3, -1}));

  // Run 5: job 2 is back: reopened.
  board->Set({all[0], all[1], all[2], all[3]});
  auto [t5, r5] = ingest();
  int64_t s5 = row(id[2])[1];
  EXPECT_GE(s5, t5);
  EXPECT_EQ(row(id[2]), (std::vector<int64_t>{s1, s5, -1}));
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings WHERE closed_at IS NOT NULL"), 0);

  // Replaying the five recorded runs, in order, into a new store gives the same table.
  server.Stop();
  std::vector<std::string> runs;
  for (const auto& e : std::filesystem::directory_iterator(archive + "/runs")) runs.push_back(e.path().string());
  std::sort(runs.begin(), runs.end());
  ASSERT_EQ(runs.size(), 5u);
  EXPECT_EQ(exit_codes, (std::vector<int>{0, 0, 0, 1, 0}));
  std::string replay_db = tmp.File("replay.db");
  for (size_t i = 0; i < runs.size(); ++i) {
    auto r = testing::RunSkillpulse("ingest --no-progress --replay " + runs[i] + " --db " + replay_db);
    EXPECT_EQ(r.exit_code, exit_codes[i]) << r.err;
  }
  EXPECT_TRUE(PostingsTable(db) == PostingsTable(replay_db));
  EXPECT_EQ(PostingsTable(replay_db).size(), 4u);
}

TEST(FetchIngest, AQuarantinedRecordKeepsTheBoardFromClosingAnything) {
  if (!testing::HaveShared("ats_ashby")) GTEST_SKIP();
  auto boards = testing::LoadAshbyBoards(1, 3, 30);
  ASSERT_EQ(boards.size(), 1u);
  std::vector<std::string> all = RawJobs(boards[0].body);
  auto board = std::make_shared<MutableBoard>();
  board->Set({all[0], all[1]});
  FaultServer server;
  server.Route("/posting-api/job-board/" + boards[0].org, [board](const HttpRequest&, FaultConnection& c) {
    std::lock_guard lock(board->mu);
    c.Reply(200, board->Body());
    return Respond::kKeepOpen;
  });
  testing::TempDir tmp;
  std::string cfg = tmp.Write("sources.toml", std::string(kFastFetch) + AshbyEntry(server, boards[0].org, "board"));
  std::string db = tmp.File("q.db");
  auto r1 = testing::RunSkillpulse("ingest --no-progress --config " + cfg + " --db " + db);
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  // Job 1 disappears, but the listing also holds a job the parser must quarantine (no id):
  // the listing was not read completely, so job 1 is not closed.
  board->Set({all[0], "{\"title\":\"a job without an id\"}"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto r2 = testing::RunSkillpulse("ingest --no-progress --config " + cfg + " --db " + db);
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM quarantine"), 1);
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings WHERE closed_at IS NOT NULL"), 0);
  EXPECT_NE(r2.err.find("0 postings closed"), std::string::npos) << r2.err;
}

TEST(FetchIngest, PlainUrlsAreFetchedConcurrently) {
  if (!testing::HaveShared("ats_ashby")) GTEST_SKIP();
  auto boards = testing::LoadAshbyBoards(10, 1, 50);
  ASSERT_EQ(boards.size(), 10u);
  FaultServer server;
  std::string args;
  int64_t expected = 0;
  for (const auto& b : boards) {
    server.Route("/posting-api/job-board/" + b.org, faults::Slow(b.body, 400));
    args += " " + server.Url("/posting-api/job-board/" + b.org);
    expected += static_cast<int64_t>(b.jobs);
  }
  testing::TempDir tmp;
  std::string db = tmp.File("urls.db");
  auto r = testing::RunSkillpulse("ingest --no-progress --db " + db + args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings"), expected);
  // Plain URLs a format claims are stored per board, so they can be closed per board.
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(DISTINCT source) FROM postings"), 10);
  EXPECT_GE(server.MaxConcurrent(), 5);  // they overlapped (default per-host limit: 6)
}

TEST(FetchIngest, RefreshIntervalSkipsSourcesNotDue) {
  if (!testing::HaveShared("ats_ashby")) GTEST_SKIP();
  auto boards = testing::LoadAshbyBoards(2, 1, 50);
  ASSERT_EQ(boards.size(), 2u);
  FaultServer server;
  server.Static("/posting-api/job-board/" + boards[0].org, boards[0].body);
  server.Static("/pages/" + boards[1].org + ".json", boards[1].body);  // a page, not a claimed API
  testing::TempDir tmp;
  std::string cfg = tmp.Write("sources.toml", std::string(kFastFetch) +
                                                  AshbyEntry(server, boards[0].org, "hourly", "refresh = \"1h\"\n") +
                                                  "[[source]]\nurl = \"" + server.Url("/pages/" + boards[1].org + ".json") +
                                                  "\"\nrefresh = \"1h\"\n");
  std::string db = tmp.File("r.db");
  auto r1 = testing::RunSkillpulse("ingest --no-progress --config " + cfg + " --db " + db);
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  EXPECT_EQ(server.TotalHits(), 3);  // the API, the page's robots.txt, the page
  auto r2 = testing::RunSkillpulse("ingest --no-progress --config " + cfg + " --db " + db);
  EXPECT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_NE(r2.err.find("2 sources not due yet"), std::string::npos) << r2.err;
  EXPECT_EQ(server.TotalHits(), 3);
  auto r3 = testing::RunSkillpulse("ingest --no-progress --all --config " + cfg + " --db " + db);
  EXPECT_EQ(r3.exit_code, 0) << r3.err;
  EXPECT_EQ(server.TotalHits(), 3 + 3);
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM postings"), static_cast<int64_t>(boards[0].jobs + boards[1].jobs));
}

TEST(SourcesCommand, AddListCheck) {
  if (!testing::HaveShared("ats_ashby")) GTEST_SKIP();
  auto boards = testing::LoadAshbyBoards(2, 1, 50);
  ASSERT_EQ(boards.size(), 2u);
  FaultServer server;
  server.Static("/posting-api/job-board/" + boards[0].org, boards[0].body);
  server.Route("/posting-api/job-board/" + boards[1].org, faults::FailFirst(1000, 503, ""));
  testing::TempDir tmp;
  std::string cfg = tmp.Write("sources.toml", std::string(kFastFetch));
  auto add = [&](const std::string& args) { return testing::RunSkillpulse("sources add --config " + cfg + " " + args); };
  auto a1 = add(server.Url("/posting-api/job-board/" + boards[0].org) + " --name Good --refresh 6h");
  ASSERT_EQ(a1.exit_code, 0) << a1.err;
  EXPECT_NE(a1.out.find("added Good"), std::string::npos) << a1.out;
  auto a2 = add("ashby:" + server.Url("/posting-api/job-board/" + boards[1].org) + " --name Down --source ashby:down");
  ASSERT_EQ(a2.exit_code, 0) << a2.err;
  // Rejected without touching the file: an unknown type, a clash of stored names, a bad header.
  std::string before = *ReadWholeFile(cfg);
  EXPECT_EQ(add("monster:acme").exit_code, 2);
  auto clash = add("ashby:" + server.Url("/x") + " --source ashby:down");
  EXPECT_EQ(clash.exit_code, 2);
  EXPECT_NE(clash.err.find("same source 'ashby:down'"), std::string::npos) << clash.err;
  EXPECT_EQ(add("ashby:acme --header NoEquals").exit_code, 2);
  EXPECT_EQ(*ReadWholeFile(cfg), before);

  auto list = testing::RunSkillpulse("sources list --config " + cfg + " --db " + tmp.File("none.db"));
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("Good"), std::string::npos);
  EXPECT_NE(list.out.find("ashby:down"), std::string::npos);
  EXPECT_NE(list.out.find("6h"), std::string::npos);
  EXPECT_NE(list.out.find("2 sources"), std::string::npos) << list.out;

  auto check = testing::RunSkillpulse("sources check --config " + cfg);
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;  // one source is down
  std::string good_line = check.out.substr(check.out.find("Good"));
  good_line = good_line.substr(0, good_line.find('\n'));
  EXPECT_NE(good_line.find(" ok "), std::string::npos) << check.out;
  EXPECT_NE(good_line.find(" 200 "), std::string::npos) << check.out;
  EXPECT_NE(good_line.find(" " + std::to_string(boards[0].jobs) + " "), std::string::npos) << check.out;
  std::string down_line = check.out.substr(check.out.find("Down"));
  down_line = down_line.substr(0, down_line.find('\n'));
  EXPECT_NE(down_line.find("failed"), std::string::npos) << check.out;
  EXPECT_NE(down_line.find("HTTP 503"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("2 sources checked, 1 with problems"), std::string::npos) << check.out;
}

}  // namespace
}  // namespace skillpulse

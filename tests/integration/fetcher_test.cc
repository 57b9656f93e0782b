// The Fetcher against a misbehaving loopback server: retries, Retry-After, resets, truncated
// and endless bodies, gzip bombs, content types, limits, rates, the circuit breaker, robots.txt,
// conditional requests, keep-alive, and archive record -> replay.
#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "fault_server.h"
#include "sources/fetch/archive.h"
#include "sources/fetch/fetcher.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::FaultConnection;
using testing::FaultServer;
using testing::HttpRequest;
using testing::Respond;
namespace faults = testing::faults;

constexpr std::string_view kBody = R"({"apiVersion":"1","jobs":[{"id":"j1","title":"Engineer"}]})";

// Fast retries so that tests take milliseconds, not seconds.
FetcherOptions FastOptions() {
  FetcherOptions o;
  o.defaults.connect_timeout_ms = 2000;
  o.defaults.timeout_ms = 3000;
  o.defaults.max_attempts = 3;
  o.defaults.backoff = {10, 40};
  o.seed = 42;
  return o;
}

FetchRequest Get(const std::string& url, std::string source = "") {
  FetchRequest r;
  r.url = url;
  r.source = std::move(source);
  return r;
}

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

TEST(Fetcher, PlainGetAndGzipDecoding) {
  FaultServer server;
  server.Static("/a", std::string(kBody));
  server.Route("/gz", [](const HttpRequest& r, FaultConnection& c) {
    EXPECT_NE(r.Header("accept-encoding").find("gzip"), std::string::npos);  // we ask for it
    c.Reply(200, testing::Gzip(kBody), "application/json", {{"Content-Encoding", "gzip"}, {"ETag", "\"v7\""}});
    return Respond::kKeepOpen;
  });
  Fetcher f(FastOptions());
  FetchResult a = f.FetchSync(Get(server.Url("/a?x=1")));
  ASSERT_TRUE(a.status.ok()) << a.status.ToString();
  EXPECT_EQ(a.http_status, 200);
  EXPECT_EQ(*a.body, kBody);
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(a.Header("content-type"), "application/json");
  EXPECT_GT(a.fetched_at_ms, 1'600'000'000'000);
  FetchResult gz = f.FetchSync(Get(server.Url("/gz")));
  ASSERT_TRUE(gz.status.ok());
  EXPECT_EQ(*gz.body, kBody);  // decoded
  EXPECT_EQ(gz.Header("etag"), "\"v7\"");
  EXPECT_EQ(server.Requests()[0].Header("user-agent").rfind("skillpulse/", 0), 0u);
  FetchResult missing = f.FetchSync(Get(server.Url("/nope")));
  EXPECT_EQ(missing.status.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.attempts, 1);  // a 404 is not retried
  EXPECT_TRUE(missing.body->empty());
}

TEST(Fetcher, RetriesServerErrorsResetsAndTruncatedBodies) {
  FaultServer server;
  server.Route("/500", faults::FailFirst(2, 500, std::string(kBody)));
  server.Route("/reset", faults::ResetFirst(1, std::string(kBody)));
  server.Route("/trunc", faults::TruncateFirst(2, std::string(kBody)));
  Fetcher f(FastOptions());
  for (const char* path : {"/500", "/reset", "/trunc"}) {
    FetchResult r = f.FetchSync(Get(server.Url(path)));
    ASSERT_TRUE(r.status.ok()) << path << ": " << r.status.ToString();
    EXPECT_EQ(*r.body, kBody) << path;  // the whole body, never the truncated one
  }
  EXPECT_EQ(server.Hits("/500"), 3);
  EXPECT_EQ(server.Hits("/reset"), 2);
  EXPECT_EQ(server.Hits("/trunc"), 3);
  // A reset on a reused connection may be retried inside libcurl (a fresh connect), so the
  // reset costs one of our retries or none.
  EXPECT_GE(f.stats().retries, 2 + 2);
  EXPECT_LE(f.stats().retries, 2 + 1 + 2);
}

TEST(Fetcher, UnrecoverableFailuresSayWhy) {
  FaultServer server;
  server.Route("/500", faults::FailFirst(100, 503, ""));
  server.Route("/reset", faults::ResetFirst(100, ""));
  server.Route("/trunc", faults::TruncateFirst(100, std::string(kBody)));
  Fetcher f(FastOptions());
  // Distinct sources: with none, the breaker key is the origin, and these failures would
  // open it for the whole test server.
  FetchResult a = f.FetchSync(Get(server.Url("/500"), "a"));
  EXPECT_EQ(a.status.code(), StatusCode::kUnavailable);
  EXPECT_NE(a.status.message().find("HTTP 503 (after 3 attempts)"), std::string::npos) << a.status.message();
  EXPECT_EQ(a.attempts, 3);
  FetchResult b = f.FetchSync(Get(server.Url("/reset"), "b"));
  EXPECT_EQ(b.status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(b.attempts, 3);
  EXPECT_GE(server.Hits("/reset"), 3);  // libcurl may add a fresh connect after a reset on a reused one
  EXPECT_LE(server.Hits("/reset"), 6);
  FetchResult c = f.FetchSync(Get(server.Url("/trunc"), "c"));
  EXPECT_EQ(c.status.code(), StatusCode::kUnavailable);
  // Content-Length promised more than was sent: "transfer closed with 53 bytes remaining".
  EXPECT_NE(c.status.message().find("bytes remaining"), std::string::npos) << c.status.message();
  EXPECT_NE(c.status.message().find("(after 3 attempts)"), std::string::npos) << c.status.message();
  EXPECT_TRUE(c.body->empty());  // nothing of a failed response is handed out
}

TEST(Fetcher, HonoursRetryAfterSecondsAndDates) {
  FaultServer server;
  server.Route("/429", faults::FailFirst(1, 429, std::string(kBody), "1"));
  server.Route("/date", [](const HttpRequest& r, FaultConnection& c) {
    if (r.attempt == 1) {
      int64_t in_2s = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count() +
                      2;
      c.Reply(503, "", "text/plain", {{"Retry-After", FormatHttpDate(in_2s)}});
    } else {
      c.Reply(200, kBody);
    }
    return Respond::kKeepOpen;
  });
  server.Route("/forever", faults::FailFirst(100, 429, "", "3600"));
  Fetcher f(FastOptions());
  auto t0 = std::chrono::steady_clock::now();
  FetchResult r = f.FetchSync(Get(server.Url("/429")));
  ASSERT_TRUE(r.status.ok());
  EXPECT_GE(Seconds(t0), 0.95);  // waited the second it was asked to (backoff alone: ~10 ms)
  EXPECT_EQ(r.attempts, 2);
  t0 = std::chrono::steady_clock::now();
  r = f.FetchSync(Get(server.Url("/date")));
  ASSERT_TRUE(r.status.ok());
  EXPECT_GE(Seconds(t0), 0.9);  // an HTTP-date 2 s ahead (second granularity: at least ~1 s)
  t0 = std::chrono::steady_clock::now();
  r = f.FetchSync(Get(server.Url("/forever")));
  EXPECT_EQ(r.status.code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status.message().find("Retry-After exceeds"), std::string::npos) << r.status.message();
  EXPECT_LT(Seconds(t0), 5.0);  // gave up at once instead of waiting an hour (loose: busy CI machines)
  EXPECT_EQ(server.Hits("/forever"), 1);
}

TEST(Fetcher, GzipBombIsCutOffAtTheDecompressedLimit) {
  FaultServer server;
  server.Route("/bomb", faults::GzipBomb(64 << 20));  // 64 MiB of zeros in ~64 KiB
  FetcherOptions o = FastOptions();
  o.defaults.max_body_bytes = 1 << 20;
  Fetcher f(o);
  FetchResult r = f.FetchSync(Get(server.Url("/bomb")));
  EXPECT_EQ(r.status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(r.status.message().find("decompressed"), std::string::npos);
  EXPECT_EQ(r.attempts, 1);  // not retried: it would only get bigger
  EXPECT_TRUE(r.body->empty());
  EXPECT_LE(f.stats().body_bytes, 1 << 20);
}

TEST(Fetcher, EndlessSlowBodyHitsTheTotalTimeout) {
  FaultServer server;
  server.Route("/slow", faults::EndlessSlowBody(20));
  FetcherOptions o = FastOptions();
  o.defaults.timeout_ms = 300;
  o.defaults.max_attempts = 2;
  Fetcher f(o);
  auto t0 = std::chrono::steady_clock::now();
  FetchResult r = f.FetchSync(Get(server.Url("/slow")));
  EXPECT_EQ(r.status.code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_LT(Seconds(t0), 10.0);  // two 300 ms attempts; only a hang fails this
}

TEST(Fetcher, ContentTypeChecksForApis) {
  FaultServer server;
  server.Static("/html", "<html><body>Please log in</body></html>", "text/html; charset=utf-8");
  server.Static("/plain", std::string(kBody), "text/plain");
  Fetcher f(FastOptions());
  FetchRequest api = Get(server.Url("/html"));
  api.reject_html = true;
  FetchResult r = f.FetchSync(api);
  EXPECT_EQ(r.status.code(), StatusCode::kParseError);
  EXPECT_NE(r.status.message().find("text/html"), std::string::npos);
  EXPECT_EQ(r.attempts, 1);
  api.url = server.Url("/plain");  // JSON with a sloppy type is still JSON
  EXPECT_TRUE(f.FetchSync(api).status.ok());
  FetchRequest page = Get(server.Url("/html"));  // a page may be HTML
  EXPECT_TRUE(f.FetchSync(page).status.ok());
}

TEST(Fetcher, PerHostLimitGlobalLimitAndKeepAlive) {
  FaultServer server;
  for (int i = 0; i < 24; ++i) server.Route("/b" + std::to_string(i), faults::Slow(std::string(kBody), 100));
  FetcherOptions o = FastOptions();
  o.per_host_connections = 3;
  Fetcher f(o);
  std::vector<std::future<FetchResult>> futures;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 24; ++i) {
    auto p = std::make_shared<std::promise<FetchResult>>();
    futures.push_back(p->get_future());
    f.Fetch(Get(server.Url("/b" + std::to_string(i))), [p](FetchResult r) { p->set_value(std::move(r)); });
  }
  for (auto& fu : futures) EXPECT_TRUE(fu.get().status.ok());
  double s = Seconds(t0);
  EXPECT_EQ(server.MaxConcurrent(), 3);
  EXPECT_GE(s, 0.75);  // 24 requests / 3 at a time * 100 ms = 0.8 s
  EXPECT_LT(s, 10.0);  // only a hang fails this
  EXPECT_LE(server.Connections(), 3);  // connections are reused (keep-alive)
}

TEST(Fetcher, PerHostAndPerSourceRates) {
  FaultServer server;
  server.Static("/r", std::string(kBody));
  FetcherOptions o = FastOptions();
  o.per_host_rate_per_s = 20;  // one start every 50 ms
  Fetcher f(o);
  std::vector<std::future<FetchResult>> futures;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 8; ++i) {
    auto p = std::make_shared<std::promise<FetchResult>>();
    futures.push_back(p->get_future());
    f.Fetch(Get(server.Url("/r")), [p](FetchResult r) { p->set_value(std::move(r)); });
  }
  for (auto& fu : futures) fu.get();
  EXPECT_GE(Seconds(t0), 0.33);  // 8 starts, 7 gaps of 50 ms
  // A per-source rate on a host without one.
  FaultServer server2;
  server2.Static("/r", std::string(kBody));
  Fetcher g(FastOptions());
  auto policy = std::make_shared<FetchPolicy>(FastOptions().defaults);
  policy->rate_per_s = 10;
  policy->max_concurrency = 1;
  futures.clear();
  t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    auto p = std::make_shared<std::promise<FetchResult>>();
    futures.push_back(p->get_future());
    FetchRequest r = Get(server2.Url("/r"), "slow-board");
    r.policy = policy;
    g.Fetch(r, [p](FetchResult x) { p->set_value(std::move(x)); });
  }
  for (auto& fu : futures) fu.get();
  EXPECT_GE(Seconds(t0), 0.38);  // 4 gaps of 100 ms
  EXPECT_EQ(server2.MaxConcurrent(), 1);
}

TEST(Fetcher, CircuitBreakerStopsHammeringADeadSource) {
  FaultServer server;
  server.Route("/dead", faults::FailFirst(1000, 500, ""));
  server.Static("/alive", std::string(kBody));
  FetcherOptions o = FastOptions();
  o.breaker = {/*failure_threshold=*/3, /*cooldown_ms=*/60'000};
  o.defaults.max_attempts = 1;
  auto one_at_a_time = std::make_shared<FetchPolicy>(o.defaults);
  one_at_a_time->max_concurrency = 1;
  Fetcher f(o);
  std::vector<std::future<FetchResult>> futures;
  for (int i = 0; i < 10; ++i) {
    auto p = std::make_shared<std::promise<FetchResult>>();
    futures.push_back(p->get_future());
    FetchRequest r = Get(server.Url("/dead"), "dead-board");
    r.policy = one_at_a_time;
    f.Fetch(r, [p](FetchResult x) { p->set_value(std::move(x)); });
  }
  int circuit_open = 0;
  for (auto& fu : futures) {
    FetchResult r = fu.get();
    EXPECT_FALSE(r.status.ok());
    if (r.status.message().find("circuit open") != std::string::npos) ++circuit_open;
  }
  EXPECT_EQ(server.Hits("/dead"), 3);
  EXPECT_EQ(circuit_open, 7);
  EXPECT_EQ(f.stats().breaker_rejected, 7);
  // Another source on the same host is not affected.
  EXPECT_TRUE(f.FetchSync(Get(server.Url("/alive"), "good-board")).status.ok());
}

TEST(Fetcher, RobotsTxtForPages) {
  FaultServer server;
  server.Static("/robots.txt",
                "User-agent: *\nDisallow: /\n\nUser-agent: skillpulse\nDisallow: /private\nAllow: /\nCrawl-delay: 0.2\n",
                "text/plain");
  server.Static("/careers", "<html>jobs</html>", "text/html");
  server.Static("/private/careers", "<html>secret</html>", "text/html");
  Fetcher f(FastOptions());
  FetchRequest page = Get(server.Url("/careers"));
  page.check_robots = true;
  FetchRequest secret = Get(server.Url("/private/careers"));
  secret.check_robots = true;
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(f.FetchSync(page).status.ok());
  FetchResult no = f.FetchSync(secret);
  EXPECT_EQ(no.status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(no.status.message().find("Disallow: /private"), std::string::npos) << no.status.message();
  EXPECT_TRUE(f.FetchSync(page).status.ok());
  // Crawl-delay 0.2 s: the second page starts at least 0.2 s after the first (the delay is
  // known only once robots.txt arrived, so it does not apply to robots.txt itself).
  EXPECT_GE(Seconds(t0), 0.19);
  EXPECT_EQ(server.Hits("/robots.txt"), 1);  // cached per origin
  EXPECT_EQ(server.Hits("/private/careers"), 0);
  // An API request does not consult robots.txt at all.
  EXPECT_TRUE(f.FetchSync(Get(server.Url("/private/careers"))).status.ok());

  // No robots.txt (404): everything allowed. Unreachable (5xx): nothing allowed.
  FaultServer none;
  none.Static("/p", "x", "text/html");
  Fetcher g(FastOptions());
  FetchRequest p = Get(none.Url("/p"));
  p.check_robots = true;
  EXPECT_TRUE(g.FetchSync(p).status.ok());
  FaultServer broken;
  broken.Route("/robots.txt", faults::FailFirst(100, 500, ""));
  broken.Static("/p", "x", "text/html");
  FetchRequest q = Get(broken.Url("/p"));
  q.check_robots = true;
  FetchResult r = g.FetchSync(q);
  EXPECT_EQ(r.status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status.message().find("unreachable"), std::string::npos);
  EXPECT_EQ(broken.Hits("/p"), 0);
}

TEST(Fetcher, ConditionalRequestGets304) {
  FaultServer server;
  server.Route("/board", [](const HttpRequest& r, FaultConnection& c) {
    if (r.Header("if-none-match") == "\"v1\"") {
      c.Send("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n");
    } else {
      c.Reply(200, kBody, "application/json", {{"ETag", "\"v1\""}});
    }
    return Respond::kKeepOpen;
  });
  Fetcher f(FastOptions());
  FetchResult first = f.FetchSync(Get(server.Url("/board")));
  ASSERT_EQ(first.http_status, 200);
  FetchRequest again = Get(server.Url("/board"));
  again.headers = {{"If-None-Match", std::string(first.Header("etag"))}};
  FetchResult second = f.FetchSync(again);
  EXPECT_TRUE(second.status.ok());
  EXPECT_TRUE(second.not_modified());
  EXPECT_TRUE(second.body->empty());
  EXPECT_EQ(f.stats().not_modified, 1);
}

TEST(Fetcher, RecordedRunReplaysIdenticallyWithoutTheNetwork) {
  testing::TempDir tmp;
  FaultServer server;
  server.Route("/flaky", faults::FailFirst(1, 502, std::string(kBody)));
  server.Static("/ok", "{\"jobs\":[]}");
  server.Route("/gone", faults::FailFirst(100, 404, ""));
  server.Static("/robots.txt", "User-agent: *\nDisallow: /secret\n", "text/plain");
  server.Static("/secret", "x", "text/html");
  std::vector<FetchResult> recorded;
  {
    ArchiveRunHeader h;
    h.started_at_ms = 1;
    auto w = ArchiveWriter::Create(tmp.File("arch"), h);
    ASSERT_TRUE(w.ok());
    FetcherOptions o = FastOptions();
    o.archive = w->get();
    Fetcher f(o);
    for (const char* p : {"/flaky", "/ok", "/gone"}) recorded.push_back(f.FetchSync(Get(server.Url(p))));
    FetchRequest secret = Get(server.Url("/secret"));
    secret.check_robots = true;
    recorded.push_back(f.FetchSync(secret));
    ASSERT_TRUE((*w)->Close().ok());
  }
  server.Stop();  // replay must not need it
  auto replay = ArchiveReplay::Open(tmp.File("arch"));
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  FetcherOptions o = FastOptions();
  o.replay = replay->get();
  Fetcher f(o);
  std::vector<FetchResult> replayed;
  for (const char* p : {"/flaky", "/ok", "/gone"}) replayed.push_back(f.FetchSync(Get(server.Url(p))));
  FetchRequest secret = Get(server.Url("/secret"));
  secret.check_robots = true;
  replayed.push_back(f.FetchSync(secret));
  for (size_t i = 0; i < recorded.size(); ++i) {
    SCOPED_TRACE(recorded[i].url);
    EXPECT_EQ(replayed[i].http_status, recorded[i].http_status);
    EXPECT_EQ(*replayed[i].body, *recorded[i].body);
    EXPECT_EQ(replayed[i].fetched_at_ms, recorded[i].fetched_at_ms);
    EXPECT_EQ(replayed[i].status.code(), recorded[i].status.code());
    EXPECT_EQ(replayed[i].status.message(), recorded[i].status.message());
    EXPECT_EQ(replayed[i].headers, recorded[i].headers);
  }
  EXPECT_EQ(replayed[0].attempts, 2);  // the recorded attempt number
  EXPECT_EQ(replayed[3].status.code(), StatusCode::kFailedPrecondition);  // robots, from the archive
  // A URL the run never fetched is an error, not a network request.
  FetchResult unknown = f.FetchSync(Get("http://127.0.0.1:1/never"));
  EXPECT_EQ(unknown.status.code(), StatusCode::kNotFound);
}

TEST(Fetcher, ShutdownFailsPendingRequests) {
  FaultServer server;
  server.Route("/slow", faults::Slow(std::string(kBody), 5000));
  std::promise<FetchResult> p;
  auto fu = p.get_future();
  {
    Fetcher f(FastOptions());
    f.Fetch(Get(server.Url("/slow")), [&p](FetchResult r) { p.set_value(std::move(r)); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FetchResult r = fu.get();
  EXPECT_EQ(r.status.code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status.message().find("fetcher stopped"), std::string::npos);
}

TEST(Fetcher, BadUrls) {
  Fetcher f(FastOptions());
  EXPECT_EQ(f.FetchSync(Get("ftp://example.com/x")).status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(f.FetchSync(Get("not a url")).status.code(), StatusCode::kInvalidArgument);
  // Nothing listens on port 1: a connection error, retried, then reported.
  FetchResult r = f.FetchSync(Get("http://127.0.0.1:1/x"));
  EXPECT_EQ(r.status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(r.attempts, 3);
}

}  // namespace
}  // namespace skillpulse

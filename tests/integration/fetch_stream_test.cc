// Streamed bodies (Fetcher, FetchRequest::stream) against the loopback fault server: a body
// flows through a bounded BodyPipe while a reader thread reads it; the transfer pauses for a
// slow reader (memory stays bounded, the pause does not count against the timeout), retries
// resume after checking the prefix, failures after the first byte end the pipe with the
// reason, an abandoned stream ends its transfer, a paused stream yields its connection to an
// earlier request, and a recorded run replays the same bytes and errors.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <random>
#include <thread>

#include "fault_server.h"
#include "sources/fetch/archive.h"
#include "sources/fetch/body_pipe.h"
#include "sources/fetch/fetcher.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::FaultConnection;
using testing::FaultServer;
using testing::HttpRequest;
using testing::Respond;
namespace faults = testing::faults;

// Waits up to 2 s until a stream of `f` has paused (its pipe full, nobody reading).
void WaitForAStreamPause(const Fetcher& f) {
  for (int i = 0; i < 200 && f.stats().stream_pauses == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

FetcherOptions FastOptions() {
  FetcherOptions o;
  o.defaults.connect_timeout_ms = 2000;
  o.defaults.timeout_ms = 5000;
  o.defaults.max_attempts = 3;
  o.defaults.backoff = {10, 40};
  o.seed = 42;
  return o;
}

// `n` bytes of JSON-looking text that differ everywhere (so a wrong offset shows).
std::string Body(size_t n, uint64_t seed = 1) {
  std::string s;
  s.reserve(n);
  std::mt19937_64 rng(seed);
  while (s.size() < n) s += "{\"id\":\"" + std::to_string(rng()) + "\"},";
  s.resize(n);
  return s;
}

constexpr size_t kPipe = 64 << 10;
constexpr size_t kHead = 16 << 10;

// One streamed request: its pipe, when on_stream and done ran, and the final result.
struct Streamed {
  std::shared_ptr<std::atomic<int64_t>> held = std::make_shared<std::atomic<int64_t>>(0);
  std::shared_ptr<BodyPipe> pipe;
  std::atomic<int> heads{0};
  std::atomic<bool> done_seen{false};
  FetchResult head;
  std::promise<FetchResult> done;
  std::future<FetchResult> result = done.get_future();

  Streamed() {
    BodyPipe::Options o;
    o.capacity_bytes = kPipe;
    o.head_bytes = kHead;
    o.held_bytes = held;
    pipe = std::make_shared<BodyPipe>(o);
  }
  void Start(Fetcher& f, std::string url, int64_t priority = 0, bool reject_html = false) {
    FetchRequest r;
    r.url = std::move(url);
    r.stream = pipe;
    r.priority = priority;
    r.reject_html = reject_html;
    r.on_stream = [this](const FetchResult& h) {
      EXPECT_FALSE(done_seen.load());  // the head comes before the end
      head = h;
      ++heads;
    };
    f.Fetch(std::move(r), [this](FetchResult r) {
      done_seen = true;
      done.set_value(std::move(r));
    });
  }
};

struct ReadOut {
  std::string bytes;
  Status end;  // OK at the end of the body, else the pipe's error
  int64_t max_held = 0;
};

// Reads the pipe to its end: `wait_ms` first, `pause_every` reads a 1 ms nap.
ReadOut ReadPipe(BodyPipe& pipe, const std::atomic<int64_t>& held, int wait_ms = 0, int pause_every = 0) {
  ReadOut out;
  std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
  std::string buf(100'000, '\0');
  for (int i = 1;; ++i) {
    out.max_held = std::max(out.max_held, held.load());
    auto n = pipe.Read(buf.data(), buf.size());
    if (!n.ok()) {
      out.end = n.status();
      return out;
    }
    if (*n == 0) return out;
    out.bytes.append(buf, 0, *n);
    if (pause_every > 0 && i % pause_every == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(FetchStream, ABigBodyFlowsThroughABoundedPipeAndPausesForASlowReader) {
  FaultServer server;
  const std::string body = Body(size_t{16} << 20);
  server.Static("/big", body);
  Fetcher f(FastOptions());
  Streamed s;
  s.Start(f, server.Url("/big"));
  // Nobody reads for 300 ms: the transfer must stop at about one pipe, not take the body.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(s.heads.load(), 1);
  EXPECT_LE(s.held->load(), static_cast<int64_t>(kPipe + (64 << 10)));
  EXPECT_FALSE(s.done_seen.load());
  ReadOut r = ReadPipe(*s.pipe, *s.held, 0, 4);
  ASSERT_TRUE(r.end.ok()) << r.end.ToString();
  EXPECT_TRUE(r.bytes == body) << r.bytes.size() << " of " << body.size() << " bytes";
  // The buffer (unread bytes; the head was dropped at the first 100 KB read) stayed near one
  // pipe: the write that crosses the capacity is taken whole (libcurl's pieces, <= 256 KiB).
  EXPECT_LE(r.max_held, static_cast<int64_t>(kPipe + (256 << 10)));
  FetchResult done = s.result.get();
  ASSERT_TRUE(done.status.ok()) << done.status.ToString();
  EXPECT_TRUE(done.streamed);
  EXPECT_TRUE(done.body->empty());
  EXPECT_EQ(done.body_bytes, body.size());
  EXPECT_EQ(done.http_status, 200);
  EXPECT_EQ(done.fetched_at_ms, s.head.fetched_at_ms);  // a stream is dated by its first byte
  EXPECT_EQ(s.head.http_status, 200);
  EXPECT_EQ(s.head.Header("content-length"), std::to_string(body.size()));
  FetcherStats st = f.stats();
  EXPECT_EQ(st.streamed, 1);
  EXPECT_GT(st.stream_pauses, 0);
  EXPECT_EQ(st.body_bytes, static_cast<int64_t>(body.size()));
  EXPECT_EQ(st.in_flight, 0);
  EXPECT_EQ(s.held->load(), 0);  // read to the end: nothing held
}

TEST(FetchStream, TimePausedForTheReaderDoesNotCountAgainstTheTimeout) {
  FaultServer server;
  const std::string body = Body(size_t{4} << 20);
  server.Static("/big", body);
  FetcherOptions o = FastOptions();
  o.defaults.timeout_ms = 400;
  o.defaults.max_attempts = 1;
  Fetcher f(o);
  Streamed s;
  s.Start(f, server.Url("/big"));
  ReadOut r = ReadPipe(*s.pipe, *s.held, /*wait_ms=*/1200);  // three timeouts of waiting
  ASSERT_TRUE(r.end.ok()) << r.end.ToString();
  EXPECT_EQ(r.bytes.size(), body.size());
  EXPECT_TRUE(s.result.get().status.ok());
}

TEST(FetchStream, AStalledStreamStillTimesOutAndEndsThePipe) {
  FaultServer server;
  server.Route("/stall", faults::EndlessSlowBody(50));  // "{" then a space every 50 ms
  FetcherOptions o = FastOptions();
  o.defaults.timeout_ms = 300;
  o.defaults.max_attempts = 2;
  Fetcher f(o);
  Streamed s;
  auto t0 = std::chrono::steady_clock::now();
  s.Start(f, server.Url("/stall"));
  ReadOut r = ReadPipe(*s.pipe, *s.held);
  EXPECT_EQ(r.end.code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(r.end.message().find("Operation timed out"), std::string::npos) << r.end.message();
  EXPECT_NE(r.end.message().find("cut off after"), std::string::npos) << r.end.message();
  ASSERT_FALSE(r.bytes.empty());
  EXPECT_EQ(r.bytes[0], '{');
  EXPECT_EQ(r.bytes.find_first_not_of(' ', 1), std::string::npos);  // only what the server sent
  FetchResult done = s.result.get();
  EXPECT_EQ(done.status.code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(done.attempts, 2);  // the retry resumed (same prefix) and stalled again
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 10.0);
}

TEST(FetchStream, ARetryAfterTheReaderHadBytesResumesBehindThem) {
  FaultServer server;
  const std::string body = Body(size_t{1} << 20);
  server.Route("/trunc", faults::TruncateFirst(1, body));  // a tenth, then the connection closes
  Fetcher f(FastOptions());
  Streamed s;
  s.Start(f, server.Url("/trunc"));
  ReadOut r = ReadPipe(*s.pipe, *s.held);  // reads from the first byte on
  ASSERT_TRUE(r.end.ok()) << r.end.ToString();
  EXPECT_TRUE(r.bytes == body);  // no byte twice, none missing
  FetchResult done = s.result.get();
  ASSERT_TRUE(done.status.ok());
  EXPECT_EQ(done.attempts, 2);
  EXPECT_EQ(done.body_bytes, body.size());
  EXPECT_EQ(server.Hits("/trunc"), 2);
  EXPECT_EQ(f.stats().resumed, 1);
  EXPECT_EQ(s.heads.load(), 1);  // handed out once
}

TEST(FetchStream, ABodyThatChangedBetweenAttemptsIsNotSpliced) {
  FaultServer server;
  const std::string first = Body(200'000, 1), second = Body(200'000, 2);
  server.Route("/changes", [&](const HttpRequest& r, FaultConnection& c) {
    if (r.attempt == 1) {
      c.Send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(first.size()) +
             "\r\n\r\n");
      c.Send(std::string_view(first).substr(0, 50'000));
      return Respond::kClose;
    }
    c.Reply(200, second);
    return Respond::kKeepOpen;
  });
  server.Route("/shrinks", [&](const HttpRequest& r, FaultConnection& c) {
    if (r.attempt == 1) {
      c.Send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(first.size()) +
             "\r\n\r\n");
      c.Send(std::string_view(first).substr(0, 50'000));
      return Respond::kClose;
    }
    c.Reply(200, first.substr(0, 1000));  // the same start, but shorter than what the reader has
    return Respond::kKeepOpen;
  });
  Fetcher f(FastOptions());
  for (const char* path : {"/changes", "/shrinks"}) {
    SCOPED_TRACE(path);
    Streamed s;
    s.Start(f, server.Url(path));
    ReadOut r = ReadPipe(*s.pipe, *s.held);
    EXPECT_EQ(r.end.code(), StatusCode::kUnavailable);
    EXPECT_NE(r.end.message().find("changed between attempts"), std::string::npos) << r.end.message();
    EXPECT_TRUE(r.bytes == first.substr(0, 50'000));  // the first version's bytes only
    FetchResult done = s.result.get();
    EXPECT_FALSE(done.status.ok());
    EXPECT_EQ(done.attempts, 2);  // not retried again: it would not become the old body
    EXPECT_EQ(server.Hits(path), 2);
  }
}

TEST(FetchStream, AFailureAfterTheLastAttemptEndsThePipeWithTheReason) {
  FaultServer server;
  const std::string body = Body(300'000);
  server.Route("/always", faults::TruncateFirst(100, body));
  Fetcher f(FastOptions());
  Streamed s;
  s.Start(f, server.Url("/always"));
  ReadOut r = ReadPipe(*s.pipe, *s.held);
  EXPECT_EQ(r.end.code(), StatusCode::kUnavailable);
  EXPECT_NE(r.end.message().find("bytes remaining"), std::string::npos) << r.end.message();
  EXPECT_NE(r.end.message().find("cut off after 30000 bytes"), std::string::npos) << r.end.message();
  EXPECT_EQ(r.end.message().find(server.Url("/always")), std::string::npos);  // the reader names the document
  EXPECT_TRUE(r.bytes == body.substr(0, 30'000));
  FetchResult done = s.result.get();
  EXPECT_EQ(done.attempts, 3);
  EXPECT_EQ(done.body_bytes, 30'000u);
  EXPECT_NE(done.status.message().find(server.Url("/always")), std::string::npos);
  EXPECT_EQ(f.stats().resumed, 2);
}

TEST(FetchStream, AnAbandonedStreamEndsItsTransferAndTheConnectionServesTheNext) {
  FaultServer server;
  const std::string body = Body(size_t{32} << 20);
  server.Static("/huge", body);
  server.Static("/small", "{}");
  FetcherOptions o = FastOptions();
  o.per_host_connections = 1;  // the next request needs the connection back
  Fetcher f(o);
  Streamed s;
  s.Start(f, server.Url("/huge"));
  std::string buf(kHead, '\0');
  size_t got = 0;
  while (got < buf.size()) {  // a sniff that does not like what it sees
    auto n = s.pipe->Read(buf.data() + got, buf.size() - got);
    ASSERT_TRUE(n.ok());
    got += *n;
  }
  EXPECT_TRUE(buf == body.substr(0, kHead));
  auto t0 = std::chrono::steady_clock::now();
  s.pipe->Abandon();
  ASSERT_EQ(s.result.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  FetchResult done = s.result.get();
  EXPECT_TRUE(done.status.ok()) << done.status.ToString();  // the reader had what it wanted
  EXPECT_LT(done.body_bytes, body.size());                   // the rest was not fetched
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2.0);
  EXPECT_EQ(s.held->load(), 0);
  FetchResult next = f.FetchSync([&] {
    FetchRequest r;
    r.url = server.Url("/small");
    return r;
  }());
  EXPECT_TRUE(next.status.ok());
  EXPECT_EQ(*next.body, "{}");
  EXPECT_EQ(f.stats().in_flight, 0);
  EXPECT_EQ(f.stats().failed, 0);
}

TEST(FetchStream, AnswersThatAreNotA2xxBodyAreNotStreamed) {
  FaultServer server;
  server.Route("/404", faults::FailFirst(100, 404, "{\"error\":\"no such board\"}"));
  server.Static("/empty", "");
  server.Static("/login", "<html>Sign in</html>", "text/html");
  Fetcher f(FastOptions());
  Streamed missing, empty, html;
  missing.Start(f, server.Url("/404"));
  empty.Start(f, server.Url("/empty"));
  html.Start(f, server.Url("/login"), 0, /*reject_html=*/true);
  FetchResult m = missing.result.get(), e = empty.result.get(), h = html.result.get();
  EXPECT_EQ(m.status.code(), StatusCode::kNotFound);
  EXPECT_FALSE(m.streamed);
  EXPECT_TRUE(e.status.ok());
  EXPECT_FALSE(e.streamed);
  EXPECT_TRUE(e.body->empty());
  EXPECT_EQ(h.status.code(), StatusCode::kParseError);
  EXPECT_FALSE(h.streamed);
  EXPECT_EQ(missing.heads.load() + empty.heads.load() + html.heads.load(), 0);
  EXPECT_EQ(f.stats().streamed, 0);
  EXPECT_EQ(missing.pipe->bytes_written() + html.pipe->bytes_written(), 0u);  // error pages stay out
}

TEST(FetchStream, AStreamedBodyOverItsLimitIsCutOff) {
  FaultServer server;
  server.Route("/bomb", faults::GzipBomb(size_t{16} << 20));
  FetcherOptions o = FastOptions();
  o.defaults.max_streamed_body_bytes = 1 << 20;
  Fetcher f(o);
  Streamed s;
  s.Start(f, server.Url("/bomb"));
  ReadOut r = ReadPipe(*s.pipe, *s.held);
  EXPECT_EQ(r.end.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(r.end.message().find("decompressed"), std::string::npos) << r.end.message();
  EXPECT_LE(r.bytes.size(), size_t{1} << 20);
  EXPECT_EQ(r.bytes.find_first_not_of('0'), std::string::npos);  // decoded gzip
  EXPECT_EQ(s.result.get().attempts, 1);
}

TEST(FetchStream, APausedStreamYieldsItsConnectionToAnEarlierRequest) {
  FaultServer server;
  const std::string body = Body(size_t{8} << 20);
  server.Static("/late", body);
  server.Static("/early", "{\"early\":true}");
  FetcherOptions o = FastOptions();
  o.per_host_connections = 1;
  Fetcher f(o);
  Streamed late;
  late.Start(f, server.Url("/late"), /*priority=*/5);
  WaitForAStreamPause(f);
  ASSERT_GT(f.stats().stream_pauses, 0);  // nobody reads /late: it holds the only connection
  FetchRequest early;
  early.url = server.Url("/early");
  early.priority = 1;  // its reader reads it first
  auto t0 = std::chrono::steady_clock::now();
  FetchResult e = f.FetchSync(early);
  ASSERT_TRUE(e.status.ok()) << e.status.ToString();
  EXPECT_EQ(*e.body, "{\"early\":true}");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 3.0);
  EXPECT_GE(f.stats().preempted, 1);
  // /late starts again and resumes behind what its pipe already holds.
  ReadOut r = ReadPipe(*late.pipe, *late.held);
  ASSERT_TRUE(r.end.ok()) << r.end.ToString();
  EXPECT_TRUE(r.bytes == body);
  FetchResult l = late.result.get();
  EXPECT_TRUE(l.status.ok());
  EXPECT_EQ(l.attempts, 1);  // a preempted attempt is not an attempt
  EXPECT_EQ(server.Hits("/late"), 2);
  EXPECT_GE(f.stats().resumed, 1);
}

TEST(FetchStream, ALaterRequestDoesNotPreemptAnEarlierStream) {
  FaultServer server;
  const std::string body = Body(size_t{4} << 20);
  server.Static("/first", body);
  server.Static("/second", "{}");
  FetcherOptions o = FastOptions();
  o.per_host_connections = 1;
  Fetcher f(o);
  Streamed first;
  first.Start(f, server.Url("/first"), /*priority=*/1);
  WaitForAStreamPause(f);
  ASSERT_GT(f.stats().stream_pauses, 0);
  std::promise<FetchResult> p;
  auto second = p.get_future();
  FetchRequest r;
  r.url = server.Url("/second");
  r.priority = 2;
  f.Fetch(r, [&p](FetchResult x) { p.set_value(std::move(x)); });
  EXPECT_EQ(second.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);  // it waits its turn
  EXPECT_EQ(f.stats().preempted, 0);
  ReadOut out = ReadPipe(*first.pipe, *first.held);
  EXPECT_TRUE(out.end.ok());
  EXPECT_EQ(out.bytes.size(), body.size());
  EXPECT_TRUE(second.get().status.ok());
  EXPECT_EQ(server.Hits("/first"), 1);
}

TEST(FetchStream, GzipEncodedBodiesAreStreamedDecoded) {
  FaultServer server;
  const std::string body = Body(size_t{3} << 20);
  server.Route("/gz", [&](const HttpRequest&, FaultConnection& c) {
    c.Reply(200, testing::Gzip(body), "application/json", {{"Content-Encoding", "gzip"}});
    return Respond::kKeepOpen;
  });
  Fetcher f(FastOptions());
  Streamed s;
  s.Start(f, server.Url("/gz"));
  ReadOut r = ReadPipe(*s.pipe, *s.held, 200);
  ASSERT_TRUE(r.end.ok()) << r.end.ToString();
  EXPECT_TRUE(r.bytes == body);
  EXPECT_EQ(s.result.get().body_bytes, body.size());
}

TEST(FetchStream, ARecordedRunReplaysTheSameBytesAndTheSameCut) {
  testing::TempDir tmp;
  FaultServer server;
  const std::string body = Body(600'000), cut = Body(100'000, 3);
  server.Route("/flaky", faults::TruncateFirst(1, body));
  server.Route("/cut", faults::TruncateFirst(100, cut));
  server.Static("/gone", "");  // an empty 200: not streamed
  struct Seen {
    std::string bytes;
    Status end;
    FetchResult done;
  };
  auto run = [&](Fetcher& f) {
    std::vector<Seen> out;
    for (const char* p : {"/flaky", "/cut", "/gone"}) {
      Streamed s;
      s.Start(f, server.Url(p));
      Seen seen;
      // Read once it streams (a stream waits for its reader), or take the whole answer.
      while (s.heads.load() == 0 && s.result.wait_for(std::chrono::milliseconds(5)) != std::future_status::ready) {
      }
      if (s.heads.load() > 0) {
        ReadOut r = ReadPipe(*s.pipe, *s.held);
        seen.bytes = r.bytes;
        seen.end = r.end;
      }
      seen.done = s.result.get();
      out.push_back(std::move(seen));
    }
    return out;
  };
  std::vector<Seen> recorded;
  {
    ArchiveRunHeader h;
    h.started_at_ms = 1;
    auto w = ArchiveWriter::Create(tmp.File("arch"), h);
    ASSERT_TRUE(w.ok());
    FetcherOptions o = FastOptions();
    o.archive = w->get();
    Fetcher f(o);
    recorded = run(f);
    ASSERT_TRUE((*w)->Close().ok());
  }
  ASSERT_TRUE(recorded[0].end.ok());
  EXPECT_TRUE(recorded[0].bytes == body);
  EXPECT_TRUE(recorded[1].bytes == cut.substr(0, 10'000));
  EXPECT_FALSE(recorded[1].end.ok());
  server.Stop();
  auto replay = ArchiveReplay::Open(tmp.File("arch"));
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  FetcherOptions o = FastOptions();
  o.replay = replay->get();
  Fetcher f(o);
  std::vector<Seen> replayed = run(f);
  for (size_t i = 0; i < recorded.size(); ++i) {
    SCOPED_TRACE(recorded[i].done.url);
    EXPECT_EQ(replayed[i].done.streamed, recorded[i].done.streamed);
    EXPECT_TRUE(replayed[i].bytes == recorded[i].bytes);
    EXPECT_EQ(replayed[i].end.code(), recorded[i].end.code());
    EXPECT_EQ(replayed[i].end.message(), recorded[i].end.message());
    EXPECT_EQ(replayed[i].done.status.message(), recorded[i].done.status.message());
    EXPECT_EQ(replayed[i].done.fetched_at_ms, recorded[i].done.fetched_at_ms);
    EXPECT_EQ(replayed[i].done.http_status, recorded[i].done.http_status);
    EXPECT_EQ(replayed[i].done.body_bytes, recorded[i].done.body_bytes);
  }
}

}  // namespace
}  // namespace skillpulse

// Fetch sessions: how specs become fetched documents. A fake paged board format (registered
// in a test registry) exercises the urls / claims_url / next_page hooks generically; the real
// Ashby and HN formats run against loopback fixtures built from the shared data.
#include <gtest/gtest.h>

#include <simdjson.h>

#include "fault_server.h"
#include "live_fixtures.h"
#include "sources/buffered_source.h"
#include "sources/fetch/http_get.h"
#include "sources/fetch/session.h"
#include "sources/formats.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::FaultConnection;
using testing::FaultServer;
using testing::HttpRequest;
using testing::Respond;
namespace faults = testing::faults;

// ---- A fake paged job-board API: {"fake":true,"jobs":["id",...],"next":"URL"|null} ----
std::string g_fake_base;  // http://127.0.0.1:PORT

Status ParseFake(const SourceSpec& spec, const Document& doc, std::vector<JobPosting>& out, Diagnostics& diag) {
  SP_ASSIGN_OR_RETURN(auto in, doc.open());
  std::string bytes;
  char buf[4096];
  for (;;) {
    SP_ASSIGN_OR_RETURN(size_t n, in->Read(buf, sizeof buf));
    if (n == 0) break;
    bytes.append(buf, n);
  }
  simdjson::dom::parser p;
  simdjson::dom::element e;
  simdjson::dom::array jobs;
  if (p.parse(bytes).get(e) || e["jobs"].get_array().get(jobs)) {
    diag.Quarantine({"fake", doc.origin, 0, 0, "not a fake board", bytes.substr(0, 100)});
    return Status::Ok();
  }
  for (simdjson::dom::element j : jobs) {
    std::string_view id;
    if (j.get_string().get(id) || id.empty()) {
      diag.Quarantine({"fake", doc.origin, 0, 0, "job without id", ""});
      continue;
    }
    JobPosting posting;
    posting.source = spec.name.empty() ? "fakeboard" : spec.name;
    posting.source_id = std::string(id);
    posting.origin = doc.origin;
    out.push_back(std::move(posting));
  }
  return Status::Ok();
}

SourceFormat FakeFormat() {
  SourceFormat f;
  f.type = "fakeboard";
  f.description = "test board";
  f.sniff = [](std::string_view, std::string_view head) { return head.find("\"fake\"") != std::string_view::npos ? 90 : 0; };
  f.open = [](const SourceSpec& spec, const Document& doc) -> Result<std::unique_ptr<Source>> {
    SourceSpec s = spec;
    Document d = doc;
    return std::unique_ptr<Source>(
        new BufferedSource([s, d](std::vector<JobPosting>& out, Diagnostics& diag) { return ParseFake(s, d, out, diag); }));
  };
  f.urls = [](const SourceSpec& spec) -> std::vector<std::string> {
    if (IsHttpUrl(spec.location)) return {spec.location};
    return {g_fake_base + "/fake/" + spec.location + "?page=1"};
  };
  f.claims_url = [](std::string_view url) { return url.find("/fake/") != std::string_view::npos; };
  f.next_page = [](std::string_view, std::string_view body) -> std::string {
    simdjson::dom::parser p;
    simdjson::dom::element e;
    std::string_view next;
    if (p.parse(body.data(), body.size()).get(e) || e["next"].get_string().get(next)) return "";
    return std::string(next);
  };
  // A URL with a page number pages; any other is one document, streamed to its reader.
  f.pages = [](std::string_view url) { return url.find("page=") != std::string_view::npos; };
  f.complete_listing = true;
  return f;
}

const SourceRegistry& TestRegistry() {
  static const SourceRegistry* r = [] {
    auto* reg = new SourceRegistry();
    RegisterBuiltinSources(*reg);
    reg->Register(FakeFormat());
    return reg;
  }();
  return *r;
}

std::string FakePage(const std::vector<std::string>& ids, const std::string& next) {
  std::string s = "{\"fake\":true,\"jobs\":[";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? ",\"" : "\"") + ids[i] + "\"";
  s += "],\"next\":" + (next.empty() ? std::string("null") : "\"" + next + "\"") + "}";
  return s;
}

// A three-page board at /fake/<name>; `fail_page` (1-based) always answers 500.
void ServeFakeBoard(FaultServer& server, const std::string& name, int fail_page = 0) {
  std::string base = server.Url("/fake/" + name);
  server.Route("/fake/" + name, [base, fail_page](const HttpRequest& r, FaultConnection& c) {
    int page = r.query == "page=2" ? 2 : r.query == "page=3" ? 3 : 1;
    if (page == fail_page) {
      c.Reply(500, "{}");
    } else if (page == 1) {
      c.Reply(200, FakePage({"a", "b"}, base + "?page=2"));
    } else if (page == 2) {
      c.Reply(200, FakePage({"c", "d"}, base + "?page=3"));
    } else {
      c.Reply(200, FakePage({"e"}, ""));
    }
    return Respond::kKeepOpen;
  });
}

FetchSessionOptions FastSession() {
  FetchSessionOptions o;
  o.fetcher.defaults.max_attempts = 2;
  o.fetcher.defaults.backoff = {5, 10};
  o.fetcher.defaults.timeout_ms = 3000;
  return o;
}

struct Read {
  std::vector<Document> docs;
  std::vector<std::string> ids;  // source_ids in order
  std::vector<std::string> sources;
};

Read ReadAll(const SourceSpec& spec, FetchSession& session, const SourceRegistry& reg = TestRegistry()) {
  Read out;
  Diagnostics diag(nullptr);
  auto docs = OpenDocuments(spec, reg, diag, &session);
  EXPECT_TRUE(docs.ok()) << docs.status().ToString();
  if (!docs.ok()) return out;
  Document doc;
  for (;;) {
    auto more = (*docs)->Next(doc);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    auto src = OpenDocument(spec, doc, reg, diag);
    EXPECT_TRUE(src.ok());
    out.docs.push_back(doc);
    if (!src.ok() || !*src) continue;
    for (;;) {
      PostingBatch b;
      auto st = (*src)->Next(b, diag);
      for (auto& p : b.postings) {
        out.ids.push_back(p.source_id);
        out.sources.push_back(p.source);
      }
      if (!st.ok() || *st == SourceState::kFinished) break;
    }
  }
  return out;
}

SourceSpec Spec(const std::string& arg, const SourceRegistry& reg = TestRegistry()) {
  auto s = ParseSourceSpec(arg, reg);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  SourceSpec spec = *s;
  if (spec.name.empty()) spec.name = DefaultListingName(spec, reg);  // what the runner does
  return spec;
}

TEST(FetchSession, FollowsNextPageAndHandsOutPagesInOrder) {
  FaultServer server;
  g_fake_base = server.Url("");
  ServeFakeBoard(server, "acme");
  FetchSession session(FastSession());
  SourceSpec spec = Spec("fakeboard:acme");
  EXPECT_EQ(spec.name, "fakeboard:acme");
  Read r = ReadAll(spec, session);
  EXPECT_EQ(r.ids, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(r.sources, std::vector<std::string>(5, "fakeboard:acme"));
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[1].origin, server.Url("/fake/acme?page=2"));
  for (const auto& d : r.docs) {
    EXPECT_GE(d.listing, 0);
    ASSERT_TRUE(d.fetched_at.has_value());
    EXPECT_GT(*d.fetched_at, 1'600'000'000);
  }
  auto outcomes = session.Outcomes();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].state, ListingOutcome::State::kDone);
  EXPECT_EQ(outcomes[0].requests, 3);
  EXPECT_EQ(outcomes[0].documents, 3);
  EXPECT_EQ(outcomes[0].source, "fakeboard:acme");
  EXPECT_TRUE(outcomes[0].closes_missing);
  EXPECT_EQ(server.Hits("/robots.txt"), 0);  // an API: robots.txt is not consulted
}

TEST(FetchSession, APagedListingIsAllOrNothing) {
  FaultServer server;
  g_fake_base = server.Url("");
  ServeFakeBoard(server, "broken", /*fail_page=*/2);
  FetchSession session(FastSession());
  Read r = ReadAll(Spec("fakeboard:broken"), session);
  EXPECT_TRUE(r.docs.empty());  // page 1 arrived, but it is not handed out alone
  EXPECT_TRUE(r.ids.empty());
  auto o = session.Outcomes().at(0);
  EXPECT_EQ(o.state, ListingOutcome::State::kFailed);
  EXPECT_NE(o.error.find("HTTP 500"), std::string::npos) << o.error;
  EXPECT_EQ(server.Hits("/fake/broken"), 1 + 2);  // page 1, then page 2 twice (max_attempts)
}

TEST(FetchSession, PagingLoopsAreCaught) {
  FaultServer server;
  std::string self = server.Url("/fake/loop?page=1");
  server.Route("/fake/loop", [self](const HttpRequest&, FaultConnection& c) {
    c.Reply(200, FakePage({"a"}, self));
    return Respond::kKeepOpen;
  });
  FetchSession session(FastSession());
  Read r = ReadAll(Spec(self), session);
  EXPECT_TRUE(r.ids.empty());
  EXPECT_NE(session.Outcomes().at(0).error.find("paging does not end"), std::string::npos);
}

TEST(FetchSession, ClaimedUrlsAreApisOthersArePagesUnderRobots) {
  FaultServer server;
  ServeFakeBoard(server, "acme");
  server.Static("/robots.txt", "User-agent: *\nDisallow: /private\n", "text/plain");
  server.Static("/boards/acme.json", FakePage({"x"}, ""));
  server.Static("/private/acme.json", FakePage({"y"}, ""));
  FetchSession session(FastSession());
  SourceSpec claimed = Spec(server.Url("/fake/acme?page=1"));
  EXPECT_EQ(claimed.name, "fakeboard:127.0.0.1:" + std::to_string(server.port()) + "/fake/acme");
  EXPECT_EQ(ReadAll(claimed, session).ids.size(), 5u);
  EXPECT_EQ(server.Hits("/robots.txt"), 0);
  SourceSpec page = Spec(server.Url("/boards/acme.json"));
  EXPECT_EQ(page.name, "");  // not a board API: the format's own name, no closing
  Read r = ReadAll(page, session);
  EXPECT_EQ(r.ids, std::vector<std::string>{"x"});
  EXPECT_EQ(r.sources, std::vector<std::string>{"fakeboard"});
  EXPECT_EQ(server.Hits("/robots.txt"), 1);
  EXPECT_TRUE(ReadAll(Spec(server.Url("/private/acme.json")), session).ids.empty());
  auto outcomes = session.Outcomes();
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_FALSE(outcomes[1].closes_missing);
  EXPECT_EQ(outcomes[2].state, ListingOutcome::State::kFailed);
  EXPECT_NE(outcomes[2].error.find("robots.txt"), std::string::npos);
  EXPECT_EQ(server.Hits("/private/acme.json"), 0);
}

TEST(FetchSession, ConditionalRequestsForSinglePageListingsOnly) {
  FaultServer server;
  server.Route("/fake/one", [](const HttpRequest& r, FaultConnection& c) {
    if (r.Header("if-none-match") == "\"e1\"") {
      c.Send("HTTP/1.1 304 Not Modified\r\nETag: \"e1\"\r\nContent-Length: 0\r\n\r\n");
    } else {
      c.Reply(200, FakePage({"a"}, ""), "application/json",
              {{"ETag", "\"e1\""}, {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"}});
    }
    return Respond::kKeepOpen;
  });
  g_fake_base = server.Url("");
  ServeFakeBoard(server, "paged");
  FetchState state;
  {
    FetchSession first(FastSession());
    EXPECT_EQ(ReadAll(Spec("fakeboard:one"), first).ids.size(), 1u);
    EXPECT_EQ(ReadAll(Spec("fakeboard:paged"), first).ids.size(), 5u);
    first.RecordState(state);
  }
  const auto* one = state.FindUrl(server.Url("/fake/one?page=1"));
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->etag, "\"e1\"");
  EXPECT_EQ(one->last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(one->pages, 1);
  EXPECT_EQ(state.FindUrl(server.Url("/fake/paged?page=1")), nullptr);  // no validators: nothing to remember
  EXPECT_GT(state.LastSuccessMs("fakeboard:one"), 0);

  FetchSessionOptions o = FastSession();
  o.state = std::make_shared<const FetchState>(state);
  FetchSession second(o);
  Read r = ReadAll(Spec("fakeboard:one"), second);
  EXPECT_TRUE(r.docs.empty());
  auto out = second.Outcomes().at(0);
  EXPECT_EQ(out.state, ListingOutcome::State::kUnchanged);
  EXPECT_GT(out.fetched_at_ms, 0);
  auto reqs = server.Requests();
  EXPECT_EQ(reqs.back().Header("if-none-match"), "\"e1\"");
  EXPECT_EQ(reqs.back().Header("if-modified-since"), "Wed, 21 Oct 2015 07:28:00 GMT");
  // An unreadable listing's validators are not kept (its postings must be read next time).
  FetchState fresh;
  {
    FetchSession third(FastSession());
    ReadAll(Spec("fakeboard:one"), third);
    third.RecordState(fresh, /*unreadable=*/{0});
  }
  EXPECT_EQ(fresh.FindUrl(server.Url("/fake/one?page=1")), nullptr);
}

// Ten fake boards /fake/<prefix>0..9 (one posting "j<i>" each, answered after 50 ms), opened
// through `session` in order; nothing is read yet.
struct TenBoards {
  std::vector<SourceSpec> specs;
  std::vector<std::unique_ptr<DocumentReader>> readers;
};
TenBoards OpenTenSlowBoards(FaultServer& server, const std::string& prefix, FetchSession& session, Diagnostics& diag) {
  for (int i = 0; i < 10; ++i) {
    server.Route("/fake/" + prefix + std::to_string(i), faults::Slow(FakePage({"j" + std::to_string(i)}, ""), 50));
  }
  g_fake_base = server.Url("");
  TenBoards t;
  for (int i = 0; i < 10; ++i) {
    t.specs.push_back(Spec("fakeboard:" + prefix + std::to_string(i)));
    t.readers.push_back(std::move(OpenDocuments(t.specs.back(), TestRegistry(), diag, &session)).value());
  }
  return t;
}

// Reads every board in order: the source ids.
std::vector<std::string> ReadTen(TenBoards& t, Diagnostics& diag) {
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) {
    Document doc;
    while (*t.readers[i]->Next(doc)) {
      auto src = OpenDocument(t.specs[i], doc, TestRegistry(), diag);
      PostingBatch b;
      EXPECT_TRUE((*src)->Next(b, diag).ok());
      for (auto& p : b.postings) ids.push_back(p.source_id);
    }
  }
  return ids;
}

TEST(FetchSession, WindowBoundsListingsAheadOfTheReader) {
  FaultServer server;
  FetchSessionOptions o = FastSession();
  o.max_listings_ahead = 2;
  FetchSession session(o);
  Diagnostics diag(nullptr);
  TenBoards boards = OpenTenSlowBoards(server, "b", session, diag);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(server.TotalHits(), 2);  // nobody reads yet: only the window's two were fetched
  std::vector<std::string> ids = ReadTen(boards, diag);
  EXPECT_EQ(ids.size(), 10u);
  EXPECT_EQ(ids.front(), "j0");
  EXPECT_EQ(ids.back(), "j9");
  EXPECT_LE(server.MaxConcurrent(), 2);
}

TEST(FetchSession, WindowBoundsListingsFetchingAtOnce) {
  FaultServer server;
  FetchSessionOptions o = FastSession();
  o.max_listings_fetching = 3;
  FetchSession session(o);
  Diagnostics diag(nullptr);
  TenBoards boards = OpenTenSlowBoards(server, "f", session, diag);
  // Nobody reads: answered listings make room for the next ones, three at a time.
  for (int waited = 0; server.TotalHits() < 10 && waited < 3000; waited += 20) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(server.TotalHits(), 10);
  EXPECT_LE(server.MaxConcurrent(), 3);
  std::vector<std::string> ids = ReadTen(boards, diag);
  ASSERT_EQ(ids.size(), 10u);
  EXPECT_EQ(ids.front(), "j0");
  EXPECT_EQ(ids.back(), "j9");
}

TEST(FetchSession, ByteWindowCountsResponsesStillArriving) {
  // /fake/big announces 2 MiB and sends them 300 ms later; the window is 1 MiB. A listing
  // created while the big body is on its way must wait until that document is read.
  FaultServer server;
  std::string big = FakePage({"big"}, "");
  big.resize(size_t{2} << 20, ' ');  // JSON whitespace after the object
  auto body = std::make_shared<std::string>(big);
  server.Route("/fake/big", [body](const HttpRequest&, FaultConnection& c) {
    c.Send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body->size()) +
           "\r\n\r\n");
    c.Sleep(300);
    c.Send(*body);
    return Respond::kClose;
  });
  server.Route("/fake/small", faults::Slow(FakePage({"small"}, ""), 0));
  g_fake_base = server.Url("");
  FetchSessionOptions o = FastSession();
  o.max_buffered_bytes = size_t{1} << 20;
  FetchSession session(o);
  Diagnostics diag(nullptr);
  SourceSpec big_spec = Spec("fakeboard:big"), small_spec = Spec("fakeboard:small");
  auto big_reader = std::move(OpenDocuments(big_spec, TestRegistry(), diag, &session)).value();
  for (int waited = 0; session.fetcher_stats().receiving_bytes == 0 && waited < 2000; waited += 10) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(session.fetcher_stats().receiving_bytes, static_cast<int64_t>(big.size()));  // reserved at the headers
  auto small_reader = std::move(OpenDocuments(small_spec, TestRegistry(), diag, &session)).value();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the big body arrived meanwhile
  EXPECT_EQ(server.Hits("/fake/small"), 0);  // 2 MiB held: over the window
  EXPECT_EQ(session.fetcher_stats().receiving_bytes, 0);
  std::vector<std::string> ids;
  for (auto [spec, reader] : {std::make_pair(&big_spec, big_reader.get()), std::make_pair(&small_spec, small_reader.get())}) {
    Document doc;
    while (*reader->Next(doc)) {
      auto src = OpenDocument(*spec, doc, TestRegistry(), diag);
      PostingBatch b;
      ASSERT_TRUE((*src)->Next(b, diag).ok());
      for (auto& p : b.postings) ids.push_back(p.source_id);
    }
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"big", "small"}));
  EXPECT_EQ(server.Hits("/fake/small"), 1);
}

// A listing of one URL that cannot page is streamed: its document reaches the reader at the
// first body byte, and its parser reads the body as it arrives.
TEST(FetchSession, AStreamedListingIsHandedOutAtItsFirstByte) {
  FaultServer server;
  std::string body = FakePage({"s1", "s2"}, "");
  body.insert(body.size() - 1, std::string(200'000, ' '));  // JSON whitespace: a body worth streaming
  const size_t half = body.size() / 2;
  server.Route("/fake/stream", [&](const HttpRequest&, FaultConnection& c) {
    c.Send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"s1\"\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n");
    c.Send(std::string_view(body).substr(0, half));
    c.Sleep(800);
    c.Send(std::string_view(body).substr(half));
    return Respond::kKeepOpen;
  });
  FetchSession session(FastSession());
  SourceSpec spec = Spec(server.Url("/fake/stream"));
  Diagnostics diag(nullptr);
  auto docs = OpenDocuments(spec, TestRegistry(), diag, &session);
  ASSERT_TRUE(docs.ok());
  auto t0 = std::chrono::steady_clock::now();
  Document doc;
  ASSERT_TRUE(*(*docs)->Next(doc));
  const double handed_out_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(handed_out_s, 0.6);  // before the second half was even sent
  EXPECT_EQ(doc.origin, server.Url("/fake/stream"));
  EXPECT_EQ(doc.size_bytes, body.size());  // Content-Length, not encoded
  ASSERT_TRUE(doc.fetched_at.has_value());
  EXPECT_EQ(session.Outcomes()[0].state, ListingOutcome::State::kFetching);
  auto src = OpenDocument(spec, doc, TestRegistry(), diag);  // sniffs the head, then reopens
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  ASSERT_TRUE(*src);
  PostingBatch b;
  ASSERT_TRUE((*src)->Next(b, diag).ok());
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.postings[1].source_id, "s2");
  EXPECT_FALSE(*(*docs)->Next(doc));  // one document
  session.Settle();
  ListingOutcome o = session.Outcomes()[0];
  EXPECT_EQ(o.state, ListingOutcome::State::kDone);
  EXPECT_EQ(o.documents, 1);
  EXPECT_EQ(o.bytes, body.size());
  EXPECT_TRUE(o.closes_missing);
  EXPECT_EQ(session.fetcher_stats().streamed, 1);
  FetchState state;
  session.RecordState(state);
  ASSERT_NE(state.FindUrl(server.Url("/fake/stream")), nullptr);
  EXPECT_EQ(state.FindUrl(server.Url("/fake/stream"))->etag, "\"s1\"");
}

TEST(FetchSession, AStreamCutOffAfterItsFirstByteFailsTheListingButNotItsReader) {
  FaultServer server;
  std::string body = FakePage({"a", "b", "c"}, "");
  body.insert(body.size() - 1, std::string(20'000, ' '));
  server.Route("/fake/cut", faults::TruncateFirst(100, body));  // a tenth: the ids, then the connection closes
  FetchSession session(FastSession());
  SourceSpec spec = Spec(server.Url("/fake/cut"));
  Diagnostics diag(nullptr);
  auto docs = OpenDocuments(spec, TestRegistry(), diag, &session);
  ASSERT_TRUE(docs.ok());
  Document doc;
  ASSERT_TRUE(*(*docs)->Next(doc));  // handed out at the first byte, kept though the listing fails
  auto in = doc.open();
  ASSERT_TRUE(in.ok());
  std::string got;
  Status end;
  char buf[4096];
  for (;;) {
    auto n = (*in)->Read(buf, sizeof buf);
    if (!n.ok()) {
      end = n.status();
      break;
    }
    if (*n == 0) break;
    got.append(buf, *n);
  }
  EXPECT_EQ(got, body.substr(0, body.size() / 10));
  EXPECT_EQ(end.code(), StatusCode::kUnavailable);
  EXPECT_NE(end.message().find("cut off after " + std::to_string(body.size() / 10) + " bytes"), std::string::npos)
      << end.message();
  EXPECT_FALSE(*(*docs)->Next(doc));
  session.Settle();
  ListingOutcome o = session.Outcomes()[0];
  EXPECT_EQ(o.state, ListingOutcome::State::kFailed);  // nothing is closed for this board
  EXPECT_NE(o.error.find("bytes remaining"), std::string::npos) << o.error;
  EXPECT_EQ(o.documents, 1);
  FetchState state;
  session.RecordState(state);
  EXPECT_EQ(state.FindUrl(server.Url("/fake/cut")), nullptr);
  EXPECT_EQ(state.LastSuccessMs(o.source), 0);
  EXPECT_EQ(server.Hits("/fake/cut"), 2);  // FastSession: two attempts, the second resumed
}

// Streamed listings are charged one pipe each while they fetch: with a window of about
// three pipes, at most three boards are in flight, and a reader that reads them in order
// gets every one even though the boards it has not reached yet sit paused on the only
// connections there are.
TEST(FetchSession, StreamedListingsAreBoundedByTheByteWindowAndReadInOrder) {
  FaultServer server;
  std::vector<std::string> bodies;
  for (int i = 0; i < 8; ++i) {
    std::string body = FakePage({"w" + std::to_string(i)}, "");
    body.insert(body.size() - 1, std::string(300'000, ' '));  // several pipes each
    bodies.push_back(body);
    server.Static("/fake/w" + std::to_string(i), body);
  }
  FetchSessionOptions o = FastSession();
  o.stream_pipe_bytes = 64 << 10;
  o.max_buffered_bytes = 3 * (64 << 10) + 1;
  o.fetcher.per_host_connections = 2;
  FetchSession session(o);
  Diagnostics diag(nullptr);
  std::vector<SourceSpec> specs;
  std::vector<std::unique_ptr<DocumentReader>> readers;
  for (int i = 0; i < 8; ++i) {
    specs.push_back(Spec(server.Url("/fake/w" + std::to_string(i))));
    readers.push_back(std::move(OpenDocuments(specs.back(), TestRegistry(), diag, &session)).value());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_LE(server.TotalHits(), 3);  // nobody reads: the window is full
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) {
    Document doc;
    while (*readers[i]->Next(doc)) {
      auto src = OpenDocument(specs[i], doc, TestRegistry(), diag);
      ASSERT_TRUE(src.ok() && *src);
      PostingBatch b;
      ASSERT_TRUE((*src)->Next(b, diag).ok());
      for (auto& p : b.postings) ids.push_back(p.source_id);
    }
  }
  ASSERT_EQ(ids.size(), 8u);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(ids[i], "w" + std::to_string(i));
  EXPECT_LE(server.MaxConcurrent(), 2);
  session.Settle();
  for (const auto& out : session.Outcomes()) EXPECT_EQ(out.state, ListingOutcome::State::kDone) << out.label;
}

TEST(FetchSession, ClosingTheSessionReleasesWaitingReaders) {
  FaultServer server;
  server.Route("/fake/slow", faults::Slow(FakePage({"a"}, ""), 5000));
  g_fake_base = server.Url("");
  Diagnostics diag(nullptr);
  std::unique_ptr<DocumentReader> reader;
  {
    FetchSession session(FastSession());
    SourceSpec spec = Spec("fakeboard:slow");
    reader = std::move(OpenDocuments(spec, TestRegistry(), diag, &session)).value();
  }
  Document doc;
  auto more = reader->Next(doc);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
}

TEST(FetchSession, AshbyBoardByTokenAndClaimedUrl) {
  if (!testing::HaveShared("ats_ashby")) GTEST_SKIP();
  auto boards = testing::LoadAshbyBoards(2, 3, 40);
  ASSERT_EQ(boards.size(), 2u);
  FaultServer server;
  for (const auto& b : boards) server.Static("/posting-api/job-board/" + b.org, b.body);
  FetchSession session(FastSession());
  // A URL in the posting API's shape is claimed by the ashby format (on any host).
  SourceSpec spec = Spec(server.Url("/posting-api/job-board/" + boards[0].org + "?includeCompensation=true"),
                         SourceRegistry::Builtin());
  EXPECT_EQ(spec.name, "ashby:127.0.0.1:" + std::to_string(server.port()) + "/posting-api/job-board/" + boards[0].org);
  Read r = ReadAll(spec, session, SourceRegistry::Builtin());
  EXPECT_EQ(r.ids.size(), boards[0].jobs);
  // ashby:ORG names the real API.
  auto token = ParseSourceSpec("ashby:" + boards[1].org);
  ASSERT_TRUE(token.ok());
  SourceFormat const* ashby = SourceRegistry::Builtin().Find("ashby");
  EXPECT_EQ(ashby->urls(*token), std::vector<std::string>{"https://api.ashbyhq.com/posting-api/job-board/" +
                                                          boards[1].org + "?includeCompensation=true"});
  EXPECT_EQ(DefaultListingName(*token, SourceRegistry::Builtin()), "ashby:" + boards[1].org);
  auto file = ParseSourceSpec("ashby:" + testing::AshbyTar());
  EXPECT_TRUE(ashby->urls(*file).empty());  // a file is not a token
}

TEST(FetchSession, HnLatestThroughAlgoliaAndFirebase) {
  if (!testing::HaveShared("hn_whoishiring")) GTEST_SKIP();
  auto threads = testing::LoadLatestHnThreads(2);
  ASSERT_EQ(threads.size(), 2u);
  FaultServer server;
  testing::ServeHn(server, threads);
  FetchSessionOptions o = FastSession();
  o.hn_algolia_api = server.Url("/algolia");
  o.hn_firebase_api = server.Url("/firebase");
  FetchSession session(o);
  // threads_index.csv: 2026-01 has 265 top-level comments with text, 2025-10 has 348.
  ASSERT_EQ(threads[0].month, "2026-01");
  ASSERT_EQ(threads[1].month, "2025-10");
  Read algolia = ReadAll(Spec("hn:latest:2", SourceRegistry::Builtin()), session, SourceRegistry::Builtin());
  EXPECT_EQ(algolia.docs.size(), 2u);
  EXPECT_EQ(algolia.ids.size(), static_cast<size_t>(threads[0].with_text + threads[1].with_text));
  EXPECT_EQ(algolia.ids.size(), 265u + 348u);
  Read firebase = ReadAll(Spec("hn:firebase:latest", SourceRegistry::Builtin()), session, SourceRegistry::Builtin());
  ASSERT_EQ(firebase.docs.size(), 1u);
  EXPECT_EQ(firebase.ids.size(), 265u);
  // The same postings either way, in the thread's order.
  EXPECT_EQ(std::vector<std::string>(algolia.ids.begin(), algolia.ids.begin() + 265), firebase.ids);
  // One request per comment, plus the user, the 3N+3 = 6 newest submissions (to find the
  // hiring thread among the month's three stories) and the thread again for its kids.
  EXPECT_EQ(server.Hits("/firebase/user/whoishiring.json"), 1);
  EXPECT_EQ(server.Hits("/firebase/item/" + std::to_string(threads[0].id) + ".json"), 2);  // title, then kids
  auto outcomes = session.Outcomes();
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[1].requests, 1 + 6 + 1 + static_cast<int>(threads[0].comments.size()));
  EXPECT_EQ(outcomes[0].state, ListingOutcome::State::kDone);
  EXPECT_FALSE(outcomes[0].closes_missing);  // comments do not close
  // A thread by id.
  Read one = ReadAll(Spec("hn:" + std::to_string(threads[1].id), SourceRegistry::Builtin()), session,
                     SourceRegistry::Builtin());
  EXPECT_EQ(one.ids.size(), 348u);
}

TEST(FetchSession, HnPartialAndFailedThreadsAreReported) {
  if (!testing::HaveShared("hn_whoishiring")) GTEST_SKIP();
  auto threads = testing::LoadLatestHnThreads(1);
  ASSERT_EQ(threads.size(), 1u);
  FaultServer server;
  testing::ServeHn(server, threads);
  // Two comments whose requests always fail.
  int64_t bad1 = threads[0].comments[3].id, bad2 = threads[0].comments[10].id;
  server.Route("/firebase/item/" + std::to_string(bad1) + ".json", faults::FailFirst(100, 500, ""));
  server.Route("/firebase/item/" + std::to_string(bad2) + ".json", faults::ResetFirst(100, ""));
  FetchSessionOptions o = FastSession();
  o.hn_firebase_api = server.Url("/firebase");
  o.hn_algolia_api = server.Url("/nothing-here");
  FetchSession session(o);
  Read r = ReadAll(Spec("hn:firebase:" + std::to_string(threads[0].id), SourceRegistry::Builtin()), session,
                   SourceRegistry::Builtin());
  EXPECT_EQ(r.ids.size(), 265u - 2u);
  auto out = session.Outcomes().at(0);
  EXPECT_EQ(out.state, ListingOutcome::State::kPartial);
  EXPECT_NE(out.error.find("2 of " + std::to_string(threads[0].comments.size()) + " comments"), std::string::npos)
      << out.error;
  Read none = ReadAll(Spec("hn:latest", SourceRegistry::Builtin()), session, SourceRegistry::Builtin());
  EXPECT_TRUE(none.ids.empty());
  auto failed = session.Outcomes().at(1);
  EXPECT_EQ(failed.state, ListingOutcome::State::kFailed);
  EXPECT_NE(failed.error.find("/nothing-here/search?"), std::string::npos) << failed.error;  // the fallback
  EXPECT_NE(failed.error.find("HTTP 404"), std::string::npos) << failed.error;
  EXPECT_EQ(server.Hits("/nothing-here/search_by_date"), 1);
  EXPECT_EQ(server.Hits("/nothing-here/search"), 1);
}

}  // namespace
}  // namespace skillpulse

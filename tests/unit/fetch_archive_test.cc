// The response archive (write, then replay) and the conditional-request state file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/input.h"
#include "sources/fetch/archive.h"
#include "sources/fetch/fetch_state.h"
#include "test_util.h"

namespace skillpulse {
namespace {

namespace fs = std::filesystem;

ArchivedResponse Response(std::string url, long status, int attempt, bool final, int64_t at_ms) {
  ArchivedResponse r;
  r.url = std::move(url);
  r.status = status;
  r.attempt = attempt;
  r.final = final;
  r.fetched_at_ms = at_ms;
  r.elapsed_ms = 12;
  r.headers = {{"content-type", "application/json"}, {"etag", "\"v1\""}};
  return r;
}

std::vector<std::string> Files(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Archive, RoundTripStoresEachBodyOnceAndReplaysFinalAnswersInOrder) {
  testing::TempDir tmp;
  const std::string dir = tmp.File("arch");
  const std::string board = R"({"apiVersion":"1","jobs":[{"id":"a"}]})";
  const std::string board2 = R"({"apiVersion":"1","jobs":[{"id":"a"},{"id":"b"}]})";
  ArchiveRunHeader h;
  h.started_at_ms = 1'700'000'000'123;
  h.tool_version = "test";
  h.run_json = R"({"sources":[{"raw":"ashby:acme","type":"ashby","location":"acme","name":"ashby:acme"}]})";
  {
    auto w = ArchiveWriter::Create(dir, h);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    // A 503 that was retried, then the good answer; the same body served twice; a failure.
    ArchivedResponse retried = Response("http://h/a", 503, 1, false, 1000);
    retried.error = "http://h/a: HTTP 503";
    retried.error_code = "Unavailable";
    (*w)->Record(retried, std::make_shared<std::string>("busy"));
    (*w)->Record(Response("http://h/a", 200, 2, true, 2000), std::make_shared<std::string>(board));
    (*w)->Record(Response("http://h/b", 200, 1, true, 2100), std::make_shared<std::string>(board));
    (*w)->Record(Response("http://h/a", 200, 1, true, 3000), std::make_shared<std::string>(board2));
    ArchivedResponse dead = Response("http://h/dead", 0, 4, true, 4000);
    dead.error = "http://h/dead: Couldn't connect to server (after 4 attempts)";
    dead.error_code = "Unavailable";
    dead.headers.clear();
    (*w)->Record(dead, nullptr);
    ASSERT_TRUE((*w)->Close().ok());
  }
  // FORMAT, one manifest, three distinct bodies ("busy", board, board2).
  auto files = Files(dir);
  ASSERT_EQ(files.size(), 5u) << ::testing::PrintToString(files);
  EXPECT_EQ(files[0], "FORMAT");
  EXPECT_TRUE(fs::exists(dir + "/blobs/" + ContentHash(board).substr(0, 2) + "/" + ContentHash(board) + ".zst"));
  EXPECT_TRUE(fs::exists(dir + "/blobs/" + ContentHash(board2).substr(0, 2) + "/" + ContentHash(board2) + ".zst"));
  EXPECT_EQ(files[4].substr(0, 5), "runs/");

  auto replay = ArchiveReplay::Open(dir);  // a directory: its newest run
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  EXPECT_EQ((*replay)->header().started_at_ms, 1'700'000'000'123);
  EXPECT_EQ((*replay)->header().tool_version, "test");
  EXPECT_EQ((*replay)->header().run_json, h.run_json);
  EXPECT_EQ((*replay)->size(), 4u);  // the retried 503 is not an answer

  auto a1 = (*replay)->Next("http://h/a");
  ASSERT_TRUE(a1.ok());
  EXPECT_EQ(a1->status, 200);
  EXPECT_EQ(a1->attempt, 2);
  EXPECT_EQ(a1->fetched_at_ms, 2000);
  EXPECT_EQ(*(*replay)->LoadBody(*a1), board);
  auto a2 = (*replay)->Next("http://h/a");
  EXPECT_EQ(a2->fetched_at_ms, 3000);
  EXPECT_EQ(*(*replay)->LoadBody(*a2), board2);
  auto a3 = (*replay)->Next("http://h/a");  // asked more often than recorded: the last repeats
  EXPECT_EQ(a3->fetched_at_ms, 3000);
  auto d = (*replay)->Next("http://h/dead");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->status, 0);
  EXPECT_EQ(d->error_code, "Unavailable");
  EXPECT_EQ(*(*replay)->LoadBody(*d), "");
  auto headers = (*replay)->Next("http://h/b")->headers;
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[1].second, "\"v1\"");
  auto missing = (*replay)->Next("http://h/never");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);

  // A damaged blob is detected, not replayed.
  std::string blob = dir + "/blobs/" + ContentHash(board2).substr(0, 2) + "/" + ContentHash(board2) + ".zst";
  auto z = ReadWholeFile(blob);  // decompressed by magic
  ASSERT_TRUE(z.ok());
  {
    std::ofstream out(blob, std::ios::binary | std::ios::trunc);
    out << "{\"apiVersion\":\"1\",\"jobs\":[{\"id\":\"X\"},{\"id\":\"b\"}]}";
  }
  auto bad = (*replay)->LoadBody(*a2);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kParseError);
}

TEST(Archive, TwoRunsKeepTheirOwnManifestsAndShareBlobs) {
  testing::TempDir tmp;
  const std::string dir = tmp.File("arch");
  for (int run = 0; run < 2; ++run) {
    ArchiveRunHeader h;
    h.started_at_ms = 1'700'000'000'000 + run * 1000;
    auto w = ArchiveWriter::Create(dir, h);
    ASSERT_TRUE(w.ok());
    (*w)->Record(Response("http://h/a", 200, 1, true, h.started_at_ms), std::make_shared<std::string>("same body"));
    ASSERT_TRUE((*w)->Close().ok());
  }
  auto files = Files(dir);
  EXPECT_EQ(std::count_if(files.begin(), files.end(), [](const std::string& f) { return f.rfind("runs/", 0) == 0; }), 2);
  EXPECT_EQ(std::count_if(files.begin(), files.end(), [](const std::string& f) { return f.rfind("blobs/", 0) == 0; }), 1);
  auto newest = ArchiveReplay::Open(dir);
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ((*newest)->header().started_at_ms, 1'700'000'001'000);
  // A specific run by its manifest path.
  std::string first;
  for (const auto& f : files) {
    if (f.rfind("runs/", 0) == 0) {
      first = dir + "/" + f;
      break;
    }
  }
  auto older = ArchiveReplay::Open(first);
  ASSERT_TRUE(older.ok()) << older.status().ToString();
  EXPECT_EQ((*older)->header().started_at_ms, 1'700'000'000'000);
  EXPECT_EQ(*(*older)->LoadBody(*(*older)->Next("http://h/a")), "same body");
}

// Streamed bodies: appended piece by piece, stored under the hash of the whole, once.
TEST(Archive, StreamedBodiesAreHashedAndCompressedAsTheyPass) {
  testing::TempDir tmp;
  const std::string dir = tmp.File("arch");
  std::string big;  // 3 MiB of JSON-ish text in uneven pieces
  for (int i = 0; big.size() < (size_t{3} << 20); ++i) big += "{\"id\":\"" + std::to_string(i * 7919) + "\"},";
  const std::string small = "[{\"id\":1}]";
  {
    ArchiveRunHeader h;
    h.started_at_ms = 1'700'000'000'000;
    auto w = ArchiveWriter::Create(dir, h);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_TRUE((*w)->Ready());
    auto a = (*w)->StartBody();
    auto b = (*w)->StartBody();  // interleaved with `a`
    auto c = (*w)->StartBody();  // the same bytes as `a`: one blob
    auto dropped = (*w)->StartBody();
    auto empty = (*w)->StartBody();
    size_t at = 0;
    for (size_t n = 1; at < big.size(); n = n * 3 + 1) {
      std::string_view piece = std::string_view(big).substr(at, std::min<size_t>(n % 100'000 + 1, big.size() - at));
      a->Append(piece);
      c->Append(piece);
      if (at == 0) b->Append(small);
      at += piece.size();
    }
    dropped->Append("never recorded");
    dropped.reset();  // destroyed before End: nothing recorded, no file left
    EXPECT_EQ(a->bytes(), big.size());
    ArchivedResponse ra = Response("http://h/big", 200, 1, true, 1000);
    ra.streamed = true;
    a->End(ra);
    a->Append("after the end: ignored");
    ArchivedResponse rb = Response("http://h/cut", 200, 3, true, 2000);
    rb.streamed = true;
    rb.error = "http://h/cut: transfer closed with 9 bytes remaining to read (after 3 attempts)";
    rb.error_code = "Unavailable";
    b->End(rb);
    c->End(Response("http://h/again", 200, 1, true, 3000));
    empty->End(Response("http://h/empty", 200, 1, true, 4000));
    (*w)->Record(Response("http://h/whole", 200, 1, true, 5000), std::make_shared<std::string>(small));
    ASSERT_TRUE((*w)->Close().ok());
    EXPECT_TRUE((*w)->Ready());  // closed: nobody waits on it
  }
  // FORMAT, the manifest, two blobs (big, small): no temporary file remains.
  auto files = Files(dir);
  ASSERT_EQ(files.size(), 4u) << ::testing::PrintToString(files);
  auto replay = ArchiveReplay::Open(dir);
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  auto rbig = (*replay)->Next("http://h/big");
  ASSERT_TRUE(rbig.ok());
  EXPECT_TRUE(rbig->streamed);
  EXPECT_EQ(rbig->body_hash, ContentHash(big));
  EXPECT_EQ(rbig->body_bytes, big.size());
  auto body = (*replay)->LoadBody(*rbig);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_TRUE(*body == big);
  auto cut = (*replay)->Next("http://h/cut");
  ASSERT_TRUE(cut.ok());
  EXPECT_TRUE(cut->streamed);
  EXPECT_EQ(cut->error_code, "Unavailable");
  EXPECT_EQ(*(*replay)->LoadBody(*cut), small);  // what the parser saw before the cut
  EXPECT_EQ((*replay)->Next("http://h/again")->body_hash, ContentHash(big));
  auto empty = (*replay)->Next("http://h/empty");
  EXPECT_EQ(empty->body_hash, "");
  EXPECT_EQ(*(*replay)->LoadBody(*empty), "");
  EXPECT_EQ((*replay)->Next("http://h/whole")->body_hash, ContentHash(small));
  EXPECT_EQ((*replay)->Next("http://h/never-ended").status().code(), StatusCode::kNotFound);
  EXPECT_EQ((*replay)->size(), 5u);
}

TEST(Archive, RefusesADirectoryThatIsNotAnArchive) {
  testing::TempDir tmp;
  tmp.Write("FORMAT", "something else\n");
  auto w = ArchiveWriter::Create(tmp.path(), ArchiveRunHeader());
  EXPECT_EQ(w.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(ArchiveReplay::Open(tmp.File("nothing")).status().code(), StatusCode::kNotFound);
}

TEST(ArchiveManifest, EntryRoundTripAndMalformedLines) {
  ArchivedResponse r = Response("https://api.ashbyhq.com/posting-api/job-board/x?includeCompensation=true", 304, 1, true, 5);
  r.final_url = "https://api.ashbyhq.com/other";
  r.request_headers = {{"If-None-Match", "\"abc\""}};
  r.body_hash = std::string(32, 'a');
  r.body_bytes = 17;
  auto back = ParseArchiveEntry(FormatArchiveEntry(r));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->url, r.url);
  EXPECT_EQ(back->final_url, r.final_url);
  EXPECT_EQ(back->status, 304);
  EXPECT_EQ(back->request_headers, r.request_headers);
  EXPECT_EQ(back->headers, r.headers);
  EXPECT_EQ(back->body_hash, r.body_hash);
  EXPECT_EQ(back->body_bytes, 17u);
  EXPECT_FALSE(back->streamed);
  EXPECT_EQ(FormatArchiveEntry(r).find("streamed"), std::string::npos);  // old manifests stay as they were
  r.streamed = true;
  auto streamed = ParseArchiveEntry(FormatArchiveEntry(r));
  ASSERT_TRUE(streamed.ok());
  EXPECT_TRUE(streamed->streamed);
  EXPECT_FALSE(ParseArchiveEntry("{\"url\":\"u\",\"streamed\":\"yes\"}")->streamed);  // not a bool: not streamed

  for (const char* bad : {"", "[]", "{", "{\"url\":1}", "{\"status\":200}", "{\"url\":\"u\",\"headers\":{}}",
                          "{\"url\":\"u\",\"headers\":[[\"a\"]]}", "{\"url\":\"u\",\"headers\":[[1,2]]}",
                          "{\"url\":\"u\",\"body\":\"../../etc/passwd\"}", "{\"url\":\"u\",\"body\":\"ABCDEF\"}"}) {
    EXPECT_EQ(ParseArchiveEntry(bad).status().code(), StatusCode::kParseError) << bad;
  }
  // Out-of-range numbers are clamped, not trusted.
  auto odd = ParseArchiveEntry("{\"url\":\"u\",\"status\":123456,\"attempt\":-4,\"body_bytes\":-1}");
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(odd->status, 999);
  EXPECT_EQ(odd->attempt, 0);
  EXPECT_EQ(odd->body_bytes, 0u);
}

TEST(ArchiveManifest, HeaderIsRequiredAndATornLastLineIsTolerated) {
  ArchiveRunHeader h;
  h.started_at_ms = 7;
  std::string text = FormatArchiveHeader(h) + "\n" + FormatArchiveEntry(Response("http://h/a", 200, 1, true, 1)) + "\n" +
                     "{\"url\":\"http://h/b\",\"sta";  // killed mid-write
  auto m = ParseArchiveManifest(text);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->entries.size(), 1u);
  // A broken line in the middle is an error that names it.
  std::string mid = FormatArchiveHeader(h) + "\nnot json\n" + FormatArchiveEntry(Response("http://h/a", 200, 1, true, 1));
  auto bad = ParseArchiveManifest(mid);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseArchiveManifest("").ok());
  EXPECT_FALSE(ParseArchiveManifest(FormatArchiveEntry(Response("http://h/a", 200, 1, true, 1))).ok());
  EXPECT_EQ(ParseArchiveHeader("{\"archive\":\"skillpulse\",\"version\":2}").status().code(), StatusCode::kUnsupported);
}

TEST(ContentHash, Xxh3_128Hex) {
  // XXH3-128 of the empty input (the reference value of xxHash's test vectors).
  EXPECT_EQ(ContentHash(""), "99aa06d3014798d86001c324468d497f");
  EXPECT_EQ(ContentHash("a").size(), 32u);
  EXPECT_NE(ContentHash("a"), ContentHash("b"));
}

TEST(FetchState, RoundTripAndBadLines) {
  FetchState s;
  s.SetUrl("https://api.ashbyhq.com/posting-api/job-board/acme", {"W/\"abc\"", "Wed, 21 Oct 2015 07:28:00 GMT", 1, 42});
  s.SetUrl("https://x/lever", {"", "", 3, 43});
  s.SetLastSuccessMs("ashby:acme", 1'700'000'000'000);
  auto back = FetchState::Parse(s.Serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  const auto* u = back->FindUrl("https://api.ashbyhq.com/posting-api/job-board/acme");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->etag, "W/\"abc\"");
  EXPECT_EQ(u->last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(u->pages, 1);
  EXPECT_EQ(u->fetched_at_ms, 42);
  EXPECT_EQ(back->FindUrl("https://x/lever")->pages, 3);
  EXPECT_EQ(back->LastSuccessMs("ashby:acme"), 1'700'000'000'000);
  EXPECT_EQ(back->LastSuccessMs("other"), 0);
  back->EraseUrl("https://x/lever");
  EXPECT_EQ(back->FindUrl("https://x/lever"), nullptr);

  testing::TempDir tmp;
  std::string path = tmp.File("db.fetch-state.jsonl");
  EXPECT_EQ(FetchStatePathFor(tmp.File("db")), path);
  auto empty = FetchState::Load(path);  // missing file: empty state
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->url_count(), 0u);
  ASSERT_TRUE(s.Save(path).ok());
  auto loaded = FetchState::Load(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->url_count(), 2u);

  EXPECT_TRUE(FetchState::Parse("{\"kind\":\"from-the-future\"}\n").ok());
  for (const char* bad : {"nope", "{\"url\":\"x\"}", "{\"kind\":\"url\"}", "{\"kind\":\"source\",\"source\":\"\"}", "[1]"}) {
    auto r = FetchState::Parse(bad);
    EXPECT_EQ(r.status().code(), StatusCode::kParseError) << bad;
  }
}

}  // namespace
}  // namespace skillpulse

// Every record of every source of a benchmark corpus parses (shared/bench/make_corpus.py,
// README "Wire formats"): as local files, untyped (sniffed by content), and over HTTP from a
// loopback server at the benchmark's paths (/greenhouse/<token>/jobs, /lever/<site>,
// /ashby/<org>, /rss/<feed>.xml, recognised by content) and at the APIs' real path shapes
// (/v1/boards/<token>/jobs, /v0/postings/<site>, /posting-api/job-board/<org>, recognised
// by path). The source ids read must be exactly the corpus's truth.jsonl ids of that source.
//
// The corpus is generated into a temporary directory (2,000 postings, ~25 s) unless
// SP_BENCH_CORPUS names an existing one; it is never committed.
#include <gtest/gtest.h>
#include <httplib.h>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "source_reader.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::Slurp;

struct CorpusSource {
  std::string name, format, file, path;
  uint64_t records = 0;
};

struct Corpus {
  std::string dir;
  uint64_t total_records = 0;  // manifest totals.records
  std::vector<CorpusSource> sources;
  std::map<std::string, std::set<std::string>> truth_ids;  // source -> source_ids
};

class BenchCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* env = std::getenv("SP_BENCH_CORPUS");
    std::string dir;
    if (env != nullptr && *env != '\0') {
      dir = env;
    } else {
      std::string script = std::string(SP_SHARED_DIR) + "/bench/make_corpus.py";
      if (!std::filesystem::exists(script) || !testing::HaveShared("hn_whoishiring")) return;
      tmp_ = new testing::TempDir();
      dir = tmp_->File("corpus");
      std::string cmd = "python3 " + script + " --out " + dir + " --postings 2000 >/dev/null 2>&1";
      if (std::system(cmd.c_str()) != 0) return;
    }
    auto* c = new Corpus();
    c->dir = dir;
    simdjson::dom::parser parser;
    simdjson::dom::element manifest;
    if (parser.load(dir + "/manifest.json").get(manifest)) return;
    c->total_records = uint64_t(manifest["totals"]["records"]);
    for (simdjson::dom::element s : manifest["sources"].get_array()) {
      CorpusSource cs;
      cs.name = std::string(std::string_view(s["name"]));
      cs.format = std::string(std::string_view(s["format"]));
      cs.file = std::string(std::string_view(s["file"]));
      cs.path = std::string(std::string_view(s["path"]));
      cs.records = uint64_t(s["records"]);
      c->sources.push_back(cs);
    }
    std::ifstream truth(dir + "/truth.jsonl");
    for (std::string line; std::getline(truth, line);) {
      simdjson::dom::element t;
      if (parser.parse(line).get(t)) continue;
      c->truth_ids[std::string(std::string_view(t["source"]))].insert(std::string(std::string_view(t["source_id"])));
    }
    corpus_ = c;
  }
  static void TearDownTestSuite() {
    delete corpus_;
    corpus_ = nullptr;
    delete tmp_;
    tmp_ = nullptr;
  }
  void SetUp() override {
    if (corpus_ == nullptr) GTEST_SKIP() << "no corpus (python3 or shared/bench missing)";
  }

  // The records of one source read through `arg`; checks count, ids, and non-empty fields.
  void ExpectSource(const CorpusSource& s, const std::string& arg, const std::string& how) {
    Diagnostics diag(nullptr);
    auto all = testing::ReadAll(arg, diag);
    EXPECT_EQ(all.size(), s.records) << s.name << " via " << how;
    EXPECT_EQ(diag.quarantined_count(), 0u) << s.name << " via " << how;
    EXPECT_EQ(diag.counter("documents." + s.format), 1)
        << s.name << " via " << how << " was not read as " << s.format;
    std::set<std::string> ids;
    for (const auto& p : all) {
      ids.insert(p.source_id);
      EXPECT_FALSE(p.title.empty()) << s.name << " " << p.source_id;
      EXPECT_FALSE(p.company.empty()) << s.name << " " << p.source_id;
      EXPECT_FALSE(p.description_html.empty() && p.description_text.empty()) << s.name << " " << p.source_id;
      EXPECT_TRUE(p.posted_at.has_value()) << s.name << " " << p.source_id;
    }
    EXPECT_EQ(ids, corpus_->truth_ids[s.name]) << s.name << " via " << how;
  }

  static Corpus* corpus_;
  static testing::TempDir* tmp_;
};

Corpus* BenchCorpus::corpus_ = nullptr;
testing::TempDir* BenchCorpus::tmp_ = nullptr;

TEST_F(BenchCorpus, EveryRecordOfEveryFileSniffedByContent) {
  uint64_t total = 0;
  std::set<std::string> formats;
  for (const auto& s : corpus_->sources) {
    ExpectSource(s, corpus_->dir + "/" + s.file, "file");
    total += s.records;
    formats.insert(s.format);
  }
  EXPECT_EQ(total, corpus_->total_records);
  EXPECT_EQ(formats, (std::set<std::string>{"ashby", "greenhouse", "lever", "rss"}));
}

TEST_F(BenchCorpus, EachFormatDirectoryAtOnce) {
  uint64_t total = 0;
  for (std::string format : {"greenhouse", "lever", "ashby", "rss"}) {
    Diagnostics diag(nullptr);
    auto all = testing::ReadAll(corpus_->dir + "/" + format, diag);
    uint64_t want = 0, docs = 0;
    for (const auto& s : corpus_->sources) {
      if (s.format == format) {
        want += s.records;
        ++docs;
      }
    }
    EXPECT_EQ(all.size(), want) << format;
    EXPECT_EQ(diag.counter("documents." + format), static_cast<int64_t>(docs)) << format;
    EXPECT_EQ(diag.quarantined_count(), 0u) << format;
    total += all.size();
  }
  EXPECT_EQ(total, corpus_->total_records);
}

TEST_F(BenchCorpus, OverHttpAtTheBenchmarkPathsAndTheRealApiShapes) {
  httplib::Server server;
  std::map<std::string, std::string> routes;  // URL path -> file
  for (const auto& s : corpus_->sources) {
    std::string bench_path = s.path.substr(0, s.path.find('?'));
    routes[bench_path] = corpus_->dir + "/" + s.file;
    std::string slug = s.name;
    if (s.format == "greenhouse") routes["/v1/boards/" + slug + "/jobs"] = corpus_->dir + "/" + s.file;
    if (s.format == "lever") routes["/v0/postings/" + slug] = corpus_->dir + "/" + s.file;
    if (s.format == "ashby") routes["/posting-api/job-board/" + slug] = corpus_->dir + "/" + s.file;
  }
  server.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    auto it = routes.find(req.path);  // query strings ignored, as the benchmark's nginx does
    if (it == routes.end()) {
      res.status = 404;
      return;
    }
    res.set_content(Slurp(it->second), "application/octet-stream");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread t([&] { server.listen_after_bind(); });
  std::string base = "http://127.0.0.1:" + std::to_string(port);
  for (const auto& s : corpus_->sources) {
    ExpectSource(s, base + s.path, "bench path");
    if (s.format == "greenhouse") {
      auto spec = ParseSourceSpec(base + "/v1/boards/" + s.name + "/jobs?content=true");
      EXPECT_EQ(spec->type, "greenhouse");  // claimed by the path before any byte is read
      ExpectSource(s, spec->raw, "API path");
    } else if (s.format == "lever") {
      EXPECT_EQ(ParseSourceSpec(base + "/v0/postings/" + s.name + "?mode=json")->type, "lever");
      ExpectSource(s, base + "/v0/postings/" + s.name + "?mode=json", "API path");
    } else if (s.format == "ashby") {
      EXPECT_EQ(ParseSourceSpec(base + "/posting-api/job-board/" + s.name)->type, "ashby");
      ExpectSource(s, base + "/posting-api/job-board/" + s.name + "?includeCompensation=true", "API path");
    }
  }
  server.stop();
  t.join();
}

}  // namespace
}  // namespace skillpulse

// Dedup decisions against pairs labelled by a person (tests/accuracy/labels/dedup_pairs.jsonl,
// made from tests/accuracy/tools/dedup_candidates.py; see that script for the labelling
// rules). Skipped while the file does not exist. The postings the candidates come from (HN
// 2023-01..2024-06 through the source layer; the WWR feeds through the test-only RSS reader
// until the RSS connector lands) are clustered into jobs as a store would, and each labelled pair
// is "same job" when both land in one job (reposts in between count, as for the labeller).
// Precision / recall of "same job" are printed and held to floors just below the measured
// values (end of the test). SP_DEDUP_LABELS_VERBOSE=1 explains every error; SP_DEDUP_CONFIG
// measures other thresholds.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "../../bench/dedup_corpus.h"
#include "core/input.h"
#include "core/text.h"
#include "dedup/cluster.h"
#include "dedup/config.h"
#include "dedup/normalize.h"
#include "dedup/record.h"
#include "sources/source.h"
#include "test_util.h"

namespace skillpulse {
namespace {

std::string LabelsFile() { return std::string(SP_TESTS_DIR) + "/accuracy/labels/dedup_pairs.jsonl"; }

// "hn|ID" or "wwr|FEED|GUID".
std::string RefKey(simdjson::dom::object ref) {
  auto str = [&](const char* key) {
    std::string_view v;
    return ref[key].get(v) == simdjson::SUCCESS ? std::string(v) : std::string("?");
  };
  std::string dataset = str("dataset");
  if (dataset == "hn") return "hn|" + str("id");
  return dataset + "|" + str("feed") + "|" + str("guid");
}

int64_t SeenAt(const JobPosting& p) {
  if (p.posted_at) return *p.posted_at;
  if (IsMonthString(p.month)) {
    return DaysFromCivil(std::stoi(p.month.substr(0, 4)), static_cast<unsigned>(std::stoi(p.month.substr(5, 2))), 1) * 86400;
  }
  return 0;
}

std::map<std::string, JobPosting> LoadPostings() {
  std::map<std::string, JobPosting> out;
  Diagnostics diag(nullptr);
  auto spec = ParseSourceSpec("hn:" + testing::HnFile());
  auto docs = OpenDocuments(*spec, SourceRegistry::Builtin(), diag);
  Document doc;
  while (docs.ok()) {
    auto more = (*docs)->Next(doc);
    if (!more.ok() || !*more) break;
    auto src = OpenDocument(*spec, doc, SourceRegistry::Builtin(), diag);
    if (!src.ok() || !*src) continue;
    for (;;) {
      PostingBatch b;
      auto st = (*src)->Next(b, diag);
      for (auto& p : b.postings) {
        if ((*src)->finalize() != nullptr) (*src)->finalize()(p);  // as the pipeline's workers do
        out["hn|" + p.source_id] = std::move(p);
      }
      if (!st.ok() || *st == SourceState::kFinished) break;
    }
  }
  for (const auto& e : std::filesystem::directory_iterator(testing::SharedData("rss_weworkremotely_2022-11"))) {
    auto in = InputStream::Open(e.path().string());
    if (!in.ok()) continue;
    std::string body;
    char buf[1 << 16];
    for (;;) {
      auto n = (*in)->Read(buf, sizeof buf);
      if (!n.ok() || *n == 0) break;
      body.append(buf, *n);
    }
    std::string feed = e.path().filename().string();
    bench::ForEachRssItem(body, [&](JobPosting&& p) {
      p.source = "weworkremotely";
      out["wwr|" + feed + "|" + p.source_id] = std::move(p);
    });
  }
  return out;
}

TEST(DedupLabels, PrecisionAndRecallOnLabelledPairs) {
  if (!std::filesystem::exists(LabelsFile())) {
    GTEST_SKIP() << LabelsFile() << " not written yet (tests/accuracy/tools/dedup_candidates.py emit, then label)";
  }
  auto text = bench::SlurpFile(LabelsFile());
  ASSERT_TRUE(text.ok());
  const auto postings = LoadPostings();
  const DedupRules& rules = *DedupRules::Default();
  // SP_DEDUP_CONFIG=file.toml measures other thresholds (docs/DEDUP.md, "Labelled pairs").
  DedupConfig config = DefaultDedupConfig();
  if (const char* path = std::getenv("SP_DEDUP_CONFIG")) {
    auto loaded = LoadDedupConfig(path);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    config = *loaded;
  }
  // Cluster everything once.
  std::vector<std::string> keys;
  std::vector<DedupRecord> records;
  std::map<std::string, uint32_t> index;
  for (const auto& [key, p] : postings) {
    if (key.rfind("hn|", 0) == 0 && !(p.month >= "2023-01" && p.month <= "2024-06")) continue;
    DedupRecord r = ComputeDedupRecord(p, rules, config);
    r.first_seen = r.last_seen = SeenAt(p);
    index[key] = static_cast<uint32_t>(records.size());
    keys.push_back(key);
    records.push_back(r);
  }
  std::vector<ClusterLink> links;
  const std::vector<uint32_t> rep = ClusterJobs(records, config, nullptr, &links);
  // SP_DEDUP_LABELS_VERBOSE=1: for each error, the keys, the gap, the text similarity and (for a
  // false merge) the chain of links that joined the pair.
  const bool verbose = std::getenv("SP_DEDUP_LABELS_VERBOSE") != nullptr;
  std::vector<std::vector<std::pair<uint32_t, MatchReason>>> adj(records.size());
  for (const auto& l : links) {
    adj[l.a].emplace_back(l.b, l.reason);
    adj[l.b].emplace_back(l.a, l.reason);
  }
  auto describe = [&](const std::string& key) {
    const JobPosting& p = postings.at(key);
    std::printf("    %s %s | %s | %s | %s | key %s | %s\n", key.c_str(), p.month.c_str(), p.company.c_str(),
                p.title.c_str(), p.location.c_str(), rules.CompanyKey(p.company).c_str(),
                rules.TitleKey(p.title, p.location).c_str());
  };
  auto explain = [&](const std::string& ka, const std::string& kb, std::string_view notes) {
    if (!verbose) return;
    uint32_t ia = index[ka], ib = index[kb];
    std::printf("  notes: %.*s\n", static_cast<int>(notes.size()), notes.data());
    describe(ka);
    describe(kb);
    std::printf("    gap %.0f d, sim %.2f, pair %s\n", static_cast<double>(SeenGap(records[ia], records[ib])) / 86400,
                TextSimilarity(records[ia], records[ib]), MatchReasonName(MatchPair(records[ia], records[ib], config)));
    if (rep[ia] != rep[ib]) return;
    std::vector<int64_t> from(records.size(), -1);
    std::vector<MatchReason> why(records.size());
    std::vector<uint32_t> queue{ia};
    from[ia] = ia;
    for (size_t q = 0; q < queue.size(); ++q) {
      for (auto [j, r] : adj[queue[q]]) {
        if (from[j] >= 0) continue;
        from[j] = queue[q];
        why[j] = r;
        queue.push_back(j);
      }
    }
    for (uint32_t j = ib; j != ia; j = static_cast<uint32_t>(from[j])) {
      std::printf("    <- %s (%s)\n", keys[j].c_str(), MatchReasonName(why[j]));
      describe(keys[static_cast<uint32_t>(from[j])]);
    }
  };
  simdjson::dom::parser parser;
  int64_t tp = 0, fp = 0, fn = 0, tn = 0, line_no = 0;
  size_t start = 0;
  while (start < text->size()) {
    size_t nl = text->find('\n', start);
    if (nl == std::string::npos) nl = text->size();
    std::string_view line(text->data() + start, nl - start);
    start = nl + 1;
    ++line_no;
    if (TrimAscii(line).empty()) continue;
    simdjson::dom::object o;
    ASSERT_EQ(parser.parse(line.data(), line.size()).get(o), simdjson::SUCCESS) << "line " << line_no;
    simdjson::dom::object ra, rb;
    bool same = false;
    ASSERT_EQ(o["a"].get(ra), simdjson::SUCCESS) << "line " << line_no;
    ASSERT_EQ(o["b"].get(rb), simdjson::SUCCESS) << "line " << line_no;
    ASSERT_EQ(o["same_job"].get(same), simdjson::SUCCESS) << "line " << line_no;
    std::string_view notes;
    if (o["notes"].get(notes) != simdjson::SUCCESS) notes = "";
    auto pa = postings.find(RefKey(ra)), pb = postings.find(RefKey(rb));
    ASSERT_NE(pa, postings.end()) << RefKey(ra);
    ASSERT_NE(pb, postings.end()) << RefKey(rb);
    ASSERT_TRUE(index.count(pa->first) && index.count(pb->first)) << "outside the candidate window: " << line;
    // The same (source, source_id) is one posting in a store, whatever its feeds say.
    bool decided = (pa->second.source == pb->second.source && pa->second.source_id == pb->second.source_id) ||
                   rep[index[pa->first]] == rep[index[pb->first]];
    if (std::getenv("SP_DEDUP_LABELS_DUMP") != nullptr) {
      const DedupRecord &x = records[index[pa->first]], &y = records[index[pb->first]];
      std::printf("DUMP\t%d\t%d\t%d\t%d\t%.0f\t%.2f\t%.2f\t%s\t%s\t%s\t%s\n", same ? 1 : 0, decided ? 1 : 0,
                  x.block == y.block, x.location == y.location, static_cast<double>(SeenGap(x, y)) / 86400,
                  EstimateJaccard(x.text, y.text), EstimateContainment(x.text, y.text),
                  rules.TitleKey(pa->second.title, pa->second.location).c_str(),
                  rules.TitleKey(pb->second.title, pb->second.location).c_str(), pa->first.c_str(), pb->first.c_str());
    }
    if (decided && same) ++tp;
    if (decided && !same) {
      ++fp;
      std::printf("false merge: %s / %s\n", RefKey(ra).c_str(), RefKey(rb).c_str());
      explain(pa->first, pb->first, notes);
    }
    if (!decided && same) {
      ++fn;
      std::printf("missed: %s / %s\n", RefKey(ra).c_str(), RefKey(rb).c_str());
      explain(pa->first, pb->first, notes);
    }
    if (!decided && !same) ++tn;
  }
  double precision = tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 1.0;
  double recall = tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 1.0;
  std::printf("labelled pairs: %lld same, %lld different; dedup P %.4f R %.4f (tp %lld fp %lld fn %lld tn %lld)\n",
              static_cast<long long>(tp + fn), static_cast<long long>(fp + tn), precision, recall,
              static_cast<long long>(tp), static_cast<long long>(fp), static_cast<long long>(fn),
              static_cast<long long>(tn));
  // The issue asks to report these (its P >= 0.98 / R >= 0.95 targets are for the benchmark
  // corpus' truth, dedup_corpus_test). The labels apply stricter rules than text similarity
  // (a multi-role post that adds or drops roles is another job): measured P 0.63 R 0.63 on
  // 2026-11-22 before the multi-role rule and the HN header fixes, P 0.854 R 0.651 after
  // (docs/DEDUP.md, "Labelled pairs", lists what remains). These floors keep it from getting
  // worse.
  EXPECT_GE(precision, 0.83);
  EXPECT_GE(recall, 0.63);
}

}  // namespace
}  // namespace skillpulse

// dedup_eval: dedup quality on a benchmark corpus (make_corpus.py) against its truth.jsonl.
//
//   dedup_eval CORPUS_DIR [--sweep] [--errors N] [--threads N]
//
// Prints the pairwise precision/recall of ClusterJobs with the default config (the definition
// of /work/shared/bench/lib/benchlib.py score_export), the exact-key-only baseline, and with
// --sweep the grid of thresholds docs/DEDUP.md reports. --errors N prints N false merges and
// N misses with the keys and similarities that explain them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/dedup_corpus.h"
#include "dedup/cluster.h"
#include "dedup/normalize.h"
#include "dedup/record.h"
#include "dedup/simhash.h"
#include "enrich/skills/taxonomy.h"
#include "store/store.h"

using namespace skillpulse;

namespace {

struct Item {
  DedupRecord rec;
  int64_t cluster;
  uint64_t simhash;
  MinHashSignature text_by_k[5];
  std::string source, source_id, company, title, location, url, requisition;
  std::string company_key, title_key, location_key;
  int64_t posted = 0;
};

// The corpus without its texts (keys are recomputed from the strings, so normalization changes
// show up; signatures and requisition ids are kept): 250k postings load in seconds.
void WriteCache(const std::string& path, const std::vector<Item>& items) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return;
  auto str = [&](const std::string& v) {
    uint32_t n = static_cast<uint32_t>(v.size());
    std::fwrite(&n, 4, 1, f);
    std::fwrite(v.data(), 1, n, f);
  };
  uint64_t n = items.size();
  std::fwrite(&n, 8, 1, f);
  for (const Item& it : items) {
    for (const std::string* v : {&it.source, &it.source_id, &it.company, &it.title, &it.location, &it.url, &it.requisition}) str(*v);
    std::fwrite(&it.posted, 8, 1, f);
    std::fwrite(&it.cluster, 8, 1, f);
    std::fwrite(&it.simhash, 8, 1, f);
    std::fwrite(&it.rec.text, sizeof(MinHashSignature), 1, f);
    std::fwrite(it.text_by_k, sizeof(MinHashSignature), 5, f);
  }
  std::fclose(f);
}

bool ReadCache(const std::string& path, std::vector<Item>& items) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  auto str = [&](std::string& v) {
    uint32_t n = 0;
    if (std::fread(&n, 4, 1, f) != 1) return false;
    v.resize(n);
    return std::fread(v.data(), 1, n, f) == n;
  };
  uint64_t n = 0;
  bool ok = std::fread(&n, 8, 1, f) == 1;
  items.resize(ok ? n : 0);
  for (Item& it : items) {
    for (std::string* v : {&it.source, &it.source_id, &it.company, &it.title, &it.location, &it.url, &it.requisition}) ok = ok && str(*v);
    ok = ok && std::fread(&it.posted, 8, 1, f) == 1 && std::fread(&it.cluster, 8, 1, f) == 1 &&
         std::fread(&it.simhash, 8, 1, f) == 1 && std::fread(&it.rec.text, sizeof(MinHashSignature), 1, f) == 1 &&
         std::fread(it.text_by_k, sizeof(MinHashSignature), 5, f) == 5;
  }
  std::fclose(f);
  return ok;
}

// Recomputes everything but the text-derived fields from the strings.
void Rekey(Item& it, const DedupRules& rules) {
  JobPosting p;
  p.source = it.source;
  p.source_id = it.source_id;
  p.company = it.company;
  p.title = it.title;
  p.location = it.location;
  p.url = it.url;
  MinHashSignature text = it.rec.text;
  it.rec = ComputeDedupRecord(p, rules, DedupConfig{});
  it.rec.text = text;
  it.rec.requisition = KeyHash(it.requisition);
  it.rec.first_seen = it.rec.last_seen = it.posted;
  it.company_key = rules.CompanyKey(p.company);
  it.location_key = rules.LocationKey(p.location);
  it.title_key = rules.TitleKey(p.title, p.location);
}

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

bench::PairwiseScore Score(const std::vector<Item>& items, const std::vector<uint32_t>& rep) {
  std::vector<int64_t> job(items.size()), cluster(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    job[i] = rep[i];
    cluster[i] = items[i].cluster;
  }
  return bench::ScorePairwise(job, cluster);
}

void PrintScore(const char* label, const bench::PairwiseScore& s) {
  std::printf("%-48s P %.4f  R %.4f  jobs %lld (true %lld)\n", label, s.precision, s.recall,
              static_cast<long long>(s.jobs), static_cast<long long>(s.true_jobs));
}

void PrintItem(const Item& it) {
  std::printf("    %s/%s  [%s] [%s] [%s]  keys: [%s] [%s] [%s]  seen %s\n", it.source.c_str(), it.source_id.c_str(),
              it.company.c_str(), it.title.c_str(), it.location.c_str(), it.company_key.c_str(), it.title_key.c_str(),
              it.location_key.c_str(), FormatIso8601(it.rec.first_seen).c_str());
}

void PrintErrors(const std::vector<Item>& items, const std::vector<uint32_t>& rep, const DedupConfig& config, int n) {
  // False merges: jobs holding more than one true cluster.
  std::map<uint32_t, std::vector<uint32_t>> jobs;
  std::map<int64_t, std::vector<uint32_t>> clusters;
  for (uint32_t i = 0; i < items.size(); ++i) {
    jobs[rep[i]].push_back(i);
    clusters[items[i].cluster].push_back(i);
  }
  int shown = 0;
  std::printf("\n== false merges (a job with several true clusters)\n");
  for (const auto& [r, members] : jobs) {
    if (shown >= n) break;
    bool mixed = false;
    for (uint32_t m : members) mixed |= items[m].cluster != items[members[0]].cluster;
    if (!mixed) continue;
    ++shown;
    std::printf("  job of %zu postings:\n", members.size());
    for (size_t k = 0; k < members.size() && k < 8; ++k) {
      const Item& it = items[members[k]];
      std::printf("   cluster %lld sim-to-first %.2f reason %s\n", static_cast<long long>(it.cluster),
                  TextSimilarity(it.rec, items[members[0]].rec),
                  MatchReasonName(MatchPair(it.rec, items[members[0]].rec, config)));
      PrintItem(it);
    }
  }
  shown = 0;
  std::printf("\n== misses (a true cluster split over several jobs)\n");
  for (const auto& [c, members] : clusters) {
    if (shown >= n) break;
    bool split = false;
    for (uint32_t m : members) split |= rep[m] != rep[members[0]];
    if (!split) continue;
    ++shown;
    std::printf("  cluster %lld, %zu postings:\n", static_cast<long long>(c), members.size());
    for (size_t k = 0; k < members.size() && k < 8; ++k) {
      const Item& it = items[members[k]];
      std::printf("   job %u sim-to-first %.2f J %.2f gap %lld d\n", rep[members[k]], TextSimilarity(it.rec, items[members[0]].rec),
                  EstimateJaccard(it.rec.text, items[members[0]].rec.text),
                  static_cast<long long>(SeenGap(it.rec, items[members[0]].rec) / 86400));
      PrintItem(it);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: dedup_eval CORPUS_DIR [--sweep] [--errors N] [--cache FILE]\n");
    return 2;
  }
  std::string dir = argv[1], cache, ingest_db;
  bool sweep = false;
  int errors = 0;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--sweep")) sweep = true;
    if (!std::strcmp(argv[i], "--errors") && i + 1 < argc) errors = std::atoi(argv[++i]);
    if (!std::strcmp(argv[i], "--cache") && i + 1 < argc) cache = argv[++i];
    if (!std::strcmp(argv[i], "--ingest") && i + 1 < argc) ingest_db = argv[++i];
  }
  if (!ingest_db.empty()) {
    // The whole store path: postings written through the SQLite store (Prepare on this
    // thread), jobs assigned by FinishRun. Check with: skillpulse jobs export --db DB and
    // benchlib.py score-export.
    auto store = OpenSqliteStore(ingest_db);
    if (!store.ok()) {
      std::fprintf(stderr, "dedup_eval: %s\n", store.status().ToString().c_str());
      return 1;
    }
    RunInfo run;
    run.sources = {dir};
    run.started_at = 1'700'000'000;
    Status st = (*store)->BeginRun(run, *Taxonomy::Default());
    PostingBatch batch;
    double prepare_s = 0, write_s = 0;
    auto flush = [&] {
      auto a = std::chrono::steady_clock::now();
      (*store)->Prepare(batch);
      auto b = std::chrono::steady_clock::now();
      if (st.ok()) st = (*store)->Write(batch);
      prepare_s += std::chrono::duration<double>(b - a).count();
      write_s += Seconds(b);
      batch.Clear();
    };
    auto t1 = std::chrono::steady_clock::now();
    if (st.ok()) {
      st = bench::ForEachCorpusPosting(dir, [&](JobPosting&& p, int64_t) {
        p.content_hash = Hash64(p.description_text);
        batch.postings.push_back(std::move(p));
        if (batch.full()) flush();
      });
    }
    if (!batch.empty()) flush();
    auto t2 = std::chrono::steady_clock::now();
    Diagnostics diag(nullptr);
    if (st.ok()) st = (*store)->FinishRun(diag);
    if (!st.ok()) {
      std::fprintf(stderr, "dedup_eval: %s\n", st.ToString().c_str());
      return 1;
    }
    const WriteStats& ws = (*store)->stats();
    std::printf("ingested %lld postings into %s: read+prepare+write %.1f s (prepare %.1f s, write %.1f s); "
                "FinishRun %.2f s of which dedup %.2f s (%lld postings, %lld job ids written)\n",
                static_cast<long long>(ws.postings_new + ws.postings_updated + ws.postings_unchanged), ingest_db.c_str(),
                std::chrono::duration<double>(t2 - t1).count(), prepare_s, write_s, Seconds(t2), ws.dedup_s,
                static_cast<long long>(ws.dedup_postings), static_cast<long long>(ws.jobs_changed));
    return 0;
  }
  auto rules = DedupRules::Default();
  DedupConfig config;
  auto t0 = std::chrono::steady_clock::now();
  std::vector<Item> items;
  if (!cache.empty() && ReadCache(cache, items)) {
    for (Item& it : items) Rekey(it, *rules);
    std::printf("%zu postings from the cache %s\n", items.size(), cache.c_str());
  }
  Status st = items.empty() ? bench::ForEachCorpusPosting(dir, [&](JobPosting&& p, int64_t cluster) {
    Item it;
    it.rec = ComputeDedupRecord(p, *rules, config);
    it.rec.first_seen = it.rec.last_seen = p.posted_at.value_or(0);
    it.cluster = cluster;
    it.simhash = SimHash64(p.description_text, config.shingle_words);
    if (sweep) {
      for (int k = 1; k <= 5; ++k) it.text_by_k[k - 1] = ComputeMinHash(p.description_text, k);
    }
    it.source = p.source;
    it.source_id = p.source_id;
    it.company = p.company;
    it.title = p.title;
    it.location = p.location;
    it.url = p.url;
    it.posted = p.posted_at.value_or(0);
    it.requisition = rules->RequisitionId(p.description_text);
    it.company_key = rules->CompanyKey(p.company);
    it.location_key = rules->LocationKey(p.location);
    it.title_key = rules->TitleKey(p.title, p.location);
    items.push_back(std::move(it));
  }) : Status::Ok();
  if (!st.ok()) {
    std::fprintf(stderr, "dedup_eval: %s\n", st.ToString().c_str());
    return 1;
  }
  std::printf("%zu postings read and signed in %.1f s\n", items.size(), Seconds(t0));
  if (!cache.empty()) WriteCache(cache, items);
  std::vector<DedupRecord> recs(items.size());
  for (size_t i = 0; i < items.size(); ++i) recs[i] = items[i].rec;

  {
    // Baseline: the references' exact key (normalized company, title, location + text hash),
    // approximated by our keys with identical signatures.
    std::unordered_map<std::string, uint32_t> first;
    std::vector<uint32_t> rep(items.size());
    for (uint32_t i = 0; i < items.size(); ++i) {
      std::string k = NormalizeKey(items[i].company) + '\x1f' + NormalizeKey(items[i].title) + '\x1f' +
                      NormalizeKey(items[i].location) + '\x1f' +
                      std::string(reinterpret_cast<const char*>(items[i].rec.text.values.data()), 2 * kMinHashSize);
      rep[i] = first.emplace(k, i).first->second;
    }
    PrintScore("exact key (benchmark references' rule)", Score(items, rep));
  }
  t0 = std::chrono::steady_clock::now();
  ClusterStats stats;
  std::vector<ClusterLink> links;
  auto rep = ClusterJobs(recs, config, &stats, &links);
  double secs = Seconds(t0);
  PrintScore("default config", Score(items, rep));
  {
    std::map<std::string, std::pair<int64_t, int64_t>> by;  // kind -> (links, false links)
    for (const auto& l : links) {
      std::string kind = std::string(MatchReasonName(l.reason)) + (l.loose ? " (loose location)" : "");
      auto& c = by[kind];
      ++c.first;
      c.second += items[l.a].cluster != items[l.b].cluster;
    }
    for (const auto& [k, c] : by) {
      std::printf("  links %-40s %8lld, across true clusters %6lld (%.2f%%)\n", k.c_str(), static_cast<long long>(c.first),
                  static_cast<long long>(c.second), 100.0 * c.second / std::max<int64_t>(1, c.first));
    }
  }
  std::printf("  cluster: %.3f s, %lld pairs compared, %lld ATS links, %lld text links, largest block %lld\n", secs,
              static_cast<long long>(stats.pairs_compared), static_cast<long long>(stats.ats_links),
              static_cast<long long>(stats.text_links), static_cast<long long>(stats.largest_block));

  if (sweep) {
    std::printf("\n== threshold sweep (max(J, containment) >= t)\n");
    for (double t : {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
      DedupConfig c = config;
      c.min_text_similarity = t;
      char label[64];
      std::snprintf(label, sizeof label, "min_text_similarity %.2f", t);
      PrintScore(label, Score(items, ClusterJobs(recs, c)));
    }
    struct Variant {
      const char* label;
      bool any, remote, blank;
    };
    for (const Variant& v : {Variant{"locations: exact keys only", false, false, false},
                             Variant{"locations: + remote matches remote scope", false, true, false},
                             Variant{"locations: + blank matches any", false, true, true},
                             Variant{"locations: empty key matches any", true, true, true}}) {
      DedupConfig c = config;
      c.empty_location_matches_any = v.any;
      c.remote_matches_remote_scope = v.remote;
      c.blank_location_matches_any = v.blank;
      PrintScore(v.label, Score(items, ClusterJobs(recs, c)));
    }
    for (int w : {1, 2, 3, 4, 5}) {
      DedupConfig c = config;
      c.shingle_words = w;
      std::vector<DedupRecord> r2 = recs;
      for (size_t i = 0; i < r2.size(); ++i) r2[i].text = items[i].text_by_k[w - 1];
      char label[64];
      std::snprintf(label, sizeof label, "shingle_words %d", w);
      PrintScore(label, Score(items, ClusterJobs(r2, c)));
    }
  }
  if (errors > 0) PrintErrors(items, rep, config, errors);
  return 0;
}

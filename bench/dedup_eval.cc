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
#include <cmath>
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
  std::vector<uint64_t> shingle_set;  // exact 3-word shingle hashes, sorted (--compare-text)
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

// MinHash vs SimHash as estimators of text similarity, against exact shingle sets: pairs of
// postings of the same company seen within the repost window. Reports the estimation error of
// the MinHash Jaccard estimate, and for the task "near-duplicate text" (exact containment of
// the smaller shingle set in the larger >= 0.8: copies, truncated copies, copies with
// boilerplate) the best F1 and the recall at precision >= 0.99 of each score.
void CompareText(const std::vector<Item>& items, const DedupConfig& config) {
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_company;
  for (uint32_t i = 0; i < items.size(); ++i) by_company[items[i].rec.company].push_back(i);
  struct Pair {
    float minhash, jaccard, simhash;
    float exact_j, exact_c;
    bool positive;
  };
  std::vector<Pair> pairs;
  double err = 0, err2 = 0;
  for (auto& [c, v] : by_company) {
    if (c == 0) continue;
    for (size_t x = 0; x < v.size(); ++x) {
      for (size_t y = x + 1; y < v.size(); ++y) {
        const Item &a = items[v[x]], &b = items[v[y]];
        if (SeenGap(a.rec, b.rec) > config.repost_window_s || a.shingle_set.empty() || b.shingle_set.empty()) continue;
        size_t inter = 0;
        for (size_t i = 0, j = 0; i < a.shingle_set.size() && j < b.shingle_set.size();) {
          if (a.shingle_set[i] == b.shingle_set[j]) {
            ++inter;
            ++i;
            ++j;
          } else if (a.shingle_set[i] < b.shingle_set[j]) {
            ++i;
          } else {
            ++j;
          }
        }
        double uni = static_cast<double>(a.shingle_set.size() + b.shingle_set.size() - inter);
        double ej = static_cast<double>(inter) / uni;
        double ec = static_cast<double>(inter) / static_cast<double>(std::min(a.shingle_set.size(), b.shingle_set.size()));
        double mj = EstimateJaccard(a.rec.text, b.rec.text);
        err += std::abs(mj - ej);
        err2 += (mj - ej) * (mj - ej);
        pairs.push_back({static_cast<float>(TextSimilarity(a.rec, b.rec)), static_cast<float>(mj),
                         1.0f - static_cast<float>(HammingDistance(a.simhash, b.simhash)) / 64.0f, static_cast<float>(ej),
                         static_cast<float>(ec), ec >= 0.8});
      }
    }
  }
  int64_t positives = 0;
  for (const auto& p : pairs) positives += p.positive;
  std::printf("\n== text similarity estimators vs exact 3-word shingle sets: %zu same-company pairs within the window, "
              "%lld near-duplicate texts (exact containment >= 0.8)\n",
              pairs.size(), static_cast<long long>(positives));
  std::printf("  MinHash Jaccard estimate: mean absolute error %.4f, RMSE %.4f (theory for 64 values: <= 0.0625)\n",
              err / static_cast<double>(pairs.size()), std::sqrt(err2 / static_cast<double>(pairs.size())));
  auto evaluate = [&](const char* name, float Pair::*score) {
    std::vector<const Pair*> order;
    for (const auto& p : pairs) order.push_back(&p);
    std::sort(order.begin(), order.end(), [&](const Pair* a, const Pair* b) { return a->*score > b->*score; });
    double best_f1 = 0, best_t = 0, r_at_p99 = 0, t_at_p99 = 1;
    int64_t tp = 0, fp = 0;
    for (size_t k = 0; k < order.size(); ++k) {
      tp += order[k]->positive;
      fp += !order[k]->positive;
      if (k + 1 < order.size() && order[k + 1]->*score == order[k]->*score) continue;
      double p = static_cast<double>(tp) / static_cast<double>(tp + fp);
      double r = static_cast<double>(tp) / static_cast<double>(std::max<int64_t>(1, positives));
      double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
      if (f1 > best_f1) {
        best_f1 = f1;
        best_t = order[k]->*score;
      }
      if (p >= 0.99 && r > r_at_p99) {
        r_at_p99 = r;
        t_at_p99 = order[k]->*score;
      }
    }
    std::printf("  %-36s best F1 %.4f (score >= %.3f); recall at precision >= 0.99: %.4f (score >= %.3f)\n", name, best_f1,
                best_t, r_at_p99, t_at_p99);
  };
  evaluate("MinHash max(Jaccard, containment)", &Pair::minhash);
  evaluate("MinHash Jaccard", &Pair::jaccard);
  evaluate("SimHash 1 - hamming/64", &Pair::simhash);
  evaluate("(exact Jaccard, for reference)", &Pair::exact_j);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: dedup_eval CORPUS_DIR [--sweep] [--errors N] [--cache FILE]\n");
    return 2;
  }
  std::string dir = argv[1], cache, ingest_db;
  bool sweep = false, compare_text = false;
  int errors = 0;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--sweep")) sweep = true;
    if (!std::strcmp(argv[i], "--compare-text")) compare_text = true;
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
                "FinishRun %.2f s of which dedup %.2f s, %.2f s CPU (load %.2f s, cluster %.2f s, write %.2f s; "
                "%lld postings, %lld job ids written)\n",
                static_cast<long long>(ws.postings_new + ws.postings_updated + ws.postings_unchanged), ingest_db.c_str(),
                std::chrono::duration<double>(t2 - t1).count(), prepare_s, write_s, Seconds(t2), ws.dedup_s,
                ws.dedup_cpu_s, ws.dedup_load_s, ws.dedup_cluster_s, ws.dedup_write_s,
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
    if (compare_text) {
      std::vector<uint64_t> words;
      ForEachTextWordHash(p.description_text, [&](uint64_t h) { words.push_back(h); });
      for (size_t w = 0; w + 3 <= words.size(); ++w) {
        it.shingle_set.push_back(Mix64(words[w] * 0x9E3779B97F4A7C15ULL + words[w + 1] * 31 + words[w + 2]));
      }
      std::sort(it.shingle_set.begin(), it.shingle_set.end());
      it.shingle_set.erase(std::unique(it.shingle_set.begin(), it.shingle_set.end()), it.shingle_set.end());
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
  {
    // Block structure (what the synthetic benchmark input imitates).
    std::unordered_map<uint64_t, int64_t> blocks, companies;
    for (const auto& it : items) {
      ++blocks[it.rec.block];
      ++companies[it.rec.company];
    }
    double sum = 0, sum2 = 0;
    int64_t largest = 0, largest_company = 0;
    for (const auto& [b, n] : blocks) {
      sum += static_cast<double>(n);
      sum2 += static_cast<double>(n) * static_cast<double>(n);
      largest = std::max(largest, n);
    }
    for (const auto& [c, n] : companies) largest_company = std::max(largest_company, n);
    std::printf("%zu companies (largest %lld records), %zu blocks (largest %lld); a random record's block holds %.1f "
                "records on average\n",
                companies.size(), static_cast<long long>(largest_company), blocks.size(), static_cast<long long>(largest),
                sum2 / sum);
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
    for (int run : {2, 8, 64, 1 << 30}) {
      DedupConfig c = config;
      c.lsh_min_run = run;
      ClusterStats cs;
      auto t1 = std::chrono::steady_clock::now();
      auto r = ClusterJobs(recs, c, &cs);
      char label[96];
      std::snprintf(label, sizeof label, "lsh_min_run %d (%lld LSH runs, %.2f s)", run, static_cast<long long>(cs.lsh_runs),
                    Seconds(t1));
      PrintScore(label, Score(items, r));
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
  if (compare_text) CompareText(items, config);
  if (errors > 0) PrintErrors(items, rep, config, errors);
  return 0;
}

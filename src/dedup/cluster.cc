#include "dedup/cluster.h"

#include <algorithm>

#include "dedup/union_find.h"

#include <tuple>

namespace skillpulse {

const char* MatchReasonName(MatchReason r) {
  switch (r) {
    case MatchReason::kNone: return "none";
    case MatchReason::kSameAtsJob: return "same ATS job id";
    case MatchReason::kSameUrl: return "same URL";
    case MatchReason::kSimilarText: return "similar text";
    case MatchReason::kNoText: return "same company/title/location, no text";
  }
  return "?";
}

int64_t SeenGap(const DedupRecord& a, const DedupRecord& b) {
  int64_t gap = std::max(a.first_seen, b.first_seen) - std::min(a.last_seen, b.last_seen);
  return gap > 0 ? gap : 0;
}

bool LocationsCompatible(const DedupRecord& a, const DedupRecord& b, const DedupConfig& config) {
  if (a.location == b.location) return true;
  if (a.location != 0 && b.location != 0) return false;
  const DedupRecord& open = a.location == 0 ? a : b;  // the one without a geographic key
  const DedupRecord& other = a.location == 0 ? b : a;
  if (config.empty_location_matches_any) return true;
  if (config.blank_location_matches_any && open.no_location) return true;
  return config.remote_matches_remote_scope && open.remote && other.remote;
}

double TextSimilarity(const DedupRecord& a, const DedupRecord& b) {
  return std::max(EstimateJaccard(a.text, b.text), EstimateContainment(a.text, b.text));
}

MatchReason MatchPair(const DedupRecord& a, const DedupRecord& b, const DedupConfig& config,
                      bool* loose_location) {
  if (loose_location) *loose_location = false;
  if (a.url != 0 && a.url == b.url && a.url_is_ats && b.url_is_ats) return MatchReason::kSameAtsJob;
  if (a.block != b.block) return MatchReason::kNone;
  if (a.requisition != 0 && b.requisition != 0 && a.requisition != b.requisition) return MatchReason::kNone;
  if (SeenGap(a, b) > config.repost_window_s) return MatchReason::kNone;
  // The same posting page: boards disagree about its location (one WWR guid is "Latin America
  // Only" in one feed and "Anywhere in the World" in another), not about its identity.
  if (a.url != 0 && a.url == b.url) return MatchReason::kSameUrl;
  if (!LocationsCompatible(a, b, config)) return MatchReason::kNone;
  if (loose_location) *loose_location = a.location != b.location;
  if (a.text.shingles == 0 || b.text.shingles == 0) {
    // Without a company name the block is only the title: never enough on its own.
    return config.match_without_text && a.company != 0 ? MatchReason::kNoText : MatchReason::kNone;
  }
  // Without a company name the block is only the title: near-identical texts (Jaccard, not
  // containment: an excerpt of another company's ad is not enough) are required.
  if (a.company == 0) {
    return EstimateJaccard(a.text, b.text) >= config.min_text_similarity_no_company ? MatchReason::kSimilarText
                                                                                    : MatchReason::kNone;
  }
  // A multi-role post is the set of roles it lists: a repost that adds or drops a role is
  // contained in the other text but is another job, so only near-identical texts (Jaccard)
  // match. Copies seen within days of each other are the same post on several boards, which
  // truncate it: containment still counts for them.
  if ((a.multi_role || b.multi_role) && SeenGap(a, b) >= config.multi_role_repost_gap_s) {
    return EstimateJaccard(a.text, b.text) >= config.min_text_similarity_multi_role ? MatchReason::kSimilarText
                                                                                    : MatchReason::kNone;
  }
  return TextSimilarity(a, b) >= config.min_text_similarity ? MatchReason::kSimilarText : MatchReason::kNone;
}

std::vector<uint32_t> ClusterJobs(std::span<const DedupRecord> records, const DedupConfig& config,
                                  ClusterStats* stats, std::vector<ClusterLink>* links) {
  const size_t n = records.size();
  ClusterStats local;
  ClusterStats& st = stats ? *stats : local;
  st = ClusterStats{};
  st.records = static_cast<int64_t>(n);
  auto canonical_less = [&](uint32_t a, uint32_t b) {
    const DedupRecord& x = records[a];
    const DedupRecord& y = records[b];
    if (x.first_seen != y.first_seen) return x.first_seen < y.first_seen;
    if (x.identity != y.identity) return x.identity < y.identity;
    return a < b;  // identical records: any order gives the same groups
  };
  UnionFind uf(n);
  // Per group root: its one location key and requisition id (0 = none yet, kMixed = several).
  constexpr uint64_t kMixed = ~uint64_t{0};
  std::vector<uint64_t> group_location(n), group_requisition(n);
  for (uint32_t i = 0; i < n; ++i) {
    group_location[i] = records[i].location;
    group_requisition[i] = records[i].requisition;
  }
  auto merged = [&](uint64_t x, uint64_t y) { return x == 0 ? y : (y == 0 || x == y) ? x : kMixed; };
  // Makes a link unless it would put two requisition ids (or, for a loose-location link, two
  // locations) into one job. ATS-id links (`strict` false) are always made.
  auto link = [&](uint32_t a, uint32_t b, bool loose, bool strict) {
    uint32_t ra = uf.Find(a), rb = uf.Find(b);
    if (ra == rb) return false;
    uint64_t la = group_location[ra], lb = group_location[rb];
    uint64_t qa = group_requisition[ra], qb = group_requisition[rb];
    if (strict && qa != 0 && qb != 0 && (qa != qb || qa == kMixed)) {
      ++st.refused_links;
      return false;
    }
    if (strict && loose && la != 0 && lb != 0 && (la != lb || la == kMixed)) {
      ++st.refused_links;
      return false;
    }
    uf.Union(ra, rb);
    uint32_t r = uf.Find(ra);
    group_location[r] = merged(la, lb);
    group_requisition[r] = merged(qa, qb);
    return true;
  };

  // Rule 1: same ATS job id.
  {
    std::vector<std::pair<uint64_t, uint32_t>> keys;
    for (uint32_t i = 0; i < n; ++i) {
      if (records[i].url_is_ats && records[i].url != 0) keys.emplace_back(records[i].url, i);
    }
    std::sort(keys.begin(), keys.end());
    for (size_t i = 1; i < keys.size(); ++i) {
      if (keys[i].first == keys[i - 1].first && link(keys[i].second, keys[i - 1].second, false, false)) {
        ++st.ats_links;
        if (links) links->push_back({keys[i].second, keys[i - 1].second, MatchReason::kSameAtsJob, false});
      }
    }
  }

  // Rule 2, block by block, in three passes: postings sharing a canonical URL; postings with the
  // same location key (in first_seen order, so the window bounds the pairs compared; a long run
  // compares only the pairs that share a MinHash LSH band); then pairs where one side has no
  // geographic key (loose). Records are visited in a canonical order: (block, location,
  // first_seen, identity).
  {
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      const DedupRecord& x = records[a];
      const DedupRecord& y = records[b];
      if (x.block != y.block) return x.block < y.block;
      if (x.location != y.location) return x.location < y.location;
      return canonical_less(a, b);
    });
    auto try_link = [&](uint32_t i, uint32_t j) {
      if (uf.Same(i, j)) return;
      ++st.pairs_compared;
      bool loose = false;
      MatchReason why = MatchPair(records[i], records[j], config, &loose);
      if (why != MatchReason::kNone && link(i, j, loose, true)) {
        ++st.text_links;
        if (links) links->push_back({i, j, why, loose});
      }
    };
    // Compares each record of `ids` (sorted by first_seen) with the earlier ones whose seen
    // interval reaches into the window.
    std::vector<int64_t> max_last;
    auto window_scan = [&](const std::vector<uint32_t>& ids) {
      const size_t m = ids.size();
      max_last.resize(m);
      for (size_t k = 0; k < m; ++k) {
        int64_t last = records[ids[k]].last_seen;
        max_last[k] = k == 0 ? last : std::max(max_last[k - 1], last);
      }
      for (size_t p = 1; p < m; ++p) {
        const int64_t horizon = records[ids[p]].first_seen - config.repost_window_s;
        for (size_t q = p; q-- > 0;) {
          if (max_last[q] < horizon) break;  // every earlier record ended before the window
          try_link(ids[p], ids[q]);
        }
      }
    };
    std::vector<uint32_t> run, bucket;
    std::vector<std::pair<uint32_t, uint32_t>> band_keys;
    std::vector<std::tuple<uint64_t, int64_t, uint64_t, uint32_t>> urls;
    for (size_t b0 = 0; b0 < n;) {
      size_t b1 = b0 + 1;
      while (b1 < n && records[order[b1]].block == records[order[b0]].block) ++b1;
      st.largest_block = std::max<int64_t>(st.largest_block, static_cast<int64_t>(b1 - b0));
      if (b1 - b0 < 2) {
        b0 = b1;
        continue;
      }
      // 2a: the same posting page.
      urls.clear();
      for (size_t k = b0; k < b1; ++k) {
        const DedupRecord& r = records[order[k]];
        if (r.url != 0 && !r.url_is_ats) urls.emplace_back(r.url, r.first_seen, r.identity, order[k]);
      }
      std::sort(urls.begin(), urls.end());
      for (size_t k = 1; k < urls.size(); ++k) {
        if (std::get<0>(urls[k]) == std::get<0>(urls[k - 1])) try_link(std::get<3>(urls[k]), std::get<3>(urls[k - 1]));
      }
      // 2b: one location at a time.
      for (size_t l0 = b0; l0 < b1;) {
        size_t l1 = l0 + 1;
        while (l1 < b1 && records[order[l1]].location == records[order[l0]].location) ++l1;
        run.assign(order.begin() + static_cast<std::ptrdiff_t>(l0), order.begin() + static_cast<std::ptrdiff_t>(l1));
        if (run.size() <= static_cast<size_t>(std::max(1, config.lsh_min_run))) {
          window_scan(run);
        } else {
          // LSH banding: kLshBands bands of kLshRows values; two records are compared when
          // they agree on a whole band (probability 1 - (1 - J^rows)^bands for Jaccard J).
          ++st.lsh_runs;
          for (int band = 0; band < kLshBands; ++band) {
            band_keys.clear();
            for (uint32_t k = 0; k < run.size(); ++k) {
              const DedupRecord& r = records[run[k]];
              uint32_t key = 0xFFFFFFFFu;  // no text: one bucket
              if (r.text.shingles > 0) {
                key = 0;
                for (int row = 0; row < kLshRows; ++row) key = key * 65599u + r.text.values[band * kLshRows + row];
              }
              band_keys.emplace_back(key, k);
            }
            std::sort(band_keys.begin(), band_keys.end());
            for (size_t x = 0; x < band_keys.size();) {
              size_t y = x + 1;
              while (y < band_keys.size() && band_keys[y].first == band_keys[x].first) ++y;
              if (y - x > 1) {
                bucket.clear();
                for (size_t k = x; k < y; ++k) bucket.push_back(run[band_keys[k].second]);  // first_seen order
                window_scan(bucket);
              }
              x = y;
            }
          }
        }
        l0 = l1;
      }
      // 2c: loose locations (one side without a geographic key) against the rest of the block.
      if (records[order[b0]].location == 0 && records[order[b1 - 1]].location != 0) {
        size_t first_located = b0;
        while (records[order[first_located]].location == 0) ++first_located;
        for (size_t a = b0; a < first_located; ++a) {
          for (size_t k = first_located; k < b1; ++k) {
            if (SeenGap(records[order[a]], records[order[k]]) <= config.repost_window_s) try_link(order[k], order[a]);
          }
        }
      }
      b0 = b1;
    }
  }

  // Representative: the canonical-first member of each group.
  std::vector<uint32_t> rep(n, UINT32_MAX);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t r = uf.Find(i);
    if (rep[r] == UINT32_MAX || canonical_less(i, rep[r])) rep[r] = i;
  }
  std::vector<uint32_t> out(n);
  for (uint32_t i = 0; i < n; ++i) {
    out[i] = rep[uf.Find(i)];
    if (out[i] == i) ++st.jobs;
  }
  return out;
}

}  // namespace skillpulse

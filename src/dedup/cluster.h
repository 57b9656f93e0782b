// Which postings are one job. Two postings are the same job (MatchPair) when
//   1. they carry the same ATS job id (dedup/url.h), whatever else differs; or
//   2. they are in the same block (same normalized company and title), their descriptions do
//      not state different requisition ids, their seen intervals are at most the repost window
//      apart, and either they share a canonical URL (the same posting page), or their locations
//      agree and their descriptions are near-duplicates (MinHash estimate of max(Jaccard,
//      containment) >= threshold).
// Jobs are the transitive closure of MatchPair (union-find): a repost chain of monthly posts
// stays one job as long as no gap exceeds the window. Two exceptions keep transitivity from
// chaining different jobs together through a posting that lacks a detail: a rule-2 link is not
// made when the two groups already hold different requisition ids, nor, when it holds only
// because one side has no geographic key ("Remote" vs "Remote (US)"), when they already hold
// different locations ("Remote" must not join "Remote (US)" and "Remote - California"). Links are
// made in a canonical order (blocks, then first_seen, then identity), so the result depends
// only on the set of records, never on their input order.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dedup/config.h"
#include "dedup/record.h"

namespace skillpulse {

enum class MatchReason : uint8_t {
  kNone = 0,
  kSameAtsJob,    // rule 1
  kSameUrl,       // rule 2 via a canonical URL
  kSimilarText,   // rule 2 via near-duplicate descriptions
  kNoText,        // rule 2, neither description has words (config.match_without_text)
};
const char* MatchReasonName(MatchReason r);

// Seconds between the two seen intervals; 0 when they overlap.
int64_t SeenGap(const DedupRecord& a, const DedupRecord& b);
bool LocationsCompatible(const DedupRecord& a, const DedupRecord& b, const DedupConfig& config);
// max(Jaccard, containment) of the two descriptions, estimated from their signatures.
double TextSimilarity(const DedupRecord& a, const DedupRecord& b);
// The pair rule above; symmetric. `loose_location` (optional) is set when the locations agree
// only because one has no geographic key.
MatchReason MatchPair(const DedupRecord& a, const DedupRecord& b, const DedupConfig& config,
                      bool* loose_location = nullptr);

// LSH banding inside long runs (config.lsh_min_run): 32 bands of 2 MinHash values. A pair with
// Jaccard 0.35 (a copy truncated to a third) shares a band with probability 1 - (1 - 0.35^2)^32
// = 0.985; unrelated texts (J < 0.05) with probability < 0.08.
inline constexpr int kLshBands = 32;
inline constexpr int kLshRows = 2;
static_assert(kLshBands * kLshRows <= kMinHashSize);

struct ClusterStats {
  int64_t records = 0;
  int64_t jobs = 0;
  int64_t ats_links = 0;         // unions made by rule 1
  int64_t pairs_compared = 0;    // MatchPair calls inside blocks
  int64_t text_links = 0;        // unions made by rule 2
  int64_t refused_links = 0;     // links refused: they would mix requisition ids or locations
  int64_t largest_block = 0;     // records in the biggest block
  int64_t lsh_runs = 0;          // (block, location) runs compared through LSH bands
};

// Groups records into jobs without comparing all pairs: rule 1 by sorting on the ATS id, rule 2
// inside each block: records sharing a URL; records of one location key, only pairs whose
// intervals are within the window (sorted by first_seen), and in runs longer than
// config.lsh_min_run only pairs that share an LSH band of their MinHash signatures; then pairs
// with one side lacking a location key. Returns, per record, the index of its job's
// representative: the member with the smallest (first_seen, identity). O(n log n) plus the
// pairs compared.
// `links` (optional, for diagnostics) receives every union made: (record, record, reason,
// loose location).
struct ClusterLink {
  uint32_t a, b;
  MatchReason reason;
  bool loose;
};
std::vector<uint32_t> ClusterJobs(std::span<const DedupRecord> records, const DedupConfig& config,
                                  ClusterStats* stats = nullptr, std::vector<ClusterLink>* links = nullptr);

}  // namespace skillpulse

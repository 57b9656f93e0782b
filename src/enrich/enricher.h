// The enrichment stage: turns a posting as a source gave it into a complete JobPosting —
// plain text from HTML, content hash, skills, salary (structured annualized, else from text),
// seniority, experience, work mode, location, employment type, visa. Text seen before (a
// monthly repost, a cross-posted copy) is enriched once: results are cached by a hash of
// everything they depend on.
//
// The cache (issue 5): the key is a 128-bit XXH3 of the normalized description text
// (HtmlToText's output: collapsed whitespace, decoded entities) and of every other field the
// extractors read (title, location, salary_text, employment_type_raw, the source's place,
// work mode and hint, extra locations; each length-prefixed). A hit copies the derived
// skills/salary/fields instead of running the extractors; the result is the same as without
// the cache (tests/integration/enricher_cache_test.cc checks it on every HN and Ashby posting).
// Memory is bounded by `cache_entries`: 2-way set-associative slots (the set from the key, the
// less recently used way replaced), 64 striped locks; a result is copy-assigned into its slot,
// reusing the slot's string and vector capacity, so a miss allocates little and nothing is
// freed in bulk (the earlier map of two generations cost more than its hits saved on HN:
// enrich_bench 833-859 ms cached vs 765-808 ms uncached; now 784-793 vs 781-787). A slot is
// ~0.4 KB plus its strings; slots are calloc'ed, so untouched ones cost no resident memory;
// the default 2^15 slots cost ~15 MB at most (2^16 cost 34 MB more peak RSS with the skill
// cache below on the 250k benchmark, over its 250 MB budget, and caught no more HN reposts).
// Hit rates on the shared
// data (docs/BENCHMARKS.md): HN 11.0%, Ashby 0.2%.
//
// A second cache of the same shape holds a description's skill mentions keyed by the text
// alone (XXH3-128): the extractor scans title and text separately and merges per skill, so a
// posting that misses the first cache only because its title, location or other fields differ
// (a job cross-posted on several boards) still has its text scanned once. Entries ~0.1 KB
// (a few mentions), 2^15 of them ~4 MB. On the 250k benchmark corpus (161,462 distinct texts
// for 250,000 postings) it hits for 12.5 % of the postings the first cache misses.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/diagnostics.h"
#include "core/posting.h"
#include "core/status.h"
#include "enrich/salary.h"
#include "enrich/skills/skill_extractor.h"
#include "enrich/skills/taxonomy.h"

namespace skillpulse {

struct EnrichKey;  // enricher.cc: a 128-bit hash key of the caches

struct EnricherOptions {
  std::shared_ptr<const Taxonomy> taxonomy;  // default: Taxonomy::Default()
  std::shared_ptr<const FxTable> fx;         // default: FxTable::Default()
  size_t cache_entries = size_t{1} << 15;    // max entries of each cache (see above); 0 = no caches
};

class PostingEnricher {
 public:
  static Result<std::unique_ptr<PostingEnricher>> Create(EnricherOptions options = {});
  ~PostingEnricher();

  // Enriches every posting of the batch. Thread-safe; never throws. Postings are never
  // dropped here: a field that cannot be derived stays unknown.
  void Apply(PostingBatch& batch, Diagnostics& diag) const;
  // Enrich(p); true when implausible structured salary bounds were dropped
  // (DropImplausibleStructuredBounds; Apply counts them as "salary.structured_bounds_dropped").
  void Enrich(JobPosting& p) const;
  bool EnrichCounting(JobPosting& p) const;

  const Taxonomy& taxonomy() const { return *taxonomy_; }
  std::shared_ptr<const Taxonomy> shared_taxonomy() const { return taxonomy_; }
  const FxTable& fx() const { return *fx_; }
  uint64_t cache_hits() const { return hits_.load(); }
  uint64_t cache_misses() const { return misses_.load(); }
  // The skill cache (a posting missing the cache above): lookups of a description text's
  // skill mentions by the text alone.
  uint64_t skill_cache_hits() const { return skill_hits_.load(); }
  uint64_t skill_cache_misses() const { return skill_misses_.load(); }
  // Entries held now (<= EnricherOptions::cache_entries).
  size_t cache_size() const;

 private:
  struct Derived;
  class Cache;
  class SkillCache;
  explicit PostingEnricher(EnricherOptions options);
  // `text_key`: the description text's 128-bit hash (the skill cache's key).
  void Derive(const JobPosting& p, const EnrichKey& text_key, Derived& d) const;

  std::shared_ptr<const Taxonomy> taxonomy_;
  std::shared_ptr<const FxTable> fx_;
  std::unique_ptr<SkillExtractor> skills_;
  std::unique_ptr<Cache> cache_;
  std::unique_ptr<SkillCache> skill_cache_;
  mutable std::atomic<uint64_t> hits_{0};
  mutable std::atomic<uint64_t> misses_{0};
  mutable std::atomic<uint64_t> skill_hits_{0};
  mutable std::atomic<uint64_t> skill_misses_{0};
};

}  // namespace skillpulse

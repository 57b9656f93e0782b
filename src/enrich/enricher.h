// The enrichment stage: turns a posting as a source gave it into a complete JobPosting —
// plain text from HTML, content hash, skills, salary (structured annualized, else from text),
// seniority, experience, work mode, location, employment type, visa. Text seen before (a
// monthly repost, a cross-posted copy) is enriched once: results are cached by a hash of
// everything they depend on.
#pragma once

#include <atomic>
#include <memory>

#include "core/diagnostics.h"
#include "core/posting.h"
#include "core/status.h"
#include "enrich/salary.h"
#include "enrich/skills/skill_extractor.h"
#include "enrich/skills/taxonomy.h"

namespace skillpulse {

struct EnricherOptions {
  std::shared_ptr<const Taxonomy> taxonomy;  // default: Taxonomy::Default()
  std::shared_ptr<const FxTable> fx;         // default: FxTable::Default()
  size_t cache_entries = size_t{1} << 17;    // 0 disables the cache
};

class PostingEnricher {
 public:
  static Result<std::unique_ptr<PostingEnricher>> Create(EnricherOptions options = {});
  ~PostingEnricher();

  // Enriches every posting of the batch. Thread-safe; never throws. Postings are never
  // dropped here: a field that cannot be derived stays unknown.
  void Apply(PostingBatch& batch, Diagnostics& diag) const;
  void Enrich(JobPosting& p) const;

  const Taxonomy& taxonomy() const { return *taxonomy_; }
  std::shared_ptr<const Taxonomy> shared_taxonomy() const { return taxonomy_; }
  const FxTable& fx() const { return *fx_; }
  uint64_t cache_hits() const { return hits_.load(); }
  uint64_t cache_misses() const { return misses_.load(); }

 private:
  struct Derived;
  class Cache;
  explicit PostingEnricher(EnricherOptions options);
  void Derive(const JobPosting& p, Derived& d) const;

  std::shared_ptr<const Taxonomy> taxonomy_;
  std::shared_ptr<const FxTable> fx_;
  std::unique_ptr<SkillExtractor> skills_;
  std::unique_ptr<Cache> cache_;
  mutable std::atomic<uint64_t> hits_{0};
  mutable std::atomic<uint64_t> misses_{0};
};

}  // namespace skillpulse

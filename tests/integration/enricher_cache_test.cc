// The enrichment caches change nothing (issue 5): every posting of the shared HN file and of
// the shared Ashby boards, enriched with the caches and without them, gives the same fields.
// Also records the hit rate (printed; HN has ~8.7% whole-text repeats: monthly reposts). The
// skill cache (a description's skills by its text alone) is checked on cross-posted copies:
// the same real texts under other real titles and locations.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "enrich/enricher.h"
#include "source_reader.h"

namespace skillpulse {
namespace {

std::unique_ptr<PostingEnricher> Make(size_t cache_entries) {
  EnricherOptions o;
  o.cache_entries = cache_entries;
  auto e = PostingEnricher::Create(o);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return std::move(*e);
}

void ExpectSame(const JobPosting& a, const JobPosting& b) {
  SCOPED_TRACE(a.source + " " + a.source_id);
  EXPECT_EQ(a.description_text, b.description_text);
  EXPECT_EQ(a.content_hash, b.content_hash);
  EXPECT_EQ(a.skills, b.skills);
  ASSERT_EQ(a.salary.has_value(), b.salary.has_value());
  if (a.salary) {
    EXPECT_EQ(a.salary->currency, b.salary->currency);
    EXPECT_EQ(a.salary->period, b.salary->period);
    EXPECT_EQ(a.salary->min, b.salary->min);
    EXPECT_EQ(a.salary->max, b.salary->max);
    EXPECT_EQ(a.salary->annual_usd_min, b.salary->annual_usd_min);
    EXPECT_EQ(a.salary->annual_usd_max, b.salary->annual_usd_max);
    EXPECT_EQ(a.salary->origin, b.salary->origin);
    EXPECT_EQ(a.salary->is_estimate, b.salary->is_estimate);
  }
  EXPECT_EQ(a.experience_years_min, b.experience_years_min);
  EXPECT_EQ(a.seniority, b.seniority);
  EXPECT_EQ(a.work_mode, b.work_mode);
  EXPECT_EQ(a.remote_scope, b.remote_scope);
  EXPECT_EQ(a.place.country, b.place.country);
  EXPECT_EQ(a.place.region, b.place.region);
  EXPECT_EQ(a.place.city, b.place.city);
  EXPECT_EQ(a.employment_type, b.employment_type);
  EXPECT_EQ(a.visa_sponsorship, b.visa_sponsorship);
  EXPECT_EQ(a.month, b.month);
}

// Enriches `postings` in order with `with` (caches on) and a copy with `without` (off) and
// expects the same fields (the first 20 differing postings are reported).
void EnrichBothWays(std::vector<JobPosting>& postings, const PostingEnricher& with, const PostingEnricher& without) {
  std::vector<JobPosting> fresh = postings;
  for (JobPosting& p : postings) with.Enrich(p);
  for (JobPosting& p : fresh) without.Enrich(p);
  size_t failures = 0;
  for (size_t i = 0; i < postings.size() && failures < 20; ++i) {
    ExpectSame(postings[i], fresh[i]);
    if (::testing::Test::HasFailure()) ++failures;
  }
}

// Returns the cache hit rate.
double CheckCorpus(const std::string& spec, size_t min_postings) {
  Diagnostics diag(nullptr);
  std::vector<JobPosting> cached = testing::ReadAll(spec, diag);
  if (cached.empty()) {
    ADD_FAILURE() << spec << ": no postings (shared data missing?)";
    return 0;
  }
  EXPECT_GE(cached.size(), min_postings);
  auto with = Make(EnricherOptions{}.cache_entries);
  auto without = Make(0);
  EnrichBothWays(cached, *with, *without);
  const double hits = static_cast<double>(with->cache_hits());
  const double rate = hits / static_cast<double>(with->cache_hits() + with->cache_misses());
  std::printf("%s: %zu postings, %.0f cache hits (%.2f%%), %zu entries held\n", spec.c_str(), cached.size(), hits,
              100 * rate, with->cache_size());
  EXPECT_EQ(without->cache_hits(), 0u);
  EXPECT_EQ(with->cache_hits() + with->cache_misses(), cached.size());
  return rate;
}

TEST(EnricherCacheCorpus, HnCachedEqualsUncached) {
  const double rate =
      CheckCorpus("hn:" SP_SHARED_DIR "/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst", 50000);
  // Monthly reposts: about one HN posting in twelve repeats an earlier text word for word.
  EXPECT_GT(rate, 0.05);
}

TEST(EnricherCacheCorpus, AshbyCachedEqualsUncached) {
  CheckCorpus("ashby:" SP_SHARED_DIR "/data/ats_ashby/ashby_posting_api_2025-10-28.tar.zst", 9000);
}

// A job cross-posted with another title or location misses the whole-posting cache but finds
// its description's skills in the skill cache; its skills (title mentions merged in) equal an
// uncached enrichment's.
TEST(EnricherCacheCorpus, CrossPostedTextsHitTheSkillCacheAndEqualUncached) {
  Diagnostics diag(nullptr);
  std::vector<JobPosting> originals =
      testing::ReadAll("ashby:" SP_SHARED_DIR "/data/ats_ashby/ashby_posting_api_2025-10-28.tar.zst", diag);
  ASSERT_GE(originals.size(), 9000u);
  originals.resize(3000);
  std::vector<JobPosting> cached = originals;
  const size_t n = originals.size();
  for (size_t i = 0; i < n; ++i) {
    JobPosting copy = originals[i];
    copy.title = originals[(i + 1) % n].title;  // another real title (its skills merge in)
    copy.location = originals[(i + 7) % n].location;
    copy.source_id += "-copy";
    cached.push_back(std::move(copy));
  }
  auto with = Make(EnricherOptions{}.cache_entries);
  auto without = Make(0);
  EnrichBothWays(cached, *with, *without);
  // Every copy that missed the first cache found its text's skills (the originals came first).
  EXPECT_GE(with->skill_cache_hits(), with->cache_misses() - n);
  EXPECT_GT(with->skill_cache_hits(), n / 2);
  EXPECT_EQ(with->cache_hits() + with->cache_misses(), cached.size());
  EXPECT_EQ(with->skill_cache_hits() + with->skill_cache_misses(), with->cache_misses());
  EXPECT_EQ(without->skill_cache_hits() + without->skill_cache_misses(), 0u);
}

}  // namespace
}  // namespace skillpulse

// MinHash signatures: the estimate tracks the true Jaccard similarity of shingle sets, copies
// that differ only in markup-level details get identical words, and containment catches
// truncated copies. SimHash is the measured alternative (docs/DEDUP.md).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "dedup/minhash.h"
#include "dedup/simhash.h"

namespace skillpulse {
namespace {

std::string Words(int from, int to, const std::string& prefix = "w") {
  std::string s;
  for (int i = from; i < to; ++i) s += prefix + std::to_string(i) + " ";
  return s;
}

std::vector<uint64_t> WordHashes(std::string_view text) {
  std::vector<uint64_t> out;
  ForEachTextWordHash(text, [&](uint64_t h) { out.push_back(h); });
  return out;
}

TEST(TextWords, MarkupLevelVariantsGiveTheSameWords) {
  // What HtmlToText makes of the benchmark corpus' entity/whitespace/bullet edits.
  EXPECT_EQ(WordHashes("We\xE2\x80\x99re hiring. Apply now!"), WordHashes("we\xE2\x80\x99re   HIRING -- apply now"));
  EXPECT_EQ(WordHashes("Go\xC2\xA0" "and Rust"), WordHashes("Go and Rust"));                      // NBSP
  EXPECT_EQ(WordHashes("\xE2\x80\xA2 one\n\xE2\x80\x94 two"), WordHashes("- one\n- two"));      // bullets, dashes
  EXPECT_EQ(WordHashes("don't"), WordHashes("don\xE2\x80\x99t"));  // curly vs straight quote
  EXPECT_EQ(WordHashes("caf\xC3\xA9 na\xC3\xAFve").size(), 2u);    // letters beyond ASCII stay in words
  EXPECT_TRUE(WordHashes("  \n\t .,;!?  ").empty());
  EXPECT_EQ(WordHashes("\xFF\xFE bad bytes").size(), 3u);  // malformed bytes count as a word, consistently
}

TEST(MinHash, IdenticalDisjointAndEmpty) {
  auto a = ComputeMinHash(Words(0, 300), 3);
  auto b = ComputeMinHash(Words(0, 300), 3);
  auto c = ComputeMinHash(Words(1000, 1300), 3);
  EXPECT_EQ(EstimateJaccard(a, b), 1.0);
  EXPECT_LT(EstimateJaccard(a, c), 0.05);
  EXPECT_EQ(a.shingles, 298u);
  auto e = ComputeMinHash("", 3);
  EXPECT_EQ(e.shingles, 0u);
  EXPECT_EQ(EstimateJaccard(e, e), 0.0);  // nothing to compare is not a match
  auto tiny = ComputeMinHash("Go", 3);     // fewer words than a shingle: one shingle
  EXPECT_EQ(tiny.shingles, 1u);
  EXPECT_EQ(EstimateJaccard(tiny, ComputeMinHash("go", 3)), 1.0);
}

TEST(MinHash, EstimateTracksTrueJaccard) {
  // Word-overlap texts with known shingle Jaccard: A = w0..w(n), B = w(s)..w(n+s).
  for (int shift : {20, 100, 200, 300}) {
    const int n = 400, k = 3;
    auto a = ComputeMinHash(Words(0, n), k);
    auto b = ComputeMinHash(Words(shift, n + shift), k);
    double inter = n - shift - k + 1, uni = (n - k + 1) * 2.0 - inter;
    double truth = inter / uni;
    EXPECT_NEAR(EstimateJaccard(a, b), truth, 0.15) << "shift " << shift;  // > 2 standard errors
  }
}

TEST(MinHash, ContainmentOfATruncatedCopy) {
  auto full = ComputeMinHash(Words(0, 600), 3);
  auto cut = ComputeMinHash(Words(0, 240), 3);  // 40 % kept, as RSS feeds truncate
  EXPECT_LT(EstimateJaccard(full, cut), 0.6);
  EXPECT_GT(EstimateContainment(full, cut), 0.85);
  EXPECT_LT(EstimateContainment(full, ComputeMinHash(Words(5000, 5240), 3)), 0.1);
}

TEST(SimHash, NearDuplicatesAreCloseInHamming) {
  uint64_t a = SimHash64(Words(0, 400), 3);
  uint64_t b = SimHash64(Words(0, 400) + "one more sentence at the end", 3);
  uint64_t c = SimHash64(Words(9000, 9400), 3);
  EXPECT_LT(HammingDistance(a, b), 8);
  EXPECT_GT(HammingDistance(a, c), 16);
  EXPECT_EQ(SimHash64("", 3), 0u);
}

}  // namespace
}  // namespace skillpulse

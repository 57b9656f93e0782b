// MinHash signatures: the estimate tracks the true Jaccard similarity of shingle sets, copies
// that differ only in markup-level details get identical words, and containment catches
// truncated copies. SimHash is the measured alternative (docs/DEDUP.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "hn_testdata.h"
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

// Stored signatures (dedup_records) must stay comparable across versions: the word hash is
// FNV-1a 64 of the lowercased word bytes, finished with Mix64; a shingle's hash is the
// polynomial sum(w[i] * P^(k-1-i)) of its word hashes, oldest first, P = 0x9E3779B97F4A7C15,
// finished with Mix64; one-permutation bins with optimal densification.
uint64_t Fnv1a(std::string_view w) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : w) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

MinHashSignature ReferenceMinHash(std::string_view text, int k) {
  const std::vector<uint64_t> w = WordHashes(text);
  std::vector<uint64_t> shingles;
  constexpr uint64_t kP = 0x9E3779B97F4A7C15ULL;
  if (!w.empty() && w.size() < static_cast<size_t>(k)) {
    uint64_t h = 0;
    for (uint64_t x : w) h = h * kP + x;
    shingles.push_back(Mix64(h ^ w.size()));
  }
  for (size_t end = static_cast<size_t>(k); end <= w.size(); ++end) {
    uint64_t h = 0;
    for (size_t i = end - static_cast<size_t>(k); i < end; ++i) h = h * kP + w[i];
    shingles.push_back(Mix64(h));
  }
  MinHashSignature sig;
  sig.shingles = static_cast<uint32_t>(shingles.size());
  if (shingles.empty()) {
    sig.values.fill(0xFFFF);
    return sig;
  }
  std::array<uint64_t, kMinHashSize> mins;
  mins.fill(UINT64_MAX);
  for (uint64_t h : shingles) {
    uint64_t bin = (h >> 32) * kMinHashSize >> 32;
    mins[bin] = std::min<uint64_t>(mins[bin], static_cast<uint32_t>(h));
  }
  for (int i = 0; i < kMinHashSize; ++i) {
    uint64_t v = mins[i];
    for (uint64_t attempt = 1; v == UINT64_MAX; ++attempt) v = mins[Mix64((static_cast<uint64_t>(i) << 32) | attempt) % kMinHashSize];
    sig.values[i] = static_cast<uint16_t>(v);
  }
  return sig;
}

TEST(MinHash, WordHashIsFnv1aOfTheLowercasedWord) {
  EXPECT_EQ(WordHashes("Go, RUST!"), (std::vector<uint64_t>{Mix64(Fnv1a("go")), Mix64(Fnv1a("rust"))}));
  EXPECT_EQ(WordHashes("na\xC3\xAFve"), (std::vector<uint64_t>{Mix64(Fnv1a("na\xC3\xAFve"))}));
}

std::vector<uint64_t> ScalarWordHashes(std::string_view text) {
  std::vector<uint64_t> out;
  AppendTextWordHashesScalar(text, out);
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return s;
}

// The vector scanner reads 32-byte blocks: words and multi-byte characters that straddle a
// block edge, and texts that end inside a block, give the words the definition gives.
TEST(TextWords, WordsAcrossBlockEdges) {
  const std::string long_word = "Supercalifragilisticexpialidocious0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";  // 70 bytes
  for (size_t lead = 0; lead <= 40; ++lead) {
    const std::string pad(lead, ' ');
    EXPECT_EQ(WordHashes(pad + long_word + "."), (std::vector<uint64_t>{Mix64(Fnv1a(Lower(long_word)))})) << lead;
    // "é" (C3 A9) inside a word, NBSP (C2 A0) and a curly apostrophe (E2 80 99) between words.
    const std::string x(lead, 'X');
    EXPECT_EQ(WordHashes(x + "caf\xC3\xA9s\xC2\xA0" "Go\xE2\x80\x99s"),
              (std::vector<uint64_t>{Mix64(Fnv1a(Lower(x) + "caf\xC3\xA9s")), Mix64(Fnv1a("go")), Mix64(Fnv1a("s"))}))
        << lead;
    // A sequence cut short by the end of the text: its bytes count as letters, one by one.
    std::vector<uint64_t> want;
    if (lead > 0) want.push_back(Mix64(Fnv1a(Lower(x))));
    want.push_back(Mix64(Fnv1a("ab\xE2\x80")));
    EXPECT_EQ(WordHashes(x + " ab\xE2\x80"), want) << lead;
  }
}

// AppendTextWordHashes (AVX2 when the CPU has it) and the byte-at-a-time scanner agree on
// every real posting and on text made of the characters that take the slow path.
TEST(TextWords, VectorAndScalarScannersAgree) {
  const auto posts = testdata::LoadHn();
  if (posts.empty()) GTEST_SKIP() << "shared HN data not found";
  for (size_t i = 0; i < posts.size(); ++i) {
    ASSERT_EQ(WordHashes(posts[i].text), ScalarWordHashes(posts[i].text)) << "posting " << i;
  }
  const std::vector<std::string> pieces = {"a",  "Z",        "7",        " ",        ".",        "\n",       "\xC2\xA0",
                                           "\xC3\xA9", "\xE2\x80\x94", "\xE2\x80\x99", "\xE3\x80\x80", "\xF0\x9F\x9A\x80", "\x80",
                                           "\xFF",     "\xC2",     "\xE2\x80",  "\xC2" "A",   "\xEF\xBB\xBF", "\xE1\x9A\x80"};
  std::mt19937 rng(20261122);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t parts = rng() % 80;
    const bool dense = rng() % 2;  // mostly letters, or mostly slow-path characters
    for (size_t p = 0; p < parts; ++p) text += pieces[dense ? rng() % pieces.size() : (rng() % 8 == 0 ? rng() % pieces.size() : rng() % 6)];
    ASSERT_EQ(WordHashes(text), ScalarWordHashes(text)) << "round " << round;
  }
}

TEST(MinHash, MatchesTheDefinitionOnRealPostings) {
  const auto posts = testdata::LoadHn();
  if (posts.empty()) GTEST_SKIP() << "shared HN data not found";
  size_t checked = 0;
  for (size_t i = 0; i < posts.size(); i += 97) {
    for (int k : {1, 3, 5, 16}) {
      MinHashSignature got = ComputeMinHash(posts[i].text, k);
      MinHashSignature want = ReferenceMinHash(posts[i].text, k);
      ASSERT_EQ(got.shingles, want.shingles) << "posting " << i << " k=" << k;
      ASSERT_EQ(got.values, want.values) << "posting " << i << " k=" << k;
      ++checked;
    }
  }
  EXPECT_GT(checked, 2000u);
  // Fewer words than a shingle, and no words at all.
  for (std::string_view t : {"one", "one two", "", " ... "}) {
    EXPECT_EQ(ComputeMinHash(t, 3).values, ReferenceMinHash(t, 3).values) << t;
  }
}

// A text longer than the per-thread word buffer keeps (65,536 words) gets a buffer of its own.
TEST(MinHash, TextsLongerThanTheKeptBuffer) {
  const std::string big = Words(0, 40000);  // 268,890 bytes: room for 134,446 words is needed
  ASSERT_GT(big.size() / 2 + 1, size_t{1} << 16);
  const MinHashSignature a = ComputeMinHash(big, 3);
  EXPECT_EQ(a.shingles, 39998u);
  EXPECT_EQ(a.values, ReferenceMinHash(big, 3).values);
  EXPECT_EQ(ComputeMinHash(Words(0, 300), 3).values, ReferenceMinHash(Words(0, 300), 3).values);
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

#include "report/stats.h"

#include <gtest/gtest.h>

#include <vector>

namespace skillpulse {
namespace {

// Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat. Med. 17,
// Table II, method 3 (Wilson score interval without continuity correction).
TEST(Wilson, MatchesNewcombe1998) {
  struct Case {
    int64_t k, n;
    double low, high;
  };
  for (const Case& c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605}, Case{0, 20, 0.0, 0.1611},
                        Case{1, 29, 0.0061, 0.1718}}) {
    const auto ci = WilsonInterval(c.k, c.n);
    ASSERT_TRUE(ci.has_value());
    EXPECT_NEAR(ci->low, c.low, 5e-5) << c.k << "/" << c.n;
    EXPECT_NEAR(ci->high, c.high, 5e-5) << c.k << "/" << c.n;
  }
}

TEST(Wilson, EdgesAreExact) {
  // k = 0: [0, z^2 / (n + z^2)]; k = n: [n / (n + z^2), 1].
  const double z2 = kZ95 * kZ95;
  auto none = WilsonInterval(0, 10);
  EXPECT_EQ(none->low, 0.0);
  EXPECT_NEAR(none->high, z2 / (10 + z2), 1e-12);
  auto all = WilsonInterval(10, 10);
  EXPECT_NEAR(all->low, 10 / (10 + z2), 1e-12);
  EXPECT_EQ(all->high, 1.0);
  // Symmetric around 1/2.
  auto half = WilsonInterval(5, 10);
  EXPECT_NEAR(half->low + half->high, 1.0, 1e-12);
  EXPECT_NEAR(half->low, 0.2366, 5e-5);
}

TEST(Wilson, NoSampleNoInterval) {
  EXPECT_FALSE(WilsonInterval(0, 0).has_value());
  EXPECT_FALSE((Proportion{0, 0}.share().has_value()));
  EXPECT_FALSE((Proportion{0, 0}.wilson95().has_value()));
  EXPECT_DOUBLE_EQ(*(Proportion{1, 4}.share()), 0.25);
}

// Expected values as R's quantile(x, type = 7).
TEST(Percentile, Type7) {
  const std::vector<double> four = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(PercentileSorted(four, 0.5), 2.5);  // even n: mean of the middle two
  EXPECT_DOUBLE_EQ(PercentileSorted(four, 0.1), 1.3);  // h = 0.3
  EXPECT_DOUBLE_EQ(PercentileSorted(four, 0.9), 3.7);  // h = 2.7
  EXPECT_DOUBLE_EQ(PercentileSorted(four, 0.0), 1);
  EXPECT_DOUBLE_EQ(PercentileSorted(four, 1.0), 4);
  const std::vector<double> three = {1, 2, 3};
  EXPECT_DOUBLE_EQ(PercentileSorted(three, 0.5), 2);  // odd n: the middle value
}

TEST(Percentile, TiesAndSingleValue) {
  const std::vector<double> one = {7};
  EXPECT_DOUBLE_EQ(PercentileSorted(one, 0.1), 7);
  EXPECT_DOUBLE_EQ(PercentileSorted(one, 0.5), 7);
  EXPECT_DOUBLE_EQ(PercentileSorted(one, 0.9), 7);
  const std::vector<double> ties = {5, 5, 5, 10};
  EXPECT_DOUBLE_EQ(PercentileSorted(ties, 0.5), 5);
  EXPECT_DOUBLE_EQ(PercentileSorted(ties, 0.9), 8.5);  // h = 2.7: 5 + 0.7 * 5
  const std::vector<double> same = {3, 3};
  EXPECT_DOUBLE_EQ(PercentileSorted(same, 0.5), 3);
}

// Expected ranks and coverages from the exact Binomial(n, 1/2) CDF (integer arithmetic):
// the largest l with P(B <= l - 1) <= 0.025, u = n + 1 - l, coverage 1 - 2 P(B <= l - 1).
TEST(MedianCi, BinomialOrderStatistics) {
  struct Case {
    int64_t n, lower, upper;
    double coverage;
  };
  for (const Case& c : {Case{6, 1, 6, 0.96875}, Case{10, 2, 9, 0.978515625}, Case{20, 6, 15, 0.9586105346679688},
                        Case{100, 40, 61, 0.9647997997822951}, Case{1000, 469, 532, 0.9537088026395019},
                        Case{10001, 4902, 5100, 0.9522907611993354}}) {
    const MedianCiRanks r = MedianConfidenceRanks(c.n);
    ASSERT_TRUE(r.available) << c.n;
    EXPECT_EQ(r.lower_rank, c.lower) << c.n;
    EXPECT_EQ(r.upper_rank, c.upper) << c.n;
    EXPECT_NEAR(r.coverage, c.coverage, 1e-9) << c.n;
  }
}

TEST(MedianCi, UnavailableBelowSix) {
  // [x(1), x(n)] covers 1 - 2^(1-n): 0.9375 for n = 5, below 95 %.
  for (int64_t n = 0; n < kMinMedianCiN; ++n) EXPECT_FALSE(MedianConfidenceRanks(n).available) << n;
  EXPECT_TRUE(MedianConfidenceRanks(kMinMedianCiN).available);
}

TEST(MedianCi, LargeSampleStaysNearNominal) {
  const MedianCiRanks r = MedianConfidenceRanks(1000000);
  ASSERT_TRUE(r.available);
  EXPECT_GE(r.coverage, 0.95);
  EXPECT_LT(r.coverage, 0.951);
  // Normal approximation: n/2 - 1.96 sqrt(n)/2 = 499020.
  EXPECT_NEAR(static_cast<double>(r.lower_rank), 499020, 3);
}

}  // namespace
}  // namespace skillpulse

// The statistics every report figure uses: proportions with Wilson score intervals, sample
// percentiles, and a distribution-free confidence interval for the median. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace skillpulse {

// The standard normal quantile for a two-sided 95 % interval: Phi^-1(0.975).
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0;
  double high = 0;
};

// Wilson score interval for a binomial proportion k/n (E. B. Wilson, "Probable inference, the
// law of succession, and statistical inference", JASA 22, 1927; method 3 of R. G. Newcombe,
// "Two-sided confidence intervals for the single proportion", Stat. Med. 17, 1998), without
// continuity correction. Chosen over the Wald interval because it stays inside [0, 1] and keeps
// close to nominal coverage for small n and for shares near 0 or 1 (Brown, Cai & DasGupta 2001).
// Returns nullopt when n <= 0. REQUIRES: 0 <= k <= n.
std::optional<Interval> WilsonInterval(int64_t k, int64_t n, double z = kZ95);

// A count out of a sample: every share in a report. share() and wilson95() are nullopt when
// n == 0 (no sample: the share is undefined, not 0).
struct Proportion {
  int64_t count = 0;
  int64_t n = 0;
  std::optional<double> share() const {
    return n > 0 ? std::optional<double>(static_cast<double>(count) / static_cast<double>(n)) : std::nullopt;
  }
  std::optional<Interval> wilson95() const { return WilsonInterval(count, n); }
};

// The p-quantile (0 <= p <= 1) of ascending `sorted` by linear interpolation between order
// statistics: h = (n - 1) p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]) (R. J.
// Hyndman & Y. Fan, "Sample quantiles in statistical packages", Am. Stat. 50, 1996, definition
// 7: the default of R and NumPy). The median is the middle value, or the mean of the two middle
// values for even n. REQUIRES: !sorted.empty(), sorted ascending.
double PercentileSorted(std::span<const double> sorted, double p);

// A distribution-free confidence interval for the median: [x(lower_rank), x(upper_rank)] of the
// sorted sample (1-based ranks), from the Binomial(n, 1/2) distribution of the number of
// observations below the median (W. J. Conover, Practical Nonparametric Statistics, 3rd ed.,
// 1999, sec. 3.2). Symmetric ranks (upper = n + 1 - lower); `lower_rank` is the largest rank
// whose coverage 1 - 2 P(B <= lower_rank - 1) is still >= `confidence`; `coverage` is that exact
// figure (>= confidence; e.g. n = 10: ranks 2 and 9, coverage 0.9785).
// available == false when no such interval exists: for 95 % that is n <= 5, because even
// [min, max] covers only 1 - 2^(1-n) (0.9375 for n = 5).
struct MedianCiRanks {
  bool available = false;
  int64_t lower_rank = 0;
  int64_t upper_rank = 0;
  double coverage = 0;
};
// REQUIRES: 0 < confidence < 1.
MedianCiRanks MedianConfidenceRanks(int64_t n, double confidence = 0.95);

// The smallest n for which MedianConfidenceRanks(n, 0.95) is available.
inline constexpr int64_t kMinMedianCiN = 6;

}  // namespace skillpulse

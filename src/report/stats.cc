#include "report/stats.h"

#include <algorithm>
#include <cmath>

namespace skillpulse {

std::optional<Interval> WilsonInterval(int64_t k, int64_t n, double z) {
  if (n <= 0) return std::nullopt;
  k = std::clamp<int64_t>(k, 0, n);
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double z2 = z * z;
  const double denom = 1 + z2 / nn;
  const double center = (p + z2 / (2 * nn)) / denom;
  const double half = z / denom * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  Interval out{center - half, center + half};
  // Exact bounds at the edges (the formula gives them up to rounding).
  if (k == 0) out.low = 0;
  if (k == n) out.high = 1;
  out.low = std::max(0.0, out.low);
  out.high = std::min(1.0, out.high);
  return out;
}

double PercentileSorted(std::span<const double> sorted, double p) {
  const size_t n = sorted.size();
  if (n == 1) return sorted[0];
  p = std::clamp(p, 0.0, 1.0);
  const double h = static_cast<double>(n - 1) * p;
  const size_t lo = std::min(static_cast<size_t>(std::floor(h)), n - 1);
  if (lo + 1 >= n) return sorted[n - 1];
  const double frac = h - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

MedianCiRanks MedianConfidenceRanks(int64_t n, double confidence) {
  MedianCiRanks out;
  if (n <= 0) return out;
  const double tail = (1 - confidence) / 2;
  // Walk the Binomial(n, 1/2) CDF upwards until it exceeds `tail`. Terms more than 12 standard
  // deviations (sd = sqrt(n)/2) below the mean are < 1e-30 in total, so start there: O(sqrt n).
  const double nn = static_cast<double>(n);
  int64_t k = std::max<int64_t>(0, static_cast<int64_t>(std::floor(nn / 2 - 6 * std::sqrt(nn))));
  double pmf = std::exp(std::lgamma(nn + 1) - std::lgamma(static_cast<double>(k) + 1) -
                        std::lgamma(nn - static_cast<double>(k) + 1) - nn * std::log(2.0));
  double cdf = 0;
  int64_t lower = 0;        // largest l with P(B <= l - 1) <= tail
  double cdf_at_lower = 0;  // P(B <= lower - 1)
  for (; k <= n; ++k) {
    cdf += pmf;
    if (cdf > tail) break;
    lower = k + 1;
    cdf_at_lower = cdf;
    pmf *= static_cast<double>(n - k) / static_cast<double>(k + 1);
  }
  if (lower < 1) return out;  // even [x(1), x(n)] does not reach the confidence
  out.available = true;
  out.lower_rank = lower;
  out.upper_rank = n + 1 - lower;
  out.coverage = 1 - 2 * cdf_at_lower;
  return out;
}

}  // namespace skillpulse

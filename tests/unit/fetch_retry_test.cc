// Backoff, Retry-After / HTTP-date parsing, retryable statuses and the circuit breaker.
#include <gtest/gtest.h>

#include "sources/fetch/retry.h"

namespace skillpulse {
namespace {

TEST(Backoff, EqualJitterStaysInHalfToFullOfTheExponentialTerm) {
  BackoffPolicy p{500, 30'000};
  // retry 1: d = 500 -> [250, 500]; retry 2: d = 1000; retry 3: d = 2000.
  EXPECT_EQ(BackoffDelayMs(1, p, 0.0), 250);
  EXPECT_EQ(BackoffDelayMs(1, p, 0.5), 375);
  EXPECT_EQ(BackoffDelayMs(1, p, 1.0), 500);
  EXPECT_EQ(BackoffDelayMs(2, p, 0.0), 500);
  EXPECT_EQ(BackoffDelayMs(3, p, 1.0), 2000);
  // 500 * 2^9 = 256,000 > the 30 s cap -> [15 s, 30 s].
  EXPECT_EQ(BackoffDelayMs(10, p, 0.0), 15'000);
  EXPECT_EQ(BackoffDelayMs(10, p, 1.0), 30'000);
  // Huge retry counts do not overflow.
  EXPECT_EQ(BackoffDelayMs(1'000'000, p, 1.0), 30'000);
  // Out-of-range inputs are clamped rather than trusted.
  EXPECT_EQ(BackoffDelayMs(0, p, 0.0), 250);
  EXPECT_EQ(BackoffDelayMs(1, p, -3.0), 250);
  EXPECT_EQ(BackoffDelayMs(1, p, 7.0), 500);
}

TEST(HttpDate, TheThreeFormatsOfRfc9110) {
  // RFC 9110 §5.6.7's example instant: 1994-11-06 08:49:37 UTC = 784111777.
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Sun Nov  6 08:49:37 1994"), 784111777);
  EXPECT_EQ(ParseHttpDate("  Sun, 06 Nov 1994 08:49:37 GMT  "), 784111777);
  EXPECT_EQ(ParseHttpDate("Tue, 29 Feb 2000 00:00:00 GMT"), 951782400);
}

TEST(HttpDate, MalformedIsRejected) {
  for (const char* bad : {"", "GMT", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Nov 1994 08:49:37",
                          "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 31 Apr 2001 00:00:00 GMT",
                          "Thu, 29 Feb 2001 00:00:00 GMT", "Sun, 06 Nov 1994 25:00:00 GMT", "Sun, 06 Nov 1994 08:61:00 GMT",
                          "Sun Nov  6 08:49:37 94", "Sun, 06 Nov 1994 08:49:37 GMT trailing", "1994-11-06T08:49:37Z"}) {
    EXPECT_FALSE(ParseHttpDate(bad).has_value()) << bad;
  }
}

TEST(HttpDate, FormatRoundTrips) {
  EXPECT_EQ(FormatHttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(FormatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  for (int64_t t : {int64_t{0}, int64_t{951782400}, int64_t{1700000000}, int64_t{4102444799}}) {
    EXPECT_EQ(ParseHttpDate(FormatHttpDate(t)), t) << t;
  }
}

TEST(RetryAfter, SecondsAndDates) {
  const int64_t now_ms = 784111777'000 - 30'000;  // 30 s before the RFC's instant
  EXPECT_EQ(ParseRetryAfterMs("120", now_ms), 120'000);
  EXPECT_EQ(ParseRetryAfterMs(" 7 ", now_ms), 7'000);
  EXPECT_EQ(ParseRetryAfterMs("0", now_ms), 0);
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", now_ms), 30'000);
  // A date in the past means "now".
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", now_ms + 60'000), 0);
  // Absurd delays are capped at a day instead of overflowing.
  EXPECT_EQ(ParseRetryAfterMs("99999999999999999999999", now_ms), 86'400'000);
  for (const char* bad : {"", "-5", "1.5", "soon", "12s", "Sun, 06 Nov 1994"}) {
    EXPECT_FALSE(ParseRetryAfterMs(bad, now_ms).has_value()) << bad;
  }
}

TEST(RetryableStatus, PerRfc9110) {
  for (long s : {408L, 429L, 500L, 502L, 503L, 504L, 599L}) EXPECT_TRUE(IsRetryableHttpStatus(s)) << s;
  for (long s : {200L, 304L, 400L, 401L, 403L, 404L, 410L, 501L, 505L, 0L}) EXPECT_FALSE(IsRetryableHttpStatus(s)) << s;
}

TEST(CircuitBreaker, OpensAfterThresholdProbesAfterCooldown) {
  CircuitBreaker b({/*failure_threshold=*/3, /*cooldown_ms=*/1000});
  EXPECT_TRUE(b.Allow(0));
  b.OnFailure(0, "HTTP 503");
  b.OnFailure(10, "HTTP 503");
  EXPECT_EQ(b.state(), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(b.Allow(20));
  b.OnFailure(20, "timeout");
  EXPECT_EQ(b.state(), CircuitBreaker::State::kOpen);
  EXPECT_EQ(b.consecutive_failures(), 3);
  EXPECT_EQ(b.last_failure(), "timeout");
  EXPECT_FALSE(b.Allow(500));
  EXPECT_FALSE(b.Allow(1019));
  // Cooldown over: exactly one probe.
  EXPECT_TRUE(b.Allow(1020));
  EXPECT_EQ(b.state(), CircuitBreaker::State::kHalfOpen);
  EXPECT_FALSE(b.Allow(1021));
  // The probe fails: open again, for another cooldown.
  b.OnFailure(1100, "connection refused");
  EXPECT_EQ(b.state(), CircuitBreaker::State::kOpen);
  EXPECT_FALSE(b.Allow(2000));
  EXPECT_TRUE(b.Allow(2100));
  // This probe succeeds: closed, counter reset.
  b.OnSuccess();
  EXPECT_EQ(b.state(), CircuitBreaker::State::kClosed);
  EXPECT_EQ(b.consecutive_failures(), 0);
  EXPECT_TRUE(b.Allow(2101));
  EXPECT_TRUE(b.Allow(2102));
}

TEST(CircuitBreaker, SuccessBetweenFailuresResetsTheCount) {
  CircuitBreaker b({2, 1000});
  b.OnFailure(0, "x");
  b.OnSuccess();
  b.OnFailure(1, "y");
  EXPECT_EQ(b.state(), CircuitBreaker::State::kClosed);
  b.OnFailure(2, "z");
  EXPECT_EQ(b.state(), CircuitBreaker::State::kOpen);
}

}  // namespace
}  // namespace skillpulse

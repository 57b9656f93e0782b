// Retry policy of the fetcher: which failures are worth another attempt, how long to wait
// (exponential backoff with jitter, or the server's Retry-After), and a per-source circuit
// breaker so one dead board stops costing time after a few failures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace skillpulse {

struct BackoffPolicy {
  int64_t base_ms = 500;     // delay before the first retry, before jitter
  int64_t max_ms = 30'000;   // cap of the exponential term
};

// Delay before retry number `retry` (1 = the first retry) with "equal jitter" (M. Brooker,
// "Exponential Backoff And Jitter", AWS Architecture Blog, 2015): d = min(max_ms, base_ms *
// 2^(retry-1)), result = d/2 + u * d/2 for u = `random01` in [0, 1). Always in [d/2, d].
int64_t BackoffDelayMs(int retry, const BackoffPolicy& policy, double random01);

// Parses an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" and the
// two obsolete forms recipients must accept, RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" and
// asctime "Sun Nov  6 08:49:37 1994". Returns Unix seconds, or nullopt when malformed.
std::optional<int64_t> ParseHttpDate(std::string_view s);
// Formats Unix seconds as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").
std::string FormatHttpDate(int64_t unix_s);

// Parses a Retry-After value (RFC 9110 §10.2.3): delay-seconds ("120") or an HTTP-date,
// relative to `now_unix_ms`. Returns the delay in ms (0 for a date in the past; seconds are
// capped at one day so overflow cannot happen), or nullopt when the value is malformed.
std::optional<int64_t> ParseRetryAfterMs(std::string_view value, int64_t now_unix_ms);

// True for statuses a later attempt may fix: 408 Request Timeout, 429 Too Many Requests and
// 5xx except 501 Not Implemented and 505 HTTP Version Not Supported (RFC 9110 §15.6: those
// two describe the request, not the server's state).
bool IsRetryableHttpStatus(long status);

// A circuit breaker per source (M. Nygard, "Release It!", 2007): after `failure_threshold`
// consecutive failed attempts the circuit opens and requests fail at once; after
// `cooldown_ms` one probe request is let through (half-open): its success closes the circuit,
// its failure opens it again. Not thread-safe (the fetcher's loop owns it).
class CircuitBreaker {
 public:
  struct Options {
    int failure_threshold = 5;
    int64_t cooldown_ms = 30'000;
  };
  enum class State { kClosed, kOpen, kHalfOpen };

  CircuitBreaker() = default;
  explicit CircuitBreaker(Options options) : options_(options) {}

  // Whether an attempt may start at `now_ms`. In the open state this is false until the
  // cooldown has passed; then it returns true once (the probe) and moves to half-open, where
  // it is false until the probe's result is reported.
  bool Allow(int64_t now_ms);
  // An attempt got an answer that says the server works (2xx, 304, a non-retryable 4xx).
  void OnSuccess();
  // An attempt failed in a retryable way (timeout, connection error, 5xx, 429).
  void OnFailure(int64_t now_ms, std::string reason);

  State state() const { return state_; }
  int consecutive_failures() const { return failures_; }
  // The reason of the latest failure ("" if none): why the circuit is open.
  const std::string& last_failure() const { return last_failure_; }

 private:
  Options options_;
  State state_ = State::kClosed;
  int failures_ = 0;
  int64_t opened_at_ms_ = 0;
  bool probe_in_flight_ = false;
  std::string last_failure_;
};

}  // namespace skillpulse

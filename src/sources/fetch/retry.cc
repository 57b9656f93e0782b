#include "sources/fetch/retry.h"

#include <algorithm>
#include <cstdio>

#include "core/text.h"

namespace skillpulse {
namespace {

constexpr std::string_view kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::string_view kDayNames[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday

int MonthIndex(std::string_view s) {
  for (int m = 0; m < 12; ++m) {
    if (EqualsIgnoreAsciiCase(s, kMonthNames[m])) return m + 1;
  }
  return 0;
}

// Reads exactly `n` digits at s[i...]; a leading space counts as 0 when `space_ok`
// (asctime pads the day with a space).
bool Digits(std::string_view s, size_t& i, int n, int& out, bool space_ok = false) {
  out = 0;
  for (int k = 0; k < n; ++k) {
    if (i >= s.size()) return false;
    char c = s[i++];
    if (c == ' ' && space_ok && k == 0) continue;
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool Expect(std::string_view s, size_t& i, char c) {
  if (i >= s.size() || s[i] != c) return false;
  ++i;
  return true;
}

bool Time(std::string_view s, size_t& i, int& hh, int& mm, int& ss) {
  return Digits(s, i, 2, hh) && Expect(s, i, ':') && Digits(s, i, 2, mm) && Expect(s, i, ':') && Digits(s, i, 2, ss) &&
         hh < 24 && mm < 60 && ss <= 60;  // 60: a leap second, which RFC 9110 allows
}

std::optional<int64_t> Assemble(int y, int mo, int d, int hh, int mm, int ss) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || y < 1600 || y > 9999) return std::nullopt;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo == 2 && d == 29 && !leap) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + hh * 3600 + mm * 60 + ss;
}

}  // namespace

int64_t BackoffDelayMs(int retry, const BackoffPolicy& policy, double random01) {
  if (retry < 1) retry = 1;
  int64_t d = std::max<int64_t>(policy.base_ms, 0);
  for (int k = 1; k < retry && d < policy.max_ms; ++k) d *= 2;
  d = std::min(d, std::max<int64_t>(policy.max_ms, 0));
  random01 = std::clamp(random01, 0.0, 1.0);
  return d / 2 + static_cast<int64_t>(random01 * static_cast<double>(d - d / 2));
}

std::optional<int64_t> ParseHttpDate(std::string_view s) {
  s = TrimAscii(s);
  size_t comma = s.find(',');
  int y = 0, mo = 0, d = 0, hh = 0, mm = 0, ss = 0;
  if (comma != std::string_view::npos) {
    // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" or RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT".
    size_t i = comma + 1;
    if (!Expect(s, i, ' ')) return std::nullopt;
    if (!Digits(s, i, 2, d)) return std::nullopt;
    if (i < s.size() && s[i] == '-') {  // RFC 850
      ++i;
      if (i + 3 > s.size()) return std::nullopt;
      mo = MonthIndex(s.substr(i, 3));
      i += 3;
      if (!Expect(s, i, '-') || !Digits(s, i, 2, y)) return std::nullopt;
      // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past
      // century; with no clock here, 70..99 -> 19xx, else 20xx (the usual reading).
      y += y >= 70 ? 1900 : 2000;
    } else {
      if (!Expect(s, i, ' ') || i + 3 > s.size()) return std::nullopt;
      mo = MonthIndex(s.substr(i, 3));
      i += 3;
      if (!Expect(s, i, ' ') || !Digits(s, i, 4, y)) return std::nullopt;
    }
    if (!Expect(s, i, ' ') || !Time(s, i, hh, mm, ss) || !Expect(s, i, ' ')) return std::nullopt;
    if (s.substr(i) != "GMT") return std::nullopt;
  } else {
    // asctime "Sun Nov  6 08:49:37 1994".
    size_t i = 0;
    if (s.size() < 24) return std::nullopt;
    i = 3;
    if (!Expect(s, i, ' ')) return std::nullopt;
    mo = MonthIndex(s.substr(i, 3));
    i += 3;
    if (!Expect(s, i, ' ') || !Digits(s, i, 2, d, /*space_ok=*/true) || !Expect(s, i, ' ') ||
        !Time(s, i, hh, mm, ss) || !Expect(s, i, ' ') || !Digits(s, i, 4, y) || i != s.size()) {
      return std::nullopt;
    }
  }
  if (mo == 0) return std::nullopt;
  return Assemble(y, mo, d, hh, mm, std::min(ss, 59));
}

std::string FormatHttpDate(int64_t unix_s) {
  int64_t days = unix_s >= 0 ? unix_s / 86400 : (unix_s - 86399) / 86400;
  int64_t secs = unix_s - days * 86400;
  // civil_from_days (H. Hinnant).
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  int64_t wd = ((days % 7) + 7) % 7;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", std::string(kDayNames[wd]).c_str(),
                static_cast<int>(d), std::string(kMonthNames[m - 1]).c_str(), static_cast<int>(y),
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

std::optional<int64_t> ParseRetryAfterMs(std::string_view value, int64_t now_unix_ms) {
  value = TrimAscii(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    constexpr int64_t kMaxSeconds = 86'400;
    int64_t secs = 0;
    for (char c : value) {
      secs = secs * 10 + (c - '0');
      if (secs > kMaxSeconds) {
        secs = kMaxSeconds;
        break;
      }
    }
    return secs * 1000;
  }
  auto when = ParseHttpDate(value);
  if (!when) return std::nullopt;
  int64_t delta = *when * 1000 - now_unix_ms;
  return std::max<int64_t>(delta, 0);
}

bool IsRetryableHttpStatus(long status) {
  return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
}

bool CircuitBreaker::Allow(int64_t now_ms) {
  switch (state_) {
    case State::kClosed:
      return true;
    case State::kOpen:
      if (now_ms - opened_at_ms_ < options_.cooldown_ms) return false;
      state_ = State::kHalfOpen;
      probe_in_flight_ = true;
      return true;
    case State::kHalfOpen:
      if (probe_in_flight_) return false;
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::OnSuccess() {
  state_ = State::kClosed;
  failures_ = 0;
  probe_in_flight_ = false;
}

void CircuitBreaker::OnFailure(int64_t now_ms, std::string reason) {
  last_failure_ = std::move(reason);
  ++failures_;
  probe_in_flight_ = false;
  if (state_ == State::kHalfOpen || failures_ >= options_.failure_threshold) {
    state_ = State::kOpen;
    opened_at_ms_ = now_ms;
  }
}

}  // namespace skillpulse

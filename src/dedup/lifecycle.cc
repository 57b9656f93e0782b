#include "dedup/lifecycle.h"

#include <algorithm>

#include "core/text.h"

namespace skillpulse {
namespace {

// Months since year 0: y * 12 + (m - 1).
int32_t MonthIndexOf(int64_t unix_s) {
  std::string m = MonthOfUnix(unix_s);
  return std::stoi(m.substr(0, 4)) * 12 + std::stoi(m.substr(5, 2)) - 1;
}

std::string MonthName(int32_t index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}

}  // namespace

int64_t PostingClosedAt(int64_t last_seen, int64_t source_max_last_seen, int64_t grace_s) {
  return source_max_last_seen - last_seen > grace_s ? last_seen : 0;
}

SeenSpan JobSpan(std::span<const SeenSpan> postings) {
  SeenSpan j;
  bool first = true, open = false;
  for (const SeenSpan& p : postings) {
    j.first_seen = first ? p.first_seen : std::min(j.first_seen, p.first_seen);
    j.last_seen = first ? p.last_seen : std::max(j.last_seen, p.last_seen);
    if (p.closed_at == 0) open = true;
    j.closed_at = std::max(j.closed_at, p.closed_at);
    first = false;
  }
  if (open || first) j.closed_at = 0;
  return j;
}

std::map<std::string, MonthlyJobCounts> CountJobsByMonth(std::span<const SeenSpan> jobs, int64_t now_s) {
  std::map<std::string, MonthlyJobCounts> out;
  if (jobs.empty()) return out;
  int32_t lo = INT32_MAX, hi = INT32_MIN;
  std::vector<std::pair<int32_t, int32_t>> spans;  // [first month, last active month]
  spans.reserve(jobs.size());
  for (const SeenSpan& j : jobs) {
    int32_t a = MonthIndexOf(j.first_seen);
    int32_t b = MonthIndexOf(j.closed_at != 0 ? j.closed_at : std::max(now_s, j.last_seen));
    b = std::max(a, b);
    spans.emplace_back(a, b);
    lo = std::min(lo, a);
    hi = std::max(hi, b);
  }
  // Difference arrays over the month range.
  std::vector<int64_t> starts(static_cast<size_t>(hi - lo + 2), 0), delta(static_cast<size_t>(hi - lo + 2), 0);
  for (const auto& [a, b] : spans) {
    ++starts[static_cast<size_t>(a - lo)];
    ++delta[static_cast<size_t>(a - lo)];
    --delta[static_cast<size_t>(b - lo + 1)];
  }
  int64_t active = 0;
  for (int32_t m = lo; m <= hi; ++m) {
    active += delta[static_cast<size_t>(m - lo)];
    out[MonthName(m)] = {starts[static_cast<size_t>(m - lo)], active};
  }
  return out;
}

}  // namespace skillpulse

// Job lifecycle: when a job was first seen, last seen and closed, and the monthly counts of
// new and active jobs (Lightcast's "new postings" / "active postings", counted per unique job).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace skillpulse {

// A posting's or job's seen interval. Unix seconds UTC.
struct SeenSpan {
  int64_t first_seen = 0;
  int64_t last_seen = 0;
  int64_t closed_at = 0;  // 0 = still open
};

// A posting is closed when its source was observed again after it without it: the source's
// newest last_seen is more than `grace_s` after the posting's last_seen. Its closed_at is then
// its last_seen. (One day of grace: a board fetched daily does not close a posting that was
// merely fetched a few hours before the rest.)
inline constexpr int64_t kClosedGraceS = 86400;
int64_t PostingClosedAt(int64_t last_seen, int64_t source_max_last_seen, int64_t grace_s = kClosedGraceS);

// A job spans its postings: first_seen = min, last_seen = max, closed_at = the latest
// closed_at when every posting is closed, else 0 (open).
SeenSpan JobSpan(std::span<const SeenSpan> postings);

struct MonthlyJobCounts {
  int64_t new_jobs = 0;     // first seen in the month
  int64_t active_jobs = 0;  // open at some point of the month: first_seen <= month end and
                            // (open, or closed_at >= month start)
};
// Counts per "YYYY-MM" (UTC), for every month from the earliest first_seen to the latest
// month any job is active in (the month of its closed_at, or of `now_s` for open jobs).
std::map<std::string, MonthlyJobCounts> CountJobsByMonth(std::span<const SeenSpan> jobs, int64_t now_s);

}  // namespace skillpulse

#include "report/units.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"

namespace skillpulse::report_internal {
namespace {

constexpr MonthIndex kMaxMonth = 9999 * 12 + 11;
// Windows start no earlier than 1900-01, so "a year earlier" is still a valid month.
constexpr MonthIndex kMinOptionMonth = 1900 * 12;

// Optimal string alignment distance (Levenshtein + adjacent transpositions), ASCII
// case-insensitive.
size_t EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      const bool same = AsciiLower(a[i - 1]) == AsciiLower(b[j - 1]);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && AsciiLower(a[i - 1]) == AsciiLower(b[j - 2]) &&
          AsciiLower(a[i - 2]) == AsciiLower(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::string Suggestions(const FactTable& facts, std::string_view name) {
  const size_t max_distance = name.size() <= 3 ? 1 : name.size() <= 6 ? 2 : 3;
  struct Candidate {
    size_t distance;
    size_t index;
  };
  std::vector<Candidate> found;
  for (size_t i = 0; i < facts.skill_info.size(); ++i) {
    const FactSkillInfo& s = facts.skill_info[i];
    size_t best = EditDistance(name, s.slug);
    best = std::min(best, EditDistance(name, s.name));
    for (const auto& a : s.aliases) best = std::min(best, EditDistance(name, a));
    const bool prefix = name.size() >= 2 && (StartsWithIgnoreAsciiCase(s.slug, name) ||
                                             StartsWithIgnoreAsciiCase(s.name, name));
    if (best <= max_distance || prefix) found.push_back({prefix ? std::min<size_t>(best, 1) : best, i});
  }
  std::sort(found.begin(), found.end(), [&](const Candidate& a, const Candidate& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    return facts.skill_info[a.index].slug < facts.skill_info[b.index].slug;
  });
  if (found.size() > 5) found.resize(5);
  if (found.empty()) {
    return "; no similar skill among the " + std::to_string(facts.skill_info.size()) + " known";
  }
  std::string out = "; did you mean: ";
  for (size_t k = 0; k < found.size(); ++k) {
    const FactSkillInfo& s = facts.skill_info[found[k].index];
    if (k) out += ", ";
    out += s.slug;
    if (!EqualsIgnoreAsciiCase(s.slug, s.name)) out += " (" + s.name + ")";
  }
  out += "?";
  return out;
}

int64_t JobKey(const PostingFact& p) { return p.job_id != kNoJob ? p.job_id : p.posting_id; }

}  // namespace

Status ValidateFacts(const FactTable& facts) {
  const size_t nskills = facts.skill_info.size();
  for (const PostingFact& p : facts.postings) {
    if (static_cast<size_t>(p.skills_begin) + p.skills_count > facts.skills.size()) {
      return Internal("fact table: posting " + std::to_string(p.posting_id) + " skill range past the end");
    }
    for (const FactSkill* s = facts.SkillsBegin(p); s != facts.SkillsEnd(p); ++s) {
      if (s->skill >= nskills) {
        return Internal("fact table: posting " + std::to_string(p.posting_id) + " names skill " +
                        std::to_string(s->skill) + " of " + std::to_string(nskills));
      }
    }
    if (static_cast<int>(p.work_mode) > static_cast<int>(WorkMode::kOnsite) ||
        static_cast<int>(p.seniority) > static_cast<int>(Seniority::kDirector)) {
      return Internal("fact table: posting " + std::to_string(p.posting_id) + " has an enum out of range");
    }
    if (p.month != kNoMonth && (p.month < 0 || p.month > kMaxMonth)) {
      return Internal("fact table: posting " + std::to_string(p.posting_id) + " has month index " +
                      std::to_string(p.month));
    }
  }
  return Status::Ok();
}

Result<std::vector<int>> ResolveSkills(const FactTable& facts, const std::vector<std::string>& names) {
  if (names.empty()) return InvalidArgument("no skill given; name at least one (e.g. go rust)");
  std::vector<int> out;
  for (const std::string& name : names) {
    if (out.size() == kMaxReportSkills) {
      return InvalidArgument("too many skills: a report compares at most " + std::to_string(kMaxReportSkills));
    }
    const int id = facts.FindSkill(TrimAscii(name));
    if (id < 0) return InvalidArgument("unknown skill \"" + name + "\"" + Suggestions(facts, TrimAscii(name)));
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

Result<MonthIndex> ParseMonthOption(std::string_view value, std::string_view flag) {
  if (value.empty()) return kNoMonth;
  const MonthIndex m = ParseMonthIndex(value);
  if (m == kNoMonth) {
    return InvalidArgument(std::string(flag) + " \"" + std::string(value) + "\" is not a month (YYYY-MM)");
  }
  if (m < kMinOptionMonth) {
    return InvalidArgument(std::string(flag) + " \"" + std::string(value) + "\" is before 1900-01");
  }
  return m;
}

DataMonths ScanMonths(const FactTable& facts) {
  DataMonths d;
  for (const PostingFact& p : facts.postings) {
    if (p.month == kNoMonth) {
      ++d.postings_without_month;
      continue;
    }
    if (d.first == kNoMonth || p.month < d.first) d.first = p.month;
    if (d.last == kNoMonth || p.month > d.last) d.last = p.month;
  }
  return d;
}

JobGroups GroupJobs(const FactTable& facts) {
  JobGroups g;
  const auto& ps = facts.postings;
  // One sequential pass over the (large) PostingFacts into small arrays; everything after reads
  // only these, in job order, so the random accesses stay in cache.
  std::vector<int64_t> key(ps.size());
  std::vector<MonthIndex> month(ps.size()), lo(ps.size()), hi(ps.size());
  g.order.reserve(ps.size());
  bool ids_sorted = true;
  for (size_t i = 0; i < ps.size(); ++i) {
    const PostingFact& p = ps[i];
    if (i > 0 && p.posting_id < ps[i - 1].posting_id) ids_sorted = false;
    if (p.month == kNoMonth) continue;
    g.order.push_back(static_cast<uint32_t>(i));
    key[i] = JobKey(p);
    month[i] = lo[i] = hi[i] = p.month;
    if (p.first_seen > 0) {
      const MonthIndex m = MonthIndexOfUnix(p.first_seen);
      if (m != kNoMonth) lo[i] = std::min(lo[i], m);
    }
    const int64_t last = p.closed_at > 0 ? p.closed_at : p.last_seen;
    if (last > 0) {
      const MonthIndex m = MonthIndexOfUnix(last);
      if (m != kNoMonth) hi[i] = std::max(hi[i], m);
    }
  }
  // Within a job: by month, then posting_id (= index order when the table is sorted by id).
  auto less = [&](uint32_t a, uint32_t b) {
    if (key[a] != key[b]) return key[a] < key[b];
    if (month[a] != month[b]) return month[a] < month[b];
    return ids_sorted ? a < b : ps[a].posting_id < ps[b].posting_id;
  };
  // Before deduplication every job_id is its posting_id and postings come sorted by it: the
  // order is already right, and checking is O(n).
  if (!std::is_sorted(g.order.begin(), g.order.end(), less)) {
    // Group by job without a comparison sort (which costs ~3 ms for 54k postings): number the
    // jobs in order of first appearance with an open-addressing hash table, scatter the postings
    // by job number (a counting sort, stable: index order inside a job), then sort each job's
    // few postings by month. Jobs end up in order of first appearance, not by key: no report
    // depends on the order of jobs.
    size_t capacity = 16;
    int shift = 64 - 4;
    while (capacity < 2 * g.order.size()) {
      capacity *= 2;
      --shift;
    }
    std::vector<int64_t> slot_key(capacity);
    std::vector<uint32_t> slot_job(capacity, UINT32_MAX);
    std::vector<uint32_t> job_of(ps.size());
    std::vector<uint32_t> job_size;
    for (uint32_t i : g.order) {
      // Fibonacci hashing (Knuth, TAOCP vol. 3, 6.4): the top bits of key * 2^64/phi.
      size_t h = static_cast<size_t>((static_cast<uint64_t>(key[i]) * 0x9E3779B97F4A7C15ull) >> shift);
      while (slot_job[h] != UINT32_MAX && slot_key[h] != key[i]) h = (h + 1) & (capacity - 1);
      if (slot_job[h] == UINT32_MAX) {
        slot_key[h] = key[i];
        slot_job[h] = static_cast<uint32_t>(job_size.size());
        job_size.push_back(0);
      }
      job_of[i] = slot_job[h];
      ++job_size[slot_job[h]];
    }
    std::vector<uint32_t> next(job_size.size() + 1, 0);
    for (size_t j = 0; j < job_size.size(); ++j) next[j + 1] = next[j] + job_size[j];
    std::vector<uint32_t> first(next.begin(), next.end());
    std::vector<uint32_t> sorted(g.order.size());
    for (uint32_t i : g.order) sorted[next[job_of[i]]++] = i;
    for (size_t j = 0; j < job_size.size(); ++j) {
      if (job_size[j] > 1) std::sort(sorted.begin() + first[j], sorted.begin() + first[j + 1], less);
    }
    g.order = std::move(sorted);
  }

  g.month.resize(g.order.size());
  g.begin.reserve(g.order.size() + 1);
  for (size_t k = 0; k < g.order.size(); ++k) {
    const uint32_t i = g.order[k];
    g.month[k] = month[i];
    if (k == 0 || key[i] != key[g.order[k - 1]]) {
      g.begin.push_back(static_cast<uint32_t>(k));
      g.start.push_back(lo[i]);
      g.end.push_back(hi[i]);
    } else {
      g.start.back() = std::min(g.start.back(), lo[i]);
      g.end.back() = std::max(g.end.back(), hi[i]);
    }
  }
  g.begin.push_back(static_cast<uint32_t>(g.order.size()));
  return g;
}

int64_t LatestAtOrBefore(const JobGroups& groups, size_t g, MonthIndex m) {
  for (uint32_t k = groups.begin[g + 1]; k > groups.begin[g]; --k) {
    if (groups.month[k - 1] <= m) return groups.order[k - 1];
  }
  return -1;
}

std::vector<uint32_t> SelectUnits(const FactTable& facts, const JobGroups& groups, CountUnit unit,
                                  MonthIndex since, MonthIndex until) {
  std::vector<uint32_t> out;
  if (since == kNoMonth || until == kNoMonth) return out;
  if (unit == CountUnit::kPostings) {
    for (size_t i = 0; i < facts.postings.size(); ++i) {
      const MonthIndex m = facts.postings[i].month;
      if (m != kNoMonth && m >= since && m <= until) out.push_back(static_cast<uint32_t>(i));
    }
    return out;
  }
  out.reserve(groups.jobs());
  for (size_t g = 0; g < groups.jobs(); ++g) {
    for (uint32_t k = groups.begin[g + 1]; k > groups.begin[g]; --k) {
      if (groups.month[k - 1] > until) continue;
      if (groups.month[k - 1] >= since) out.push_back(groups.order[k - 1]);
      break;
    }
  }
  return out;
}

int CountMonthsWithData(const FactTable& facts, MonthIndex since, MonthIndex until) {
  if (since == kNoMonth || until == kNoMonth || until < since) return 0;
  std::vector<bool> seen(static_cast<size_t>(until - since) + 1);
  int count = 0;
  for (const PostingFact& p : facts.postings) {
    if (p.month == kNoMonth || p.month < since || p.month > until) continue;
    auto bit = seen[static_cast<size_t>(p.month - since)];
    if (!bit) {
      bit = true;
      ++count;
    }
  }
  return count;
}

std::vector<int16_t> SlotsOf(const FactTable& facts, const std::vector<int>& skills) {
  std::vector<int16_t> slot(facts.skill_info.size(), -1);
  for (size_t k = 0; k < skills.size(); ++k) slot[static_cast<size_t>(skills[k])] = static_cast<int16_t>(k);
  return slot;
}

std::vector<uint64_t> SkillMasks(const FactTable& facts, const std::vector<int16_t>& slot) {
  std::vector<uint64_t> mask(facts.postings.size());
  for (size_t i = 0; i < facts.postings.size(); ++i) {
    const PostingFact& p = facts.postings[i];
    uint64_t m = 0;
    for (const FactSkill* s = facts.SkillsBegin(p); s != facts.SkillsEnd(p); ++s) {
      if (slot[s->skill] >= 0) m |= uint64_t{1} << slot[s->skill];
    }
    mask[i] = m;
  }
  return mask;
}

namespace {
std::string CleanText(const std::string& s) {
  std::string out = IsValidUtf8(s) ? s : MakeValidUtf8(s);
  for (char& c : out) {
    if ((static_cast<unsigned char>(c) < 0x20) || c == 0x7F) c = ' ';
  }
  return out;
}
}  // namespace

FactSkillInfo CleanSkillInfo(const FactSkillInfo& info) {
  FactSkillInfo out;
  out.slug = CleanText(info.slug);
  out.name = CleanText(info.name);
  out.kind = CleanText(info.kind);
  for (const std::string& a : info.aliases) out.aliases.push_back(CleanText(a));
  out.rule_summary = CleanText(info.rule_summary);
  return out;
}

double SalaryOf(const PostingFact& p) {
  const bool has_min = std::isfinite(p.salary_usd_year_min) && p.salary_usd_year_min > 0;
  const bool has_max = std::isfinite(p.salary_usd_year_max) && p.salary_usd_year_max > 0;
  if (has_min && has_max) {
    return (static_cast<double>(p.salary_usd_year_min) + static_cast<double>(p.salary_usd_year_max)) / 2;
  }
  if (has_min) return p.salary_usd_year_min;
  if (has_max) return p.salary_usd_year_max;
  return NAN;
}

}  // namespace skillpulse::report_internal

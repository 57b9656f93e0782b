// The report layer's input: one compact row per posting with the fields reports aggregate,
// loaded from any store (SQLite or PostgreSQL) by Store::LoadFacts. Reports are computed in
// C++ from this table, so every store gives byte-identical reports.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/posting.h"

namespace skillpulse {

// A month as an integer: year * 12 + (month - 1). kNoMonth when unknown.
using MonthIndex = int32_t;
inline constexpr MonthIndex kNoMonth = -1;
MonthIndex ParseMonthIndex(std::string_view yyyy_mm);  // kNoMonth if malformed
std::string FormatMonthIndex(MonthIndex m);            // "YYYY-MM"
// The UTC month of a Unix time; kNoMonth outside 1970-01-01 .. 9999-12-31.
MonthIndex MonthIndexOfUnix(int64_t unix_s);

// A skill as the store knows it (the taxonomy snapshot written at ingest time).
struct FactSkillInfo {
  std::string slug;                  // stable id ("go")
  std::string name;                  // display name ("Go")
  std::string kind;                  // "language", "framework", "database", "cloud", "tool", ...
  std::vector<std::string> aliases;  // e.g. {"Golang"}
  std::string rule_summary;          // human-readable: what counts as a mention (methodology)
};

// One skill of one posting. skill indexes FactTable::skill_info.
struct FactSkill {
  uint16_t skill = 0;
  int8_t required = -1;  // 1 required, 0 nice-to-have, -1 not stated
};

inline constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();

struct PostingFact {
  int64_t posting_id = 0;
  int64_t job_id = 0;            // postings with the same job_id are one unique job
  uint16_t source = 0;           // index into FactTable::sources
  MonthIndex month = kNoMonth;   // the posting's month ("YYYY-MM" of the HN thread / datePosted)
  int64_t first_seen = 0;        // Unix seconds UTC; 0 = unknown
  int64_t last_seen = 0;
  int64_t closed_at = 0;         // 0 = still open
  WorkMode work_mode = WorkMode::kUnknown;
  Seniority seniority = Seniority::kUnknown;
  EmploymentType employment_type = EmploymentType::kUnknown;
  float experience_years_min = kNoValue;  // years; NaN = not stated
  float salary_usd_year_min = kNoValue;   // annual USD; NaN = none
  float salary_usd_year_max = kNoValue;
  bool salary_is_estimate = false;        // board-predicted: left out of medians by default
  std::string country;                    // ISO 3166-1 alpha-2 or ""
  uint32_t skills_begin = 0;              // [skills_begin, skills_begin + skills_count) in FactTable::skills
  uint16_t skills_count = 0;
};

// One unique job (dedup): postings with the same PostingFact::job_id, with its lifecycle
// (dedup/lifecycle.h: closed when every posting disappeared from its source).
struct JobFact {
  int64_t job_id = 0;
  int64_t first_seen = 0;   // Unix seconds UTC: earliest first_seen of its postings
  int64_t last_seen = 0;    // latest last_seen
  int64_t closed_at = 0;    // 0 = still open
  int32_t postings = 0;     // postings of the job
};

struct FactTable {
  std::vector<PostingFact> postings;     // sorted by posting_id
  std::vector<JobFact> jobs;             // sorted by job_id (dedup)
  std::vector<FactSkill> skills;         // grouped per posting, each group sorted by skill
  std::vector<FactSkillInfo> skill_info;
  std::vector<std::string> sources;      // source names

  // Skill index by slug, name or alias (ASCII case-insensitive); -1 if unknown.
  int FindSkill(std::string_view name) const;
  // The skills of one posting.
  const FactSkill* SkillsBegin(const PostingFact& p) const { return skills.data() + p.skills_begin; }
  const FactSkill* SkillsEnd(const PostingFact& p) const { return skills.data() + p.skills_begin + p.skills_count; }
};

}  // namespace skillpulse

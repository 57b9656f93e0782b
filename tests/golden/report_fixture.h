// The small FactTable behind the report golden files (tests/golden/*.reference) and the report
// unit tests. Every expected number in those files and tests is derived by hand from this
// table; the derivation is written out in tests/golden/README.md. Change it only together with
// the goldens.
#pragma once

#include <cmath>

#include "core/text.h"
#include "report/fact_builder.h"

namespace skillpulse::testing {

inline int64_t Unix(const char* iso) { return *ParseIso8601(iso); }

inline PostingFact Fact(int64_t posting_id, int64_t job_id, const char* month, WorkMode mode, Seniority level,
                        float experience_years, float salary_min, float salary_max, bool estimate = false) {
  PostingFact p;
  p.posting_id = posting_id;
  p.job_id = job_id;
  p.month = month ? ParseMonthIndex(month) : kNoMonth;
  p.work_mode = mode;
  p.seniority = level;
  p.experience_years_min = experience_years;
  p.salary_usd_year_min = salary_min;
  p.salary_usd_year_max = salary_max;
  p.salary_is_estimate = estimate;
  p.country = "US";
  return p;
}

// Skill indexes of ReportFixture().
enum FixtureSkill : uint16_t { kGo = 0, kRust, kPython, kPostgres, kTypeScript };

inline FactTable ReportFixture() {
  constexpr float N = kNoValue;
  using M = WorkMode;
  using S = Seniority;
  FactTableBuilder b;
  b.AddSkill("go", "Go", "language", {"Golang"},
             "\"Golang\", or \"Go\" capitalized in a list of languages or tools (not the verb)");
  b.AddSkill("rust", "Rust", "language", {}, "\"Rust\" as a word, case-sensitive");
  b.AddSkill("python", "Python", "language", {}, "\"Python\" as a word");
  b.AddSkill("postgresql", "PostgreSQL", "database", {"Postgres"}, "\"PostgreSQL\" or \"Postgres\"");
  b.AddSkill("typescript", "TypeScript", "language", {"TS"}, "\"TypeScript\" or \"TS\"");

  // ---- 2025-01..2025-03: the compare window ----
  PostingFact p1 = Fact(1, 1, "2025-01", M::kRemote, S::kSenior, 5, 150000, 170000);
  p1.first_seen = Unix("2025-01-03T10:00:00Z");
  p1.last_seen = Unix("2025-01-20T10:00:00Z");
  b.AddPosting(p1, {Req(kGo), Nice(kPython)});
  b.AddPosting(Fact(2, 1, "2025-02", M::kRemote, S::kSenior, 5, 150000, 190000),
               {Req(kGo), Nice(kPython), Sk(kPostgres)});
  b.AddPosting(Fact(3, 3, "2025-01", M::kOnsite, S::kMid, 2, 120000, N), {Sk(kGo), Nice(kRust)});
  b.AddPosting(Fact(4, 4, "2025-02", M::kHybrid, S::kSenior, N, N, 200000), {Req(kRust), Req(kPython)});
  b.AddPosting(Fact(5, 5, "2025-03", M::kRemote, S::kUnknown, 3, 100000, 140000, /*estimate=*/true),
               {Req(kRust), Req(kGo)});
  b.AddPosting(Fact(6, 6, "2025-03", M::kUnknown, S::kJunior, 1, N, N), {Sk(kPython), Sk(kTypeScript)});
  b.AddPosting(Fact(7, 7, "2025-03", M::kRemote, S::kSenior, 4, 180000, 220000), {Req(kRust), Nice(kTypeScript)});
  b.AddPosting(Fact(8, 0, "2025-02", M::kOnsite, S::kStaff, 8, 210000, 230000), {Nice(kGo), Req(kRust)});
  // No month: left out of everything.
  b.AddPosting(Fact(9, 9, nullptr, M::kRemote, S::kSenior, 5, 100000, 100000), {Req(kGo)});

  // ---- 2024-01..2024-03: a year earlier ----
  b.AddPosting(Fact(10, 10, "2024-01", M::kRemote, S::kSenior, 5, 140000, 160000), {Req(kGo)});
  b.AddPosting(Fact(11, 11, "2024-02", M::kOnsite, S::kMid, 2, N, N), {Sk(kPython)});
  b.AddPosting(Fact(12, 12, "2024-03", M::kRemote, S::kMid, 3, N, N), {Nice(kRust), Sk(kGo)});
  b.AddPosting(Fact(13, 10, "2024-03", M::kRemote, S::kSenior, 5, N, N), {Req(kGo)});

  // ---- Between the windows ----
  // Open 2024-11..2025-02 (last seen in February) but never posted inside the compare window.
  PostingFact p14 = Fact(14, 14, "2024-11", M::kRemote, S::kSenior, 6, N, N);
  p14.first_seen = Unix("2024-11-10T00:00:00Z");
  p14.last_seen = Unix("2025-02-05T00:00:00Z");
  b.AddPosting(p14, {Req(kRust)});
  // Job 3's first posting: job 3 starts in 2024-12, so it is not new in 2025-01.
  b.AddPosting(Fact(15, 3, "2024-12", M::kOnsite, S::kMid, 2, N, N), {Sk(kGo)});
  return b.Build();
}

}  // namespace skillpulse::testing

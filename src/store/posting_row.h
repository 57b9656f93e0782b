// How a JobPosting becomes a stored row, shared by every store so SQLite and PostgreSQL
// agree on derived values (reports must be identical whichever store they read). These are
// the rules sqlite/sqlite_store.cc applies; keep the two in step (the PostgreSQL parity test
// compares the stores row by row).
#pragma once

#include <cstdint>
#include <string>

#include "core/posting.h"

namespace skillpulse {

struct Skill;

// XXH3-64 over every stored field of a posting (not provenance: source, source_id, origin),
// in a fixed order with lengths, so a re-ingested posting with identical fields is told
// apart from a changed one. Store-internal: the value is never compared across stores.
uint64_t PostingFieldsHash(const JobPosting& p);

// The salary's `ranges` as a JSON array: [{"currency":"USD","period":"year","min":1,"max":2}].
std::string SalaryRangesJson(const Salary& s);

// When the posting was seen (Unix seconds): observed_at, else posted_at, else the first
// day of its month (UTC), else `fallback` (the run's start).
int64_t PostingSeenAt(const JobPosting& p, int64_t fallback);

// The skills table's rule_summary: "\"Go\", \"Golang\" as whole words".
std::string SkillRuleSummary(const Skill& s);

// The skills table's aliases column: the aliases joined with U+001F.
std::string SkillAliasesColumn(const Skill& s);

}  // namespace skillpulse

// Builds a FactTable by hand, keeping its invariants (postings sorted by posting_id; each
// posting's skills contiguous, sorted by skill, unique). For tests, benchmarks and small tools;
// stores fill FactTable directly. Not thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/facts.h"

namespace skillpulse {

class FactTableBuilder {
 public:
  // Adds a skill to skill_info; returns its index (FactSkill::skill).
  uint16_t AddSkill(std::string slug, std::string name, std::string kind,
                    std::vector<std::string> aliases = {}, std::string rule_summary = "");

  // Adds one posting with its skills (any order; duplicates of a skill keep the first).
  // posting.skills_begin/skills_count are overwritten. A posting_id of 0 is replaced by the next
  // free id (1, 2, ...); job_id 0 stays 0 (the posting is its own job).
  void AddPosting(PostingFact posting, std::vector<FactSkill> skills = {});

  // Sorts postings by posting_id and lays out their skills. The builder is left empty.
  FactTable Build();

 private:
  struct Pending {
    PostingFact posting;
    std::vector<FactSkill> skills;
  };
  std::vector<FactSkillInfo> skill_info_;
  std::vector<Pending> postings_;
  int64_t next_id_ = 1;
};

// Shorthand for a skill reference: Req(id) required, Nice(id) nice-to-have, Sk(id) not stated.
inline FactSkill Sk(uint16_t id) { return FactSkill{id, -1}; }
inline FactSkill Req(uint16_t id) { return FactSkill{id, 1}; }
inline FactSkill Nice(uint16_t id) { return FactSkill{id, 0}; }

}  // namespace skillpulse

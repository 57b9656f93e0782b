#include "report/fact_builder.h"

#include <algorithm>

namespace skillpulse {

uint16_t FactTableBuilder::AddSkill(std::string slug, std::string name, std::string kind,
                                    std::vector<std::string> aliases, std::string rule_summary) {
  FactSkillInfo info;
  info.slug = std::move(slug);
  info.name = std::move(name);
  info.kind = std::move(kind);
  info.aliases = std::move(aliases);
  info.rule_summary = std::move(rule_summary);
  skill_info_.push_back(std::move(info));
  return static_cast<uint16_t>(skill_info_.size() - 1);
}

void FactTableBuilder::AddPosting(PostingFact posting, std::vector<FactSkill> skills) {
  if (posting.posting_id == 0) posting.posting_id = next_id_;
  next_id_ = std::max(next_id_, posting.posting_id + 1);
  std::stable_sort(skills.begin(), skills.end(),
                   [](const FactSkill& a, const FactSkill& b) { return a.skill < b.skill; });
  skills.erase(std::unique(skills.begin(), skills.end(),
                           [](const FactSkill& a, const FactSkill& b) { return a.skill == b.skill; }),
               skills.end());
  postings_.push_back(Pending{std::move(posting), std::move(skills)});
}

FactTable FactTableBuilder::Build() {
  std::stable_sort(postings_.begin(), postings_.end(), [](const Pending& a, const Pending& b) {
    return a.posting.posting_id < b.posting.posting_id;
  });
  FactTable t;
  t.skill_info = std::move(skill_info_);
  t.postings.reserve(postings_.size());
  for (auto& p : postings_) {
    p.posting.skills_begin = static_cast<uint32_t>(t.skills.size());
    p.posting.skills_count = static_cast<uint16_t>(p.skills.size());
    t.skills.insert(t.skills.end(), p.skills.begin(), p.skills.end());
    t.postings.push_back(std::move(p.posting));
  }
  t.sources = {"test"};
  *this = FactTableBuilder();
  return t;
}

}  // namespace skillpulse

// Text for `skillpulse skills list` and `skillpulse skills show NAME` (wired into the CLI by
// apps/skillpulse). Pure functions of the taxonomy; the caller prints the result.
#pragma once

#include <optional>
#include <string>

#include "enrich/skills/taxonomy.h"

namespace skillpulse {

// A fixed-width table, one skill per line in taxonomy order, with a header line:
//   slug  name  kind  aliases (count of spellings besides the name)  onet (yes/-)  esco (yes/-)
// followed by a summary line with the count per kind. `kind` filters to one kind.
std::string ListSkills(const Taxonomy& taxonomy, std::optional<SkillKind> kind = std::nullopt);

// Everything about one skill: slug, name, kind, every spelling (and which are case-sensitive),
// implied skills, O*NET / ESCO / Linguist mappings, the note, the not_in phrases and each
// reject rule in readable form ("dropped when: the next words are 'to market' ...").
// Resolve NAME with Taxonomy::Find first.
std::string DescribeSkill(const Taxonomy& taxonomy, const Skill& skill);

}  // namespace skillpulse

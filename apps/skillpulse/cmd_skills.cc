// skillpulse skills list|show: what the taxonomy (data/skills.toml) counts as each skill, so
// every figure of a report can be traced to the spellings and rules behind it.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "commands.h"
#include "enrich/skills/skill_info.h"
#include "enrich/skills/taxonomy.h"

namespace skillpulse {
namespace {

// The shipped taxonomy, or the file given with --taxonomy.
std::shared_ptr<const Taxonomy> LoadTaxonomy(const std::string& path) {
  if (path.empty()) return Taxonomy::Default();
  auto t = Taxonomy::Load(path);
  if (!t.ok()) {
    PrintError(t.status().message());
    return nullptr;
  }
  return std::move(t).value();
}

}  // namespace

void RegisterSkills(CLI::App& app, CommandLine& cli) {
  auto* cmd = app.add_subcommand("skills", "List the skill taxonomy, or show what counts as a mention of one skill");
  cmd->require_subcommand(1);
  auto taxonomy_path = std::make_shared<std::string>();

  auto* list = cmd->add_subcommand("list", "Every skill: slug, name, kind, spellings, O*NET/ESCO mappings");
  auto kind = std::make_shared<std::string>();
  list->add_option("--kind", *kind, "Only this kind (language, framework, database, cloud, tool, markup, platform)");
  list->add_option("--taxonomy", *taxonomy_path, "Taxonomy file (default: the shipped data/skills.toml)");
  list->callback([&cli, kind, taxonomy_path] {
    cli.run = [kind, taxonomy_path] {
      auto taxonomy = LoadTaxonomy(*taxonomy_path);
      if (!taxonomy) return 1;
      std::optional<SkillKind> k;
      if (!kind->empty()) {
        k = ParseSkillKind(*kind);
        if (!k) {
          PrintError("unknown kind '" + *kind + "'");
          return 2;
        }
      }
      std::fputs(ListSkills(*taxonomy, k).c_str(), stdout);
      return 0;
    };
  });

  auto* show = cmd->add_subcommand("show", "One skill: spellings, implied skills, mappings, disambiguation rules");
  auto name = std::make_shared<std::string>();
  show->add_option("SKILL", *name, "Name, slug or alias (e.g. go, golang, c++)")->required();
  show->add_option("--taxonomy", *taxonomy_path, "Taxonomy file (default: the shipped data/skills.toml)");
  show->callback([&cli, name, taxonomy_path] {
    cli.run = [name, taxonomy_path] {
      auto taxonomy = LoadTaxonomy(*taxonomy_path);
      if (!taxonomy) return 1;
      const Skill* skill = taxonomy->Find(*name);
      if (skill == nullptr) {
        PrintError("no skill named '" + *name + "' (see: skillpulse skills list)");
        return 2;
      }
      std::fputs(DescribeSkill(*taxonomy, *skill).c_str(), stdout);
      return 0;
    };
  });
}

}  // namespace skillpulse

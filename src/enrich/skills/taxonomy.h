// The skill taxonomy: data/skills.toml, loaded once.
// Each skill has a stable id (slug), a display name, a kind, aliases, disambiguation rules
// (in data, not code) and mappings to O*NET technology examples and ESCO skills.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace skillpulse {

enum class SkillKind : uint8_t {
  kLanguage = 0,  // programming languages (and query/shell languages: SQL, Bash)
  kFramework,     // frameworks and libraries (React, Django, PyTorch, Tokio)
  kDatabase,      // databases and data stores (PostgreSQL, Redis, Kafka is kTool)
  kCloud,         // cloud platforms and their services (AWS, GCP, Azure, Lambda)
  kTool,          // infrastructure and tools (Kubernetes, Terraform, Kafka, Git)
};
// "language" | "framework" | "database" | "cloud" | "tool".
std::string_view SkillKindName(SkillKind k);

struct Skill {
  uint16_t id = 0;         // index in the loaded taxonomy (not stable across versions)
  std::string slug;        // stable id, e.g. "go", "cpp", "postgresql"
  std::string name;        // display name, e.g. "Go", "C++", "PostgreSQL"
  SkillKind kind = SkillKind::kTool;
  std::vector<std::string> aliases;  // e.g. "Golang"
  std::string onet_example;          // O*NET Technology Skills "Example" it maps to, or ""
  std::string esco_uri;              // ESCO conceptUri, or ""
};

class Taxonomy {
 public:
  // Loads a taxonomy file. Errors name the file and line.
  static Result<std::shared_ptr<const Taxonomy>> Load(const std::string& path);
  // The taxonomy shipped in data/ (SKILLPULSE_DATA_DIR, else the source tree's data/).
  // Aborts with a clear message if it cannot be loaded (a broken install).
  static std::shared_ptr<const Taxonomy> Default();

  size_t size() const { return skills_.size(); }
  const Skill& at(uint16_t id) const { return skills_[id]; }
  const std::vector<Skill>& skills() const { return skills_; }
  // By slug, name or alias, ignoring ASCII case; nullptr if unknown.
  const Skill* Find(std::string_view name) const;

  // Implementation detail of the owner of this module may add members below.
 private:
  std::vector<Skill> skills_;
  friend class TaxonomyBuilder;
  friend std::shared_ptr<const Taxonomy> MakePlaceholderTaxonomy();
};

}  // namespace skillpulse

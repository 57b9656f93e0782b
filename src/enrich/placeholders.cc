// TEMPORARY: minimal stand-ins so the source layer builds before the enrichment modules
// (salary, fields, HN header) are merged. Deleted when they land.
#include "enrich/salary.h"
#include "sources/hn_header.h"
#include "core/text.h"

namespace skillpulse {

}  // namespace skillpulse

#include "enrich/skills/taxonomy.h"
namespace skillpulse {
std::string_view SkillKindName(SkillKind k) {
  switch (k) {
    case SkillKind::kLanguage: return "language";
    case SkillKind::kFramework: return "framework";
    case SkillKind::kDatabase: return "database";
    case SkillKind::kCloud: return "cloud";
    case SkillKind::kTool: return "tool";
  }
  return "tool";
}
}  // namespace skillpulse

#include "enrich/fields.h"
#include "enrich/skills/skill_extractor.h"
namespace skillpulse {
std::shared_ptr<const Taxonomy> MakePlaceholderTaxonomy() {
  static auto t = [] {
    auto* x = new Taxonomy();
    Skill go; go.id = 0; go.slug = "go"; go.name = "Go"; go.kind = SkillKind::kLanguage; go.aliases = {"Golang"};
    Skill rust; rust.id = 1; rust.slug = "rust"; rust.name = "Rust"; rust.kind = SkillKind::kLanguage;
    x->skills_ = {go, rust};
    return std::shared_ptr<const Taxonomy>(x);
  }();
  return t;
}
std::shared_ptr<const Taxonomy> Taxonomy::Default() { return MakePlaceholderTaxonomy(); }
namespace {
class PlaceholderExtractor : public SkillExtractor {
 public:
  explicit PlaceholderExtractor(std::shared_ptr<const Taxonomy> t) : t_(std::move(t)) {}
  void Extract(std::string_view, std::string_view text, std::vector<SkillMention>& out) const override {
    out.clear();
    auto word = [&](std::string_view w) {
      for (size_t i = text.find(w); i != std::string_view::npos; i = text.find(w, i + 1)) {
        bool l = i == 0 || !IsAsciiAlnum(text[i - 1]);
        bool r = i + w.size() >= text.size() || !IsAsciiAlnum(text[i + w.size()]);
        if (l && r) return true;
      }
      return false;
    };
    if (word("Go") || word("Golang") || word("golang")) out.push_back({0, std::nullopt});
    if (word("Rust")) out.push_back({1, std::nullopt});
  }
  const Taxonomy& taxonomy() const override { return *t_; }
 private:
  std::shared_ptr<const Taxonomy> t_;
};
}  // namespace
Result<std::unique_ptr<SkillExtractor>> SkillExtractor::Create(std::shared_ptr<const Taxonomy> t) {
  return std::unique_ptr<SkillExtractor>(new PlaceholderExtractor(std::move(t)));
}
}  // namespace skillpulse

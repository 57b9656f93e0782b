#include "enrich/skills/skill_info.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/text.h"

namespace skillpulse {

namespace {

std::string Quoted(const std::vector<std::string>& xs) {
  std::string out;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i > 0) out += ", ";
    out += "\"" + xs[i] + "\"";
  }
  return out;
}

std::string Quoted(const std::vector<Phrase>& xs) {
  std::vector<std::string> s;
  s.reserve(xs.size());
  for (const auto& p : xs) s.push_back(p.source);
  return Quoted(s);
}

// Appends `text` wrapped at `width` columns, every line prefixed by `indent`.
void AppendWrapped(std::string& out, std::string_view text, std::string_view indent, size_t width = 96) {
  std::string line(indent);
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view word = text.substr(i, j - i);
    if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = std::string(indent);
    }
    if (line.size() > indent.size()) line += " ";
    line += word;
    i = j + 1;
  }
  if (line.size() > indent.size()) out += line + "\n";
}

}  // namespace

std::string ListSkills(const Taxonomy& taxonomy, std::optional<SkillKind> kind) {
  size_t slug_w = 4;
  size_t name_w = 4;
  for (const Skill& s : taxonomy.skills()) {
    if (kind && s.kind != *kind) continue;
    slug_w = std::max(slug_w, s.slug.size());
    name_w = std::max(name_w, s.name.size());
  }
  std::string out = fmt::format("{:<{}}  {:<{}}  {:<9}  {:>7}  {:<4}  {:<4}\n", "slug", slug_w, "name", name_w, "kind",
                                "aliases", "onet", "esco");
  std::array<int, kSkillKindCount> counts{};
  int total = 0;
  for (const Skill& s : taxonomy.skills()) {
    if (kind && s.kind != *kind) continue;
    ++counts[static_cast<size_t>(s.kind)];
    ++total;
    size_t spellings = s.aliases.size() + s.case_sensitive.size();
    out += fmt::format("{:<{}}  {:<{}}  {:<9}  {:>7}  {:<4}  {:<4}\n", s.slug, slug_w, s.name, name_w,
                       SkillKindName(s.kind), spellings, s.onet_example.empty() ? "-" : "yes",
                       s.esco_uri.empty() ? "-" : "yes");
  }
  out += fmt::format("{} skills", total);
  for (int k = 0; k < kSkillKindCount; ++k) {
    if (counts[k] > 0) out += fmt::format(", {} {}", counts[k], SkillKindName(static_cast<SkillKind>(k)));
  }
  out += "\n";
  return out;
}

std::string DescribeSkill(const Taxonomy& taxonomy, const Skill& skill) {
  std::string out;
  out += fmt::format("{} ({})\n", skill.name, skill.slug);
  out += fmt::format("  kind:            {}\n", SkillKindName(skill.kind));
  std::vector<std::string> caseless;
  if (skill.match_name) caseless.push_back(skill.name);
  caseless.insert(caseless.end(), skill.aliases.begin(), skill.aliases.end());
  // A caseless spelling shadowed by a case-sensitive one is matched only exactly.
  std::vector<std::string> shown;
  for (const auto& a : caseless) {
    bool shadowed = false;
    for (const auto& cs : skill.case_sensitive) {
      shadowed = shadowed || EqualsIgnoreAsciiCase(cs, a);
    }
    if (!shadowed) shown.push_back(a);
  }
  if (!skill.match_name) out += "  name matched:    no (a label only)\n";
  if (!shown.empty()) AppendWrapped(out, "any case: " + Quoted(shown), "  spellings:       ");
  if (!skill.case_sensitive.empty()) AppendWrapped(out, "exact case: " + Quoted(skill.case_sensitive), "                   ");
  if (!skill.implies.empty()) {
    std::vector<std::string> names;
    for (uint16_t id : skill.implies) names.push_back(taxonomy.at(id).name + " (" + taxonomy.at(id).slug + ")");
    out += "  also counts:     ";
    for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    out += "\n";
  }
  out += fmt::format("  O*NET example:   {}\n", skill.onet_example.empty() ? "-" : skill.onet_example);
  out += fmt::format("  ESCO:            {}\n", skill.esco_uri.empty() ? "-" : skill.esco_uri);
  if (skill.kind == SkillKind::kLanguage || !skill.linguist.empty()) {
    out += fmt::format("  GitHub Linguist: {}\n", skill.linguist.empty() ? "-" : skill.linguist);
  }
  if (!skill.note.empty()) AppendWrapped(out, skill.note, "  note:            ");
  if (!skill.not_in.empty()) {
    out += "  not counted inside:\n";
    AppendWrapped(out, Quoted(skill.not_in), "    ");
  }
  if (!skill.reject.empty()) {
    out += "  not counted when (all conditions of one rule hold):\n";
    int n = 0;
    for (const RejectRule& r : skill.reject) {
      out += fmt::format("    {}. {}\n", ++n, r.why);
      if (!r.aliases.empty()) AppendWrapped(out, "spelled " + Quoted(r.aliases), "       - ");
      if (r.at_sentence_start) out += "       - it opens a sentence, line or bullet\n";
      if (r.after_hyphen) out += "       - it ends a hyphenated word (\"Yoga-Go\")\n";
      if (!r.prev.empty()) AppendWrapped(out, "the words before it are one of " + Quoted(r.prev), "       - ");
      if (!r.next.empty()) AppendWrapped(out, "the words after it are one of " + Quoted(r.next), "       - ");
      if (r.no_context_within > 0) {
        out += fmt::format("       - no other technology or context word within {} words\n", r.no_context_within);
      }
      if (r.no_tech_within > 0) out += fmt::format("       - no other technology within {} words\n", r.no_tech_within);
      if (!r.near.empty()) {
        AppendWrapped(out, fmt::format("one of {} within {} words", Quoted(r.near), r.near_within), "       - ");
      }
    }
  }
  return out;
}

}  // namespace skillpulse

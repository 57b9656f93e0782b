#include "enrich/skills/taxonomy.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "core/input.h"
#include "core/paths.h"
#include "core/text.h"

namespace skillpulse {

namespace {

constexpr std::string_view kKindNames[kSkillKindCount] = {"language", "framework", "database", "cloud",
                                                          "tool",     "markup",    "platform"};

}  // namespace

std::string_view SkillKindName(SkillKind k) {
  auto i = static_cast<size_t>(k);
  return i < std::size(kKindNames) ? kKindNames[i] : "unknown";
}

std::optional<SkillKind> ParseSkillKind(std::string_view name) {
  for (size_t i = 0; i < std::size(kKindNames); ++i) {
    if (kKindNames[i] == name) return static_cast<SkillKind>(i);
  }
  return std::nullopt;
}

// Builds a Taxonomy from a parsed TOML document, validating as it goes. Every error names the
// file and line of the offending node.
class TaxonomyBuilder {
 public:
  explicit TaxonomyBuilder(std::string_view name) : name_(name) { tax_ = std::make_shared<Taxonomy>(); }

  Result<std::shared_ptr<const Taxonomy>> Build(const toml::table& root) {
    SP_TRY(CheckKeys(root, {"version", "matching", "requirement", "skill"}, "top level"));
    if (auto v = root["version"].value<int64_t>()) {
      tax_->version_ = static_cast<int>(*v);
    } else {
      return Err(root, "missing integer `version`");
    }
    if (const toml::table* m = root["matching"].as_table()) {
      SP_TRY(ReadMatching(*m));
    } else {
      return Err(root, "missing [matching] table");
    }
    if (const toml::table* r = root["requirement"].as_table()) {
      SP_TRY(ReadRequirement(*r));
    } else {
      return Err(root, "missing [requirement] table");
    }
    const toml::array* skills = root["skill"].as_array();
    if (skills == nullptr || skills->empty()) return Err(root, "no [[skill]] entries");
    if (skills->size() > 65535) return Err(root, "more than 65535 skills");
    // Two passes: `implies` may name a skill defined further down.
    std::vector<std::vector<std::pair<std::string, const toml::node*>>> implies(skills->size());
    for (size_t i = 0; i < skills->size(); ++i) {
      const toml::table* t = (*skills)[i].as_table();
      if (t == nullptr) return Err((*skills)[i], "[[skill]] entry is not a table");
      SP_TRY(ReadSkill(*t, static_cast<uint16_t>(i), implies[i]));
    }
    for (size_t i = 0; i < skills->size(); ++i) {
      Skill& s = tax_->skills_[i];
      for (const auto& [slug, node] : implies[i]) {
        auto it = tax_->by_slug_.find(slug);
        if (it == tax_->by_slug_.end()) return Err(*node, "implies unknown slug '" + slug + "'");
        if (it->second == s.id) return Err(*node, "skill implies itself");
        s.implies.push_back(it->second);
      }
    }
    return std::shared_ptr<const Taxonomy>(std::move(tax_));
  }

 private:
  Status Err(const toml::node& n, const std::string& msg) const {
    return ParseError(std::string(name_) + ":" + std::to_string(n.source().begin.line) + ": " + msg);
  }

  Status CheckKeys(const toml::table& t, std::initializer_list<std::string_view> allowed, std::string_view where) {
    for (const auto& [k, v] : t) {
      bool ok = false;
      for (auto a : allowed) ok = ok || (k.str() == a);
      if (!ok) return Err(v, "unknown key '" + std::string(k.str()) + "' in " + std::string(where));
    }
    return Status::Ok();
  }

  Status ReadString(const toml::table& t, std::string_view key, std::string& out, bool required) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return required ? Err(t, "missing `" + std::string(key) + "`") : Status::Ok();
    auto v = n->value<std::string>();
    if (!v) return Err(*n, "`" + std::string(key) + "` must be a string");
    if (!IsValidUtf8(*v)) return Err(*n, "`" + std::string(key) + "` is not valid UTF-8");
    out = *v;
    return Status::Ok();
  }

  Status ReadStrings(const toml::table& t, std::string_view key, std::vector<std::string>& out) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return Status::Ok();
    const toml::array* a = n->as_array();
    if (a == nullptr) return Err(*n, "`" + std::string(key) + "` must be an array of strings");
    for (const auto& e : *a) {
      auto v = e.value<std::string>();
      if (!v) return Err(e, "`" + std::string(key) + "` must contain strings only");
      if (v->empty() || !IsValidUtf8(*v) || TrimAscii(*v) != *v) {
        return Err(e, "`" + std::string(key) + "`: empty, untrimmed or invalid UTF-8 entry '" + *v + "'");
      }
      out.push_back(*v);
    }
    return Status::Ok();
  }

  Status ReadBool(const toml::table& t, std::string_view key, bool& out) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return Status::Ok();
    auto v = n->value<bool>();
    if (!v) return Err(*n, "`" + std::string(key) + "` must be a boolean");
    out = *v;
    return Status::Ok();
  }

  Status ReadInt(const toml::table& t, std::string_view key, int& out, int lo, int hi) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return Status::Ok();
    auto v = n->value<int64_t>();
    if (!v || *v < lo || *v > hi) {
      return Err(*n, "`" + std::string(key) + "` must be an integer in [" + std::to_string(lo) + ", " +
                         std::to_string(hi) + "]");
    }
    out = static_cast<int>(*v);
    return Status::Ok();
  }

  Status ReadMatching(const toml::table& m) {
    SP_TRY(CheckKeys(m,
                     {"glue", "digit_suffix_min_len", "domain_suffixes", "not_domain_suffixes", "context_words",
                      "company_cues", "comparison_after", "comparison_before"},
                     "[matching]"));
    ExtractionRules& r = tax_->rules_;
    SP_TRY(ReadString(m, "glue", r.glue, false));
    for (char c : r.glue) {
      if (IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80 || c == ' ') {
        return Err(m, "`glue` must contain ASCII punctuation only");
      }
    }
    SP_TRY(ReadInt(m, "digit_suffix_min_len", r.digit_suffix_min_len, 1, 100));
    SP_TRY(ReadStrings(m, "domain_suffixes", r.domain_suffixes));
    SP_TRY(ReadStrings(m, "not_domain_suffixes", r.not_domain_suffixes));
    SP_TRY(ReadStrings(m, "context_words", r.context_words));
    SP_TRY(ReadStrings(m, "company_cues", r.company_cues));
    SP_TRY(ReadPhrases(m, "comparison_after", r.comparison_after));
    SP_TRY(ReadPhrases(m, "comparison_before", r.comparison_before));
    for (auto& s : r.domain_suffixes) s = AsciiLowerCopy(s);
    for (auto& s : r.not_domain_suffixes) s = AsciiLowerCopy(s);
    return Status::Ok();
  }

  Status ReadRequirement(const toml::table& t) {
    SP_TRY(CheckKeys(t, {"required_headings", "nice_headings", "other_headings", "max_heading_words", "subject_breaks", "stack_disclaimers", "cue"},
                     "[requirement]"));
    ExtractionRules& r = tax_->rules_;
    SP_TRY(ReadStrings(t, "required_headings", r.required_headings));
    SP_TRY(ReadStrings(t, "nice_headings", r.nice_headings));
    SP_TRY(ReadStrings(t, "other_headings", r.other_headings));
    SP_TRY(ReadInt(t, "max_heading_words", r.max_heading_words, 1, 50));
    SP_TRY(ReadStrings(t, "subject_breaks", r.subject_breaks));
    SP_TRY(ReadStrings(t, "stack_disclaimers", r.stack_disclaimers));
    for (auto& w : r.subject_breaks) w = AsciiLowerCopy(w);
    if (const toml::node* n = t.get("cue")) {
      const toml::array* a = n->as_array();
      if (a == nullptr) return Err(*n, "`cue` must be an array of tables ([[requirement.cue]])");
      for (const auto& e : *a) {
        const toml::table* c = e.as_table();
        if (c == nullptr) return Err(e, "[[requirement.cue]] entry is not a table");
        SP_TRY(CheckKeys(*c, {"phrases", "effect", "side", "reach", "subject", "why"}, "[[requirement.cue]]"));
        RequirementCue cue;
        SP_TRY(ReadStrings(*c, "phrases", cue.phrases));
        if (cue.phrases.empty()) return Err(*c, "cue without phrases");
        std::string effect, side;
        SP_TRY(ReadString(*c, "effect", effect, true));
        SP_TRY(ReadString(*c, "side", side, true));
        SP_TRY(ReadString(*c, "why", cue.why, false));
        SP_TRY(ReadInt(*c, "reach", cue.reach_words, 0, 100));
        SP_TRY(ReadBool(*c, "subject", cue.subject));
        if (effect == "required") {
          cue.effect = RequirementCue::Effect::kRequired;
        } else if (effect == "nice") {
          cue.effect = RequirementCue::Effect::kNice;
        } else {
          return Err(*c, "cue `effect` must be \"required\" or \"nice\"");
        }
        if (side == "before") {
          cue.side = RequirementCue::Side::kBefore;
        } else if (side == "after") {
          cue.side = RequirementCue::Side::kAfter;
        } else if (side == "both") {
          cue.side = RequirementCue::Side::kBoth;
        } else {
          return Err(*c, "cue `side` must be \"before\", \"after\" or \"both\"");
        }
        if (cue.subject && (cue.effect != RequirementCue::Effect::kRequired || cue.side != RequirementCue::Side::kBefore)) {
          return Err(*c, "`subject` applies only to required cues with side = \"before\"");
        }
        r.cues.push_back(std::move(cue));
      }
    }
    return Status::Ok();
  }

  Status ParsePhrase(const toml::node& n, const std::string& s, Phrase& out) {
    out.source = s;
    std::string cur;
    auto flush = [&]() -> Status {
      if (cur.empty()) return Status::Ok();
      PhraseToken tok;
      if (cur == "<num>") {
        tok.type = PhraseToken::Type::kNumber;
      } else if (cur == "<amount>") {
        tok.type = PhraseToken::Type::kAmount;
      } else if (cur == "<Cap>") {
        tok.type = PhraseToken::Type::kCapital;
      } else if (cur.find('<') != std::string::npos || cur.find('>') != std::string::npos) {
        return Err(n, "unknown placeholder in phrase '" + s + "' (use <num>, <amount> or <Cap>)");
      } else {
        tok.text = AsciiLowerCopy(cur);
      }
      out.tokens.push_back(std::move(tok));
      cur.clear();
      return Status::Ok();
    };
    for (char c : s) {
      if (c == ' ' || c == '-') {
        SP_TRY(flush());
      } else {
        cur.push_back(c);
      }
    }
    SP_TRY(flush());
    if (out.tokens.empty()) return Err(n, "empty phrase '" + s + "'");
    return Status::Ok();
  }

  Status ReadPhrases(const toml::table& t, std::string_view key, std::vector<Phrase>& out) {
    std::vector<std::string> raw;
    SP_TRY(ReadStrings(t, key, raw));
    for (const auto& s : raw) {
      Phrase p;
      SP_TRY(ParsePhrase(*t.get(key), s, p));
      out.push_back(std::move(p));
    }
    return Status::Ok();
  }

  static bool HasAlnum(std::string_view s) {
    for (char c : s) {
      if (IsAsciiAlnum(c)) return true;
    }
    return false;
  }

  Status AddKey(const toml::node& n, const std::string& key, uint16_t id) {
    std::string k = AsciiLowerCopy(key);
    auto [it, inserted] = tax_->by_key_.emplace(k, id);
    if (!inserted && it->second != id) {
      return Err(n, "'" + key + "' already names skill '" + tax_->skills_[it->second].slug + "'");
    }
    return Status::Ok();
  }

  Status ReadSkill(const toml::table& t, uint16_t id, std::vector<std::pair<std::string, const toml::node*>>& implies) {
    SP_TRY(CheckKeys(t,
                     {"slug", "name", "kind", "match_name", "keeps_inner", "company", "aliases", "case_sensitive",
                      "not_in", "reject", "implies", "onet", "esco", "linguist", "note"},
                     "[[skill]]"));
    Skill s;
    s.id = id;
    SP_TRY(ReadString(t, "slug", s.slug, true));
    SP_TRY(ReadString(t, "name", s.name, true));
    std::string kind;
    SP_TRY(ReadString(t, "kind", kind, true));
    auto k = ParseSkillKind(kind);
    if (!k) return Err(t, "skill '" + s.slug + "': unknown kind '" + kind + "'");
    s.kind = *k;
    for (char c : s.slug) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return Err(t, "slug '" + s.slug + "' must match [a-z0-9-]+");
      }
    }
    if (s.slug.empty()) return Err(t, "empty slug");
    SP_TRY(ReadStrings(t, "aliases", s.aliases));
    SP_TRY(ReadStrings(t, "case_sensitive", s.case_sensitive));
    SP_TRY(ReadStrings(t, "not_in", s.not_in));
    SP_TRY(ReadString(t, "onet", s.onet_example, false));
    SP_TRY(ReadString(t, "esco", s.esco_uri, false));
    SP_TRY(ReadString(t, "linguist", s.linguist, false));
    SP_TRY(ReadString(t, "note", s.note, false));
    SP_TRY(ReadBool(t, "match_name", s.match_name));
    SP_TRY(ReadBool(t, "keeps_inner", s.keeps_inner));
    SP_TRY(ReadBool(t, "company", s.company));
    if (!s.esco_uri.empty() && s.esco_uri.rfind("http://data.europa.eu/esco/skill/", 0) != 0) {
      return Err(t, "skill '" + s.slug + "': esco must be an ESCO skill conceptUri");
    }
    if (!HasAlnum(s.name)) return Err(t, "skill '" + s.slug + "': name needs a letter or digit");
    for (const auto& a : s.aliases) {
      if (!HasAlnum(a)) return Err(t, "skill '" + s.slug + "': alias '" + a + "' needs a letter or digit");
    }
    for (const auto& a : s.case_sensitive) {
      if (!HasAlnum(a)) return Err(t, "skill '" + s.slug + "': spelling '" + a + "' needs a letter or digit");
    }
    // Every spelling of the skill, for validating not_in and reject.aliases.
    std::vector<std::string> spellings = s.aliases;
    if (s.match_name) spellings.push_back(s.name);
    spellings.insert(spellings.end(), s.case_sensitive.begin(), s.case_sensitive.end());
    if (spellings.empty()) return Err(t, "skill '" + s.slug + "' has no spelling to match (match_name = false, no aliases)");
    for (const auto& p : s.not_in) {
      bool contains = false;
      for (const auto& sp : spellings) contains = contains || FindIgnoreAsciiCase(p, sp) != std::string_view::npos;
      if (!contains) return Err(t, "skill '" + s.slug + "': not_in phrase '" + p + "' contains none of its spellings");
    }
    if (const toml::node* n = t.get("implies")) {
      const toml::array* a = n->as_array();
      if (a == nullptr) return Err(*n, "`implies` must be an array of slugs");
      for (const auto& e : *a) {
        auto v = e.value<std::string>();
        if (!v) return Err(e, "`implies` must contain slugs");
        implies.emplace_back(*v, &e);
      }
    }
    if (const toml::node* n = t.get("reject")) {
      const toml::array* a = n->as_array();
      if (a == nullptr) return Err(*n, "`reject` must be an array of tables ([[skill.reject]])");
      for (const auto& e : *a) {
        const toml::table* rt = e.as_table();
        if (rt == nullptr) return Err(e, "[[skill.reject]] entry is not a table");
        SP_TRY(CheckKeys(*rt,
                         {"why", "aliases", "prev", "next", "at_sentence_start", "after_hyphen", "no_context_within",
                          "no_tech_within", "near", "near_within"},
                         "[[skill.reject]]"));
        RejectRule r;
        SP_TRY(ReadString(*rt, "why", r.why, true));
        SP_TRY(ReadStrings(*rt, "aliases", r.aliases));
        SP_TRY(ReadPhrases(*rt, "prev", r.prev));
        SP_TRY(ReadPhrases(*rt, "next", r.next));
        SP_TRY(ReadBool(*rt, "at_sentence_start", r.at_sentence_start));
        SP_TRY(ReadBool(*rt, "after_hyphen", r.after_hyphen));
        SP_TRY(ReadInt(*rt, "no_context_within", r.no_context_within, 0, 1000));
        SP_TRY(ReadInt(*rt, "no_tech_within", r.no_tech_within, 0, 1000));
        SP_TRY(ReadStrings(*rt, "near", r.near));
        SP_TRY(ReadInt(*rt, "near_within", r.near_within, 0, 1000));
        if (r.near.empty() != (r.near_within == 0)) {
          return Err(*rt, "skill '" + s.slug + "': `near` and `near_within` go together");
        }
        for (auto& w : r.near) w = AsciiLowerCopy(w);  // ReadStrings refused empty entries
        if (r.no_context_within > 0 && r.no_tech_within > 0) {
          return Err(*rt, "skill '" + s.slug + "': use one of no_context_within / no_tech_within per rule");
        }
        if (r.prev.empty() && r.next.empty() && !r.at_sentence_start && !r.after_hyphen && !r.needs_context() &&
            r.near.empty()) {
          return Err(*rt, "skill '" + s.slug + "': reject rule without conditions would drop every mention");
        }
        for (const auto& ra : r.aliases) {
          bool known = false;
          for (const auto& sp : spellings) known = known || sp == ra;
          if (!known) return Err(*rt, "skill '" + s.slug + "': reject rule names unknown spelling '" + ra + "'");
        }
        s.reject.push_back(std::move(r));
      }
    }
    auto [it, inserted] = tax_->by_slug_.emplace(s.slug, id);
    if (!inserted) return Err(t, "duplicate slug '" + s.slug + "'");
    tax_->skills_.push_back(std::move(s));
    const Skill& added = tax_->skills_.back();
    SP_TRY(AddKey(t, added.slug, id));
    SP_TRY(AddKey(t, added.name, id));
    for (const auto& a : added.aliases) SP_TRY(AddKey(t, a, id));
    for (const auto& a : added.case_sensitive) SP_TRY(AddKey(t, a, id));
    return Status::Ok();
  }

  std::string_view name_;
  std::shared_ptr<Taxonomy> tax_;
};

Result<std::shared_ptr<const Taxonomy>> Taxonomy::Parse(std::string_view toml_text, std::string_view name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, name);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << name << ":" << e.source().begin.line << ": " << e.description();
    return ParseError(msg.str());
  }
  TaxonomyBuilder b(name);
  auto r = b.Build(root);
  if (!r.ok()) return r.status();
  std::const_pointer_cast<Taxonomy>(*r)->source_ = std::string(name);
  return r;
}

Result<std::shared_ptr<const Taxonomy>> Taxonomy::Load(const std::string& path) {
  auto bytes = ReadWholeFile(path, size_t{64} << 20);
  if (!bytes.ok()) return bytes.status().WithContext(path);
  return Parse(*bytes, path);
}

std::shared_ptr<const Taxonomy> Taxonomy::Default() {
  static const std::shared_ptr<const Taxonomy> kDefault = [] {
    std::string path = DataFile("skills.toml");
    auto r = Load(path);
    if (!r.ok()) {
      std::fprintf(stderr, "skillpulse: cannot load the skill taxonomy: %s\n", r.status().ToString().c_str());
      std::abort();
    }
    return *r;
  }();
  return kDefault;
}

const Skill* Taxonomy::Find(std::string_view name) const {
  auto it = by_key_.find(AsciiLowerCopy(TrimAscii(name)));
  return it == by_key_.end() ? nullptr : &skills_[it->second];
}

const Skill* Taxonomy::FindSlug(std::string_view slug) const {
  auto it = by_slug_.find(std::string(slug));
  return it == by_slug_.end() ? nullptr : &skills_[it->second];
}

}  // namespace skillpulse

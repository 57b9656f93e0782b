// The skill taxonomy: data/skills.toml, loaded once.
// Each skill has a stable id (slug), a display name, a kind, aliases, disambiguation rules
// (in data, not code) and mappings to O*NET technology examples and ESCO skills. The same file
// holds the extraction rules that are not tied to one skill: token-boundary settings, URL
// recognition, "tech context" words, and the section headings and phrases that mark a skill
// as required or nice-to-have. data/skills.toml's header documents every field.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace skillpulse {

// Append-only: values are stored by name ("language"), never by number, but keep the order.
enum class SkillKind : uint8_t {
  kLanguage = 0,  // programming languages (and query/shell languages: SQL, PL/SQL, Bash)
  kFramework,     // frameworks, libraries and runtimes (React, Django, PyTorch, Tokio, Node.js)
  kDatabase,      // databases and data stores (PostgreSQL, Redis, Snowflake)
  kCloud,         // cloud platforms and their services (AWS, GCP, Azure, Lambda)
  kTool,          // infrastructure and tools (Kubernetes, Terraform, Kafka, Git)
  kMarkup,        // markup, style sheet and data-format languages (HTML, CSS, Sass, XML)
  kPlatform,      // operating systems and device platforms (Linux, iOS, Android)
};
inline constexpr int kSkillKindCount = 7;
// "language" | "framework" | "database" | "cloud" | "tool" | "markup" | "platform".
std::string_view SkillKindName(SkillKind k);
// Inverse of SkillKindName (exact, lowercase); nullopt for anything else.
std::optional<SkillKind> ParseSkillKind(std::string_view name);

// One element of a context phrase (see PhraseToken users in skill_extractor.cc).
struct PhraseToken {
  enum class Type : uint8_t {
    kLiteral,  // `text`, compared ignoring ASCII case
    kNumber,   // "<num>": a run of digits (with , . inside)
    kAmount,   // "<amount>": a sum: a <num> with 3+ digits before any '.', or a ',' in it, or a
               // k/K suffix ("550", "30,000", "45k"; not a version such as "7.4")
    kCapital,  // "<Cap>": a word starting with an ASCII capital letter
  };
  Type type = Type::kLiteral;
  std::string text;  // lowercase, for kLiteral
};
// A phrase of a reject rule, e.g. "to market" or "<Cap>". Tokens are separated in the file by
// spaces or hyphens and match text tokens separated by any run of whitespace or hyphens.
struct Phrase {
  std::string source;  // as written in the file
  std::vector<PhraseToken> tokens;
};

// A condition set under which a mention of a skill is NOT counted. A rule applies when every
// condition it states holds; a mention is dropped when any of its skill's rules applies.
struct RejectRule {
  std::string why;                   // the reason, shown by `skillpulse skills show`
  std::vector<std::string> aliases;  // spellings the rule is limited to; empty = every spelling
  std::vector<Phrase> prev;          // the text right before the mention ends with one of these
  std::vector<Phrase> next;          // the text right after the mention starts with one of these
  bool at_sentence_start = false;    // the mention opens a sentence, line or bullet
  bool after_hyphen = false;         // the mention ends a hyphenated word ("Yoga-Go")
  // > 0: no other technology mention and no context word (ExtractionRules::context_words)
  // within this many words on either side.
  int no_context_within = 0;
  // > 0: no other technology mention within this many words (context words do not count).
  int no_tech_within = 0;
  // Non-empty: one of these words or phrases (ASCII case ignored, on word boundaries) lies within
  // `near_within` words on either side ("Apollo" among sales tools is Apollo.io). Set together.
  std::vector<std::string> near;
  int near_within = 0;
  bool needs_context() const { return no_context_within > 0 || no_tech_within > 0; }
};

struct Skill {
  uint16_t id = 0;         // index in the loaded taxonomy (not stable across versions)
  std::string slug;        // stable id, e.g. "go", "cpp", "postgresql"
  std::string name;        // display name, e.g. "Go", "C++", "PostgreSQL"
  SkillKind kind = SkillKind::kTool;
  std::vector<std::string> aliases;  // other names, matched ignoring ASCII case, e.g. "Golang"
  std::string onet_example;          // O*NET Technology Skills "Example" it maps to, or ""
  std::string esco_uri;              // ESCO conceptUri, or ""

  // Spellings matched only exactly as written ("Go", "R"); a name or alias equal to one of
  // these ignoring case is matched in these spellings only.
  std::vector<std::string> case_sensitive;
  std::vector<std::string> not_in;   // phrases inside which a spelling is not this skill
  std::vector<RejectRule> reject;
  std::vector<uint16_t> implies;     // skills every mention also counts (Node.js -> JavaScript)
  std::string linguist;              // GitHub Linguist language name, or ""
  std::string note;                  // free text for `skills show`
  bool match_name = true;            // false: the name is a label only ("D", "Move")
  // Other skills spelled inside this skill's spellings still count ("AWS Lambda" names AWS,
  // "Ruby on Rails" names Ruby); by default the longer spelling hides them.
  bool keeps_inner = false;
  // The name is also a company's name: mentions in company lists ("customers like Figma",
  // "the founders of GitHub") and as the posting's employer (first field of the first line)
  // do not count.
  bool company = false;
};

// Rules for reading a posting that are not tied to one skill ([matching], [requirement]).
struct RequirementCue {
  enum class Effect : uint8_t { kRequired, kNice };
  // Where the cue stands relative to the skills it qualifies: "X is a plus" is kAfter,
  // "bonus if you know X" is kBefore.
  enum class Side : uint8_t { kBefore, kAfter, kBoth };
  std::vector<std::string> phrases;  // matched ignoring ASCII case, on word boundaries
  Effect effect = Effect::kNice;
  Side side = Side::kAfter;
  int reach_words = 8;  // at most this many words between the cue and the skill
  // A required `before` cue that names a noun phrase ("experience with X", "knowledge of X"),
  // which a later nice-to-have predicate may qualify: a nice cue after the mention, in its
  // reach, wins over it whatever the distances ("experience with X, Y or Z is a plus").
  bool subject = false;
  std::string why;
};

struct ExtractionRules {
  // [matching]
  std::string glue;  // a match touching one of these with a letter/digit beyond is inside a word
  int digit_suffix_min_len = 3;  // "Python3", "HTML5": digits may follow spellings this long
  std::vector<std::string> domain_suffixes;     // last labels that make "a.b" a domain (3+ letters)
  std::vector<std::string> not_domain_suffixes;  // 2-letter last labels that are file extensions
  std::vector<std::string> context_words;       // words that make a tech reading likely
  std::vector<std::string> company_cues;        // phrases that open a list of companies
  // Phrases that make a mention a comparison, not a technology used: right after it ("an
  // open-source Firebase alternative") or right before it ("an alternative to Slack").
  std::vector<Phrase> comparison_after;
  std::vector<Phrase> comparison_before;
  // [requirement]
  std::vector<std::string> required_headings;
  std::vector<std::string> nice_headings;
  std::vector<std::string> other_headings;  // headings that end a section without a verdict
  int max_heading_words = 8;                // a longer line ending with ':' is not a heading
  // Single words that open a new phrase between a mention and a later nice cue, so that the cue
  // does not qualify a `subject` cue's list ("proficiency in Python, with experience in several
  // languages being a plus"); lowercase.
  std::vector<std::string> subject_breaks;
  // Phrases that say the stack named before them is not required ("It's not required you know
  // any of these technologies", "While you don't need experience with our exact stack"): every
  // mention earlier on the same line (paragraph) that no cue of its own sentence qualifies is
  // nice-to-have, whatever its section.
  std::vector<std::string> stack_disclaimers;
  std::vector<RequirementCue> cues;
};

class Taxonomy {
 public:
  // Loads a taxonomy file. Errors name the file and line.
  static Result<std::shared_ptr<const Taxonomy>> Load(const std::string& path);
  // Parses taxonomy text; `name` is used in error messages.
  static Result<std::shared_ptr<const Taxonomy>> Parse(std::string_view toml, std::string_view name);
  // The taxonomy shipped in data/ (SKILLPULSE_DATA_DIR, else the source tree's data/).
  // Aborts with a clear message if it cannot be loaded (a broken install).
  static std::shared_ptr<const Taxonomy> Default();

  size_t size() const { return skills_.size(); }
  const Skill& at(uint16_t id) const { return skills_[id]; }
  const std::vector<Skill>& skills() const { return skills_; }
  // By slug, name, alias or case-sensitive spelling, ignoring ASCII case; nullptr if unknown.
  const Skill* Find(std::string_view name) const;
  // By slug exactly; nullptr if unknown.
  const Skill* FindSlug(std::string_view slug) const;

  const ExtractionRules& rules() const { return rules_; }
  // The file's `version` and where it was loaded from.
  int version() const { return version_; }
  const std::string& source() const { return source_; }

 private:
  std::vector<Skill> skills_;
  ExtractionRules rules_;
  std::unordered_map<std::string, uint16_t> by_key_;   // lowercase slug/name/alias -> id
  std::unordered_map<std::string, uint16_t> by_slug_;
  int version_ = 0;
  std::string source_;
  friend class TaxonomyBuilder;
};

}  // namespace skillpulse

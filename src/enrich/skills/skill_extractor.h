// Finds the skills a posting names, with word-sense disambiguation and required vs
// nice-to-have, in one pass of a multi-pattern matcher over the whole taxonomy.
//
// How a mention is decided (every word list and rule named here lives in data/skills.toml):
//  1. One Hyperscan scan finds every spelling of every skill (exact-case or caseless), every
//     `not_in` phrase, requirement cue, section heading and context word.
//  2. A spelling counts only on token boundaries: the characters around it are not letters or
//     digits (Unicode letters included, so "Gö" is not Go; CJK text around a spelling is fine),
//     and not a [matching].glue character followed by a letter or digit ("R&D", "Chart.js",
//     "R$"). Digits may follow spellings of >= digit_suffix_min_len letters ("Python3") and
//     spellings ending in punctuation ("C++17").
//  3. Spellings inside a URL, a bare domain ("golang.org/x") or an e-mail address are skipped.
//  4. Spellings inside one of their skill's `not_in` phrases ("Series C", "Amazon Go") are
//     skipped; then the skill's reject rules run (neighbouring phrases, sentence start).
//  5. Overlapping spellings: the leftmost-longest wins ("C++" over "C", "JavaScript" over
//     "Java", "Objective-C" over "C"), so no skill is counted from a piece of another.
//  6. Rules needing "tech context" run last: another technology or a context word must be
//     within N words.
//  7. Each surviving mention is required / nice-to-have / unknown from, in order: the nearest
//     requirement cue in its sentence ("X is a plus", "must have X", "N+ years of X"), else the
//     section heading it is under ("Requirements", "Nice to have"), else unknown. Mentions in
//     the title are required.
//  8. `implies` adds skills (Node.js -> JavaScript) with the same requirement.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/posting.h"
#include "core/status.h"
#include "enrich/skills/taxonomy.h"

namespace skillpulse {

// One counted mention, for explanations and tests.
struct SkillHit {
  uint16_t skill_id = 0;
  uint32_t begin = 0;  // byte offsets of the spelling in the title or the text
  uint32_t end = 0;
  bool in_title = false;
  bool implied = false;  // added by `implies` (begin/end are those of the implying mention)
  std::optional<bool> required;
};

class SkillExtractor {
 public:
  // Compiles the matcher for `taxonomy`. Fails if a pattern does not compile.
  static Result<std::unique_ptr<SkillExtractor>> Create(std::shared_ptr<const Taxonomy> taxonomy);
  virtual ~SkillExtractor() = default;

  // Appends the skills named in `text` (plain text from HtmlToText: paragraphs separated by
  // "\n\n", bullets as "\n- ") to `out`, sorted by skill_id and unique; a skill mentioned
  // in several places is required when any mention is required, else nice-to-have when any
  // is, else unknown. `title` is searched too (a title mention is required).
  // Entries already in `out` take part in the merge. Any bytes are accepted (invalid UTF-8,
  // NULs); only the first kMaxScanBytes of `text` are read, and a text with more than
  // kMaxHits candidate spellings is cut short there (both far beyond any real posting).
  // Thread-safe: may be called concurrently from several threads (per-thread scratch).
  virtual void Extract(std::string_view title, std::string_view text, std::vector<SkillMention>& out) const = 0;

  // Every counted mention in document order (title first), before merging per skill.
  virtual void ExtractHits(std::string_view title, std::string_view text, std::vector<SkillHit>& out) const = 0;

  virtual const Taxonomy& taxonomy() const = 0;

  static constexpr size_t kMaxScanBytes = size_t{1} << 30;
  static constexpr size_t kMaxHits = size_t{1} << 20;
};

}  // namespace skillpulse

// Finds the skills a posting names, with word-sense disambiguation and required vs
// nice-to-have, in one pass of a multi-pattern matcher over the whole taxonomy.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/posting.h"
#include "core/status.h"
#include "enrich/skills/taxonomy.h"

namespace skillpulse {

class SkillExtractor {
 public:
  // Compiles the matcher for `taxonomy`. Fails if a pattern does not compile.
  static Result<std::unique_ptr<SkillExtractor>> Create(std::shared_ptr<const Taxonomy> taxonomy);
  virtual ~SkillExtractor() = default;

  // Appends the skills named in `text` (plain text from HtmlToText: paragraphs separated by
  // "\n\n", bullets as "\n- ") to `out`, sorted by skill_id and unique; a skill mentioned
  // in several places is required when any mention is required, else nice-to-have when any
  // is, else unknown. `title` is searched too (a title mention is required).
  // Thread-safe: may be called concurrently from several threads.
  virtual void Extract(std::string_view title, std::string_view text, std::vector<SkillMention>& out) const = 0;

  virtual const Taxonomy& taxonomy() const = 0;
};

}  // namespace skillpulse

// libFuzzer target for the skill matcher: SkillExtractor::Extract / ExtractHits on arbitrary
// bytes with the shipped taxonomy, and Taxonomy::Parse on arbitrary TOML.
//   Input "toml:<text>"      -> Taxonomy::Parse(<text>), and if it loads, an extractor over it
//                               runs on the same bytes.
//   otherwise                -> the bytes up to the first NUL (at most 256) are the title, the
//                               rest the text.
// Checks: no crash or sanitizer report; hits lie inside their input and are ordered; the
// merged output is sorted by skill id and unique.
// Seeds: scripts/skills/fuzz_seeds.py writes HN postings and taxonomy snippets to a directory.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "enrich/skills/skill_extractor.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

void Exercise(const skillpulse::SkillExtractor& ex, std::string_view title, std::string_view text) {
  std::vector<skillpulse::SkillMention> out;
  ex.Extract(title, text, out);
  for (size_t i = 1; i < out.size(); ++i) Check(out[i - 1].skill_id < out[i].skill_id);
  for (const auto& m : out) Check(m.skill_id < ex.taxonomy().size());
  std::vector<skillpulse::SkillHit> hits;
  ex.ExtractHits(title, text, hits);
  for (const auto& h : hits) {
    std::string_view src = h.in_title ? title : text;
    Check(h.begin < h.end && h.end <= src.size());
    Check(h.skill_id < ex.taxonomy().size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<skillpulse::SkillExtractor> shipped = [] {
    auto ex = skillpulse::SkillExtractor::Create(skillpulse::Taxonomy::Default());
    if (!ex.ok()) std::abort();
    return std::move(*ex);
  }();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (in.substr(0, 5) == "toml:") {
    auto tax = skillpulse::Taxonomy::Parse(in.substr(5), "fuzz.toml");
    if (tax.ok()) {
      auto ex = skillpulse::SkillExtractor::Create(*tax);
      if (ex.ok()) Exercise(**ex, "", in);
    }
    return 0;
  }
  size_t nul = in.find('\0');
  size_t split = nul == std::string_view::npos || nul > 256 ? 0 : nul;
  std::string_view title = in.substr(0, split);
  std::string_view text = in.substr(split == 0 ? 0 : split + 1);
  Exercise(*shipped, title, text);
  return 0;
}

// libFuzzer target for the skill matcher: SkillExtractor::Extract / ExtractHits on arbitrary
// bytes with the shipped taxonomy, and Taxonomy::Parse on arbitrary TOML.
//   Input "toml:<text>"      -> Taxonomy::Parse(<text>), and if it loads, an extractor over it
//                               runs on the same bytes.
//   otherwise                -> the bytes up to the first NUL (at most 256) are the title, the
//                               rest the text.
// Checks: no crash or sanitizer report; hits lie inside their input and are ordered; the
// merged output is sorted by skill id and unique; PhraseIndex::MatchPrefix finds exactly the
// matches that PhraseIndex::Scan reports at offset 0 (for a heading-like phrase set, and for
// one with a phrase starting with punctuation, which takes MatchPrefix's general path).
// Seeds: scripts/skills/fuzz_seeds.py writes HN postings and taxonomy snippets to a directory.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <tuple>
#include <vector>

#include "enrich/skills/phrase_index.h"
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

skillpulse::PhraseIndex MakeIndex(bool with_punctuation) {
  skillpulse::PhraseIndex idx;
  // (phrase, case-sensitive, digit suffix)
  const std::tuple<const char*, bool, bool> phrases[] = {
      {"nice to have", false, false}, {"Bonus points", false, false},   {"bonus", false, true},
      {"what you'll do", false, false}, {"what you will need", false, false}, {"Requirements", false, false},
      {"must have", false, false},    {"C++", false, false},            {"Go", true, true},
      {"about the role", false, false}, {"you have", false, false}};
  uint32_t id = 0;
  for (const auto& [p, cs, digits] : phrases) Check(idx.Add(p, cs, digits, id++).ok());
  if (with_punctuation) Check(idx.Add("#hiring now", false, false, id++).ok());
  idx.Build();
  return idx;
}

void CheckPrefix(const skillpulse::PhraseIndex& idx, std::string_view text) {
  auto key = [](const skillpulse::PhraseMatch& m) { return std::make_tuple(m.begin, m.end, m.id); };
  auto less = [&](const skillpulse::PhraseMatch& a, const skillpulse::PhraseMatch& b) { return key(a) < key(b); };
  std::vector<skillpulse::PhraseMatch> all;
  std::vector<skillpulse::PhraseMatch> expected;
  std::vector<skillpulse::PhraseMatch> got;
  idx.Scan(text, all, size_t{1} << 20);
  for (const auto& m : all) {
    if (m.begin == 0) expected.push_back(m);
  }
  idx.MatchPrefix(text, got);
  std::sort(expected.begin(), expected.end(), less);
  std::sort(got.begin(), got.end(), less);
  Check(expected.size() == got.size());
  for (size_t i = 0; i < got.size(); ++i) Check(key(expected[i]) == key(got[i]));
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
  static const skillpulse::PhraseIndex headings = MakeIndex(false);
  static const skillpulse::PhraseIndex general = MakeIndex(true);
  CheckPrefix(headings, in.substr(0, 4096));
  CheckPrefix(general, in.substr(0, 4096));
  return 0;
}

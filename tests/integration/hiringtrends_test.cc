// Reality check of the skill extractor against an independent series: hnhiringtrends.com's
// monthly counts of HN "Who is hiring?" top-level comments mentioning a term
// (../shared/data/hn_whoishiring/hiringtrends, ryanwi/hiringtrends, MIT), compared with our
// count of postings in the shared HN file (same months, top-level comments only) where the
// extractor finds the skill.
//
// Rust: within +-20 % for every month 2018-03..2024-05 where their count is >= 20.
// Go: their term is `golang`, matched as the word "golang" (any case) or the exact word "Go"
// (ryanwi/hiringtrends lib/hiringtrends/job_posting.rb), so it misses lowercase "go" in
// technology lists ("python, go, postgres"), all-caps "GO" and hyphenated forms, and counts
// "Go to our careers page" and "Amazon Go". We therefore only check that our Go counts are never
// far below theirs (>= 90 %) nor implausibly above (<= 150 %), and print both series.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/input.h"
#include "core/paths.h"
#include "enrich/html_text.h"
#include "enrich/skills/skill_extractor.h"
#include "../unit/skill_test_corpus.h"

namespace skillpulse {
namespace {

struct Counts {
  std::map<std::string, int> rust;
  std::map<std::string, int> go;
  std::map<std::string, int> postings;
};

const Counts& OurCounts() {
  static const Counts counts = [] {
    Counts c;
    auto tax = Taxonomy::Load(DataFile("skills.toml"));
    if (!tax.ok()) throw std::runtime_error(tax.status().ToString());
    auto ex = SkillExtractor::Create(*tax);
    if (!ex.ok()) throw std::runtime_error(ex.status().ToString());
    uint16_t rust = (*tax)->FindSlug("rust")->id;
    uint16_t go = (*tax)->FindSlug("go")->id;
    std::string text;
    std::vector<SkillMention> out;
    bool ok = skill_test::ForEachHnRow([&](int64_t, const std::string& month, const std::string& html) {
      HtmlToText(html, text);
      out.clear();
      (*ex)->Extract("", text, out);
      ++c.postings[month];
      for (const SkillMention& m : out) {
        if (m.skill_id == rust) ++c.rust[month];
        if (m.skill_id == go) ++c.go[month];
      }
    });
    if (!ok) c.postings.clear();
    return c;
  }();
  return counts;
}

// term -> month -> count, from the hiringtrends CSV (month,num_comments,thread_points,term,...).
std::map<std::string, std::map<std::string, int>> TheirCounts() {
  std::map<std::string, std::map<std::string, int>> out;
  auto bytes = ReadWholeFile(std::string(SP_SHARED_DIR) +
                             "/data/hn_whoishiring/hiringtrends/hiringtrends_term_counts_2011-04_2024-05.csv.gz");
  if (!bytes.ok()) return out;
  std::string_view s = *bytes;
  size_t pos = s.find('\n') + 1;  // header
  while (pos < s.size()) {
    size_t end = s.find('\n', pos);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(pos, end - pos);
    pos = end + 1;
    std::vector<std::string_view> f;
    size_t a = 0;
    while (a <= line.size()) {
      size_t b = line.find(',', a);
      if (b == std::string_view::npos) b = line.size();
      f.push_back(line.substr(a, b - a));
      a = b + 1;
    }
    if (f.size() < 8) continue;
    out[std::string(f[3])][std::string(f[0])] = std::stoi(std::string(f[5]));
  }
  return out;
}

bool InRange(const std::string& month) { return month >= "2018-03" && month <= "2024-05"; }

TEST(HiringTrends, RustMonthlyCountsWithin20Percent) {
  const Counts& ours = OurCounts();
  auto theirs = TheirCounts();
  if (ours.postings.empty() || theirs.empty()) GTEST_SKIP() << "shared data not readable";
  const auto& rust = theirs.at("Rust");
  int checked = 0;
  double max_dev = 0;
  std::string worst;
  for (const auto& [month, their] : rust) {
    if (!InRange(month) || their < 20) continue;
    int our = ours.rust.count(month) ? ours.rust.at(month) : 0;
    double dev = (our - their) / static_cast<double>(their);
    ++checked;
    if (std::abs(dev) > max_dev) {
      max_dev = std::abs(dev);
      worst = month;
    }
    EXPECT_LE(std::abs(dev), 0.20) << month << ": hiringtrends " << their << ", ours " << our;
  }
  std::printf("Rust: %d months checked (their count >= 20), max |deviation| %.1f %% (%s)\n", checked,
              100 * max_dev, worst.c_str());
  EXPECT_GE(checked, 40);
}

TEST(HiringTrends, GoAgainstTheirGolangTerm) {
  const Counts& ours = OurCounts();
  auto theirs = TheirCounts();
  if (ours.postings.empty() || theirs.empty()) GTEST_SKIP() << "shared data not readable";
  const auto& golang = theirs.at("golang");
  std::printf("month    postings  golang(theirs)  Go(ours)\n");
  for (const auto& [month, their] : golang) {
    if (!InRange(month)) continue;
    int our = ours.go.count(month) ? ours.go.at(month) : 0;
    int n = ours.postings.count(month) ? ours.postings.at(month) : 0;
    std::printf("%s  %8d  %14d  %8d\n", month.c_str(), n, their, our);
    if (their < 20) continue;
    EXPECT_GE(our, 0.9 * their) << month;
    EXPECT_LE(our, 1.5 * their) << month;
  }
}

}  // namespace
}  // namespace skillpulse

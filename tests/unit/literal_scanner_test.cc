#include "core/literal_scanner.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace skillpulse {
namespace {

std::vector<std::pair<size_t, size_t>> All(const LiteralScanner& s, std::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  EXPECT_TRUE(s.Scan(text, [&](size_t start, size_t id) {
    out.emplace_back(start, id);
    return false;
  }));
  return out;
}

TEST(LiteralScanner, FindsEveryOccurrenceCaseInsensitivelyInTextOrder) {
  auto s = LiteralScanner::Create({"req", "job"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  //                       0         1         2         3
  //                       0123456789012345678901234567890123
  const std::string text = "JOB Req id: 42, job# 7, REQUIRED; jobs";
  auto hits = All(**s, text);
  std::vector<std::pair<size_t, size_t>> want = {{0, 1}, {4, 0}, {16, 1}, {24, 0}, {34, 1}};
  EXPECT_EQ(hits, want);
}

TEST(LiteralScanner, ReportsOverlappingMatches) {
  auto s = LiteralScanner::Create({"aa"});
  ASSERT_TRUE(s.ok());
  auto hits = All(**s, "aAaa");
  std::vector<std::pair<size_t, size_t>> want = {{0, 0}, {1, 0}, {2, 0}};
  EXPECT_EQ(hits, want);
}

TEST(LiteralScanner, StopsWhenTheCallbackSaysSo) {
  auto s = LiteralScanner::Create({"x"});
  ASSERT_TRUE(s.ok());
  int calls = 0;
  EXPECT_TRUE((*s)->Scan("x x x x", [&](size_t, size_t) { return ++calls == 2; }));
  EXPECT_EQ(calls, 2);
}

TEST(LiteralScanner, MatchesMetacharactersAndBytesLiterally) {
  auto s = LiteralScanner::Create({"a.b", std::string("\0\xff", 2), "(?"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const std::string text = std::string("axb a.b ") + std::string("\0\xff", 2) + " (?";
  auto hits = All(**s, text);
  std::vector<std::pair<size_t, size_t>> want = {{4, 0}, {8, 1}, {11, 2}};
  EXPECT_EQ(hits, want);
}

TEST(LiteralScanner, EmptyTextAndBadPatternSets) {
  auto s = LiteralScanner::Create({"abc"});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(All(**s, "").empty());
  EXPECT_FALSE(LiteralScanner::Create({}).ok());
  EXPECT_FALSE(LiteralScanner::Create({"a", ""}).ok());
}

TEST(LiteralScanner, IsUsableFromManyThreads) {
  auto s = LiteralScanner::Create({"go"});
  ASSERT_TRUE(s.ok());
  std::vector<std::thread> threads;
  std::vector<int> counts(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) counts[t] += static_cast<int>(All(**s, "go Go gO no GO").size());
    });
  }
  for (auto& th : threads) th.join();
  for (int c : counts) EXPECT_EQ(c, 200 * 4);
}

// A thread's scratch is checked once per scanner and only grows: scanners of very different
// sizes, created before and after each other's first scan and interleaved on one thread (and a
// scanner destroyed and replaced meanwhile), all keep finding every match.
TEST(LiteralScanner, ScannersOfDifferentSizesShareAThreadsScratch) {
  auto small = LiteralScanner::Create({"go"});
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(All(**small, "go to Go").size(), 2u);
  std::vector<std::string> many;
  for (int i = 0; i < 2000; ++i) many.push_back("word" + std::to_string(i) + "x");
  auto big = LiteralScanner::Create(many);
  ASSERT_TRUE(big.ok());
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(All(**small, "go go"), (std::vector<std::pair<size_t, size_t>>{{0, 0}, {3, 0}}));
    EXPECT_EQ(All(**big, "a word1999x and WORD7X"), (std::vector<std::pair<size_t, size_t>>{{2, 1999}, {16, 7}}));
    auto replaced = LiteralScanner::Create({"zz", "word5x"});  // often at a freed scanner's address
    ASSERT_TRUE(replaced.ok());
    EXPECT_EQ(All(**replaced, "zz word5x"), (std::vector<std::pair<size_t, size_t>>{{0, 0}, {3, 1}}));
  }
}

}  // namespace
}  // namespace skillpulse

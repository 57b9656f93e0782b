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

}  // namespace
}  // namespace skillpulse

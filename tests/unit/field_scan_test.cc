// The field extractors' prefilter and phrase matcher (src/enrich/field_scan.h): the SIMD
// scanner against a plain reference on real postings and random bytes, and phrase semantics.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "enrich/field_scan.h"
#include "enrich/fields_internal.h"
#include "hn_testdata.h"

namespace skillpulse::fields {
namespace {

struct Trig {
  std::string word;
  bool prefix;
};

// The reference: every word start (a letter after a non-letter), every trigger it matches.
std::vector<std::pair<uint32_t, uint16_t>> Reference(std::string_view s, const std::vector<Trig>& trigs) {
  std::vector<std::pair<uint32_t, uint16_t>> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsLetter(s[i]) || (i > 0 && IsLetter(s[i - 1]))) continue;
    size_t e = i;
    while (e < s.size() && IsLetter(s[e])) ++e;
    std::string w;
    for (size_t k = i; k < e; ++k) w.push_back(Lower(s[k]));
    for (size_t t = 0; t < trigs.size(); ++t) {
      bool ok = trigs[t].prefix ? w.compare(0, trigs[t].word.size(), trigs[t].word) == 0 && w.size() >= trigs[t].word.size()
                                : w == trigs[t].word;
      if (ok) out.emplace_back(static_cast<uint32_t>(i), static_cast<uint16_t>(t));
    }
  }
  return out;
}

std::vector<std::pair<uint32_t, uint16_t>> Got(const std::vector<Hit>& hits) {
  std::vector<std::pair<uint32_t, uint16_t>> out;
  for (const auto& h : hits) out.emplace_back(h.pos, h.id);
  std::sort(out.begin(), out.end());
  return out;
}

class ScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    trigs_ = {{"remote", true}, {"year", true}, {"yrs", false}, {"h", false},     {"visa", false}, {"sponsor", true},
              {"senior", false}, {"sr", false}, {"lead", false}, {"intern", false}, {"full", false}, {"a", false},
              {"contract", true}, {"staff", false}, {"vp", false}};
    for (size_t i = 0; i < trigs_.size(); ++i) scanner_.Add(trigs_[i].word, trigs_[i].prefix, 1, static_cast<uint16_t>(i));
    scanner_.Build();
  }
  void Check(std::string_view s) {
    auto want = Reference(s, trigs_);
    std::sort(want.begin(), want.end());
    std::vector<Hit> a, b;
    scanner_.Scan(s, a, 1u << 30);
    scanner_.ScanPortable(s, b, 1u << 30);
    ASSERT_EQ(Got(a), want) << "fast path, text of " << s.size() << " bytes";
    ASSERT_EQ(Got(b), want) << "portable path, text of " << s.size() << " bytes";
    // Each hit carries the length of the whole letter run it starts.
    for (const auto* hits : {&a, &b}) {
      for (const Hit& h : *hits) {
        size_t e = h.pos;
        while (e < s.size() && IsLetter(s[e])) ++e;
        ASSERT_EQ(h.len, e - h.pos) << "hit at " << h.pos << ", text of " << s.size() << " bytes";
      }
    }
  }
  std::vector<Trig> trigs_;
  TriggerScanner scanner_;
};

TEST_F(ScannerTest, MatchesReferenceOnRealPostings) {
  auto posts = testdata::LoadHn();
  if (posts.empty()) GTEST_SKIP() << "shared HN data not found";
  // Every 20th posting (about 2,700 texts of every length).
  for (size_t i = 0; i < posts.size(); i += 20) Check(posts[i].text);
}

TEST_F(ScannerTest, MatchesReferenceOnEdges) {
  Check("");
  Check("a");
  Check("H-1B");
  Check("remote");
  Check(std::string(63, ' ') + "remote");   // across the first block boundary
  Check(std::string(62, 'x') + " senior staff");
  Check(std::string(130, ' ') + "yrs");     // in the copied tail
  Check(std::string(200, 'a'));
  std::mt19937 rng(7);
  for (int n = 0; n < 300; ++n) {
    std::string s(rng() % 700, ' ');
    for (char& c : s) {
      unsigned r = rng() % 100;
      c = r < 60 ? static_cast<char>("aeHsvyrprlomtefndiu"[rng() % 19]) : r < 80 ? ' ' : static_cast<char>(rng());
    }
    Check(s);
  }
}

TEST_F(ScannerTest, StopsAtMaxHits) {
  std::string s;
  for (int i = 0; i < 1000; ++i) s += "remote ";
  std::vector<Hit> hits;
  scanner_.Scan(s, hits, 10);
  EXPECT_EQ(hits.size(), 10u);
}

// The value of the first phrase of `p` matching at a hit of `sc` in `s`, or 0.
int FirstPhraseValue(const PhraseSet& p, const TriggerScanner& sc, std::string_view s) {
  std::vector<Hit> hits;
  sc.Scan(s, hits);
  for (const auto& h : hits) {
    PhraseMatch m;
    if (p.Match(s, h, m)) return m.value;
  }
  return 0;
}

TEST(PhraseSet, LongestPhraseAtTheAnchor) {
  PhraseSet p;
  p.Add("remote", 1);
  p.Add("remote sensing", 2);
  p.Add("fully ^remote", 3);
  p.Add("{n} days in ^office", 4);
  p.Add("full time", 5);
  TriggerScanner sc;
  p.Register(sc, 1);
  sc.Build();
  auto first = [&](std::string_view s) { return FirstPhraseValue(p, sc, s); };
  EXPECT_EQ(first("we are remote"), 1);
  EXPECT_EQ(first("Remote Sensing lab"), 2);
  EXPECT_EQ(first("FULLY-REMOTE team"), 3);
  EXPECT_EQ(first("3 days in the office"), 0);  // "the" is not in the phrase
  EXPECT_EQ(first("three days in office"), 4);
  EXPECT_EQ(first("Full-time"), 5);
  EXPECT_EQ(first("FULL_TIME"), 5);
  EXPECT_EQ(first("full. Time"), 5);  // '.' joins ("Sr. Engineer")
  EXPECT_EQ(first("full, time"), 0);  // ',' does not
  EXPECT_EQ(first("fullstack"), 0);
}

// MatchAnchor skips a neighbour word whose first letter starts no indexed word; the words
// it must still find start with a capital, a digit, or share the first letter of a rejected one.
TEST(PhraseSet, NeighbourFirstLetterFilter) {
  PhraseSet p;
  p.Add("part time", 1);
  p.Add("h 1 ^b", 2);        // a digit word before the anchor
  p.Add("tech ^lead", 3);    // an exact word before the anchor
  p.Add("lead dev*", 4);     // a prefix word after the anchor: no filter on that side
  TriggerScanner sc;
  p.Register(sc, 1);
  sc.Build();
  auto first = [&](std::string_view s) { return FirstPhraseValue(p, sc, s); };
  EXPECT_EQ(first("Part Time"), 1);
  EXPECT_EQ(first("PART-TIME role"), 1);
  EXPECT_EQ(first("part of the team"), 0);    // 'o' starts no word after "part"
  EXPECT_EQ(first("part timer"), 0);          // same first letter, other word
  EXPECT_EQ(first("H-1B visa"), 2);
  EXPECT_EQ(first("Tech Lead"), 3);
  EXPECT_EQ(first("team lead"), 0);           // same first letter as "tech", other word
  EXPECT_EQ(first("lead Developer"), 4);
  EXPECT_EQ(first("lead engineer"), 0);
}

TEST(PhraseSet, BadSyntaxIsASetupError) {
  PhraseSet p;
  EXPECT_THROW(p.Add("", 1), std::invalid_argument);
  EXPECT_THROW(p.Add("{n}", 1), std::invalid_argument);
  EXPECT_THROW(p.Add("ab* c", 1), std::invalid_argument);  // prefix anchor under 4 letters
  EXPECT_THROW(p.Add("c2c", 1), std::invalid_argument);    // mixed letters and digits
}

TEST(WordSet, ExactAndPrefix) {
  WordSet w;
  w.Add("sponsor*", 1);
  w.Add("visa", 2);
  w.Add("Visas", 3);
  EXPECT_EQ(w.Find("sponsorship"), 1);
  EXPECT_EQ(w.Find("visa"), 2);
  EXPECT_EQ(w.Find("visas"), 3);
  EXPECT_EQ(w.Find("vis"), -1);
  EXPECT_EQ(w.Find(""), -1);
}

TEST(WordKey, LowercasesAndFindsLikeTheString) {
  WordSet w;
  w.Add("sponsor*", 1);
  w.Add("engineer", 2);
  w.Add("h", 3);
  w.Add("internationalization", 4);  // longer than one 8-byte chunk
  // A header line in the HN style: tokens are found through their WordKey as through their
  // lowercase text.
  const std::string line = "Acme | Senior ENGINEER | VISA Sponsorship | H-1B | Internationalization";
  std::vector<std::pair<std::string, int>> got;
  Token t;
  for (size_t pos = 0; NextToken(line, pos, t); pos = t.end) {
    const WordKey key(line, t);
    got.emplace_back(std::string(key.lower()), w.Find(key));
    EXPECT_EQ(w.Find(key), w.Find(key.lower()));
    EXPECT_EQ(w.Find(line, t), w.Find(key));
  }
  const std::vector<std::pair<std::string, int>> want = {
      {"acme", -1}, {"senior", -1}, {"engineer", 2}, {"visa", -1}, {"sponsorship", 1},
      {"h", 3},     {"1", -1},      {"b", -1},       {"internationalization", 4}};
  EXPECT_EQ(got, want);
}

TEST(WordKey, TokenAtTheEndAndTooLong) {
  WordSet w;
  w.Add("remote", 1);
  // The token ends a heap buffer of exactly the text's size: no byte past it may be read
  // (an ASan build fails on such a read).
  const std::string_view src = "Fully REMOTE";
  const std::vector<char> buf(src.begin(), src.end());
  const std::string_view exact(buf.data(), buf.size());
  Token t;
  ASSERT_TRUE(NextToken(exact, 6, t));
  EXPECT_EQ(WordKey(exact, t).lower(), "remote");
  EXPECT_EQ(w.Find(exact, t), 1);
  // More than WordKey::kMaxBytes letters: matches nothing.
  const std::string long_word(WordKey::kMaxBytes + 1, 'a');
  ASSERT_TRUE(NextToken(long_word, 0, t));
  EXPECT_EQ(WordKey(long_word, t).size, 0u);
  EXPECT_EQ(w.Find(long_word, t), -1);
}

TEST(StringMemo, FindsWhatWasPutAndReplacesBySlot) {
  StringMemo<int, 4, 16> memo;
  EXPECT_EQ(memo.Find("San Francisco, CA"), nullptr);  // empty memo
  memo.Put("Full-time", 1);
  memo.Put("Remote", 2);
  ASSERT_NE(memo.Find("Remote"), nullptr);
  EXPECT_EQ(*memo.Find("Remote"), 2);
  EXPECT_EQ(memo.Find("remote"), nullptr);  // exact bytes
  // Keys over 16 bytes are not stored.
  memo.Put("San Francisco, CA", 3);
  EXPECT_EQ(memo.Find("San Francisco, CA"), nullptr);
  // One slot: every key replaces the previous one.
  StringMemo<std::string, 1> one;
  one.Put("Berlin", "DE");
  one.Put("Paris", "FR");
  EXPECT_EQ(one.Find("Berlin"), nullptr);
  ASSERT_NE(one.Find("Paris"), nullptr);
  EXPECT_EQ(*one.Find("Paris"), "FR");
}

TEST(TextLayout, HeaderFields) {
  TextLayout l;
  LayoutText("Acme | Senior Engineer | Berlin\nbody text", l);
  ASSERT_EQ(l.nfields, 3u);
  EXPECT_EQ(l.fields[1], "Senior Engineer");
  EXPECT_EQ(l.header_end(), 31u);
  LayoutText("No header here\nbody", l);
  EXPECT_EQ(l.nfields, 0u);
  LayoutText(std::string(1000, '|'), l);
  EXPECT_EQ(l.nfields, 0u);  // a 1,000-byte first line is not a header
}

}  // namespace
}  // namespace skillpulse::fields
